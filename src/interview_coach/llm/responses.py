"""Turning HTTP outcomes into values or typed errors: status codes, transport failures, Retry-After, bodies."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from interview_coach.llm.errors import (
    ApiTimeoutError,
    AuthError,
    BadResponseError,
    CoachApiError,
    ConnectionFailedError,
    InsufficientBalanceError,
    InvalidRequestError,
    RateLimitedError,
    ServerError,
    clean_api_message,
)
from interview_coach.llm.provider import Provider

# A server asking us to wait longer than this gets this; the offline fallback is better than a frozen coach.
MAX_RETRY_AFTER_S = 30.0
KEYS_PAGE = "https://platform.deepseek.com/api_keys"
TOP_UP_PAGE = "https://platform.deepseek.com/top_up"


@dataclass
class ChatReply:
    content: str
    finish_reason: str | None = None
    usage: dict[str, Any] | None = None
    model: str | None = None


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date), clamped to 0..MAX_RETRY_AFTER_S."""
    seconds: float | None = None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            seconds = float(millis) / 1000
        except ValueError:
            seconds = None
    value = headers.get("retry-after")
    if seconds is None and value:
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            seconds = (when - datetime.now(UTC)).total_seconds()
    if seconds is None or math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def api_message(response: httpx.Response) -> str:
    """The API's own explanation: ``error.message`` of an OpenAI-style body, else the text, else the reason."""
    text = response.text.strip()
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            return clean_api_message(str(error["message"]))
        for key in ("message", "detail", "error"):
            if isinstance(body.get(key), str) and body[key]:
                return clean_api_message(body[key])
    return clean_api_message(text) if text else (response.reason_phrase or "no details")


def error_for_response(response: httpx.Response, provider: Provider) -> CoachApiError:
    """The typed error for a non-2xx response, in words that name the provider's server and settings."""
    return provider.titled(_error_for_response(response, provider))


def _error_for_response(response: httpx.Response, p: Provider) -> CoachApiError:
    status = response.status_code
    detail = api_message(response).rstrip(". ")  # messages below add their own full stop
    wait = retry_after_seconds(response.headers)
    if status in (401, 403):
        if p.is_deepseek:
            message = (
                f"DEEPSEEK_API_KEY is invalid: {detail} (HTTP {status}). Check the key at {KEYS_PAGE}, "
                "or unset it to use the offline coach."
            )
        elif p.api_key is None:
            message = f"{p.name} wants a key: {detail} (HTTP {status}). Set {p.key_env}."
        else:
            message = f"{p.name} refused {p.key_env}: {detail} (HTTP {status}). Check the key."
        return AuthError(message, status_code=status)
    if status == 402:
        if p.is_deepseek:
            message = (
                f"the DeepSeek account has insufficient balance: {detail} (HTTP 402). Top up at {TOP_UP_PAGE}, "
                "or unset DEEPSEEK_API_KEY to use the offline coach."
            )
        else:
            message = f"{p.name} asks for payment: {detail} (HTTP 402). Check your account there."
        return InsufficientBalanceError(message, status_code=status)
    if status in (400, 422):
        return InvalidRequestError(
            f"{p.name} rejected the request (HTTP {status}): {detail}. "
            f"Check {p.model_env} (now {p.model!r}) and the other {p.settings_prefix} settings.",
            status_code=status,
        )
    if status == 404:
        endpoint = "DeepSeek endpoint not found (HTTP 404) at" if p.is_deepseek else "no API endpoint (HTTP 404) at"
        return InvalidRequestError(
            f"{endpoint} {response.request.url}: {detail}. Check {p.base_url_env} (now {p.base_url!r}){_v1_hint(p)}.",
            status_code=status,
        )
    if status == 429:
        return RateLimitedError(
            f"{_rate_limit(p)} (HTTP 429): {detail}. Wait a little and try again.",
            status_code=status,
            retry_after=wait,
        )
    if status == 408:
        return ApiTimeoutError(f"{p.name} timed out the request (HTTP 408): {detail}.", status_code=status)
    if status == 409 or status >= 500:
        return ServerError(
            f"{_server_error(p)} (HTTP {status}): {detail}" + _try_again(detail),
            status_code=status,
            retry_after=wait,
        )
    return InvalidRequestError(
        f"unexpected HTTP {status} from {'DeepSeek at ' if p.is_deepseek else ''}{response.request.url}: {detail}. "
        f"Check {p.base_url_env} (now {p.base_url!r}).",
        status_code=status,
    )


