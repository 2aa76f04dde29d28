"""The ports the engine talks through. Adapters (llm/, tts/, storage/) implement them; tests use fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable

from interview_coach.domain.models import (
    Evaluation,
    ReviewState,
    Session,
    SessionOverview,
    SessionSummary,
    Turn,
)
from interview_coach.domain.questions import Question
from interview_coach.domain.stories import Story, StoryUse


class CoachState(StrEnum):
    ONLINE = "online"
    DEGRADED = "degraded"
    OFFLINE = "offline"


@dataclass
class CoachHealth:
    configured: bool = False
    state: CoachState = CoachState.OFFLINE
    fallback_active: bool = False
    model: str | None = None
    last_ok_at: datetime | None = None
    last_error_at: datetime | None = None
    last_error: str | None = None
    retrying: str | None = None  # "2/3 in 1.6 s (HTTP 503)" while a retry of the call in flight is pending

    @property
    def label(self) -> str:
        if not self.configured:
            return "offline coach"
        if self.retrying:
            return f"AI retrying {self.retrying}"
        if self.fallback_active or self.state is not CoachState.ONLINE:
            return "AI unavailable - offline fallback"
        model = f" ({self.model})" if self.model else ""
        if self.last_ok_at is None:
            return f"AI coach{model}, not reached yet"  # configured, but nothing has answered so far
        return f"AI online{model}"


@dataclass(frozen=True)
class RetryNotice:
    """An AI call failed and will be tried again after a pause: for the status bar and the plain mode's stderr.

    ``attempt`` is the attempt about to be made (2 for the first retry) out of ``max_attempts`` (retries + 1), so
    "AI retrying 2/3 in 1.6 s" reads straight off it. ``delay_s`` is the pause before that attempt, and ``reason``
    says why the last one failed: one line, keys masked.
    """

    attempt: int
    max_attempts: int
    delay_s: float
    reason: str


@dataclass
class FollowUpRequest:
    question: Question
    answer: str
    transcript: Sequence[Turn] = field(default_factory=list)
    evaluation: Evaluation | None = None
    asked_follow_ups: Sequence[str] = field(default_factory=list)


@runtime_checkable
class Coach(Protocol):
    """Follow-ups, scoring and summaries. ``name`` ends up in ``Evaluation.scored_by``."""

    name: str

    async def follow_up(self, request: FollowUpRequest) -> str | None: ...

    async def score(self, question: Question, answer: str) -> Evaluation: ...

    async def summarize(self, session: Session, questions: dict[str, Question]) -> SessionSummary: ...

    def stream_feedback(self, question: Question, answer: str, evaluation: Evaluation) -> AsyncIterator[str]:
        """Feedback text in chunks for the UI; the offline coach yields it in one piece."""
        ...

    def health(self) -> CoachHealth: ...


@runtime_checkable
class SessionStore(Protocol):
    """Everything the engine persists. Each call commits before it returns (answers are never lost)."""

    def create_session(self, session: Session) -> None: ...

    def add_turn(self, turn: Turn) -> Turn: ...

    def add_evaluation(self, evaluation: Evaluation) -> Evaluation: ...

    def update_session(self, session: Session) -> None: ...

    def delete_session(self, session_id: str) -> None:
        """Remove a session and everything in it (for one left before its first answer)."""
        ...

    def save_summary(self, session_id: str, summary: SessionSummary) -> None: ...

    def load_session(self, session_id: str) -> Session: ...

    def latest_in_progress(self, track: str | None = None) -> SessionOverview | None: ...

    def list_sessions(self, track: str | None = None, limit: int | None = None) -> list[SessionOverview]: ...

    def recent_question_ids(self, track: str, sessions: int = 3) -> set[str]: ...

    def review_state(self, question_id: str) -> ReviewState | None: ...

    def save_review_state(self, state: ReviewState) -> None: ...

    def due_reviews(self, track: str, today: date) -> list[ReviewState]: ...


class SpeechState(StrEnum):
    READY = "ready"
    SPEAKING = "speaking"
    SILENT = "silent"
    UNAVAILABLE = "unavailable"


@runtime_checkable
class Speaker(Protocol):
    """Speaks text without blocking the caller. ``speak`` cancels whatever was playing."""

    name: str

    async def speak(self, text: str) -> None: ...

    def cancel(self) -> None: ...

    def status(self) -> str: ...


@dataclass
class QuestionRequest:
    """Ask the AI coach for interview questions on what the bank does not cover (a job-tailored session).

    ``cv_text`` is set only when the candidate agreed to share the CV with the AI coach.
    """

    track: str
    requirements: Sequence[str]
    count: int
    job_text: str
    seniority: str = "mid"
    tags: Sequence[str] = field(default_factory=list)
    competencies: Sequence[str] = field(default_factory=list)
    cv_text: str | None = None


@runtime_checkable
class QuestionWriter(Protocol):
    """Writes questions in the bank's schema; the caller validates each one like a shipped question."""

    async def write_questions(self, request: QuestionRequest) -> list[dict[str, object]]: ...


@runtime_checkable
class StoryStore(Protocol):
    """The story bank (see ``domain/stories.py``) and which stories were told in which session."""

    def list_stories(self) -> list[Story]: ...

    def get_story(self, story_id: int) -> Story: ...

    def add_story(self, story: Story) -> Story: ...

    def update_story(self, story: Story) -> Story: ...

    def delete_story(self, story_id: int) -> None: ...

    def record_story_use(self, use: StoryUse) -> StoryUse:
        """Store the use and set the story's ``last_used_at``."""
        ...

    def story_uses(self, session_id: str) -> list[StoryUse]: ...

    def recent_story_uses(self, before_session: str, limit: int = 50) -> list[StoryUse]:
        """Uses in sessions other than ``before_session``, newest first."""
        ...


@runtime_checkable
class StoryCritic(Protocol):
    """An AI coach's one-paragraph critique of a story."""

    name: str

    async def critique_story(self, story: Story) -> str: ...
