"""The one HTTP client for the AI server: explicit timeouts, an overall deadline, typed errors, retries.

The server is DeepSeek or any OpenAI-compatible one (see ``provider.py``). Retries cover connect errors and
timeouts, 408, 409, 429 and 5xx; 400/401/402/422 never retry, and neither does a read timeout (the user has
already waited the whole DEEPSEEK_TIMEOUT_SECONDS; the offline coach answers instead). ``Retry-After`` and
``retry-after-ms`` are honoured (capped). A stream is retried only while nothing has been yielded: once text has
reached the user a failure raises, and the caller falls back instead of showing the text twice.

Every call also has one overall deadline, DEEPSEEK_TIMEOUT_SECONDS from its start: connecting, the headers, the
body or the stream, every retry and every pause between them count against it. httpx's own timeouts bound only the
gap between two reads, so a server that sends a keep-alive byte every second could otherwise hold a call for
ever. A pause (Retry-After or backoff) that would end past the deadline is not taken: the call fails at once.

For an OpenAI-compatible server, two more recoveries: a server that rejects JSON mode is asked again without it
(once; the client remembers), and a rejected model is checked against ``GET /models`` so the error can name the
models the server has.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from contextlib import aclosing
from typing import Any

import httpx
from pydantic import SecretStr

from interview_coach import __version__
from interview_coach.config import Settings
from interview_coach.domain.ports import RetryNotice
from interview_coach.llm.errors import (
    ApiKeyMissingError,
    ApiTimeoutError,
    BadResponseError,
    CoachApiError,
    ConnectionFailedError,
    InvalidRequestError,
    ModelNotFoundError,
    ServerError,
    clean_api_message,
)
from interview_coach.llm.http_log import HttpLog
from interview_coach.llm.provider import Provider, provider_for
from interview_coach.llm.responses import (
    ChatReply,
    error_for_response,
    error_for_transport,
    json_body,
    parse_chat_reply,
)
from interview_coach.llm.sse import DONE, data_payload, parse_chunk
from interview_coach.logging_setup import register_secret
from interview_coach.paths import get_paths

CONNECT_TIMEOUT_S = 5.0
WRITE_TIMEOUT_S = 10.0
POOL_TIMEOUT_S = 5.0
MAX_BACKOFF_S = 30.0
JITTER = 0.2  # each backoff delay is scaled by a random factor in [1 - JITTER, 1 + JITTER]
# In thinking mode the reasoning counts against max_tokens; without headroom the answer itself gets cut off.
THINKING_EXTRA_TOKENS = 4096
# A 400/422 whose message says this is a server that does not do JSON mode (response_format).
JSON_MODE_REJECTED = re.compile(r"response[_ ]?format|json", re.IGNORECASE)
# How many of a server's models an error message names before "and N more".
MAX_MODELS_NAMED = 20

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
OnRetry = Callable[[RetryNotice], None]
Message = dict[str, str]


class _BearerAuth(httpx.Auth):
    """Adds the key per request, so it lives in a SecretStr rather than in the client's default headers."""

    def __init__(self, key: SecretStr) -> None:
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._key.get_secret_value()}"
        yield request


