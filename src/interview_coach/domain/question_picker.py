"""Which question a session asks next: its warm-ups, then the AI's questions for a job, then the bank's.

The bank's pick (``selection.pick_main``) weighs the adaptive level, what this track asked recently and ever, the
questions due for spaced review (``--review``) and the job's tags. What the store knows is read once per session,
lazily and off the event loop, and cached here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

from interview_coach.domain.bank import QuestionBank
from interview_coach.domain.interview_types import InterviewOptions
from interview_coach.domain.job_context import JobContext
from interview_coach.domain.models import Session
from interview_coach.domain.ports import SessionStore
from interview_coach.domain.progress import Progress
from interview_coach.domain.questions import Question
from interview_coach.domain.selection import pick_main, pick_warmups

EVERY_SESSION = 1_000_000
"""``recent_question_ids`` over every session of a track (a question asked once is not asked again soon)."""


class QuestionPicker:
    def __init__(
        self,
        bank: QuestionBank,
        store: SessionStore,
        session: Session,
        options: InterviewOptions,
        *,
        seed: int,
        job: JobContext | None,
        today: Callable[[], date],
    ) -> None:
        self.bank, self.store, self.session, self.options = bank, store, session, options
        self.seed, self.job, self._today = seed, job, today
        self._review_ids: list[str] | None = None
        self._recent: set[str] | None = None
        self._asked_before: set[str] | None = None

    async def next(self, progress: Progress, asked: list[Question]) -> tuple[Question | None, int | None]:
        """The next question and the difficulty it is asked at (None for a warm-up); (None, None) when done."""
        track_questions = self.bank.for_track(self.options.track)
        if progress.warmups_asked < self.options.warmups and progress.main_asked == 0:
            warmups = [q for q in pick_warmups(track_questions, self.options.warmups, self.seed) if q not in asked]
            if warmups:
                return warmups[0], None
        if progress.main_asked >= self.options.questions:
            return None, None
        asked_ids = {q.id for q in asked}
        written = [q for q in self.job.generated if q.id not in asked_ids] if self.job else []
        # The AI's questions for what the bank does not cover come after one question from the bank, which is
        # vetted; a session of one question gets a written one, or they would never be asked.
        if written and (progress.main_asked or self.options.questions == 1):
            return written[0], written[0].difficulty
        recent, due = await asyncio.to_thread(self._recent_ids), await asyncio.to_thread(self._due_ids)
        question = pick_main(
            track_questions,
            level=progress.level,
            asked=asked,
            recent_ids=recent,
            seed=self.seed,
            step=progress.main_asked,
            review_ids=due,
            asked_before=await asyncio.to_thread(self._asked_before_ids),
            favoured=self.job.tag_weights if self.job else None,
        )
        return question, (question.difficulty if question else None)

    def _asked_here(self) -> set[str]:
        return {t.question_id for t in self.session.turns if t.question_id}

    def _recent_ids(self) -> set[str]:
        if self._recent is None:
            self._recent = self.store.recent_question_ids(self.options.track) - self._asked_here()
        return self._recent

    def _asked_before_ids(self) -> set[str]:
        """Every question asked on this track in earlier sessions: none is asked again while new ones are near."""
        if self._asked_before is None:
            everything = self.store.recent_question_ids(self.options.track, sessions=EVERY_SESSION)
            self._asked_before = everything - self._asked_here()
        return self._asked_before

    def _due_ids(self) -> list[str]:
        if not self.options.review:
            return []
        if self._review_ids is None:
            due = self.store.due_reviews(self.options.track, self._today())
            due.sort(key=lambda s: (s.last_score if s.last_score is not None else 0.0, s.question_id))
            self._review_ids = [s.question_id for s in due]
        return self._review_ids
