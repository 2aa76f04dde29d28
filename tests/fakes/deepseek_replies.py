"""What the fake DeepSeek server sends: scripted ``Reply`` objects, and plausible canned replies.

Canned replies key on the ``TASK:`` line that starts each system prompt in ``interview_coach.llm.prompts``, and
read the rubric and the answer out of their fences, so a canned score quotes real evidence from the answer.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

SUPPORTED_MODELS = ("deepseek-v4-flash", "deepseek-v4-pro", "deepseek-chat", "deepseek-reasoner")
DEFAULT_USAGE = {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}
FEEDBACK_CHUNKS = (
    "Solid structure overall. ",
    "You named the main trade-off clearly; ",
    "next time, close with a concrete example and how you would measure the result.",
)


@dataclass
class Reply:
    """One scripted response. Everything a test may need to provoke in a client."""

    status: int = 200
    body: Any = None  # a dict/list is sent as JSON, str/bytes as they are
    headers: dict[str, str] = field(default_factory=dict)
    blank_lines: int = 0  # keep-alive blank lines before the body (sent chunked, one at a time)
    sse: list[str] | None = None  # server-sent event lines, each sent as its own chunk
    close_after: int | None = None  # close the connection (FIN) after this many SSE lines
    reset_after: int | None = None  # reset the connection (RST) after this many SSE lines
    gate: threading.Event | None = None  # before closing/resetting, wait until the test sets this
    hang: bool = False  # read the request and never answer
    drip_s: float | None = None  # send the headers, then one keep-alive byte every drip_s seconds, for ever

    @classmethod
    def chat(cls, content: str | None, *, usage: dict[str, int] | None = None, blank_lines: int = 0) -> Reply:
        return cls(body=completion(content, usage=usage), blank_lines=blank_lines)

    @classmethod
    def error(
        cls, status: int, message: str, *, headers: dict[str, str] | None = None, kind: str = "api_error"
    ) -> Reply:
        body = {"error": {"message": message, "type": kind, "param": None, "code": kind}}
        return cls(status=status, body=body, headers=headers or {})

    @classmethod
    def stream(
        cls,
        chunks: list[str] | tuple[str, ...] = FEEDBACK_CHUNKS,
        *,
        usage: dict[str, int] | None = None,
        keepalive: bool = True,
        space: bool = True,
        done: bool = True,
        **options: Any,
    ) -> Reply:
        return cls(sse=sse_lines(chunks, usage=usage, keepalive=keepalive, space=space, done=done), **options)


def completion(
    content: str | None, *, usage: dict[str, int] | None = None, model: str = SUPPORTED_MODELS[0]
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": usage or DEFAULT_USAGE,
    }


def _chunk(delta: dict[str, Any], finish: str | None = None, usage: dict[str, int] | None = None) -> str:
    body: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": SUPPORTED_MODELS[0],
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    if usage is not None:
        body["usage"] = usage
    return json.dumps(body)


def sse_lines(
    chunks: list[str] | tuple[str, ...],
    *,
    usage: dict[str, int] | None = None,
    keepalive: bool = True,
    space: bool = True,
    done: bool = True,
) -> list[str]:
    """The lines of a streamed completion as DeepSeek sends them, keep-alives included."""
    prefix = "data: " if space else "data:"
    lines = [": keep-alive", "", ""] if keepalive else []
    lines += [prefix + _chunk({"role": "assistant", "content": ""}), ""]
    for index, text in enumerate(chunks):
        lines += [prefix + _chunk({"content": text}), ""]
        if keepalive and index == 0:
            lines += [": keep-alive", ""]
    lines += [prefix + _chunk({}, finish="stop", usage=usage or DEFAULT_USAGE), ""]
    if done:
        lines += [prefix + "[DONE]", ""]
    return lines


def _fenced(text: str, name: str) -> str | None:
    match = re.search(rf"<{name}>\n(.*?)\n</{name}>", text, re.DOTALL)
    return match.group(1) if match else None


def _find_term(answer: str, terms: list[str]) -> str | None:
    lowered = answer.lower()
    for term in terms:
        index = lowered.find(term.lower())
        if index != -1:
            return answer[index : index + len(term)]
    return None


def canned_score(user: str) -> dict[str, Any]:
    rubric = json.loads(_fenced(user, "rubric") or "[]")
    answer = _fenced(user, "candidate_answer") or ""
    criteria: list[dict[str, Any]] = []
    met: list[str] = []
    missed: list[str] = []
    weighted = total = 0.0
    for criterion in rubric:
        quote = _find_term(answer, criterion.get("key_terms", []))
        score = 0.9 if quote else 0.0
        criteria.append({"id": criterion["id"], "score": score, "evidence": quote or ""})
        (met if quote else missed).append(criterion["id"])
        weighted += criterion.get("weight", 1.0) * score
        total += criterion.get("weight", 1.0)
    overall = round(100 * weighted / total) if total else 0
    return {
        "criteria": criteria,
        "overall": overall,
        "feedback": f"Covered: {', '.join(met) or 'nothing yet'}. Missing: {', '.join(missed) or 'nothing'}.",
        "strengths": [f"covered {cid}" for cid in met][:3] or ["attempted the question"],
        "improvements": [f"address {cid}" for cid in missed][:3],
    }


def canned_follow_up(user: str) -> str:
    rubric = json.loads(_fenced(user, "rubric") or "[]")
    answer = _fenced(user, "candidate_answer") or ""
    for criterion in rubric:
        if not _find_term(answer, criterion.get("key_terms", [])):
            return f"Could you go deeper on this point: {criterion['description'].rstrip('.').lower()}?"
    return "NO_FOLLOW_UP"


def canned_summary(user: str) -> dict[str, Any]:
    rows = json.loads(_fenced(user, "evaluations") or "[]")
    scores: dict[str, list[float]] = {}
    for row in rows:
        for competency in row.get("competencies", []):
            scores.setdefault(competency, []).append(float(row.get("overall", 0)))
    return {
        "strengths": ["clear structure in most answers"],
        "weaknesses": ["trade-offs were named but rarely quantified"],
        "next_steps": ["practise closing each answer with a measurable result"],
        "competency_scores": {k: round(sum(v) / len(v)) for k, v in scores.items()},
        "overall": round(sum(r.get("overall", 0) for r in rows) / len(rows)) if rows else 0,
    }


def canned_chat(request_body: dict[str, Any]) -> str:
    """The content of a non-streamed completion for one of our prompts; "ok" for anything else."""
    messages = request_body.get("messages") or [{}]
    system = next((m.get("content", "") for m in messages if m.get("role") == "system"), "")
    # The first user message holds the fenced question data (a repair turn appends more messages after it).
    user = next((m.get("content", "") for m in messages if m.get("role") == "user"), "")
    task = re.match(r"TASK: (\w+)", system)
    name = task.group(1) if task else ""
    if name == "score":
        return json.dumps(canned_score(user))
    if name == "summary":
        return json.dumps(canned_summary(user))
    if name == "follow_up":
        return canned_follow_up(user)
    if name == "feedback":
        return "".join(FEEDBACK_CHUNKS)
    return "ok"