class DeepSeekClient:
    """Chat completions (plain, JSON mode, streamed) and the model list, over one ``httpx.AsyncClient``.

    ``on_retry`` is called just before each pause between attempts, with what failed and how long the pause is.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep | None = None,
        rng: random.Random | None = None,
        on_retry: OnRetry | None = None,
    ) -> None:
        self.settings = settings
        self.provider: Provider = provider_for(settings)
        self.base_url = self.provider.base_url
        self.model = self.provider.model
        self.max_retries = settings.deepseek_max_retries
        self.deadline_s = settings.deepseek_timeout_seconds
        # False once the server has rejected JSON mode: later calls ask for JSON in the prompt alone.
        self.json_mode_supported = True
        self.last_stream_usage: dict[str, Any] | None = None
        self._sleep: Sleep = sleep or asyncio.sleep
        self._rng = rng or random.Random()
        self._on_retry = on_retry
        for secret in settings.secrets():
            register_secret(secret)  # a key the server echoes back is masked in messages, whatever its shape
        hooks = HttpLog(get_paths().http_log_file, settings.secrets()).event_hooks() if settings.log_http else {}
        key = self.provider.api_key
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
        """The request body. Thinking mode (DeepSeek only) is decided here and nowhere else."""
        thinking = self.provider.is_deepseek and self.settings.deepseek_thinking
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": max_tokens + (THINKING_EXTRA_TOKENS if thinking else 0),
            "stream": stream,
        }
        if self.provider.is_deepseek:
            # DeepSeek V4 models think by default, so "off" has to be said explicitly.
            body["thinking"] = {"type": "enabled" if thinking else "disabled"}
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
        self._require_key()
        deadline = self.start_deadline()
        use_json = json_mode and self.json_mode_supported
        body = self.payload(messages, json_mode=use_json, max_tokens=max_tokens, temperature=temperature)
        try:
            response = await self._request("POST", "/chat/completions", body, deadline)
        except InvalidRequestError as exc:
            if not (use_json and self._rejects_json_mode(exc)):
                raise await self._explain_rejection(exc, deadline) from None
            self.json_mode_supported = False
            logger.info("%s rejected JSON mode (%s); asking for JSON in the prompt alone", self.base_url, exc)
            del body["response_format"]
            try:
                response = await self._request("POST", "/chat/completions", body, deadline)
            except InvalidRequestError as again:
                raise await self._explain_rejection(again, deadline) from None
        return parse_chat_reply(response, self.provider.name)

    async def list_models(self) -> list[str]:
        self._require_key()
        return await self._list_models(self.start_deadline())

    async def stream_chat(
        self, messages: list[Message], *, max_tokens: int = 600, temperature: float | None = None
    ) -> AsyncGenerator[str, None]:
        """Text chunks of a streamed completion; ``last_stream_usage`` holds the usage of the final chunk.

        The deadline runs from the call's start, so the whole stream must be over by then; but it only ever
        interrupts this generator's own waits, never the caller's code between two chunks."""
        self._require_key()
        deadline = self.start_deadline()
        body = self.payload(messages, stream=True, max_tokens=max_tokens, temperature=temperature)
        self.last_stream_usage = None
        attempt = 0
        while True:
            attempt += 1
            yielded = False
            response: httpx.Response | None = None
            try:
                async with asyncio.timeout_at(deadline):
                    request = self._http.build_request("POST", "/chat/completions", json=body)
                    response = await self._http.send(request, stream=True)
                if response.is_success:
                    async with aclosing(self._stream_text(response)) as chunks:
                        while True:
                            try:
                                async with asyncio.timeout_at(deadline):
                                    text = await anext(chunks)
                            except StopAsyncIteration:
                                return
                            yielded = True
                            yield text
                async with asyncio.timeout_at(deadline):
                    await response.aread()
                error = error_for_response(response, self.provider)
            except TimeoutError:
                raise self.deadline_error(midstream=yielded) from None
            except CoachApiError as exc:
                error = exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                error = self._transport_error(exc, midstream=yielded)
            finally:
                if response is not None:
                    await response.aclose()
            if yielded:
                raise error  # text already reached the user: never retry, let the caller fall back
            if isinstance(error, InvalidRequestError):
                error = await self._explain_rejection(error, deadline)
            await self._wait_or_raise(error, attempt, deadline)

    # --- the deadline ---

    def start_deadline(self) -> float:
        """The event-loop time by which a call starting now must be over."""
        return asyncio.get_running_loop().time() + self.deadline_s

    def deadline_error(self, *, midstream: bool = False) -> ApiTimeoutError:
        """What a call that ran out of time says: what it waited for, from where, and for how long."""
        what = "the rest of the reply" if midstream else "a complete reply"
        return self.provider.titled(
            ApiTimeoutError(
                f"no complete reply from {self.base_url} within {self.deadline_s:g} s: waited that long for "
                f"{what}, retries included (DEEPSEEK_TIMEOUT_SECONDS). Raise it, or try again later.",
                retryable=False,
            )
        )

    # --- internals ---

    def _require_key(self) -> None:
        if self.provider.needs_key and self.provider.api_key is None:
            raise ApiKeyMissingError(
                "DEEPSEEK_API_KEY is not set. Export it (or set deepseek_api_key in config.toml) to use the "
                "DeepSeek coach; without it the offline coach is used."
            )

    async def _request(self, method: str, path: str, body: dict[str, Any] | None, deadline: float) -> httpx.Response:
        attempt = 0
        while True:
            attempt += 1
            try:
                async with asyncio.timeout_at(deadline):
                    response = await self._http.request(method, path, json=body)
            except TimeoutError:
                raise self.deadline_error() from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                error = self._transport_error(exc)
            else:
                if response.is_success:
                    return response
                error = error_for_response(response, self.provider)
            await self._wait_or_raise(error, attempt, deadline)

    async def _list_models(self, deadline: float) -> list[str]:
        response = await self._request("GET", "/models", None, deadline)
        data = json_body(response, self.provider.name).get("data")
        if not isinstance(data, list):
            raise BadResponseError(f"{self.provider.name} sent a model list without 'data'.")
        return sorted(str(item["id"]) for item in data if isinstance(item, dict) and "id" in item)

    async def _wait_or_raise(self, error: CoachApiError, attempt: int, deadline: float) -> None:
        """Pause before the next attempt, or raise ``error`` when it is final or the pause would pass the deadline."""
        if not error.retryable or attempt > self.max_retries:
            error.note_attempts(attempt)
            raise error
        delay = self.backoff_delay(attempt - 1, error.retry_after)
        left = deadline - asyncio.get_running_loop().time()
        if delay >= left:
            asked = "the server asked to wait" if error.retry_after is not None else "the next attempt would be in"
            error.add_note_to_message(
                f"Not retried: {asked} {delay:.1f} s, past the {self.deadline_s:g} s limit for one AI call "
                "(DEEPSEEK_TIMEOUT_SECONDS)"
            )
            error.note_attempts(attempt)
            raise error
        logger.info("%s attempt %d failed (%s); retrying in %.2fs", self.base_url, attempt, error.message, delay)
        self._notify_retry(RetryNotice(attempt + 1, self.max_retries + 1, delay, error.message))
        try:
            async with asyncio.timeout_at(deadline):
                await self._sleep(delay)
        except TimeoutError:
            raise self.deadline_error() from None

    def _notify_retry(self, notice: RetryNotice) -> None:
        if self._on_retry is None:
            return
        try:
            self._on_retry(notice)
        except Exception:  # a display hook must never break the call it reports on
            logger.exception("the on_retry hook failed")

    def backoff_delay(self, retry_index: int, retry_after: float | None = None) -> float:
        """The server's Retry-After when given (already capped), else exponential backoff with jitter."""
        if retry_after is not None:
            return retry_after
        base: float = self.settings.deepseek_retry_backoff_seconds * (2**retry_index)
        return min(base * self._rng.uniform(1 - JITTER, 1 + JITTER), MAX_BACKOFF_S)

    def _rejects_json_mode(self, error: InvalidRequestError) -> bool:
        """A 400/422 about response_format or JSON from a server that is not DeepSeek (which does JSON mode)."""
        return (
            not self.provider.is_deepseek
            and error.status_code in (400, 422)
            and JSON_MODE_REJECTED.search(error.message) is not None
        )

    async def _explain_rejection(self, error: CoachApiError, deadline: float) -> CoachApiError:
        """A rejected request to an OpenAI-compatible server, checked against its model list: when the model is
        not on it, a ``ModelNotFoundError`` naming the models it has; otherwise ``error`` as it was."""
        if self.provider.is_deepseek or error.status_code not in (400, 404, 422):
            return error
        try:
            models = await self._list_models(deadline)
        except CoachApiError:
            return error  # no usable list (or no time left to get one): the server's own words will do
        if self.model in models:
            return error
        return self.provider.titled(ModelNotFoundError(self._missing_model_message(models), status_code=404))

    def _missing_model_message(self, models: list[str]) -> str:
        p = self.provider
        if not models:
            served = "It lists no models at all"
        else:
            named = ", ".join(models[:MAX_MODELS_NAMED])
            more = f" and {len(models) - MAX_MODELS_NAMED} more" if len(models) > MAX_MODELS_NAMED else ""
            served = f"It lists: {clean_api_message(named)}{more}"
        return (
            f"{p.name} has no model {clean_api_message(self.model)!r} ({p.model_env}). {served}. "
            f"Set {p.model_env} to one of them, or fetch the model first (with Ollama: ollama pull <model>)."
        )

    def _transport_error(self, exc: Exception, *, midstream: bool = False) -> CoachApiError:
        return error_for_transport(
            exc,
            self.provider,
            read_timeout=self.settings.deepseek_timeout_seconds,
            connect_timeout=CONNECT_TIMEOUT_S,
            midstream=midstream,
        )

    async def _stream_text(self, response: httpx.Response) -> AsyncGenerator[str, None]:
        finished = False
        server = self.provider.name
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
                    f"{server} sent a stream chunk that is not JSON: {clean_api_message(payload[:120])}"
                ) from None
            if chunk.error_message is not None:
                raise ServerError(f"{server} reported an error mid-stream: {clean_api_message(chunk.error_message)}")
            if chunk.usage is not None:
                self.last_stream_usage = chunk.usage
            if chunk.finish_reason:
                finished = True
            if chunk.text:
                yield chunk.text
        if not finished:
            raise ConnectionFailedError(f"{self.provider.stream} ended before the reply was complete.")
