"""The interview engine: a UI-free state machine that the TUI and the plain mode both drive.

Rules that matter to users:
- An answer is written through the store the moment it is submitted, before any coach call.
- Every question, hint, skip, evaluation and feedback is persisted as it happens; the in-memory session is only a
  cache of the store, and all progress is derived from the turns (see progress.py), so `--resume` continues at
  the exact turn.
- Any coach failure falls back to the offline coach for that call (the FallbackCoach does it); the evaluation's
  ``scored_by`` records who scored.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import date, datetime
from typing import Any

from interview_coach.domain.answer_scoring import inert_evaluation, probed, scoring_text, with_hints_and_overtime
from interview_coach.domain.bank import QuestionBank
from interview_coach.domain.delivery import DeliveryMetrics
from interview_coach.domain.explain import explained_lines
from interview_coach.domain.inert import inert
from interview_coach.domain.interview_types import (
    AnswerTiming,
    InterviewError,
    InterviewOptions,
    Prompt,
    StepResult,
)
from interview_coach.domain.job_context import JobContext
from interview_coach.domain.metrics import answer_metrics
from interview_coach.domain.models import (
    AnswerMetrics,
    CoachMode,
    Evaluation,
    ReviewState,
    Role,
    Session,
    SessionStatus,
    SessionSummary,
    Turn,
    TurnKind,
    utcnow,
)
from interview_coach.domain.offline_coach import OFFLINE_COACH_NAME
from interview_coach.domain.ports import Coach, FollowUpRequest, SessionStore
from interview_coach.domain.progress import Progress, derive
from interview_coach.domain.question_picker import QuestionPicker
from interview_coach.domain.questions import Question, QuestionType
from interview_coach.domain.scheduling import update_review

SKIPPED_BY = "skipped"
MIN_SCORE_FOR_FOLLOW_UP = 20.0
"""After an answer scoring under this, the interview moves on: a follow-up would presume an answer that is not there."""
log = logging.getLogger(__name__)

__all__ = ["AnswerTiming", "InterviewEngine", "InterviewError", "InterviewOptions", "Prompt", "StepResult"]


class InterviewEngine:
    def __init__(
        self,
        bank: QuestionBank,
        store: SessionStore,
        coach: Coach,
        session: Session,
        *,
        today: Callable[[], date] = date.today,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.bank, self.store, self.coach, self.session = bank, store, coach, session
        self.options = InterviewOptions.from_snapshot(session.settings)
        self.seed = int(session.settings.get("seed") or 0)
        self._today, self._clock = today, clock
        self.scored_on_resume: Evaluation | None = None  # an answer saved before a crash and scored by resume
        self.job = JobContext.read(session.job)
        self._picker = QuestionPicker(bank, store, session, self.options, seed=self.seed, job=self.job, today=today)
        for generated in self.job.generated if self.job else []:
            bank.session_questions.setdefault(generated.id, generated)  # the AI wrote them for this session

    # ----- lifecycle -----
    @classmethod
    async def start(
        cls, bank: QuestionBank, store: SessionStore, coach: Coach, options: InterviewOptions, **kw: Any
    ) -> InterviewEngine:
        if not bank.for_track(options.track):
            known = ", ".join(bank.tracks()) or "none"
            raise InterviewError(f"unknown track {options.track!r}; choose one of: {known}")
        seed = options.seed if options.seed is not None else random.SystemRandom().randrange(1, 2**31)
        mode = CoachMode.OFFLINE if coach.name == "offline-heuristic" else CoachMode.LLM
        session = Session(
            id=uuid.uuid4().hex, track=options.track, mode=mode, settings=options.snapshot(seed), job=options.job
        )
        await asyncio.to_thread(store.create_session, session)
        log.info("session %s started: track %s, coach %s, seed %s", session.id, options.track, coach.name, seed)
        engine = cls(bank, store, coach, session, **kw)
        await engine.advance()
        return engine

    @classmethod
    async def resume(
        cls, bank: QuestionBank, store: SessionStore, coach: Coach, session_id: str, **kw: Any
    ) -> InterviewEngine:
        session = await asyncio.to_thread(store.load_session, session_id)
        engine = cls(bank, store, coach, session, **kw)
        log.info("session %s resumed at turn %d", session.id, len(session.turns))
        await engine._note("Session resumed.")
        progress = engine.progress()
        if progress.awaiting_evaluation and progress.current_answer is not None:
            # The process died between saving the answer and scoring it: score it now, nothing is lost.
            evaluation = await engine.evaluate(progress.current_answer)
            engine.scored_on_resume = evaluation
            await engine._store_feedback(evaluation.feedback)
            await engine.advance()
        elif progress.current_evaluation is not None and progress.current_feedback is None:
            # Died while the feedback streamed: keep the scored feedback, then move on.
            await engine._store_feedback(progress.current_evaluation.feedback)
            await engine.advance()
        elif progress.current is None or progress.current_evaluation is not None:
            await engine.advance()
        return engine

    # ----- derived state -----
    def progress(self) -> Progress:
        return derive(self.session, start_level=self.options.start_level, adaptive=self.options.adaptive)

    @property
    def current(self) -> Prompt | None:
        progress = self.progress()
        turn = progress.current
        if turn is None or not progress.awaiting_answer or self.finished:
            return None
        return self._prompt_for(turn, progress)

    @property
    def finished(self) -> bool:
        return self.session.status is not SessionStatus.IN_PROGRESS

    @property
    def ready_for_summary(self) -> bool:
        return not self.finished and self.current is None

    def _prompt_for(self, turn: Turn, progress: Progress) -> Prompt:
        question = self._question(turn.question_id)
        warmup = question.type is QuestionType.WARMUP
        return Prompt(
            kind=turn.kind,
            question=question,
            text=turn.text,
            seq=turn.seq,
            number=0 if warmup else progress.main_asked,
            total=self.options.questions,
            warmup=warmup,
            difficulty=turn.difficulty or question.difficulty,
            time_limit_s=self.options.time_limit_s or question.time_limit_s,
            hints_used=progress.hints_used,
            why=self.job.why(question) if self.job else None,
        )

    def _question(self, question_id: str | None) -> Question:
        question = self.bank.get(question_id or "")
        if question is None:
            raise InterviewError(
                f"question {question_id!r} from this session is no longer in the question bank; "
                "restore its question pack to resume"
            )
        return question

    # ----- persistence helpers -----
    async def _add_turn(self, role: Role, kind: TurnKind, text: str, **fields: Any) -> Turn:
        turn = Turn(
            session_id=self.session.id,
            seq=len(self.session.turns) + 1,
            role=role,
            kind=kind,
            text=text,
            created_at=self._clock(),
            **fields,
        )
        stored = await asyncio.to_thread(self.store.add_turn, turn)
        self.session.turns.append(stored)
        return stored

    async def _note(self, text: str) -> None:
        await self._add_turn(Role.SYSTEM, TurnKind.SYSTEM_NOTE, text)

    # ----- actions -----
    async def hint(self) -> str | None:
        """The next hint for the current question (recorded; each one costs a little score), or None."""
        prompt = self.current
        if prompt is None or prompt.hints_left == 0:
            return None
        text = prompt.question.hints[prompt.hints_used]
        await self._add_turn(Role.COACH, TurnKind.HINT, text, question_id=prompt.question.id)
        return text

    async def record_answer(
        self,
        text: str,
        timing: AnswerTiming | None = None,
        *,
        skipped: bool = False,
        delivery: DeliveryMetrics | None = None,
    ) -> Turn:
        """Persist the answer. This happens before any coach call, so a crash or network failure loses nothing.

        ``delivery`` marks a spoken answer (its transcript is ``text``): stored with the metrics, never scored."""
        prompt = self.current
        if prompt is None:
            raise InterviewError("there is no open question to answer")
        text = inert(text)  # pasted from anywhere: no control sequence is stored, shown or exported
        metrics = answer_metrics(prompt, text, timing or AnswerTiming(), skipped)
        if delivery is not None and not skipped:
            metrics = metrics.model_copy(update={"delivery": delivery})
        return await self._add_turn(
            Role.CANDIDATE, TurnKind.ANSWER, text, question_id=prompt.question.id, metrics=metrics
        )

    async def evaluate(self, answer: Turn) -> Evaluation:
        """Score a stored answer, apply hint penalties, note overtime, persist, and update the review schedule."""
        question = self._question(answer.question_id)
        metrics = answer.metrics or AnswerMetrics()
        started = time.perf_counter()
        current = self.progress().current  # the prompt this answer answers
        is_follow_up = current is not None and current.kind is TurnKind.FOLLOW_UP
        if metrics.skipped:
            is_question = current is not None and current.kind is TurnKind.QUESTION
            pointer = " Compare with the reference answer." if is_question and question.reference_answer else ""
            evaluation = Evaluation(
                question_id=question.id,
                overall=0,
                scored_by=SKIPPED_BY,
                feedback=f"Skipped: this scores 0.{pointer}",
                criteria=[],
            )
        else:
            rubric_for = probed(question, current.text) if is_follow_up and current is not None else question
            # Mending a long spoken answer takes tens of milliseconds: off the event loop, so keys still echo.
            heard = await asyncio.to_thread(scoring_text, rubric_for, answer.text, metrics)
            evaluation = await self.coach.score(rubric_for, heard)
        evaluation, notes = with_hints_and_overtime(inert_evaluation(evaluation), metrics)
        feedback = "\n".join([evaluation.feedback, *notes]).strip()
        if evaluation.scored_by not in (OFFLINE_COACH_NAME, SKIPPED_BY):
            block = "\n".join(explained_lines(question, evaluation, offline=False))
            feedback = f"{block}\n{feedback}".strip()
        evaluation = evaluation.model_copy(
            update={
                "session_id": self.session.id,
                "answer_turn_seq": answer.seq,
                "feedback": feedback,
                "latency_ms": evaluation.latency_ms or round((time.perf_counter() - started) * 1000, 1),
                "created_at": self._clock(),
            }
        )
        fell_back = bool(getattr(self.coach, "last_call_fell_back", False)) and not metrics.skipped
        if fell_back:
            reason = getattr(self.coach, "last_fallback_reason", None) or "the AI coach did not answer"
            evaluation = evaluation.model_copy(update={"fallback_reason": reason})
        stored = await asyncio.to_thread(self.store.add_evaluation, evaluation)
        self.session.evaluations.append(stored)
        log.debug("answer %d scored %.1f by %s", answer.seq, stored.overall, stored.scored_by)
        if fell_back:
            await self._note(f"Scored by the offline coach: {stored.fallback_reason}.")
            if self.session.mode is CoachMode.LLM:  # honest: some answers of this AI session were scored offline
                self.session.mode = CoachMode.MIXED
                await asyncio.to_thread(self.store.update_session, self.session)
        if not is_follow_up:  # the schedule follows how the question itself went, not a narrower follow-up
            await self._update_review(question, stored.overall)
        return stored

    async def _update_review(self, question: Question, score: float) -> None:
        state = await asyncio.to_thread(self.store.review_state, question.id) or ReviewState(question_id=question.id)
        updated = update_review(state, score, today=self._today(), now=self._clock())
        await asyncio.to_thread(self.store.save_review_state, updated)

    async def feedback_stream(self, answer: Turn, evaluation: Evaluation) -> AsyncIterator[str]:
        """Feedback text in chunks (streamed by the AI coach when online); the full text is stored at the end."""
        question = self._question(answer.question_id)
        parts: list[str] = []
        if evaluation.scored_by == SKIPPED_BY or self.options.feedback == "end":
            parts.append(evaluation.feedback)
            yield evaluation.feedback
        else:
            if evaluation.scored_by != OFFLINE_COACH_NAME:
                # AI feedback comes in the model's words; the per-criterion explanation of its (checked) scores
                # comes first, in the same form as the offline coach's.
                block = "\n".join(explained_lines(question, evaluation, offline=False)) + "\n"
                parts.append(block)
                yield block
            async for raw in self.coach.stream_feedback(question, answer.text, evaluation):
                chunk = inert(raw)  # a model's words, streamed: made inert chunk by chunk
                parts.append(chunk)
                yield chunk
        await self._store_feedback("".join(parts) or evaluation.feedback)

    async def _store_feedback(self, text: str) -> None:
        progress = self.progress()
        question_id = progress.current.question_id if progress.current else None
        await self._add_turn(Role.COACH, TurnKind.FEEDBACK, text, question_id=question_id)

    async def advance(self) -> Prompt | None:
        """Ask a follow-up or the next question (persisted), or return None when it is time for the summary."""
        progress = self.progress()
        if progress.awaiting_answer or self.finished:
            return self.current
        follow_up = await self._maybe_follow_up(progress)
        if follow_up is not None:
            return follow_up
        question, difficulty = await self._next_question(progress)
        if question is None:
            return None
        text = self.job.personalise(question, progress.main_asked) if self.job else question.prompt
        turn = await self._add_turn(Role.COACH, TurnKind.QUESTION, text, question_id=question.id, difficulty=difficulty)
        return self._prompt_for(turn, self.progress())

    async def _maybe_follow_up(self, progress: Progress) -> Prompt | None:
        current, answer = progress.current, progress.current_answer
        if current is None or answer is None or progress.current_evaluation is None:
            return None
        question = self._question(current.question_id)
        if (
            question.type is QuestionType.WARMUP
            or progress.follow_ups_for_current_question >= self.options.follow_ups
            or (answer.metrics and answer.metrics.skipped)
            or progress.current_evaluation.overall < MIN_SCORE_FOR_FOLLOW_UP
        ):
            return None
        asked = [t.text for t in progress.prompts if t.kind is TurnKind.FOLLOW_UP and t.question_id == question.id]
        request = FollowUpRequest(
            question=question,
            answer=answer.text,
            transcript=list(self.session.turns),
            evaluation=progress.current_evaluation,
            asked_follow_ups=asked,
        )
        text = inert(await self.coach.follow_up(request) or "")
        if not text.strip():
            return None
        turn = await self._add_turn(Role.COACH, TurnKind.FOLLOW_UP, text, question_id=question.id, difficulty=None)
        return self._prompt_for(turn, self.progress())

    async def _next_question(self, progress: Progress) -> tuple[Question | None, int | None]:
        asked = [self._question(t.question_id) for t in progress.prompts if t.kind is TurnKind.QUESTION]
        return await self._picker.next(progress, asked)

    async def skip(self) -> StepResult:
        answer = await self.record_answer("", skipped=True)
        evaluation = await self.evaluate(answer)
        await self._store_feedback(evaluation.feedback)
        return StepResult(answer, evaluation, evaluation.feedback, await self.advance())

    async def submit(
        self, text: str, timing: AnswerTiming | None = None, *, delivery: DeliveryMetrics | None = None
    ) -> StepResult:
        """Record, score, collect feedback and move on: the whole step, for the plain mode and tests."""
        answer = await self.record_answer(text, timing, delivery=delivery)
        evaluation = await self.evaluate(answer)
        feedback = "".join([chunk async for chunk in self.feedback_stream(answer, evaluation)])
        return StepResult(answer, evaluation, feedback, await self.advance())

    async def finish(self) -> SessionSummary:
        """Summarise, store the summary and close the session."""
        questions = {t.question_id: self._question(t.question_id) for t in self.session.turns if t.question_id}
        summary = await self.coach.summarize(self.session, questions)
        summary = summary.model_copy(
            update={
                "strengths": [inert(item) for item in summary.strengths],
                "weaknesses": [inert(item) for item in summary.weaknesses],
                "next_steps": [inert(item) for item in summary.next_steps],
            }
        )
        if self.job:
            steps = self.job.next_steps(self._main_scores(questions))
            summary = summary.model_copy(update={"next_steps": [*steps, *summary.next_steps]})
        overall = self.overall_score()
        summary = summary.model_copy(update={"overall": overall})
        await asyncio.to_thread(self.store.save_summary, self.session.id, summary)
        self.session.summary = summary
        self.session.status, self.session.ended_at = SessionStatus.COMPLETED, self._clock()
        self.session.overall_score = overall
        await asyncio.to_thread(self.store.update_session, self.session)
        log.info("session %s completed: overall %s", self.session.id, overall)
        return summary

    async def discard_if_unanswered(self) -> bool:
        """Delete a session left before its first answer or skip: it holds nothing worth keeping, and kept it
        would be what `--resume`, `export --last` and history show first. True if it was discarded."""
        if self.finished or any(turn.kind is TurnKind.ANSWER for turn in self.session.turns):
            return False
        await asyncio.to_thread(self.store.delete_session, self.session.id)
        self.session.status, self.session.ended_at = SessionStatus.ABANDONED, self._clock()
        log.info("session %s discarded: nothing was answered", self.session.id)
        return True

    def overall_score(self) -> float | None:
        """Mean of the main questions' scores: warm-ups and follow-ups do not count, skips count as 0."""
        scores = self.progress().main_scores
        return round(sum(scores) / len(scores), 1) if scores else None

    def _main_scores(self, questions: dict[str, Question]) -> list[tuple[Question, float]]:
        """Each main question with the score of its first answer (follow-ups and warm-ups left out)."""
        seen: dict[str, float] = {}
        for evaluation in self.session.evaluations:
            seen.setdefault(evaluation.question_id, evaluation.overall)
        return [(q, seen[q.id]) for q in questions.values() if q.id in seen and q.type is not QuestionType.WARMUP]

    def reference_answer(self, question_id: str) -> str | None:
        question = self.bank.get(question_id)
        return question.reference_answer if question else None
