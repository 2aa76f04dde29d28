"""The one HTTP client for DeepSeek: explicit timeouts, typed errors, retries with backoff and jitter.

Retries cover connect errors and timeouts, 408, 409, 429 and 5xx; 400/401/402/422 never retry, and neither does a
read timeout (the user has already waited the whole DEEPSEEK_TIMEOUT_SECONDS; the offline coach answers instead).
``Retry-After`` and ``retry-after-ms`` are honoured (capped). A stream is retried only while nothing has been
yielded: once text has reached the user a failure raises, and the caller falls back instead of showing the text
twice.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from contextlib import aclosing
from typing import Any

import httpx
from pydantic import SecretStr

from interview_coach import __version__
from interview_coach.config import Settings
from interview_coach.llm.errors import (
    ApiKeyMissingError,
    BadResponseError,
    CoachApiError,
    ConnectionFailedError,
    ServerError,
    clean_api_message,
)
from interview_coach.llm.http_log import HttpLog
from interview_coach.llm.responses import (
    ChatReply,
    error_for_response,
    error_for_transport,
    json_body,
    parse_chat_reply,
)
from interview_coach.llm.sse import DONE, data_payload, parse_chunk
from interview_coach.paths import get_paths

CONNECT_TIMEOUT_S = 5.0
WRITE_TIMEOUT_S = 10.0
POOL_TIMEOUT_S = 5.0
MAX_BACKOFF_S = 30.0
JITTER = 0.2  # each backoff delay is scaled by a random factor in [1 - JITTER, 1 + JITTER]
# In thinking mode the reasoning counts against max_tokens; without headroom the answer itself gets cut off.
THINKING_EXTRA_TOKENS = 4096

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Message = dict[str, str]


class _BearerAuth(httpx.Auth):
    """Adds the key per request, so it lives in a SecretStr rather than in the client's default headers."""

    def __init__(self, key: SecretStr) -> None:
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._key.get_secret_value()}"
        yield request


