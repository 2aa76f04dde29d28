"""``INTERVIEW_COACH_LOG_HTTP=1``: append every DeepSeek request and response to ``http.log`` in the data dir.

It works through httpx event hooks, as llm does, so the client code stays free of logging calls. The
Authorization header is replaced before anything is written. Every line also passes ``redact``, which masks the
configured keys and anything shaped like a key, so a key echoed in a body cannot leak either.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import httpx

from interview_coach.logging_setup import redact

MAX_BODY_CHARS = 4000
_MASKED_HEADERS = {"authorization", "xi-api-key", "cookie", "set-cookie"}

EventHook = Callable[..., Awaitable[None]]


class HttpLog:
    """Writes request/response records to one file; a write failure never breaks a request."""

    def __init__(self, path: Path, secrets: Iterable[str] = ()) -> None:
        self.path = path
        self._secrets = [s for s in secrets if s]

    def event_hooks(self) -> dict[str, list[EventHook]]:
        return {"request": [self.on_request], "response": [self.on_response]}

    async def on_request(self, request: httpx.Request) -> None:
        body = request.content.decode("utf-8", errors="replace") if request.content else ""
        self._write(f">>> {request.method} {request.url}\n{_headers(request.headers)}\n{_shorten(_pretty(body))}")

    async def on_response(self, response: httpx.Response) -> None:
        content_type = response.headers.get("content-type", "")
        if "text/event-stream" in content_type:
            body = "(server-sent events; not logged)"
        else:
            # Reading here is what the httpx docs recommend for hooks; the body stays cached for the caller.
            await response.aread()
            body = _shorten(_pretty(response.text.strip()))
        request = response.request
        self._write(f"<<< {response.status_code} {request.method} {request.url}\n{_headers(response.headers)}\n{body}")

    def _write(self, record: str) -> None:
        text = record
        for secret in self._secrets:
            text = text.replace(secret, "****")
        stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {stamp}\n{redact(text)}\n")
        except OSError:
            pass  # logging is a debugging aid: a read-only data dir must not stop the coach


def _headers(headers: httpx.Headers) -> str:
    lines = []
    for name, value in headers.multi_items():
        shown = "****" if name.lower() in _MASKED_HEADERS else value
        lines.append(f"{name}: {shown}")
    return "\n".join(lines)


def _pretty(body: str) -> str:
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body


def _shorten(text: str) -> str:
    if len(text) <= MAX_BODY_CHARS:
        return text
    return text[:MAX_BODY_CHARS] + f"\n… ({len(text) - MAX_BODY_CHARS} more characters)"
