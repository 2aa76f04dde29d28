"""Domain objects of an interview: sessions, turns, evaluations and summaries.

These are plain pydantic models. Storage converts them to and from its tables at the repository edge, and the
JSON export is their ``model_dump`` (so an export re-loads into the same objects).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, computed_field

from interview_coach.domain.delivery import DeliveryMetrics
from interview_coach.domain.stories import StoryUse


def utcnow() -> datetime:
    return datetime.now(UTC)


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class CoachMode(StrEnum):
    LLM = "llm"
    OFFLINE = "offline"
    MIXED = "mixed"  # an AI session in which some answers fell back to the offline coach


class Role(StrEnum):
    COACH = "coach"
    CANDIDATE = "candidate"
    SYSTEM = "system"


class TurnKind(StrEnum):
    QUESTION = "question"
    FOLLOW_UP = "follow_up"
    ANSWER = "answer"
    HINT = "hint"
    FEEDBACK = "feedback"
    SYSTEM_NOTE = "system_note"


class AnswerMetrics(BaseModel):
    word_count: int = 0
    time_to_first_keystroke_s: float | None = None
    duration_s: float | None = None
    words_per_minute: float | None = None
    filler_words: int = 0
    overtime_s: float | None = None
    hints_used: int = 0
    skipped: bool = False
    star: dict[str, bool] | None = None  # behavioural answers: situation/task/action/result present
    delivery: DeliveryMetrics | None = None  # spoken answers: pace, pauses, fillers (never part of the score)


class Turn(BaseModel):
    id: int | None = None
    session_id: str
    seq: int
    role: Role
    kind: TurnKind
    question_id: str | None = None
    text: str
    difficulty: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    metrics: AnswerMetrics | None = None


class CriterionStatus(StrEnum):
    MET = "met"
    PARTLY = "partly"
    MISSED = "missed"
    CONTRADICTED = "contradicted"  # the answer asserts a known misconception, or rejects what the point needs


class CriterionScore(BaseModel):
    criterion_id: str
    score: float = Field(ge=0, le=1, description="0 = not covered, 1 = fully covered")
    evidence: str = Field(default="", description="The candidate's sentence that earned (or lost) the point.")
    status: CriterionStatus | None = None
    points: float | None = Field(default=None, description="Points this criterion added to the overall.")
    max_points: float | None = Field(default=None, description="Points a full answer on this criterion adds.")
    misconception: str = Field(default="", description="The wrong claim the answer made, when contradicted.")
    correction: str = Field(default="", description="What an interviewer says back to that claim.")

    @property
    def state(self) -> CriterionStatus:
        """The status, derived from the score where an older evaluation (or an AI one) has none."""
        if self.status is not None:
            return self.status
        if self.score >= 0.5:
            return CriterionStatus.MET
        return CriterionStatus.PARTLY if self.score >= PARTLY else CriterionStatus.MISSED


PARTLY = 0.2
"""A criterion scoring at least this (and under 0.5) was partly met."""


class Deduction(BaseModel):
    """Points taken off the sum of the criteria, with the reason, so the numbers shown add up to the overall."""

    reason: str
    points: float


class Evaluation(BaseModel):
    id: int | None = None
    session_id: str | None = None
    answer_turn_seq: int | None = None
    question_id: str
    criteria: list[CriterionScore] = Field(default_factory=list)
    overall: float = Field(ge=0, le=100)
    deductions: list[Deduction] = Field(default_factory=list)
    star_points: float | None = Field(default=None, description="Behavioural answers: points for STAR structure.")
    star_max_points: float | None = None
    feedback: str = ""
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    scored_by: str = "offline-heuristic"
    fallback_reason: str | None = Field(default=None, description="Why the AI coach did not score it, if it did not.")
    latency_ms: float | None = None
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def met(self) -> list[str]:
        return [c.criterion_id for c in self.criteria if c.state is CriterionStatus.MET]

    @property
    def missed(self) -> list[str]:
        return [c.criterion_id for c in self.criteria if c.state is not CriterionStatus.MET]

    @property
    def contradicted(self) -> list[str]:
        return [c.criterion_id for c in self.criteria if c.state is CriterionStatus.CONTRADICTED]


class SessionSummary(BaseModel):
    strengths: list[str] = Field(default_factory=list)
    weaknesses: list[str] = Field(default_factory=list)
    next_steps: list[str] = Field(default_factory=list)
    competency_scores: dict[str, float] = Field(default_factory=dict)
    overall: float | None = None
    generated_by: str = "offline-heuristic"


class Session(BaseModel):
    id: str
    track: str
    mode: CoachMode = CoachMode.OFFLINE
    status: SessionStatus = SessionStatus.IN_PROGRESS
    settings: dict[str, Any] = Field(default_factory=dict, description="Snapshot of run settings, no secrets")
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
    overall_score: float | None = None
    turns: list[Turn] = Field(default_factory=list)
    evaluations: list[Evaluation] = Field(default_factory=list)
    summary: SessionSummary | None = None
    stories_used: list[StoryUse] = Field(default_factory=list, description="Stories from the story bank told here.")
    profile: str | None = None
    """Whose session it is: set only in views of every profile (team mode's --all-profiles), else None."""
    job: dict[str, Any] | None = Field(
        default=None, description="A job-tailored session: the job and CV extracts (see domain/job_context.py)"
    )

    @computed_field  # type: ignore[prop-decorator]  # in every dump and export; ignored when loading one back
    @property
    def difficulty_path(self) -> list[int]:
        """The difficulty of each main question in the order asked.

        Warm-up question turns carry no difficulty (they sit outside the adaptive walk), so they drop out here.
        """
        return [t.difficulty for t in self.turns if t.kind is TurnKind.QUESTION and t.difficulty is not None]


class ReviewState(BaseModel):
    """Spaced-repetition state of one question (SM-2 style)."""

    question_id: str
    times_asked: int = 0
    last_score: float | None = None
    ease: float = 2.5
    interval_days: float = 0.0
    repetitions: int = 0
    due: date | None = None
    last_asked_at: datetime | None = None


class SessionOverview(BaseModel):
    """One row of `history`: enough to list a session without loading its transcript."""

    id: str
    track: str
    mode: CoachMode
    status: SessionStatus
    started_at: datetime
    ended_at: datetime | None = None
    overall_score: float | None = None
    answers: int = 0
    profile: str | None = None
    """Whose session it is: set only when listing every profile (--all-profiles), else None."""
