"""Server-sent events as DeepSeek sends them, one line at a time.

DeepSeek writes ``data: {json}`` lines (some OpenAI-compatible servers omit the space), ``: keep-alive``
comments and blank keep-alive lines while the model is busy, and ends with ``data: [DONE]``. Usage arrives on the
last JSON chunk when ``stream_options.include_usage`` is set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

DONE = "[DONE]"


@dataclass
class StreamChunk:
    text: str = ""
    usage: dict[str, Any] | None = None
    finish_reason: str | None = None
    error_message: str | None = None


def data_payload(line: str) -> str | None:
    """The payload of a ``data:`` line; None for comments, blank keep-alive lines and other SSE fields."""
    if not line.startswith("data:"):
        return None  # "", ": keep-alive", "event: ...", "id: ...", "retry: ..."
    return line[len("data:") :].strip()


def parse_chunk(payload: str) -> StreamChunk:
    """Decode one ``data:`` payload. Raises ValueError for anything that is not a chunk object."""
    value = json.loads(payload)
    if not isinstance(value, dict):
        raise ValueError("a stream chunk is not a JSON object")
    error = value.get("error")
    if error is not None:
        message = error.get("message") if isinstance(error, dict) else error
        return StreamChunk(error_message=str(message))
    chunk = StreamChunk()
    usage = value.get("usage")
    if isinstance(usage, dict):
        chunk.usage = usage
    choices = value.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        choice = choices[0]
        delta = choice.get("delta")
        if isinstance(delta, dict):
            # Thinking mode streams `reasoning_content` first; only `content` is meant for the user.
            content = delta.get("content")
            if isinstance(content, str):
                chunk.text = content
        reason = choice.get("finish_reason")
        if isinstance(reason, str):
            chunk.finish_reason = reason
    return chunk
