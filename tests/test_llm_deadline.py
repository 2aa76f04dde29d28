"""One overall deadline per AI call, and the retry hook.

DEEPSEEK_TIMEOUT_SECONDS bounds a call as a whole: connecting, the headers, the body or the stream, every retry and
every pause between them. A server that sends headers and then a keep-alive byte every second (httpx's read
timeout never fires: bytes keep coming) or asks for a long Retry-After cannot hold a call past it. Deadlines here
are 1-2 s, and wall time is only ever asserted to be well under what the old client would have taken (for ever,
or the Retry-After).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterator

import httpx
import pytest
import respx

from interview_coach.domain.ports import CoachState, RetryNotice
from interview_coach.llm import ApiTimeoutError, DeepSeekClient, DeepSeekCoach, RateLimitedError, ServerError
from tests.cli_helpers import run_cli
from tests.fakes.deepseek_replies import Reply, completion
from tests.fakes.deepseek_server import FakeDeepSeek
from tests.llm_helpers import BASE_URL, GOOD_ANSWER, RecordingSleep, make_settings, sample_question

MESSAGES = [{"role": "user", "content": "hello"}]
DEADLINE_S = 2.0
# A call that honoured the deadline ends within it; this much slack keeps a busy CI machine from failing the test.
WELL_UNDER_S = 10.0


def busy(status: int = 503, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json={"error": {"message": "Server overloaded"}}, headers=headers)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def dripping() -> Iterator[FakeDeepSeek]:
    """Headers, then one keep-alive byte every second, for ever, on every request."""
    server = FakeDeepSeek(drip_s=1.0).start()
    try:
        yield server
    finally:
        server.stop()


# --- the retry hook ---


async def test_on_retry_hears_of_each_retry_before_its_pause(api: respx.MockRouter) -> None:
    api.post("/chat/completions").mock(side_effect=[busy(), busy(), httpx.Response(200, json=completion("third"))])
    sleep = RecordingSleep()
    notices: list[RetryNotice] = []

    def on_retry(notice: RetryNotice) -> None:
        assert len(sleep.delays) == len(notices)  # called before the pause it announces
        notices.append(notice)

    client = DeepSeekClient(make_settings(), sleep=sleep, rng=random.Random(1), on_retry=on_retry)
    reply = await client.chat(MESSAGES)
    await client.aclose()

    assert reply.content == "third"
    assert [(n.attempt, n.max_attempts) for n in notices] == [(2, 3), (3, 3)]
    assert [n.delay_s for n in notices] == sleep.delays
    assert all("HTTP 503" in n.reason and "Server overloaded" in n.reason for n in notices)


async def test_a_failing_hook_never_breaks_the_call(api: respx.MockRouter) -> None:
    api.post("/chat/completions").mock(side_effect=[busy(), httpx.Response(200, json=completion("fine"))])

    def broken(notice: RetryNotice) -> None:
        raise RuntimeError("the status bar is gone")

    client = DeepSeekClient(make_settings(), sleep=RecordingSleep(), on_retry=broken)
    assert (await client.chat(MESSAGES)).content == "fine"
    await client.aclose()


async def test_the_coach_passes_on_retry_to_its_client(api: respx.MockRouter) -> None:
    scored = completion('{"criteria": [], "overall": 0, "feedback": "ok", "strengths": [], "improvements": []}')
    api.post("/chat/completions").mock(side_effect=[busy(429, {"Retry-After": "1"}), httpx.Response(200, json=scored)])
    notices: list[RetryNotice] = []
    coach = DeepSeekCoach(make_settings(), sleep=RecordingSleep(), on_retry=notices.append)
    await coach.score(sample_question(), GOOD_ANSWER)
    await coach.aclose()
    assert notices == [RetryNotice(attempt=2, max_attempts=3, delay_s=1.0, reason=notices[0].reason)]
    assert "HTTP 429" in notices[0].reason


def test_retry_notice_is_a_frozen_value() -> None:
    notice = RetryNotice(attempt=2, max_attempts=3, delay_s=1.6, reason="HTTP 503")
    with pytest.raises(AttributeError):
        notice.attempt = 3  # type: ignore[misc]


# --- pauses that would pass the deadline are not taken ---


async def test_a_retry_after_past_the_deadline_fails_at_once(api: respx.MockRouter) -> None:
    route = api.post("/chat/completions").mock(return_value=busy(429, {"Retry-After": "25"}))
    sleep = RecordingSleep()
    notices: list[RetryNotice] = []
    settings = make_settings(deepseek_timeout_seconds=DEADLINE_S, deepseek_max_retries=10)
    client = DeepSeekClient(settings, sleep=sleep, on_retry=notices.append)
    with pytest.raises(RateLimitedError) as caught:
        await client.chat(MESSAGES)
    await client.aclose()

    assert route.call_count == 1 and sleep.delays == [] and notices == []
    assert "the server asked to wait 25.0 s" in caught.value.message
    assert "DEEPSEEK_TIMEOUT_SECONDS" in caught.value.message


async def test_a_backoff_past_the_deadline_is_not_waited(api: respx.MockRouter) -> None:
    route = api.post("/chat/completions").mock(return_value=busy())
    settings = make_settings(deepseek_timeout_seconds=DEADLINE_S, deepseek_retry_backoff_seconds=5)
    client = DeepSeekClient(settings, sleep=RecordingSleep())
    with pytest.raises(ServerError, match="the next attempt would be in"):
        await client.chat(MESSAGES)
    await client.aclose()
    assert route.call_count == 1


async def test_the_pauses_count_against_the_deadline(api: respx.MockRouter) -> None:
    # Real pauses: 0.6 s (+-20%), then 1.2 s would end past the 1 s deadline, so the call stops after two tries.
    route = api.post("/chat/completions").mock(return_value=busy())
    settings = make_settings(deepseek_timeout_seconds=1.0, deepseek_retry_backoff_seconds=0.6, deepseek_max_retries=5)
    client = DeepSeekClient(settings)
    started = time.monotonic()
    with pytest.raises(ServerError, match="Not retried"):
        await client.chat(MESSAGES)
    await client.aclose()
    assert route.call_count == 2 and time.monotonic() - started < WELL_UNDER_S


async def test_a_long_retry_after_on_the_wire_holds_nothing() -> None:
    server = FakeDeepSeek().start()
    try:
        server.script(*[Reply.error(429, "Rate Limit Reached", headers={"Retry-After": "60"})] * 3)
        settings = make_settings(
            deepseek_base_url=server.url, deepseek_timeout_seconds=DEADLINE_S, deepseek_max_retries=10
        )
        client = DeepSeekClient(settings)  # the real asyncio.sleep
        started = time.monotonic()
        with pytest.raises(RateLimitedError, match="asked to wait 30.0 s"):  # 60 s, capped at 30, still too long
            await client.chat(MESSAGES)
        elapsed = time.monotonic() - started
        await client.aclose()
    finally:
        server.stop()
    assert elapsed < DEADLINE_S and len(server.requests) == 1


# --- a server that drips keep-alive bytes for ever ---


async def test_a_dripping_server_cannot_hold_a_call(dripping: FakeDeepSeek) -> None:
    settings = make_settings(deepseek_base_url=dripping.url, deepseek_timeout_seconds=DEADLINE_S)
    client = DeepSeekClient(settings, sleep=RecordingSleep())
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError) as caught:
        await client.chat(MESSAGES, json_mode=True)
    elapsed = time.monotonic() - started
    await client.aclose()

    assert DEADLINE_S * 0.9 <= elapsed < WELL_UNDER_S
    assert f"no complete reply from {dripping.url} within 2 s" in caught.value.message
    assert not caught.value.retryable and len(dripping.requests) == 1


async def test_a_dripping_stream_cannot_hold_a_call(dripping: FakeDeepSeek) -> None:
    settings = make_settings(deepseek_base_url=dripping.url, deepseek_timeout_seconds=DEADLINE_S)
    client = DeepSeekClient(settings, sleep=RecordingSleep())
    started = time.monotonic()
    chunks: list[str] = []
    with pytest.raises(ApiTimeoutError, match="no complete reply"):
        async for chunk in client.stream_chat(MESSAGES):
            chunks.append(chunk)
    await client.aclose()
    assert chunks == [] and time.monotonic() - started < WELL_UNDER_S


async def test_a_slow_consumer_is_not_cut_off_by_the_deadline_machinery() -> None:
    # The deadline interrupts the stream's own waits only: a caller busy between chunks is never cancelled.
    server = FakeDeepSeek().start()
    try:
        server.script(Reply.stream(["one ", "two"]))
        client = DeepSeekClient(make_settings(deepseek_base_url=server.url, deepseek_timeout_seconds=DEADLINE_S))
        chunks = []
        async for chunk in client.stream_chat(MESSAGES):
            chunks.append(chunk)
            await asyncio.sleep(0.05)
        await client.aclose()
    finally:
        server.stop()
    assert chunks == ["one ", "two"]


async def test_the_coach_scoring_against_a_dripping_server_gives_up_in_time(dripping: FakeDeepSeek) -> None:
    settings = make_settings(deepseek_base_url=dripping.url, deepseek_timeout_seconds=DEADLINE_S)
    coach = DeepSeekCoach(settings, sleep=RecordingSleep())
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        await coach.score(sample_question(), GOOD_ANSWER)
    await coach.aclose()
    assert time.monotonic() - started < WELL_UNDER_S
    assert coach.health().state is CoachState.DEGRADED


def test_doctor_online_gives_up_on_a_dripping_server(
    dripping: FakeDeepSeek, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-doctor-drip-key-0123456789")
    monkeypatch.setenv("DEEPSEEK_BASE_URL", dripping.url)
    monkeypatch.setenv("DEEPSEEK_TIMEOUT_SECONDS", str(DEADLINE_S))
    started = time.monotonic()
    result = run_cli(capsys, "doctor", "--online")
    assert time.monotonic() - started < 3 * WELL_UNDER_S  # the other checks (voice, bank) take a few seconds too
    assert result.code == 1 and "Traceback" not in result.out + result.err
    online = next(line for line in result.out.splitlines() if " online " in line)
    assert f"no complete reply from {dripping.url} within 2 s" in online
    assert "doctor-drip-key" not in result.out