class DeepSeekClient:
    """Chat completions (plain, JSON mode, streamed) and the model list, over one ``httpx.AsyncClient``."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self.base_url = settings.deepseek_base_url.strip().rstrip("/")
        self.model = settings.deepseek_model
        self.max_retries = settings.deepseek_max_retries
        self.last_stream_usage: dict[str, Any] | None = None
        self._sleep: Sleep = sleep or asyncio.sleep
        self._rng = rng or random.Random()
        hooks = HttpLog(get_paths().http_log_file, settings.secrets()).event_hooks() if settings.log_http else {}
        key = settings.deepseek_api_key if settings.has_deepseek_key else None
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=_BearerAuth(key) if key is not None else None,
            timeout=httpx.Timeout(
                connect=CONNECT_TIMEOUT_S,
                read=settings.deepseek_timeout_seconds,
                write=WRITE_TIMEOUT_S,
                pool=POOL_TIMEOUT_S,
            ),
            headers={"Accept": "application/json", "User-Agent": f"interview-coach/{__version__}"},
            transport=transport,
            event_hooks=hooks,
        )

    def __repr__(self) -> str:
        return f"DeepSeekClient(base_url={self.base_url!r}, model={self.model!r})"

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- requests ---

    def payload(
        self,
        messages: list[Message],
        *,
        json_mode: bool = False,
        stream: bool = False,
        max_tokens: int = 800,
        temperature: float | None = None,
    ) -> dict[str, Any]:
        """The request body. Thinking mode is decided here and nowhere else."""
        thinking = self.settings.deepseek_thinking
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": max_tokens + (THINKING_EXTRA_TOKENS if thinking else 0),
            "stream": stream,
            # DeepSeek V4 models think by default, so "off" has to be said explicitly.
            "thinking": {"type": "enabled" if thinking else "disabled"},
        }
        if temperature is not None and not thinking:  # thinking mode ignores temperature
            body["temperature"] = temperature
        if json_mode:
            body["response_format"] = {"type": "json_object"}
        if stream:
            body["stream_options"] = {"include_usage": True}
        return body

    async def chat(
        self,
        messages: list[Message],
        *,
        json_mode: bool = False,
        max_tokens: int = 800,
        temperature: float | None = None,
    ) -> ChatReply:
        body = self.payload(messages, json_mode=json_mode, max_tokens=max_tokens, temperature=temperature)
        response = await self._request("POST", "/chat/completions", body)
        return parse_chat_reply(response)

    async def list_models(self) -> list[str]:
        response = await self._request("GET", "/models")
        data = json_body(response).get("data")
        if not isinstance(data, list):
            raise BadResponseError("DeepSeek sent a model list without 'data'.")
        return sorted(str(item["id"]) for item in data if isinstance(item, dict) and "id" in item)

    async def stream_chat(
        self, messages: list[Message], *, max_tokens: int = 600, temperature: float | None = None
    ) -> AsyncGenerator[str, None]:
        """Text chunks of a streamed completion; ``last_stream_usage`` holds the usage of the final chunk."""
        self._require_key()
        body = self.payload(messages, stream=True, max_tokens=max_tokens, temperature=temperature)
        self.last_stream_usage = None
        attempt = 0
        while True:
            attempt += 1
            yielded = False
            try:
                async with self._http.stream("POST", "/chat/completions", json=body) as response:
                    if response.is_success:
                        async with aclosing(self._stream_text(response)) as chunks:
                            async for text in chunks:
                                yielded = True
                                yield text
                        return
                    await response.aread()
                    error = error_for_response(response, base_url=self.base_url, model=self.model)
            except CoachApiError as exc:
                error = exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                error = self._transport_error(exc, midstream=yielded)
            if yielded:
                raise error  # text already reached the user: never retry, let the caller fall back
            await self._wait_or_raise(error, attempt)

    # --- internals ---

    def _require_key(self) -> None:
        if not self.settings.has_deepseek_key:
            raise ApiKeyMissingError(
                "DEEPSEEK_API_KEY is not set. Export it (or set deepseek_api_key in config.toml) to use the "
                "DeepSeek coach; without it the offline coach is used."
            )

    async def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        self._require_key()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self._http.request(method, path, json=body)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                error = self._transport_error(exc)
            else:
                if response.is_success:
                    return response
                error = error_for_response(response, base_url=self.base_url, model=self.model)
            await self._wait_or_raise(error, attempt)

    async def _wait_or_raise(self, error: CoachApiError, attempt: int) -> None:
        """Sleep before the next attempt, or raise ``error`` when it is final."""
        if not error.retryable or attempt > self.max_retries:
            error.note_attempts(attempt)
            raise error
        delay = self.backoff_delay(attempt - 1, error.retry_after)
        logger.info("DeepSeek attempt %d failed (%s); retrying in %.2fs", attempt, error.message, delay)
        await self._sleep(delay)

    def backoff_delay(self, retry_index: int, retry_after: float | None = None) -> float:
        """The server's Retry-After when given (already capped), else exponential backoff with jitter."""
        if retry_after is not None:
            return retry_after
        base: float = self.settings.deepseek_retry_backoff_seconds * (2**retry_index)
        return min(base * self._rng.uniform(1 - JITTER, 1 + JITTER), MAX_BACKOFF_S)

    def _transport_error(self, exc: Exception, *, midstream: bool = False) -> CoachApiError:
        return error_for_transport(
            exc,
            base_url=self.base_url,
            read_timeout=self.settings.deepseek_timeout_seconds,
            connect_timeout=CONNECT_TIMEOUT_S,
            midstream=midstream,
        )

    async def _stream_text(self, response: httpx.Response) -> AsyncGenerator[str, None]:
        finished = False
        async for line in response.aiter_lines():
            payload = data_payload(line)
            if payload is None:
                continue  # blank keep-alive line, ": keep-alive" comment, or another SSE field
            if payload == DONE:
                return
            try:
                chunk = parse_chunk(payload)
            except ValueError:
                raise BadResponseError(
                    f"DeepSeek sent a stream chunk that is not JSON: {clean_api_message(payload[:120])}"
                ) from None
            if chunk.error_message is not None:
                raise ServerError(f"DeepSeek reported an error mid-stream: {clean_api_message(chunk.error_message)}")
            if chunk.usage is not None:
                self.last_stream_usage = chunk.usage
            if chunk.finish_reason:
                finished = True
            if chunk.text:
                yield chunk.text
        if not finished:
            raise ConnectionFailedError("the DeepSeek stream ended before the reply was complete.")
