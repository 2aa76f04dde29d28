"""Scriptable fake coaches for engine and TUI tests."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from interview_coach.domain.models import CriterionScore, Evaluation, Session, SessionSummary
from interview_coach.domain.ports import CoachHealth, FollowUpRequest
from interview_coach.domain.questions import Question

_SCORE = re.compile(r"score=(\d+)")


class ScriptedCoach:
    """Scores an answer by the ``score=NN`` it contains (default 50); follow-ups come from the question."""

    def __init__(self, name: str = "fake-coach", *, fail: bool = False) -> None:
        self.name = name
        self.fail = fail
        self.calls: list[str] = []
        self.last_call_fell_back = False

    def _check(self, op: str) -> None:
        self.calls.append(op)
        if self.fail:
            raise ConnectionError(f"{self.name} is down")

    async def follow_up(self, request: FollowUpRequest) -> str | None:
        self._check("follow_up")
        for follow_up in request.question.follow_ups:
            if follow_up.prompt not in request.asked_follow_ups:
                return follow_up.prompt
        return None

    async def score(self, question: Question, answer: str) -> Evaluation:
        self._check("score")
        match = _SCORE.search(answer)
        overall = float(match.group(1)) if match else 50.0
        criteria = [CriterionScore(criterion_id=c.id, score=overall / 100) for c in question.rubric]
        return Evaluation(
            question_id=question.id,
            criteria=criteria,
            overall=overall,
            feedback=f"{self.name}: {overall:g}",
            scored_by=self.name,
        )

    async def summarize(self, session: Session, questions: dict[str, Question]) -> SessionSummary:
        self._check("summarize")
        return SessionSummary(strengths=["s"], weaknesses=["w"], next_steps=["n"], generated_by=self.name)

    async def stream_feedback(self, question: Question, answer: str, evaluation: Evaluation) -> AsyncIterator[str]:
        self._check("stream_feedback")
        for word in evaluation.feedback.split(" "):
            yield word + " "

    def health(self) -> CoachHealth:
        return CoachHealth(configured=True)
