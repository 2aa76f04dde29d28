"""`llm_provider = openai-compatible`: a local model (Ollama, llama.cpp, vLLM ...) as a first-class AI coach.

Settings and their errors, the request (no DeepSeek-only fields, no key unless one is set), JSON mode refused and
remembered, a missing model named with the server's list, messages that never say DeepSeek, keys masked
everywhere; then whole sessions and `doctor --online` against the loopback fake serving `llama3.2:3b` with no key.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from interview_coach.config import Settings, load_settings
from interview_coach.domain.ports import CoachState
from interview_coach.errors import ConfigError
from interview_coach.llm import (
    ApiTimeoutError,
    AuthError,
    CoachApiError,
    ConnectionFailedError,
    DeepSeekClient,
    DeepSeekCoach,
    InsufficientBalanceError,
    InvalidRequestError,
    ModelNotFoundError,
    RateLimitedError,
    ServerError,
)
from interview_coach.paths import get_paths
from tests.cli_helpers import Result, run_cli
from tests.fakes.deepseek_replies import completion
from tests.fakes.deepseek_server import FakeDeepSeek
from tests.llm_helpers import GOOD_ANSWER, RecordingSleep, make_settings, sample_question

LOCAL_URL = "http://llm.test/v1"
LOCAL_MODEL = "llama3.2:3b"
LOCAL_KEY = "local-secret-key-0123456789"
MESSAGES = [{"role": "user", "content": "hello"}]
SCORE = '{"criteria": [], "overall": 0, "feedback": "ok", "strengths": [], "improvements": []}'


def local_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "llm_provider": "openai-compatible",
        "llm_base_url": LOCAL_URL,
        "llm_model": LOCAL_MODEL,
        "deepseek_retry_backoff_seconds": 0,
    }
    values.update(overrides)
    return Settings(**values)


def local_client(**overrides: Any) -> DeepSeekClient:
    return DeepSeekClient(local_settings(**overrides), sleep=RecordingSleep())


def api_error(status: int, message: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"message": message, "type": "invalid_request_error"}})


def models(*names: str) -> httpx.Response:
    return httpx.Response(200, json={"object": "list", "data": [{"id": n, "object": "model"} for n in names]})


def write_config(text: str) -> Path:
    path = get_paths().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=LOCAL_URL, assert_all_called=False) as mock:
        yield mock


# --- settings ---


def test_the_default_provider_is_deepseek_and_needs_a_key() -> None:
    settings = load_settings()
    assert settings.llm_provider == "deepseek" and settings.llm_base_url == "http://localhost:11434/v1"
    assert settings.llm_model is None and settings.llm_api_key is None
    assert not settings.use_llm and settings.ai_model == "deepseek-v4-flash"


def test_openai_compatible_needs_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_LLM_PROVIDER", "openai-compatible")
    monkeypatch.setenv("INTERVIEW_COACH_LLM_BASE_URL", "http://localhost:8080/v1")
    monkeypatch.setenv("INTERVIEW_COACH_LLM_MODEL", LOCAL_MODEL)
    settings = load_settings()
    assert settings.use_llm and settings.ai_configured and not settings.has_deepseek_key
    assert settings.ai_model == LOCAL_MODEL and settings.llm_base_url == "http://localhost:8080/v1"
    monkeypatch.setenv("INTERVIEW_COACH_OFFLINE", "1")
    assert not load_settings().use_llm


def test_the_settings_also_come_from_config_toml() -> None:
    write_config(
        'llm_provider = "openai-compatible"\nllm_base_url = "http://localhost:1234/v1"\n'
        f'llm_model = "{LOCAL_MODEL}"\nllm_api_key = "{LOCAL_KEY}"\n'
    )
    settings = load_settings()
    assert settings.use_llm and settings.llm_base_url == "http://localhost:1234/v1"
    assert settings.llm_api_key is not None and settings.llm_api_key.get_secret_value() == LOCAL_KEY
    assert LOCAL_KEY in settings.secrets()


def test_a_missing_model_is_a_config_error_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_LLM_PROVIDER", "openai-compatible")
    with pytest.raises(ConfigError, match="env:INTERVIEW_COACH_LLM_PROVIDER: .*INTERVIEW_COACH_LLM_MODEL"):
        load_settings()
    monkeypatch.setenv("INTERVIEW_COACH_LLM_MODEL", "   ")
    with pytest.raises(ConfigError, match="INTERVIEW_COACH_LLM_MODEL"):
        load_settings()


def test_a_missing_model_in_config_toml_names_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    path = write_config('llm_provider = "openai-compatible"\n')
    result = run_cli(capsys, "config", "show")
    assert result.code == 2 and "Traceback" not in result.err
    assert f"{path}: llm_provider = openai-compatible needs a model" in result.err
    assert "INTERVIEW_COACH_LLM_MODEL" in result.err


@pytest.mark.parametrize(
    ("variable", "value"),
    [("INTERVIEW_COACH_LLM_PROVIDER", "ollama"), ("INTERVIEW_COACH_LLM_BASE_URL", "localhost:11434")],
)
def test_bad_values_name_the_variable(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_LLM_MODEL", LOCAL_MODEL)
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=f"env:{variable}: bad value"):
        load_settings()


def test_config_show_lists_the_provider_settings_with_the_key_masked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_LLM_PROVIDER", "openai-compatible")
    monkeypatch.setenv("INTERVIEW_COACH_LLM_MODEL", LOCAL_MODEL)
    monkeypatch.setenv("INTERVIEW_COACH_LLM_API_KEY", LOCAL_KEY)
    result = run_cli(capsys, "config", "show", "--json")
    rows = {r["key"]: r for r in json.loads(result.out)}
    assert LOCAL_KEY not in result.out and rows["llm_api_key"]["value"] == "loc…6789"
    assert rows["llm_provider"] == {
        "key": "llm_provider",
        "value": "openai-compatible",
        "source": "env:INTERVIEW_COACH_LLM_PROVIDER",
    }
    assert rows["llm_model"]["value"] == LOCAL_MODEL and rows["llm_base_url"]["source"] == "default"


def test_doctor_describes_the_local_coach_with_the_key_masked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_LLM_PROVIDER", "openai-compatible")
    monkeypatch.setenv("INTERVIEW_COACH_LLM_MODEL", LOCAL_MODEL)
    monkeypatch.setenv("INTERVIEW_COACH_LLM_API_KEY", LOCAL_KEY)
    result = run_cli(capsys, "doctor", "--json")
    coach = {c["name"]: c for c in json.loads(result.out)["checks"]}["coach"]
    assert coach["status"] == "ok" and coach["details"]["mode"] == "llm"
    assert "OpenAI-compatible server at http://localhost:11434/v1" in coach["summary"]
    assert LOCAL_KEY not in result.out and coach["details"]["api_key"] == "loc…6789"


# --- the request ---


async def test_the_request_has_no_deepseek_fields_and_no_key(api: respx.MockRouter) -> None:
    route = api.post("/chat/completions").mock(return_value=httpx.Response(200, json=completion("hi")))
    client = local_client(deepseek_thinking=True)  # a DeepSeek setting: no effect on another server
    await client.chat(MESSAGES, json_mode=True, max_tokens=50, temperature=0.2)
    await client.aclose()

    request = route.calls.last.request
    assert "authorization" not in request.headers
    body = json.loads(request.content)
    assert body["model"] == LOCAL_MODEL and "thinking" not in body
    assert body["max_tokens"] == 50 and body["temperature"] == 0.2
    assert body["response_format"] == {"type": "json_object"}


async def test_a_key_when_set_is_a_bearer_token(api: respx.MockRouter) -> None:
    route = api.post("/chat/completions").mock(return_value=httpx.Response(200, json=completion("hi")))
    client = local_client(llm_api_key=LOCAL_KEY)
    await client.chat(MESSAGES)
    await client.aclose()
    assert route.calls.last.request.headers["Authorization"] == f"Bearer {LOCAL_KEY}"


async def test_a_deepseek_key_is_never_sent_to_another_server(api: respx.MockRouter) -> None:
    route = api.post("/chat/completions").mock(return_value=httpx.Response(200, json=completion("hi")))
    client = local_client(deepseek_api_key="sk-deepseek-only-0123456789")
    await client.chat(MESSAGES)
    await client.aclose()
    assert "authorization" not in route.calls.last.request.headers


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (400, "response_format is not supported"),
        (422, "Unsupported value: 'json_object' for response_format.type"),
        (400, "this server cannot produce JSON mode output"),
    ],
)
async def test_a_server_without_json_mode_is_asked_again_without_it_and_that_is_remembered(
    api: respx.MockRouter, status: int, message: str
) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        if "response_format" in json.loads(request.content):
            return api_error(status, message)
        return httpx.Response(200, json=completion('```json\n{"ok": true}\n```'))

    route = api.post("/chat/completions").mock(side_effect=reply)
    client = local_client()
    first = await client.chat(MESSAGES, json_mode=True)
    second = await client.chat(MESSAGES, json_mode=True)
    await client.aclose()

    assert "ok" in first.content and "ok" in second.content
    sent = [json.loads(call.request.content) for call in route.calls]
    assert ["response_format" in body for body in sent] == [True, False, False]
    assert client.json_mode_supported is False


async def test_a_400_about_something_else_is_not_retried(api: respx.MockRouter) -> None:
    route = api.post("/chat/completions").mock(return_value=api_error(400, "max_tokens is too large"))
    api.get("/models").mock(return_value=models(LOCAL_MODEL))
    client = local_client()
    with pytest.raises(InvalidRequestError, match="max_tokens is too large") as caught:
        await client.chat(MESSAGES, json_mode=True)
    await client.aclose()
    assert route.call_count == 1 and client.json_mode_supported
    assert not isinstance(caught.value, ModelNotFoundError)  # the model is listed: the server's words stand
    assert "INTERVIEW_COACH_LLM_MODEL (now 'llama3.2:3b')" in caught.value.message


async def test_deepseek_keeps_json_mode_whatever_a_400_says() -> None:
    with respx.mock(base_url="https://deepseek.test") as mock:
        route = mock.post("/chat/completions").mock(return_value=api_error(400, "response_format is invalid"))
        client = DeepSeekClient(make_settings(), sleep=RecordingSleep())
        with pytest.raises(InvalidRequestError):
            await client.chat(MESSAGES, json_mode=True)
        await client.aclose()
    assert route.call_count == 1 and client.json_mode_supported


@pytest.mark.parametrize("status", [400, 404])
async def test_a_missing_model_names_the_models_the_server_has(api: respx.MockRouter, status: int) -> None:
    chat = api.post("/chat/completions").mock(
        return_value=api_error(status, 'model "llama3:8b" not found, try pulling it')
    )
    api.get("/models").mock(return_value=models("qwen2.5:7b", LOCAL_MODEL))
    coach = DeepSeekCoach(local_settings(llm_model="llama3:8b"), sleep=RecordingSleep())
    with pytest.raises(ModelNotFoundError) as caught:
        await coach.score(sample_question(), GOOD_ANSWER)
    with pytest.raises(ModelNotFoundError):  # sticky: the next call fails at once, without a request
        await coach.score(sample_question(), GOOD_ANSWER)
    await coach.aclose()
    assert chat.call_count == 1

    message = caught.value.message
    assert f"the AI server at {LOCAL_URL} has no model 'llama3:8b'" in message
    assert "It lists: llama3.2:3b, qwen2.5:7b" in message and "INTERVIEW_COACH_LLM_MODEL" in message
    assert "DeepSeek" not in message + caught.value.title
    assert coach.health().state is CoachState.OFFLINE


async def test_a_long_model_list_is_shortened(api: respx.MockRouter) -> None:
    api.post("/chat/completions").mock(return_value=api_error(404, "no such model"))
    api.get("/models").mock(return_value=models(*(f"model-{i:02d}" for i in range(30))))
    client = local_client(llm_model="missing")
    with pytest.raises(ModelNotFoundError, match="and 10 more"):
        await client.chat(MESSAGES)
    await client.aclose()


async def test_a_wrong_base_url_keeps_the_404(api: respx.MockRouter) -> None:
    api.post("/chat/completions").mock(return_value=api_error(404, "page not found"))
    api.get("/models").mock(return_value=api_error(404, "page not found"))
    client = local_client()
    with pytest.raises(InvalidRequestError) as caught:
        await client.chat(MESSAGES)
    await client.aclose()
    assert not isinstance(caught.value, ModelNotFoundError)
    assert "INTERVIEW_COACH_LLM_BASE_URL" in caught.value.message


async def test_a_base_url_without_v1_gets_a_hint() -> None:
    with respx.mock(base_url="http://localhost:11434") as mock:
        mock.post("/chat/completions").mock(return_value=api_error(404, "404 page not found"))
        mock.get("/models").mock(return_value=api_error(404, "404 page not found"))
        client = local_client(llm_base_url="http://localhost:11434")
        with pytest.raises(InvalidRequestError, match="serve it under /v1"):
            await client.chat(MESSAGES)
        await client.aclose()


@pytest.mark.parametrize(
    ("outcome", "error_type"),
    [
        (api_error(401, "unauthorized"), AuthError),
        (api_error(402, "quota exhausted"), InsufficientBalanceError),
        (api_error(429, "slow down"), RateLimitedError),
        (api_error(500, "CUDA out of memory"), ServerError),
        (api_error(418, "teapot"), InvalidRequestError),
        (httpx.ConnectError("Connection refused"), ConnectionFailedError),
        (httpx.ConnectTimeout("timed out"), ApiTimeoutError),
        (httpx.ReadTimeout("timed out"), ApiTimeoutError),
    ],
)
async def test_errors_name_the_server_never_deepseek(
    api: respx.MockRouter, outcome: httpx.Response | Exception, error_type: type[CoachApiError]
) -> None:
    api.post("/chat/completions").mock(side_effect=[outcome] * 3)
    coach = DeepSeekCoach(local_settings(deepseek_max_retries=0), sleep=RecordingSleep())
    with pytest.raises(error_type) as caught:
        await coach.score(sample_question(), GOOD_ANSWER)
    await coach.aclose()
    assert "DeepSeek" not in caught.value.message and "DeepSeek" not in caught.value.title
    assert "DEEPSEEK_API_KEY" not in caught.value.message
    assert LOCAL_URL in caught.value.message


async def test_a_key_the_server_refuses_points_at_its_variable(api: respx.MockRouter) -> None:
    api.post("/chat/completions").mock(return_value=api_error(401, f"bad key {LOCAL_KEY}"))
    client = local_client(llm_api_key=LOCAL_KEY)
    with pytest.raises(AuthError) as caught:
        await client.chat(MESSAGES)
    await client.aclose()
    assert "INTERVIEW_COACH_LLM_API_KEY" in caught.value.message and LOCAL_KEY not in caught.value.message


async def test_http_log_masks_the_local_key(api: respx.MockRouter) -> None:
    api.post("/chat/completions").mock(return_value=httpx.Response(200, json=completion(f"echo {LOCAL_KEY}")))
    client = local_client(llm_api_key=LOCAL_KEY, log_http=True)
    await client.chat(MESSAGES)
    await client.aclose()
    log = get_paths().http_log_file.read_text(encoding="utf-8")
    assert LOCAL_KEY not in log and "authorization: ****" in log.lower() and f">>> POST {LOCAL_URL}" in log


async def test_the_coach_is_named_after_the_local_model(api: respx.MockRouter) -> None:
    api.post("/chat/completions").mock(return_value=httpx.Response(200, json=completion(SCORE)))
    coach = DeepSeekCoach(local_settings(), sleep=RecordingSleep())
    evaluation = await coach.score(sample_question(), GOOD_ANSWER)
    await coach.aclose()
    assert coach.name == LOCAL_MODEL and evaluation.scored_by == LOCAL_MODEL
    assert coach.health().model == LOCAL_MODEL and coach.health().configured


# --- over the wire: a local server that needs no key and serves llama3.2:3b ---


@pytest.fixture
def local_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDeepSeek]:
    server = FakeDeepSeek(models=(LOCAL_MODEL,)).start()  # no api_key: any request is served
    monkeypatch.setenv("INTERVIEW_COACH_LLM_PROVIDER", "openai-compatible")
    monkeypatch.setenv("INTERVIEW_COACH_LLM_BASE_URL", server.url + "/v1")
    monkeypatch.setenv("INTERVIEW_COACH_LLM_MODEL", LOCAL_MODEL)
    monkeypatch.setenv("DEEPSEEK_RETRY_BACKOFF_SECONDS", "0")
    try:
        yield server
    finally:
        server.stop()


ANSWER = (
    "I would add an index on the columns used by the filter, check the query plan with explain, and measure "
    "latency before and after. The trade-off is slower writes and more storage.\n.\n"
)
START = ("start", "--track", "backend", "--plain", "--questions", "2", "--warmups", "1", "--seed", "7")


def plain_session(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.setattr("sys.stdin", io.StringIO(ANSWER * 8))
    return run_cli(capsys, *START)


def test_a_session_is_scored_by_the_local_model_with_no_key(
    local_server: FakeDeepSeek, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = plain_session(capsys, monkeypatch)
    assert result.code == 0 and "Traceback" not in result.out + result.err
    assert f"(AI: {LOCAL_MODEL}, checked)" in result.out and "(offline check)" not in result.out
    chats = [r for r in local_server.requests if r.path == "/v1/chat/completions"]
    assert chats and all("authorization" not in r.headers for r in local_server.requests)
    assert all(r.json()["model"] == LOCAL_MODEL and "thinking" not in r.json() for r in chats)


def test_a_wrong_model_falls_back_with_the_server_list_and_no_traceback(
    local_server: FakeDeepSeek, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_LLM_MODEL", "llama3:70b")
    result = plain_session(capsys, monkeypatch)
    shown = result.out + result.err
    assert result.code == 0 and "Traceback" not in shown
    assert "has no model 'llama3:70b'" in shown and f"It lists: {LOCAL_MODEL}" in shown
    assert "(offline check)" in result.out and "DeepSeek" not in shown


def test_doctor_online_lists_the_models_and_times_a_reply(
    local_server: FakeDeepSeek, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(capsys, "doctor", "--online", "--json")
    online = {c["name"]: c for c in json.loads(result.out)["checks"]}["online"]
    assert result.code == 0 and online["status"] == "ok"
    assert online["details"]["models"] == [LOCAL_MODEL] and online["details"]["model_listed"] is True
    assert online["details"]["reply_ms"] >= 0 and online["details"]["reply"] == "ok"
    assert f"the AI server at {local_server.url}/v1 answered in" in online["summary"]
    assert f"1 model(s): {LOCAL_MODEL}" in online["summary"]


def test_doctor_online_with_a_wrong_model_names_the_list(
    local_server: FakeDeepSeek, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_LLM_MODEL", "mistral")
    result = run_cli(capsys, "doctor", "--online")
    assert result.code == 1 and "Traceback" not in result.out + result.err
    assert f"has no model 'mistral' (INTERVIEW_COACH_LLM_MODEL). It lists: {LOCAL_MODEL}" in result.out


async def test_a_server_without_json_mode_still_scores() -> None:
    server = FakeDeepSeek(models=(LOCAL_MODEL,), json_mode=False).start()
    try:
        coach = DeepSeekCoach(local_settings(llm_base_url=server.url), sleep=RecordingSleep())
        first = await coach.score(sample_question(), GOOD_ANSWER)
        await coach.score(sample_question(), GOOD_ANSWER)
        await coach.aclose()
    finally:
        server.stop()
    assert first.scored_by == LOCAL_MODEL and first.overall > 0
    sent = ["response_format" in (r.json() or {}) for r in server.requests if r.method == "POST"]
    assert sent == [True, False, False]


def test_a_session_snapshot_of_the_settings_never_holds_the_local_key() -> None:
    from interview_coach.storage.snapshot import settings_snapshot

    snapshot = settings_snapshot(local_settings(llm_api_key=LOCAL_KEY))
    assert "llm_api_key" not in snapshot and LOCAL_KEY not in json.dumps(snapshot)
    assert snapshot["llm_provider"] == "openai-compatible" and snapshot["llm_model"] == LOCAL_MODEL


def test_the_log_file_masks_the_local_key(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    monkeypatch.setenv("INTERVIEW_COACH_LLM_PROVIDER", "openai-compatible")
    monkeypatch.setenv("INTERVIEW_COACH_LLM_MODEL", LOCAL_MODEL)
    monkeypatch.setenv("INTERVIEW_COACH_LLM_API_KEY", LOCAL_KEY)
    assert run_cli(capsys, "config", "show").code == 0  # configures logging with the settings' secrets
    logging.getLogger("interview_coach.test").warning("the server said: bad key %s", LOCAL_KEY)
    log = get_paths().log_file.read_text(encoding="utf-8")
    assert "the server said: bad key ****" in log and LOCAL_KEY not in log
