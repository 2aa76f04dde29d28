"""A fake DeepSeek API: a small asyncio HTTP/1.1 server on 127.0.0.1.

In tests, the ``fake_deepseek`` fixture (``tests/fakes/conftest_plugin.py``) runs one per test in a background
thread (so sync tests, CliRunner and ``asyncio.run`` can all reach it). Queue replies with
``server.script(Reply(...))``; a request with nothing scripted gets a plausible canned reply. Every request is
recorded in ``server.requests``.

Standalone, for the end-to-end tmux test (prints one ``listening on URL`` line, then serves until killed)::

    python -m tests.fakes.deepseek_server --port 8765 [--fail-after K] [--api-key KEY]

``--fail-after K`` answers 503 to every chat completion after the first K, so the app's fallback shows;
``--fail-count N`` limits that to N failures, after which the server recovers. ``--drip S`` answers every request
with headers and then a keep-alive byte every S seconds, for ever (a call must give up at its deadline).
``--models a,b`` sets the models it serves (e.g. ``llama3.2:3b``, to stand in for a local OpenAI-compatible
server, which needs no key when ``--api-key`` is not given), and ``--no-json-mode`` makes it refuse
``response_format`` the way some local servers do.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import socket
import struct
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from .deepseek_replies import SUPPORTED_MODELS, Reply, canned_chat, sse_lines

GATE_POLL_S = 0.01


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class FakeDeepSeek:
    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        fail_after: int | None = None,
        fail_count: int | None = None,
        models: tuple[str, ...] = SUPPORTED_MODELS,
        drip_s: float | None = None,
        json_mode: bool = True,
    ) -> None:
        self.host = host
        self.port = port
        self.api_key = api_key
        self.fail_after = fail_after
        self.fail_count = fail_count  # how many requests fail after fail_after; None = all of them
        self.models = models
        self.drip_s = drip_s  # every request gets headers, then a keep-alive byte every drip_s seconds, for ever
        self.json_mode = json_mode  # False: a chat request with response_format gets 400, as some servers do
        self.requests: list[RecordedRequest] = []
        self.chat_requests = 0
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._handlers: set[asyncio.Task[Any]] = set()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def script(self, *replies: Reply) -> None:
        """Queue replies, used in order by the next requests (of any path)."""
        with self._lock:
            self._script.extend(replies)

    # --- running in a thread (tests) ---

    def start(self) -> FakeDeepSeek:
        ready = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self.serve(ready.set)), daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fake DeepSeek server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
        if self._thread is not None:
            self._thread.join(10)

    # --- the server ---

    async def serve(self, ready: Callable[[], None] | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        server = await asyncio.start_server(self._handle, self.host, self.port)
        self.port = server.sockets[0].getsockname()[1]
        if ready is not None:
            ready()
        try:
            await self._stopping.wait()
        finally:
            server.close()
            for task in list(self._handlers):
                task.cancel()
            await asyncio.gather(*self._handlers, return_exceptions=True)
            await server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    break
                with self._lock:
                    self.requests.append(request)
                    reply = self._script.popleft() if self._script else None
                if not await self._send(writer, reply or self._default_reply(request)):
                    return
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            self._handlers.discard(task)
            with contextlib.suppress(Exception):
                writer.close()

    def _default_reply(self, request: RecordedRequest) -> Reply:
        if self.drip_s is not None:
            return Reply(drip_s=self.drip_s)
        if self.api_key is not None and request.headers.get("authorization") != f"Bearer {self.api_key}":
            return Reply.error(
                401, "Authentication Fails, Your api key: ****xxxx is invalid", kind="authentication_error"
            )
        path = request.path.removeprefix("/v1")
        if request.method == "GET" and path == "/models":
            data = [{"id": m, "object": "model", "owned_by": "deepseek"} for m in self.models]
            return Reply(body={"object": "list", "data": data})
        if request.method != "POST" or path != "/chat/completions":
            return Reply.error(404, f"Not Found: {request.method} {request.path}", kind="not_found")
        body = request.json() or {}
        if not self.json_mode and "response_format" in body:
            return Reply.error(400, "response_format is not supported by this server", kind="invalid_request_error")
        if body.get("model") not in self.models:
            names = ", ".join(self.models)
            return Reply.error(
                400,
                f"Model Not Exist. The supported model names are {names}.",
                kind="invalid_request_error",
            )
        with self._lock:
            self.chat_requests += 1
            failing = self.fail_after is not None and self.chat_requests > self.fail_after
            if failing and self.fail_count is not None:
                failing = self.chat_requests <= self.fail_after + self.fail_count
        if failing:
            return Reply.error(503, "Server overloaded, please try again later.", kind="server_error")
        if body.get("stream"):
            return Reply(sse=sse_lines(tuple(_split(canned_chat(body)))))
        return Reply.chat(canned_chat(body))

    async def _send(self, writer: asyncio.StreamWriter, reply: Reply) -> bool:
        """Write one response; False when the connection must not be reused."""
        assert self._stopping is not None
        if reply.hang:
            await self._stopping.wait()
            return False
        streaming = reply.sse is not None or reply.blank_lines > 0 or reply.drip_s is not None
        if reply.sse is not None:
            content_type, body = "text/event-stream; charset=utf-8", b""
        elif isinstance(reply.body, dict | list):
            content_type, body = "application/json", json.dumps(reply.body).encode()
        elif isinstance(reply.body, str):
            content_type, body = "application/json", reply.body.encode()
        else:
            content_type, body = "application/json", reply.body or b""
        headers = {"Content-Type": content_type, **reply.headers}
        headers["Transfer-Encoding" if streaming else "Content-Length"] = "chunked" if streaming else str(len(body))
        try:
            phrase = HTTPStatus(reply.status).phrase
        except ValueError:
            phrase = "Unknown"
        head = f"HTTP/1.1 {reply.status} {phrase}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        writer.write((head + "\r\n").encode("latin-1"))
        if not streaming:
            writer.write(body)
            await writer.drain()
            return True
        for _ in range(reply.blank_lines):
            await _write_chunk(writer, b"\n")
        if reply.drip_s is not None:
            await self._drip(writer, reply.drip_s)
            return False
        for index, line in enumerate(reply.sse or []):
            if index in (reply.close_after, reply.reset_after):
                await self._wait_gate(reply)
                _break_connection(writer, reset=index == reply.reset_after)
                return False
            await _write_chunk(writer, (line + "\n").encode())
        if body:
            await _write_chunk(writer, body)
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        return True

    async def _drip(self, writer: asyncio.StreamWriter, interval: float) -> None:
        """One keep-alive byte every ``interval`` seconds until the server stops or the client hangs up."""
        assert self._stopping is not None
        while not self._stopping.is_set():
            await _write_chunk(writer, b"\n")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), interval)

    async def _wait_gate(self, reply: Reply) -> None:
        assert self._stopping is not None
        while reply.gate is not None and not reply.gate.is_set() and not self._stopping.is_set():
            await asyncio.sleep(GATE_POLL_S)


async def _read_request(reader: asyncio.StreamReader) -> RecordedRequest | None:
    line = await reader.readline()
    if not line.strip():
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while True:
        raw = await reader.readline()
        if raw in (b"\r\n", b"\n", b""):
            break
        name, _, value = raw.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length") or 0)
    body = await reader.readexactly(length) if length else b""
    return RecordedRequest(method=method, path=target.split("?")[0], headers=headers, body=body)


async def _write_chunk(writer: asyncio.StreamWriter, data: bytes) -> None:
    writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
    await writer.drain()


def _break_connection(writer: asyncio.StreamWriter, *, reset: bool) -> None:
    if reset:
        sock = writer.get_extra_info("socket")
        if sock is not None:  # SO_LINGER 0: close() sends RST instead of FIN
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()
    else:
        writer.close()


def _split(text: str) -> list[str]:
    """Stream a canned reply a few words at a time."""
    words = text.split(" ")
    return [" ".join(words[i : i + 4]) + (" " if i + 4 < len(words) else "") for i in range(0, len(words), 4)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A fake DeepSeek API for tests.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (printed on start)")
    parser.add_argument("--fail-after", type=int, default=None, help="503 every chat completion after K")
    parser.add_argument("--fail-count", type=int, default=None, help="with --fail-after: fail only N, then recover")
    parser.add_argument("--api-key", default=None, help="require this bearer key (401 otherwise)")
    parser.add_argument("--drip", type=float, default=None, help="headers, then a byte every DRIP s, for ever")
    parser.add_argument("--models", default=None, help="comma-separated models served (default: DeepSeek's)")
    parser.add_argument("--no-json-mode", action="store_true", help="refuse response_format with a 400")
    args = parser.parse_args(argv)
    models = tuple(m.strip() for m in args.models.split(",") if m.strip()) if args.models else SUPPORTED_MODELS
    server = FakeDeepSeek(
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        fail_after=args.fail_after,
        fail_count=args.fail_count,
        models=models,
        drip_s=args.drip,
        json_mode=not args.no_json_mode,
    )

    async def run() -> None:
        def on_ready() -> None:
            assert server._stopping is not None
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, server._stopping.set)
            print(f"fake-deepseek listening on {server.url}", flush=True)

        await server.serve(on_ready)

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
