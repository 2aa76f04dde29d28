"""The DeepSeek HTTP client against respx: request shape, every status code, retries, Retry-After, key masking."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import respx

from interview_coach.llm.client import JITTER, MAX_BACKOFF_S, DeepSeekClient
from interview_coach.llm.errors import (
    ApiKeyMissingError,
    ApiTimeoutError,
    AuthError,
    BadResponseError,
    CoachApiError,
    ConnectionFailedError,
    InsufficientBalanceError,
    InvalidRequestError,
    RateLimitedError,
    ServerError,
)
from interview_coach.paths import get_paths
from tests.llm_helpers import BASE_URL, TEST_KEY, RecordingSleep, make_settings

MESSAGES = [{"role": "user", "content": "hello"}]


def completion(content: str = "hi") -> dict[str, object]:
    return {
        "id": "x",
        "model": "deepseek-v4-flash",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
    }


def api_error(status: int, message: str, headers: dict[str, str] | None = None) -> httpx.Response:
    body = {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": None}}
    return httpx.Response(status, json=body, headers=headers)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


def client_for(sleep: RecordingSleep, **overrides: object) -> DeepSeekClient:
    return DeepSeekClient(make_settings(**overrides), sleep=sleep, rng=random.Random(7))


# --- the request ---


async def test_request_carries_bearer_key_model_and_thinking_off(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    route = api.post("/chat/completions").mock(return_value=httpx.Response(200, json=completion("hi")))
    client = client_for(sleep)
    reply = await client.chat(MESSAGES, json_mode=True, max_tokens=50, temperature=0.0)
    await client.aclose()

    assert reply.content == "hi"
    assert reply.usage == {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}
    request = route.calls.last.request
    assert request.headers["Authorization"] == f"Bearer {TEST_KEY}"
    body = json.loads(request.content)
    assert body["model"] == "deepseek-v4-flash"
    assert body["thinking"] == {"type": "disabled"}
    assert body["response_format"] == {"type": "json_object"}
    assert body["temperature"] == 0.0
    assert body["max_tokens"] == 50
    assert body["stream"] is False


async def test_thinking_mode_is_one_request_field_and_drops_temperature(sleep: RecordingSleep) -> None:
    client = client_for(sleep, deepseek_thinking=True)
    body = client.payload(MESSAGES, stream=True, max_tokens=100, temperature=0.3)
    await client.aclose()

    assert body["thinking"] == {"type": "enabled"}
    assert "temperature" not in body
    assert body["max_tokens"] > 100  # headroom for the reasoning tokens
    assert body["stream_options"] == {"include_usage": True}


async def test_base_url_with_a_path_keeps_it(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    route = api.post("/v1/chat/completions").mock(return_value=httpx.Response(200, json=completion()))
    client = client_for(sleep, deepseek_base_url=BASE_URL + "/v1/")
    await client.chat(MESSAGES)
    await client.aclose()
    assert route.call_count == 1


async def test_blank_keep_alive_lines_before_the_json_body_are_tolerated(
    api: respx.MockRouter, sleep: RecordingSleep
) -> None:
    body = "\n\n\n" + json.dumps(completion("after keep-alives"))
    api.post("/chat/completions").mock(return_value=httpx.Response(200, text=body))
    client = client_for(sleep)
    reply = await client.chat(MESSAGES)
    await client.aclose()
    assert reply.content == "after keep-alives"


@pytest.mark.parametrize("body", ["", "<html>gateway</html>", "[1, 2]", '{"object": "chat.completion"}'])
async def test_unusable_200_bodies_are_bad_responses(api: respx.MockRouter, sleep: RecordingSleep, body: str) -> None:
    api.post("/chat/completions").mock(return_value=httpx.Response(200, text=body))
    client = client_for(sleep)
    with pytest.raises(BadResponseError):
        await client.chat(MESSAGES)
    await client.aclose()


async def test_null_content_reads_as_empty(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    body = completion()
    body["choices"][0]["message"]["content"] = None  # type: ignore[index]
    api.post("/chat/completions").mock(return_value=httpx.Response(200, json=body))
    client = client_for(sleep)
    reply = await client.chat(MESSAGES)
    await client.aclose()
    assert reply.content == ""


async def test_list_models(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    data = {"object": "list", "data": [{"id": "deepseek-v4-pro"}, {"id": "deepseek-v4-flash"}]}
    api.get("/models").mock(return_value=httpx.Response(200, json=data))
    client = client_for(sleep)
    assert await client.list_models() == ["deepseek-v4-flash", "deepseek-v4-pro"]
    await client.aclose()


# --- status codes ---


@pytest.mark.parametrize(
    ("status", "error_type", "expected_text"),
    [
        (400, InvalidRequestError, "The supported model names are deepseek-v4-flash, deepseek-v4-pro"),
        (401, AuthError, "DEEPSEEK_API_KEY is invalid: "),
        (402, InsufficientBalanceError, "insufficient balance"),
        (403, AuthError, "DEEPSEEK_API_KEY is invalid: "),
        (404, InvalidRequestError, "DEEPSEEK_BASE_URL"),
        (422, InvalidRequestError, "The supported model names are deepseek-v4-flash, deepseek-v4-pro"),
    ],
)
async def test_client_errors_are_typed_and_never_retried(
    api: respx.MockRouter,
    sleep: RecordingSleep,
    status: int,
    error_type: type[CoachApiError],
    expected_text: str,
) -> None:
    message = "The supported model names are deepseek-v4-flash, deepseek-v4-pro."
    route = api.post("/chat/completions").mock(return_value=api_error(status, message))
    client = client_for(sleep, deepseek_max_retries=5)
    with pytest.raises(error_type) as caught:
        await client.chat(MESSAGES)
    await client.aclose()

    assert route.call_count == 1
    assert sleep.delays == []
    assert expected_text in caught.value.message
    assert caught.value.status_code == status
    assert not caught.value.retryable


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (408, ApiTimeoutError),
        (409, ServerError),
        (429, RateLimitedError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
    ],
)
async def test_retryable_statuses_are_retried_then_succeed(
    api: respx.MockRouter, sleep: RecordingSleep, status: int, error_type: type[CoachApiError]
) -> None:
    route = api.post("/chat/completions").mock(
        side_effect=[api_error(status, "busy"), httpx.Response(200, json=completion("second time"))]
    )
    client = client_for(sleep)
    reply = await client.chat(MESSAGES)
    await client.aclose()

    assert reply.content == "second time"
    assert route.call_count == 2
    assert len(sleep.delays) == 1
    assert error_type.retryable


async def test_retries_stop_at_max_retries_with_exponential_jittered_backoff(
    api: respx.MockRouter, sleep: RecordingSleep
) -> None:
    route = api.post("/chat/completions").mock(return_value=api_error(503, "Server overloaded"))
    client = client_for(sleep, deepseek_max_retries=3, deepseek_retry_backoff_seconds=0.5)
    with pytest.raises(ServerError) as caught:
        await client.chat(MESSAGES)
    await client.aclose()

    assert route.call_count == 4
    assert "HTTP 503" in caught.value.message
    assert "Server overloaded" in caught.value.message
    assert "Gave up after 4 attempts." in caught.value.message
    assert len(sleep.delays) == 3
    for index, delay in enumerate(sleep.delays):
        base = 0.5 * 2**index
        assert base * (1 - JITTER) <= delay <= base * (1 + JITTER)


async def test_backoff_is_capped(sleep: RecordingSleep) -> None:
    client = client_for(sleep, deepseek_retry_backoff_seconds=10)
    assert client.backoff_delay(8) == MAX_BACKOFF_S
    await client.aclose()


async def test_zero_retries_means_one_attempt(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    route = api.post("/chat/completions").mock(return_value=api_error(500, "boom"))
    client = client_for(sleep, deepseek_max_retries=0)
    with pytest.raises(ServerError):
        await client.chat(MESSAGES)
    await client.aclose()
    assert route.call_count == 1
    assert sleep.delays == []


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        ({"Retry-After": "3600"}, 30.0),  # capped
        ({"Retry-After": "-4"}, 0.0),
    ],
)
async def test_retry_after_is_honoured_and_capped(
    api: respx.MockRouter, sleep: RecordingSleep, headers: dict[str, str], expected: float
) -> None:
    api.post("/chat/completions").mock(
        side_effect=[api_error(429, "Rate Limit Reached", headers), httpx.Response(200, json=completion())]
    )
    client = client_for(sleep)
    await client.chat(MESSAGES)
    await client.aclose()
    assert sleep.delays == [expected]


async def test_retry_after_as_an_http_date(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    api.post("/chat/completions").mock(
        side_effect=[api_error(503, "later", {"Retry-After": when}), httpx.Response(200, json=completion())]
    )
    client = client_for(sleep)
    await client.chat(MESSAGES)
    await client.aclose()
    assert 15 <= sleep.delays[0] <= 20


async def test_rate_limit_that_persists_is_a_rate_limited_error(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    api.post("/chat/completions").mock(return_value=api_error(429, "Rate Limit Reached", {"Retry-After": "2"}))
    client = client_for(sleep, deepseek_max_retries=2)
    with pytest.raises(RateLimitedError) as caught:
        await client.chat(MESSAGES)
    await client.aclose()
    assert sleep.delays == [2.0, 2.0]
    assert "rate limit" in caught.value.message


# --- transport failures ---


async def test_connect_errors_are_retried_then_typed(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    route = api.post("/chat/completions").mock(side_effect=httpx.ConnectError("Connection refused"))
    client = client_for(sleep, deepseek_max_retries=2)
    with pytest.raises(ConnectionFailedError) as caught:
        await client.chat(MESSAGES)
    await client.aclose()
    assert route.call_count == 3
    assert BASE_URL in caught.value.message
    assert "Connection refused" in caught.value.message


async def test_connect_timeouts_are_retried_then_typed(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    exc = httpx.ConnectTimeout("no route")
    route = api.post("/chat/completions").mock(side_effect=[exc, exc, httpx.Response(200, json=completion("late"))])
    client = client_for(sleep)
    assert (await client.chat(MESSAGES)).content == "late"
    assert route.call_count == 3

    route.mock(side_effect=exc)
    with pytest.raises(ApiTimeoutError) as caught:
        await client.chat(MESSAGES)
    await client.aclose()
    assert "could not connect" in caught.value.message


async def test_a_read_timeout_is_not_retried(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    # The whole DEEPSEEK_TIMEOUT_SECONDS has passed already; retrying would make the user wait that long again.
    route = api.post("/chat/completions").mock(side_effect=httpx.ReadTimeout("slow"))
    client = client_for(sleep)
    with pytest.raises(ApiTimeoutError) as caught:
        await client.chat(MESSAGES)
    await client.aclose()
    assert route.call_count == 1 and sleep.delays == []
    assert "DEEPSEEK_TIMEOUT_SECONDS" in caught.value.message and "Gave up" not in caught.value.message


async def test_a_base_url_without_scheme_fails_at_once(sleep: RecordingSleep) -> None:
    # Settings refuse such a URL first (test_config); the client still fails fast if one gets past them.
    settings = make_settings().model_copy(update={"deepseek_base_url": "api.deepseek.com"})
    client = DeepSeekClient(settings, sleep=sleep)
    with pytest.raises(ConnectionFailedError) as caught:
        await client.chat(MESSAGES)
    await client.aclose()
    assert "DEEPSEEK_BASE_URL" in caught.value.message
    assert sleep.delays == []


async def test_no_key_means_no_request(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    route = api.post("/chat/completions").mock(return_value=httpx.Response(200, json=completion()))
    client = client_for(sleep, deepseek_api_key=None)
    with pytest.raises(ApiKeyMissingError) as caught:
        await client.chat(MESSAGES)
    await client.aclose()
    assert route.call_count == 0
    assert "DEEPSEEK_API_KEY is not set" in caught.value.message
    assert isinstance(caught.value, AuthError)


# --- the key stays secret ---


async def test_key_echoed_by_the_api_is_masked_in_errors(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    api.post("/chat/completions").mock(
        return_value=api_error(401, f"Authentication Fails, your api key {TEST_KEY} is invalid")
    )
    client = client_for(sleep)
    with pytest.raises(AuthError) as caught:
        await client.chat(MESSAGES)
    await client.aclose()
    assert TEST_KEY not in str(caught.value)
    assert TEST_KEY not in repr(caught.value)
    assert caught.value.message.startswith("DEEPSEEK_API_KEY is invalid: ")


async def test_repr_hides_the_key(sleep: RecordingSleep) -> None:
    client = client_for(sleep)
    assert TEST_KEY not in repr(client)
    assert TEST_KEY not in repr(client.settings)
    await client.aclose()


async def test_http_log_masks_the_key(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    api.post("/chat/completions").mock(
        side_effect=[api_error(500, f"echo {TEST_KEY}"), httpx.Response(200, json=completion("logged"))]
    )
    client = client_for(sleep, log_http=True)
    await client.chat([{"role": "user", "content": "the prompt text"}])
    await client.aclose()

    log = get_paths().http_log_file.read_text(encoding="utf-8")
    assert TEST_KEY not in log
    assert "authorization: ****" in log.lower()
    assert ">>> POST https://deepseek.test/chat/completions" in log
    assert "<<< 500" in log
    assert "<<< 200" in log
    assert "the prompt text" in log
    assert "logged" in log


async def test_no_http_log_unless_asked(api: respx.MockRouter, sleep: RecordingSleep) -> None:
    api.post("/chat/completions").mock(return_value=httpx.Response(200, json=completion()))
    client = client_for(sleep)
    await client.chat(MESSAGES)
    await client.aclose()
    assert not get_paths().http_log_file.exists()


async def test_a_server_message_that_says_try_again_is_not_repeated(
    api: respx.MockRouter, sleep: RecordingSleep
) -> None:
    body = {"error": {"message": "Server overloaded, please try again later."}}
    api.post("/chat/completions").mock(return_value=httpx.Response(503, json=body))
    client = client_for(sleep, deepseek_max_retries=0)
    with pytest.raises(ServerError) as caught:
        await client.chat(MESSAGES)
    await client.aclose()
    assert caught.value.message.lower().count("try again later") == 1
