"""The values the interview engine takes and hands out: options, answer timings, prompts and step results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from interview_coach.domain.jobs import SENIORITY_LEVELS
from interview_coach.domain.models import Evaluation, Turn, TurnKind
from interview_coach.domain.questions import Question


class InterviewError(Exception):
    """A rule of the interview was broken (e.g. an unknown track); the message says how to fix it."""


@dataclass(frozen=True)
class InterviewOptions:
    track: str
    questions: int = 5
    warmups: int = 1
    follow_ups: int = 1
    feedback: Literal["now", "end"] = "now"
    difficulty: str = "adaptive"
    time_limit_s: int | None = None
    seed: int | None = None
    review: bool = False
    job: dict[str, Any] | None = None  # a new job-tailored session's JobContext snapshot; stored as Session.job
    seniority: str | None = None  # the job's, kept in the snapshot: an adaptive session's start level on resume

    @property
    def adaptive(self) -> bool:
        return self.difficulty == "adaptive"

    @property
    def start_level(self) -> int:
        if not self.adaptive:
            return int(self.difficulty)
        return SENIORITY_LEVELS.get(self.job_seniority or "", 2)

    @property
    def job_seniority(self) -> str | None:
        return self.seniority or (str(self.job.get("seniority")) if self.job else None)

    def snapshot(self, seed: int) -> dict[str, Any]:
        return {
            "track": self.track,
            "questions": self.questions,
            "warmups": self.warmups,
            "follow_ups": self.follow_ups,
            "feedback": self.feedback,
            "difficulty": self.difficulty,
            "time_limit_s": self.time_limit_s,
            "seed": seed,
            "review": self.review,
        } | ({"seniority": self.job_seniority} if self.job_seniority else {})

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> InterviewOptions:
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**fields)


@dataclass(frozen=True)
class AnswerTiming:
    """When the prompt appeared, the first key was pressed and the answer was submitted (monotonic seconds)."""

    shown_at: float | None = None
    first_keystroke_at: float | None = None
    submitted_at: float | None = None


@dataclass(frozen=True)
class Prompt:
    kind: TurnKind
    question: Question
    text: str
    seq: int
    number: int  # 1-based number of the main question; 0 for warm-ups
    total: int
    warmup: bool
    difficulty: int
    time_limit_s: int | None
    hints_used: int
    why: str | None = None  # a job-tailored session: why this question was chosen

    @property
    def hints_left(self) -> int:
        if self.kind is TurnKind.FOLLOW_UP:
            return 0  # the question's hints are about the question, not about what the follow-up asks
        return max(0, len(self.question.hints) - self.hints_used)


@dataclass(frozen=True)
class StepResult:
    answer: Turn
    evaluation: Evaluation
    feedback: str
    next_prompt: Prompt | None
