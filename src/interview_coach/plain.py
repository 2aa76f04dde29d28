"""The plain, line-based interview: for pipes, scripts, CI, screen readers and dumb terminals.

An answer is the lines up to one holding only ``.`` (or EOF). A line holding only ``/hint``, ``/skip``,
``/repeat`` or ``/quit`` does that; ``/offline`` uses the offline coach for the rest of the session. ``--json``
prints one JSON object per event instead of prose.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from interview_coach.domain.delivery import DeliveryMetrics
from interview_coach.domain.explain import scored_by_label
from interview_coach.domain.inert import inert
from interview_coach.domain.interview import AnswerTiming, InterviewEngine, Prompt
from interview_coach.domain.models import Evaluation, SessionSummary, TurnKind
from interview_coach.domain.ports import RetryNotice, Speaker
from interview_coach.domain.story_advisor import StoryAdvisor
from interview_coach.drafts import Drafts
from interview_coach.plain_stories import handle_save_command, handle_story_command, report_told, suggestion_fields
from interview_coach.plain_voice import SpokenInput, show_delivery

COMMANDS = ("/hint", "/skip", "/repeat", "/offline", "/quit")


@dataclass
class PlainIO:
    stdin: IO[str]
    stdout: IO[str]
    json_events: bool = False
    speaker: Speaker | None = None
    monotonic: Callable[[], float] = field(default=time.monotonic)
    coach_label: str | None = None
    """How to name the coach in the header (the TUI's words, e.g. why it is offline); default: its health label."""
    drafts: Drafts | None = None
    """Where an answer left unfinished by /quit is kept (shared with the TUI); None keeps no drafts (tests)."""
    stories: StoryAdvisor | None = None
    """The story bank (see plain_stories.py); None: no suggestions and no /story."""
    spoken: SpokenInput | None = None
    """Answers from speech (``--answer-audio DIR`` or ``--talk``); None reads typed answers from stdin."""


class PlainInterview:
    def __init__(self, engine: InterviewEngine, io: PlainIO) -> None:
        self.engine, self.io = engine, io
        self._held: list[tuple[Prompt, Evaluation, str, str | None]] = []
        self._fallback_active = engine.coach.health().fallback_active
        self._lines: asyncio.Queue[str] | None = None
        self._eof = False
        listeners = getattr(engine.coach, "retry_listeners", None)
        if isinstance(listeners, list):
            listeners.append(self._retrying)

    def _retrying(self, notice: RetryNotice) -> None:
        """The AI call is being retried: say so on stderr (stdout stays the interview), or as a JSON event."""
        line = f"AI retrying {notice.attempt}/{notice.max_attempts} in {notice.delay_s:.1f} s: {notice.reason}"
        if self.io.json_events:
            self._emit(
                "retry",
                "",
                attempt=notice.attempt,
                max_attempts=notice.max_attempts,
                delay_s=round(notice.delay_s, 2),
                reason=notice.reason,
            )
        else:
            sys.stderr.write(inert(line) + "\n")
            sys.stderr.flush()

    # ----- output -----
    def _emit(self, event: str, human: str, **data: Any) -> None:
        if self.io.json_events:
            payload = {"event": event, "session_id": self.engine.session.id, **data}
            self.io.stdout.write(json.dumps(payload, default=str) + "\n")  # JSON escapes control characters
        elif human:
            self.io.stdout.write(inert(human).rstrip("\n") + "\n")
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
        why = f"Why this question: {prompt.why}\n" if prompt.why and prompt.kind is not TurnKind.FOLLOW_UP else ""
        text = (
            f"\n== {header} ({detail}{limit}) [{q.id}]\n{why}{prompt.text}\n"
            "(Answer, then a line with only '.'. Commands: /hint /skip /repeat /offline /quit)"
        )
        event = "follow_up" if prompt.kind is TurnKind.FOLLOW_UP else "question"
        story_text, story_fields = suggestion_fields(self.io.stories, prompt)
        self._emit(
            event,
            f"{text}\n{story_text}" if story_text else text,
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
            tags=q.tags,
            why=prompt.why,
            **story_fields,
        )
        if self.io.speaker is not None:
            await self.io.speaker.speak(prompt.text)

    def _show_feedback(self, evaluation: Evaluation, feedback: str, prompt: Prompt, next_prompt: Prompt | None) -> None:
        # The reference answer waits until the question's follow-ups are done: it would answer them first.
        follow_up_next = next_prompt is not None and next_prompt.kind is TurnKind.FOLLOW_UP
        reference = None if follow_up_next else prompt.question.reference_answer
        if self.engine.options.feedback == "end":
            # Scores and feedback wait for the end, as asked; they are printed before the summary.
            self._held.append((prompt, evaluation, feedback, reference))
            self._emit("answer_saved", "-- Answer saved.", question_id=evaluation.question_id)
            return
        self._print_feedback(evaluation, feedback, reference, warmup=prompt.warmup)

    def _print_feedback(
        self, evaluation: Evaluation, feedback: str, reference: str | None, *, warmup: bool = False
    ) -> None:
        how = scored_by_label(evaluation.scored_by) + ("; a warm-up, not in the overall" if warmup else "")
        lines = [f"-- Score: {evaluation.overall:.0f}/100 ({how})", feedback]
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
            criteria=[
                {
                    "id": c.criterion_id,
                    "status": c.state.value,
                    "points": c.points,
                    "max_points": c.max_points,
                    "evidence": c.evidence,
                    "misconception": c.misconception,
                    "correction": c.correction,
                }
                for c in evaluation.criteria
            ],
            deductions=[d.model_dump() for d in evaluation.deductions],
            feedback=feedback,
            reference_answer=reference,
        )

    def _show_held_feedback(self) -> None:
        if self._held:
            self._emit("feedback_heading", "\n== Feedback on each answer")
        for prompt, evaluation, feedback, reference in self._held:
            self._emit("question_recap", f"\n[{prompt.question.id}] {prompt.text}", question_id=prompt.question.id)
            self._print_feedback(evaluation, feedback, reference, warmup=prompt.warmup)
        self._held.clear()

    def _note_coach_changes(self) -> None:
        """Say once, plainly, when the AI coach drops out (or comes back): scores come from elsewhere then."""
        health = self.engine.coach.health()
        if health.fallback_active == self._fallback_active:
            return
        self._fallback_active = health.fallback_active
        if health.fallback_active:
            reason = f" ({health.last_error})" if health.last_error else ""
            text = f"note: AI coach unavailable{reason}; answers are scored offline for now."
        else:
            text = f"note: the AI coach is back: {health.label}."
        self._emit("coach", text, coach=health.label, error=health.last_error)

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
    async def _next_line(self) -> str:
        """The next line of stdin ('' at EOF), read by a daemon thread.

        Not ``asyncio.to_thread``: a thread of the default executor blocked in ``readline`` keeps the process
        alive after Ctrl-C until the user presses Enter. A daemon thread never holds up the exit.
        """
        if self._lines is None:
            loop = asyncio.get_running_loop()
            queue: asyncio.Queue[str] = asyncio.Queue()
            self._lines = queue

            def pump() -> None:
                while True:
                    line = self.io.stdin.readline()
                    loop.call_soon_threadsafe(queue.put_nowait, line)
                    if line == "":
                        return

            threading.Thread(target=pump, name="plain-stdin", daemon=True).start()
        if self._eof:
            return ""  # end of input stays the end, like readline at EOF
        line = await self._lines.get()
        self._eof = line == ""
        return line

    def _typed_before_interrupt(self) -> list[str]:
        """Lines that arrived but were not taken yet when Ctrl-C came: they are part of the answer too."""
        lines: list[str] = []
        while self._lines is not None and not self._lines.empty():
            line = self._lines.get_nowait()
            if line == "" or line.strip() == ".":
                break
            lines.append(line.rstrip("\r\n"))  # a Windows line ending is not part of the answer
        return lines

    async def _read_answer(self, prompt: Prompt) -> tuple[str, str | None, AnswerTiming]:
        """Lines up to '.', or a command. Returns (text, command, timing); command is None for a real answer.

        Ctrl-C (the run's task is cancelled) returns what was typed with the command ``/interrupt``.
        """
        if self.io.spoken is not None and not self.io.spoken.typed:
            spoken = await self.io.spoken.read(self, prompt)
            if spoken is not None:
                return spoken
        shown = self.io.monotonic()
        first_key: float | None = None
        lines: list[str] = []
        while True:
            try:
                line = await self._next_line()
            except asyncio.CancelledError:
                lines.extend(self._typed_before_interrupt())
                return "\n".join(lines), "/interrupt", AnswerTiming(shown, first_key, self.io.monotonic())
            if first_key is None and line:
                first_key = self.io.monotonic()
            if line == "":
                command = None if "".join(lines).strip() else "/eof"
                return "\n".join(lines), command, AnswerTiming(shown, first_key, self.io.monotonic())
            stripped = line.strip()
            if handle_story_command(self.io.stories, prompt, stripped, self._emit):
                continue  # anywhere in the answer: says which story, and is not part of the answer
            if await handle_save_command(self.io.stories, stripped, self._emit):
                continue
            if stripped == ".":
                return "\n".join(lines), None, AnswerTiming(shown, first_key, self.io.monotonic())
            if stripped.lower() in COMMANDS and not lines:
                return "", stripped.lower(), AnswerTiming(shown, first_key, self.io.monotonic())
            if stripped.lower() == "/quit":  # mid-answer: quit, keeping what was typed as a draft
                return "\n".join(lines), "/quit", AnswerTiming(shown, first_key, self.io.monotonic())
            if not lines and stripped.startswith("/") and " " not in stripped:
                self._emit(
                    "error",
                    f"Unknown command {stripped}; the commands are {' '.join(COMMANDS)}.",
                    message=f"unknown command {stripped}",
                )
                continue
            lines.append(line.rstrip("\r\n"))

    # ----- the loop -----
    async def run(self) -> int:
        session = self.engine.session
        coach = self.io.coach_label or self.engine.coach.health().label
        self._emit(
            "session",
            f"Session {session.id} - track {session.track} - coach: {coach}",
            track=session.track,
            mode=str(session.mode),
            coach=coach,
        )
        if self.engine.finished:  # `--resume ID` of a finished session: show it, never summarise it again
            self._emit("finished", f"Session {session.id} is already complete; here is its summary.")
            if session.summary is not None:
                self._show_summary(session.summary)
            return 0
        if self.engine.scored_on_resume is not None:  # saved before the interruption, scored just now
            self._emit("resumed", "Your last answer was saved before the interruption and is now scored:")
            self._print_feedback(self.engine.scored_on_resume, self.engine.scored_on_resume.feedback, None)
        prompt = self.engine.current
        if prompt is not None:
            await self._show_prompt(prompt)
            self._show_draft(prompt)
        while prompt is not None:
            text, command, timing = await self._read_answer(prompt)
            if command == "/hint":
                hint = await self.engine.hint()
                self._emit("hint", f"Hint: {hint}" if hint else "No hints left for this question.", hint=hint)
                continue
            if command == "/repeat":
                await self._show_prompt(prompt)
                continue
            if command == "/offline":
                self._go_offline()
                continue
            if command == "/quit" and text.strip():
                self._keep_draft(prompt, text)
                return await self._leave()
            if command in ("/quit", "/eof"):
                return await self._leave()
            if command == "/interrupt":
                if text.strip():  # what was typed is kept as the answer; resuming scores it
                    await self.engine.record_answer(text, timing)
                sys.stderr.write("Interrupted.\n")
                await self._leave()
                return 130
            try:
                result = await (
                    self.engine.skip()
                    if command == "/skip"
                    else self.engine.submit(text, timing, delivery=self._delivery())
                )
            except Exception:
                self._keep_unsaved(text)
                raise
            if self.io.drafts is not None:
                await asyncio.to_thread(self.io.drafts.discard, session.id)  # recorded: any draft is done
            self._note_coach_changes()
            if self.io.stories is not None and command != "/skip" and prompt.kind is TurnKind.QUESTION:
                told = await asyncio.to_thread(self.io.stories.after_answer, prompt.question, text, result.answer.seq)
                report_told(told, self._emit)
            self._show_feedback(result.evaluation, result.feedback, prompt, result.next_prompt)
            show_delivery(self, result.answer)
            prompt = result.next_prompt
            if prompt is not None:
                await self._show_prompt(prompt)
        summary = await self.engine.finish()
        self._show_held_feedback()
        self._show_summary(summary)
        return 0

    def _go_offline(self) -> None:
        """``/offline``: no more waiting on the AI; the offline coach scores the rest of the session."""
        go_offline = getattr(self.engine.coach, "go_offline", None)
        if go_offline is None:
            self._emit("offline", "The offline coach is already scoring this session.", already=True)
            return
        go_offline()
        self._emit("offline", "Using the offline coach for the rest of this session.", already=False)

    def _keep_draft(self, prompt: Prompt, text: str) -> None:
        if self.io.drafts is None:
            return
        self.io.drafts.save(self.engine.session.id, prompt.seq, text)
        self._emit("draft_kept", "-- Your unfinished answer is kept as a draft; resuming shows it.", text=text)

    def _show_draft(self, prompt: Prompt) -> None:
        """On resume: the answer left unfinished (here or in the TUI), to copy from; it stays until one is sent."""
        draft = self.io.drafts.load(self.engine.session.id, prompt.seq) if self.io.drafts is not None else None
        if draft and draft.strip():
            self._emit(
                "draft", f"Your unsent draft for this question:\n{draft.rstrip()}\n-- end of draft --", text=draft
            )

    def _keep_unsaved(self, text: str) -> None:
        """If the answer never reached the database, hand it back so the user can keep it."""
        saved = any(t.kind is TurnKind.ANSWER and t.text == text for t in self.engine.session.turns)
        if text.strip() and not saved:
            sys.stderr.write(f"Your answer was NOT saved. Here it is, so you can keep it:\n{text}\n")

    async def _leave(self) -> int:
        """Stop before the end: keep the session to resume, unless nothing was answered (then it is discarded)."""
        session_id = self.engine.session.id
        drafted = self.io.drafts is not None and self.io.drafts.has_any(session_id)
        if not drafted and await self.engine.discard_if_unanswered():
            self._emit("discarded", "\nNothing was answered, so the session was not kept: there is nothing to resume.")
            return 0
        self._emit(
            "paused",
            f"\nSession {session_id} saved as in progress. Resume it with:\n"
            f"  interview-coach start --resume {session_id}",
            resume=f"interview-coach start --resume {session_id}",
        )
        return 0

    def _delivery(self) -> DeliveryMetrics | None:
        """The delivery metrics of a spoken answer just read; None for a typed one."""
        return self.io.spoken.take_delivery() if self.io.spoken is not None else None