def error_for_transport(
    exc: Exception, provider: Provider, *, read_timeout: float, connect_timeout: float, midstream: bool = False
) -> CoachApiError:
    return provider.titled(
        _error_for_transport(
            exc, provider, read_timeout=read_timeout, connect_timeout=connect_timeout, midstream=midstream
        )
    )


def _error_for_transport(
    exc: Exception, p: Provider, *, read_timeout: float, connect_timeout: float, midstream: bool
) -> CoachApiError:
    reason = clean_api_message(str(exc)) or type(exc).__name__
    running = "" if p.is_deepseek else " Is the server running?"
    if isinstance(exc, httpx.ConnectTimeout):
        return ApiTimeoutError(
            f"could not connect to {p.at} within {connect_timeout:g}s.{running} Check your network or {p.base_url_env}."
        )
    if isinstance(exc, httpx.TimeoutException):
        where = "sent nothing for" if midstream else "did not answer within"
        # Not retried: the user has already waited the whole timeout, and each retry would add as much again
        # (45 s x 3 attempts by default) while the offline coach can answer at once.
        return ApiTimeoutError(
            f"{p.name} {where} {read_timeout:g}s (DEEPSEEK_TIMEOUT_SECONDS). Raise it, or try again later.",
            retryable=False,
        )
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return ConnectionFailedError(
            f"{p.base_url_env} {p.base_url!r} is not a usable http(s) URL ({reason}). Set it to e.g. {p.example_url}.",
            retryable=False,
        )
    if midstream:
        return ConnectionFailedError(f"{p.stream} broke off: {reason}.")
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        return ConnectionFailedError(f"cannot reach {p.at}: {reason}.{running} Check your network or {p.base_url_env}.")
    return ConnectionFailedError(f"the request to {p.at} failed: {reason}.", retryable=False)


def json_body(response: httpx.Response, server: str = "DeepSeek") -> dict[str, Any]:
    """The JSON object of a 200 response. Blank keep-alive lines DeepSeek sends under load come first: strip."""
    text = response.text.strip()
    if not text:
        raise BadResponseError(f"{server} sent an empty response body.")
    try:
        body = json.loads(text)
    except ValueError:
        raise BadResponseError(f"{server} sent a response that is not JSON: {clean_api_message(text[:120])}") from None
    if not isinstance(body, dict):
        raise BadResponseError(f"{server} sent a JSON response that is not an object.")
    return body


def parse_chat_reply(response: httpx.Response, server: str = "DeepSeek") -> ChatReply:
    body = json_body(response, server)
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise BadResponseError(f"{server} sent a chat completion without choices.")
    choice = choices[0]
    message = choice.get("message")
    content = message.get("content") if isinstance(message, dict) else None
    usage = body.get("usage")
    return ChatReply(
        content=content if isinstance(content, str) else "",
        finish_reason=choice.get("finish_reason") if isinstance(choice.get("finish_reason"), str) else None,
        usage=usage if isinstance(usage, dict) else None,
        model=body.get("model") if isinstance(body.get("model"), str) else None,
    )


def _rate_limit(p: Provider) -> str:
    return "DeepSeek rate limit reached" if p.is_deepseek else f"rate limit reached at {p.name}"


def _server_error(p: Provider) -> str:
    return "DeepSeek server error" if p.is_deepseek else f"server error at {p.name}"


def _v1_hint(p: Provider) -> str:
    """Local servers serve the OpenAI API under /v1; a base URL without it is the usual mistake."""
    if p.is_deepseek or p.base_url.endswith("/v1"):
        return ""
    return "; Ollama, llama.cpp and LM Studio serve it under /v1, e.g. " + p.example_url


def _try_again(detail: str) -> str:
    """'. Try again later.' unless the server's own message already says so."""
    return "." if "try again" in detail.lower() else ". Try again later."
