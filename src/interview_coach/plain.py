"""The plain, line-based interview: for pipes, scripts, CI, screen readers and dumb terminals.

An answer is the lines up to one holding only ``.`` (or EOF). A line holding only ``/hint``, ``/skip``,
``/repeat`` or ``/quit`` does that. ``--json`` prints one JSON object per event instead of prose.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from interview_coach.domain.interview import AnswerTiming, InterviewEngine, Prompt
from interview_coach.domain.models import Evaluation, SessionSummary, TurnKind
from interview_coach.domain.ports import Speaker

COMMANDS = ("/hint", "/skip", "/repeat", "/quit")


@dataclass
class PlainIO:
    stdin: IO[str]
    stdout: IO[str]
    json_events: bool = False
    speaker: Speaker | None = None
    monotonic: Callable[[], float] = field(default=time.monotonic)


class PlainInterview:
    def __init__(self, engine: InterviewEngine, io: PlainIO) -> None:
        self.engine, self.io = engine, io

    # ----- output -----
    def _emit(self, event: str, human: str, **data: Any) -> None:
        if self.io.json_events:
            payload = {"event": event, "session_id": self.engine.session.id, **data}
            self.io.stdout.write(json.dumps(payload, default=str) + "\n")
        elif human:
            self.io.stdout.write(human.rstrip("\n") + "\n")
        self.io.stdout.flush()

    async def _show_prompt(self, prompt: Prompt) -> None:
        q = prompt.question
        if prompt.kind is TurnKind.FOLLOW_UP:
            header = "Follow-up"
        elif prompt.warmup:
            header = "Warm-up"
        else:
            header = f"Question {prompt.number}/{prompt.total}"
        detail = f"{q.type}, difficulty {prompt.difficulty}, {', '.join(q.competencies)}"
        limit = f", time limit {prompt.time_limit_s}s" if prompt.time_limit_s else ""
        text = (
            f"\n== {header} ({detail}{limit}) [{q.id}]\n{prompt.text}\n"
            "(Answer, then a line with only '.'. Commands: /hint /skip /repeat /quit)"
        )
        event = "follow_up" if prompt.kind is TurnKind.FOLLOW_UP else "question"
        self._emit(
            event,
            text,
            question_id=q.id,
            text=prompt.text,
            number=prompt.number,
            total=prompt.total,
            warmup=prompt.warmup,
            difficulty=prompt.difficulty,
            type=str(q.type),
            competencies=q.competencies,
            time_limit_s=prompt.time_limit_s,
            hints_left=prompt.hints_left,
        )
        if self.io.speaker is not None:
            await self.io.speaker.speak(prompt.text)

    def _show_feedback(self, evaluation: Evaluation, feedback: str, prompt: Prompt) -> None:
        reference = prompt.question.reference_answer if prompt.kind is TurnKind.QUESTION else None
        show_now = self.engine.options.feedback == "now"
        lines = [f"-- Score: {evaluation.overall:.0f}/100 (scored by {evaluation.scored_by})"]
        if show_now:
            lines.append(feedback)
            if reference:
                lines.append(f"Reference answer: {reference}")
        self._emit(
            "feedback",
            "\n".join(lines),
            question_id=evaluation.question_id,
            score=evaluation.overall,
            scored_by=evaluation.scored_by,
            met=evaluation.met,
            missed=evaluation.missed,
            feedback=feedback if show_now else None,
            reference_answer=reference if show_now else None,
        )

    def _show_summary(self, summary: SessionSummary) -> None:
        session = self.engine.session
        lines = ["", "== Summary", f"Overall: {summary.overall if summary.overall is not None else '-'}"]
        if summary.competency_scores:
            lines.append("By competency: " + ", ".join(f"{k} {v:.0f}" for k, v in summary.competency_scores.items()))
        lines += [f"Strength: {s}" for s in summary.strengths]
        lines += [f"To work on: {w}" for w in summary.weaknesses]
        lines += [f"Next step: {n}" for n in summary.next_steps]
        lines.append(f"Difficulty path: {' -> '.join(map(str, session.difficulty_path)) or '-'}")
        lines.append(f"Session {session.id} saved. Export it: interview-coach export {session.id} --format md")
        self._emit(
            "summary",
            "\n".join(lines),
            summary=summary.model_dump(mode="json"),
            difficulty_path=session.difficulty_path,
        )

    # ----- input -----
    async def _read_answer(self, prompt: Prompt) -> tuple[str, str | None, AnswerTiming]:
        """Lines up to '.', or a command. Returns (text, command, timing); command is None for a real answer."""
        shown = self.io.monotonic()
        first_key: float | None = None
        lines: list[str] = []
        while True:
            line = await asyncio.to_thread(self.io.stdin.readline)
            if first_key is None and line:
                first_key = self.io.monotonic()
            if line == "":
                command = None if "".join(lines).strip() else "/eof"
                return "\n".join(lines), command, AnswerTiming(shown, first_key, self.io.monotonic())
            stripped = line.strip()
            if stripped == ".":
                return "\n".join(lines), None, AnswerTiming(shown, first_key, self.io.monotonic())
            if stripped in COMMANDS and not lines:
                return "", stripped, AnswerTiming(shown, first_key, self.io.monotonic())
            lines.append(line.rstrip("\n"))

    # ----- the loop -----
    async def run(self) -> int:
        session = self.engine.session
        self._emit(
            "session",
            f"Session {session.id} - track {session.track} - coach: {self.engine.coach.health().label}",
            track=session.track,
            mode=str(session.mode),
            coach=self.engine.coach.health().label,
        )
        prompt = self.engine.current
        if prompt is not None:
            await self._show_prompt(prompt)
        while prompt is not None:
            text, command, timing = await self._read_answer(prompt)
            if command == "/hint":
                hint = await self.engine.hint()
                self._emit("hint", f"Hint: {hint}" if hint else "No hints left for this question.", hint=hint)
                continue
            if command == "/repeat":
                await self._show_prompt(prompt)
                continue
            if command in ("/quit", "/eof"):
                return self._paused()
            if command == "/skip":
                result = await self.engine.skip()
            else:
                result = await self.engine.submit(text, timing)
            self._show_feedback(result.evaluation, result.feedback, prompt)
            prompt = result.next_prompt
            if prompt is not None:
                await self._show_prompt(prompt)
        summary = await self.engine.finish()
        self._show_summary(summary)
        return 0

    def _paused(self) -> int:
        session_id = self.engine.session.id
        self._emit(
            "paused",
            f"\nSession {session_id} saved as in progress. Resume it with:\n"
            f"  interview-coach start --resume {session_id}",
            resume=f"interview-coach start --resume {session_id}",
        )
        return 0
