"""Streaming and wire-level behaviour against a real loopback server (the fake DeepSeek).

SSE with and without a space after ``data:``, keep-alive comments and blank lines, usage on the last chunk,
blank lines before a non-streamed JSON body, a connection reset or close mid-stream, and a server that never
answers (timeouts).
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import AsyncIterator

import pytest

from interview_coach.domain.models import Evaluation
from interview_coach.domain.ports import CoachState
from interview_coach.llm import (
    ApiTimeoutError,
    BadResponseError,
    CoachApiError,
    ConnectionFailedError,
    DeepSeekClient,
    DeepSeekCoach,
    ServerError,
)
from tests.fakes.deepseek_replies import FEEDBACK_CHUNKS, Reply, completion
from tests.fakes.deepseek_server import FakeDeepSeek
from tests.llm_helpers import GOOD_ANSWER, TEST_KEY, RecordingSleep, make_settings, sample_question
from tests.waiting import TIMEOUT_S

MESSAGES = [{"role": "user", "content": "feedback please"}]
USAGE = {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


STALL_S = 0.5
"""The timeout of a client whose test waits for it to fire (the fake server stalls for good, so any load is fine)."""


def make_client(fake_deepseek: FakeDeepSeek, sleep: RecordingSleep, timeout_s: float = TIMEOUT_S) -> DeepSeekClient:
    """A client on the fake server. By default its timeout is the tests' generous deadline: a reply that merely
    comes late on a loaded machine must not fail a test about something else."""
    settings = make_settings(deepseek_base_url=fake_deepseek.url, deepseek_timeout_seconds=timeout_s)
    return DeepSeekClient(settings, sleep=sleep, rng=random.Random(3))


@pytest.fixture
async def client(fake_deepseek: FakeDeepSeek, sleep: RecordingSleep) -> AsyncIterator[DeepSeekClient]:
    instance = make_client(fake_deepseek, sleep)
    yield instance
    await instance.aclose()


async def collect(stream: AsyncIterator[str], into: list[str] | None = None) -> list[str]:
    chunks = [] if into is None else into
    async for chunk in stream:
        chunks.append(chunk)
    return chunks


# --- SSE parsing over the wire ---


@pytest.mark.parametrize("space", [True, False], ids=["data-space", "data-nospace"])
async def test_stream_yields_chunks_and_reads_usage(
    fake_deepseek: FakeDeepSeek, client: DeepSeekClient, space: bool
) -> None:
    fake_deepseek.script(Reply.stream(["Hello", ", ", "world."], usage=USAGE, space=space))
    chunks = await collect(client.stream_chat(MESSAGES))
    assert chunks == ["Hello", ", ", "world."]
    assert client.last_stream_usage == USAGE
    body = fake_deepseek.requests[0].json()
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert body["thinking"] == {"type": "disabled"}


async def test_keep_alive_comments_and_blank_lines_are_ignored(
    fake_deepseek: FakeDeepSeek, client: DeepSeekClient
) -> None:
    lines = Reply.stream(["a", "b"], keepalive=True).sse or []
    lines = [": keep-alive", "", "", ":keep-alive", "event: message", "id: 1", *lines]
    fake_deepseek.script(Reply(sse=lines))
    assert await collect(client.stream_chat(MESSAGES)) == ["a", "b"]


async def test_stream_stops_at_done(fake_deepseek: FakeDeepSeek, client: DeepSeekClient) -> None:
    lines = Reply.stream(["only this"]).sse or []
    fake_deepseek.script(Reply(sse=[*lines, "data: " + json.dumps(completion("after DONE")), ""]))
    assert await collect(client.stream_chat(MESSAGES)) == ["only this"]


async def test_a_finished_stream_without_done_is_complete(fake_deepseek: FakeDeepSeek, client: DeepSeekClient) -> None:
    fake_deepseek.script(Reply.stream(["all", " here"], done=False))
    assert await collect(client.stream_chat(MESSAGES)) == ["all", " here"]


async def test_thinking_chunks_are_not_shown(fake_deepseek: FakeDeepSeek, client: DeepSeekClient) -> None:
    reasoning = {"choices": [{"index": 0, "delta": {"reasoning_content": "hmm, let me think"}}]}
    lines = Reply.stream(["answer"], keepalive=False).sse or []
    fake_deepseek.script(Reply(sse=["data: " + json.dumps(reasoning), "", *lines]))
    assert await collect(client.stream_chat(MESSAGES)) == ["answer"]


# --- failures before the first chunk are retried ---


async def test_a_failed_stream_start_is_retried(
    fake_deepseek: FakeDeepSeek, client: DeepSeekClient, sleep: RecordingSleep
) -> None:
    fake_deepseek.script(Reply.error(503, "Server overloaded"), Reply.stream(["second try"]))
    assert await collect(client.stream_chat(MESSAGES)) == ["second try"]
    assert len(fake_deepseek.requests) == 2
    assert len(sleep.delays) == 1


async def test_a_stream_that_breaks_before_any_text_is_retried(
    fake_deepseek: FakeDeepSeek, client: DeepSeekClient
) -> None:
    fake_deepseek.script(Reply.stream(["x"], reset_after=1), Reply.stream(["recovered"]))
    assert await collect(client.stream_chat(MESSAGES)) == ["recovered"]
    assert len(fake_deepseek.requests) == 2


async def test_an_error_event_mid_stream_before_text_is_retried(
    fake_deepseek: FakeDeepSeek, client: DeepSeekClient
) -> None:
    error_line = "data: " + json.dumps({"error": {"message": "overloaded"}})
    fake_deepseek.script(Reply(sse=[error_line, ""]), Reply.stream(["fine"]))
    assert await collect(client.stream_chat(MESSAGES)) == ["fine"]


async def test_a_stream_chunk_that_is_not_json_is_a_bad_response(
    fake_deepseek: FakeDeepSeek, client: DeepSeekClient
) -> None:
    fake_deepseek.script(Reply(sse=["data: {broken", ""]))
    with pytest.raises(BadResponseError):
        await collect(client.stream_chat(MESSAGES))
    assert len(fake_deepseek.requests) == 1


# --- failures after text has been shown are never retried ---


@pytest.mark.parametrize("how", ["reset_after", "close_after"])
async def test_connection_lost_mid_stream_raises_without_retry(
    fake_deepseek: FakeDeepSeek, client: DeepSeekClient, how: str
) -> None:
    gate = threading.Event()
    lines = Reply.stream(["first ", "second"], keepalive=False).sse or []
    cut = lines.index("") + 2  # after the role chunk and the first text chunk
    fake_deepseek.script(Reply(sse=lines, gate=gate, **{how: cut}), Reply.stream(["must not be used"]))

    received: list[str] = []
    stream = client.stream_chat(MESSAGES)
    with pytest.raises(ConnectionFailedError, match="stream broke off|ended before"):
        async for chunk in stream:
            received.append(chunk)
            gate.set()  # the user has seen text: now break the connection
    assert received == ["first "]
    assert len(fake_deepseek.requests) == 1


async def test_a_stalled_stream_times_out_without_retry(fake_deepseek: FakeDeepSeek, sleep: RecordingSleep) -> None:
    never = threading.Event()
    lines = Reply.stream(["partial "], keepalive=False).sse or []
    fake_deepseek.script(Reply(sse=lines, close_after=4, gate=never), Reply.stream(["must not be used"]))
    received: list[str] = []
    client = make_client(fake_deepseek, sleep, STALL_S)
    # The read timeout and the overall deadline are the same length here: whichever fires first says so.
    with pytest.raises(ApiTimeoutError, match="sent nothing for|no complete reply"):
        await collect(client.stream_chat(MESSAGES), received)
    await client.aclose()
    assert received == ["partial "]
    assert len(fake_deepseek.requests) == 1


# --- non-streamed requests over the wire ---


async def test_blank_keep_alive_lines_before_a_json_body(fake_deepseek: FakeDeepSeek, client: DeepSeekClient) -> None:
    fake_deepseek.script(Reply.chat("made it", blank_lines=5))
    reply = await client.chat(MESSAGES)
    assert reply.content == "made it"


async def test_a_server_that_never_answers_times_out_once_without_retrying(
    fake_deepseek: FakeDeepSeek, sleep: RecordingSleep
) -> None:
    fake_deepseek.script(Reply(hang=True), Reply(hang=True))
    settings = make_settings(deepseek_base_url=fake_deepseek.url, deepseek_timeout_seconds=0.2, deepseek_max_retries=1)
    client = DeepSeekClient(settings, sleep=sleep)
    with pytest.raises(ApiTimeoutError, match=r"did not answer within 0.2s|no complete reply from .* within 0.2 s"):
        await client.chat(MESSAGES)
    await client.aclose()
    assert len(fake_deepseek.requests) == 1  # one timeout's wait, not one per attempt


async def test_a_closed_port_is_a_connection_error(sleep: RecordingSleep) -> None:
    server = FakeDeepSeek().start()
    url = server.url
    server.stop()  # nothing listens on the port any more
    client = DeepSeekClient(make_settings(deepseek_base_url=url, deepseek_max_retries=1), sleep=sleep)
    with pytest.raises(ConnectionFailedError, match="cannot reach DeepSeek"):
        await client.chat(MESSAGES)
    await client.aclose()
    assert len(sleep.delays) == 1


# --- the coach over the fake server ---


async def test_coach_streams_feedback_and_scores_with_canned_replies(
    fake_deepseek: FakeDeepSeek, sleep: RecordingSleep
) -> None:
    coach = DeepSeekCoach(make_settings(deepseek_base_url=fake_deepseek.url), sleep=sleep)
    question = sample_question()
    evaluation = await coach.score(question, GOOD_ANSWER)
    text = "".join(await collect(coach.stream_feedback(question, GOOD_ANSWER, evaluation)))
    await coach.aclose()
    assert evaluation.met == ["idempotency-key", "dedupe-window", "names-tradeoff"]
    assert text.split() == "".join(FEEDBACK_CHUNKS).split()
    assert coach.last_stream_usage is not None
    assert coach.health().state is CoachState.ONLINE


async def test_coach_stream_failure_after_text_marks_degraded(
    fake_deepseek: FakeDeepSeek, sleep: RecordingSleep
) -> None:
    coach = DeepSeekCoach(make_settings(deepseek_base_url=fake_deepseek.url), sleep=sleep)
    gate = threading.Event()
    lines = Reply.stream(["first "], keepalive=False).sse or []
    fake_deepseek.script(Reply(sse=lines, reset_after=4, gate=gate))
    received: list[str] = []
    with pytest.raises(CoachApiError):
        async for chunk in coach.stream_feedback(
            sample_question(), GOOD_ANSWER, Evaluation(question_id="q", overall=1)
        ):
            received.append(chunk)
            gate.set()
    await coach.aclose()
    assert received == ["first "]
    assert coach.health().state is CoachState.DEGRADED


async def test_fake_server_rejects_unknown_models_like_deepseek(
    fake_deepseek: FakeDeepSeek, sleep: RecordingSleep
) -> None:
    coach = DeepSeekCoach(make_settings(deepseek_base_url=fake_deepseek.url, deepseek_model="deepseek-v9"), sleep=sleep)
    with pytest.raises(CoachApiError, match="supported model names are deepseek-v4-flash"):
        await coach.score(sample_question(), GOOD_ANSWER)
    await coach.aclose()
    assert len(fake_deepseek.requests) == 1


async def test_fail_after_turns_the_fake_into_an_outage(sleep: RecordingSleep) -> None:
    server = FakeDeepSeek(fail_after=1).start()
    client = DeepSeekClient(make_settings(deepseek_base_url=server.url, deepseek_max_retries=0), sleep=sleep)
    try:
        assert (await client.chat(MESSAGES)).content == "ok"
        with pytest.raises(ServerError, match="HTTP 503"):
            await client.chat(MESSAGES)
    finally:
        await client.aclose()
        server.stop()


async def test_http_log_from_the_environment_covers_streams(
    fake_deepseek: FakeDeepSeek, sleep: RecordingSleep, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interview_coach.config import load_settings
    from interview_coach.paths import get_paths

    monkeypatch.setenv("INTERVIEW_COACH_LOG_HTTP", "1")
    monkeypatch.setenv("DEEPSEEK_API_KEY", TEST_KEY)
    monkeypatch.setenv("DEEPSEEK_BASE_URL", fake_deepseek.url)
    client = DeepSeekClient(load_settings(), sleep=sleep)
    assert await collect(client.stream_chat(MESSAGES)) != []
    await client.aclose()

    log = get_paths().http_log_file.read_text(encoding="utf-8")
    assert '"stream": true' in log
    assert "server-sent events; not logged" in log
    assert TEST_KEY not in log
