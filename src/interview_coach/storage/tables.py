"""The database tables, as SQLModel rows kept apart from the domain models.

The repository converts rows to and from ``interview_coach.domain.models`` at its edge, so nothing outside
``storage/`` ever sees a row. Every column uses a portable SQLAlchemy type (String, Text, Float, JSON,
timezone-aware DateTime, Date): nothing here is SQLite-only, so PostgreSQL can follow without a schema change.

The tables live in their own ``MetaData`` (with a naming convention, so Alembic's batch mode can drop and
recreate constraints by name on SQLite). ``metadata`` is what the migrations are compared against.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

ID_LENGTH = 64  # session ids are uuid4 hex (32); room for other schemes later
SHORT = 64
NAME = 200
PROFILE = 200  # storage.team.PROFILE_MAX

UTCDateTime = sa.DateTime(timezone=True)


class TableBase(SQLModel, registry=registry(metadata=metadata)):
    """Base of every row class: binds them to this module's ``metadata`` instead of SQLModel's global one."""


def _session_fk() -> Any:
    return sa.Column(
        "session_id",
        sa.String(ID_LENGTH),
        sa.ForeignKey("sessions.id", ondelete="CASCADE"),
        nullable=False,
    )


class SessionRow(TableBase, table=True):
    __tablename__ = "sessions"
    # history: newest first, optionally per track; stats: per track over time.
    __table_args__ = (
        sa.Index("ix_sessions_started_at", "started_at"),
        sa.Index("ix_sessions_track_started_at", "track", "started_at"),
        sa.Index("ix_sessions_status_started_at", "status", "started_at"),
        # Team mode: a candidate's own history, newest first.
        sa.Index("ix_sessions_profile_started_at", "profile", "started_at"),
    )

    id: str = Field(primary_key=True, sa_type=sa.String(ID_LENGTH))
    track: str = Field(sa_type=sa.String(SHORT))
    mode: str = Field(sa_type=sa.String(16))
    status: str = Field(sa_type=sa.String(16))
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    started_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    overall_score: float | None = Field(default=None, sa_type=sa.Float)
    profile: str = Field(sa_type=sa.String(PROFILE))
    """Whose session this is (team mode, see storage/team.py); on PostgreSQL the owning role."""


class TurnRow(TableBase, table=True):
    __tablename__ = "turns"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "seq"),
        # recent_question_ids / due_reviews: which sessions asked a question.
        sa.Index("ix_turns_question_id", "question_id"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=sa.Integer)
    session_id: str = Field(sa_column=_session_fk())
    seq: int = Field(sa_type=sa.Integer)
    role: str = Field(sa_type=sa.String(16))
    kind: str = Field(sa_type=sa.String(16))
    question_id: str | None = Field(default=None, sa_type=sa.String(NAME))
    text: str = Field(sa_type=sa.Text)
    difficulty: int | None = Field(default=None, sa_type=sa.Integer)
    created_at: datetime = Field(sa_type=UTCDateTime)
    metrics: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)


class EvaluationRow(TableBase, table=True):
    __tablename__ = "evaluations"
    __table_args__ = (sa.Index("ix_evaluations_session_id", "session_id"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=sa.Integer)
    session_id: str = Field(sa_column=_session_fk())
    answer_turn_seq: int | None = Field(default=None, sa_type=sa.Integer)
    question_id: str = Field(sa_type=sa.String(NAME))
    criteria: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    overall: float = Field(sa_type=sa.Float)
    deductions: list[dict[str, Any]] | None = Field(default=None, sa_type=sa.JSON)
    star_points: float | None = Field(default=None, sa_type=sa.Float)
    star_max_points: float | None = Field(default=None, sa_type=sa.Float)
    feedback: str = Field(default="", sa_type=sa.Text)
    strengths: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    improvements: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    scored_by: str = Field(sa_type=sa.String(NAME))
    fallback_reason: str | None = Field(default=None, sa_type=sa.Text)
    latency_ms: float | None = Field(default=None, sa_type=sa.Float)
    created_at: datetime = Field(sa_type=UTCDateTime)


class SessionSummaryRow(TableBase, table=True):
    __tablename__ = "session_summaries"

    session_id: str = Field(
        sa_column=sa.Column(
            "session_id",
            sa.String(ID_LENGTH),
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    strengths: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    weaknesses: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    next_steps: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    competency_scores: dict[str, float] = Field(default_factory=dict, sa_type=sa.JSON)
    overall: float | None = Field(default=None, sa_type=sa.Float)
    generated_by: str = Field(sa_type=sa.String(NAME))


class QuestionStatRow(TableBase, table=True):
    __tablename__ = "question_stats"
    # due_reviews: everything due on or before a day.
    __table_args__ = (
        sa.Index("ix_question_stats_due", "due"),
        sa.Index("ix_question_stats_profile_due", "profile", "due"),
    )

    question_id: str = Field(primary_key=True, sa_type=sa.String(NAME))
    times_asked: int = Field(default=0, sa_type=sa.Integer)
    last_score: float | None = Field(default=None, sa_type=sa.Float)
    ease: float = Field(default=2.5, sa_type=sa.Float)
    interval_days: float = Field(default=0.0, sa_type=sa.Float)
    repetitions: int = Field(default=0, sa_type=sa.Integer)
    due: date | None = Field(default=None, sa_type=sa.Date)
    last_asked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    profile: str = Field(primary_key=True, sa_type=sa.String(PROFILE))
    """Whose review schedule this is: each candidate has their own (team mode)."""


class TeamReviewerRow(TableBase, table=True):
    """Team mode on PostgreSQL: a role that may read every candidate's rows (storage/team.py)."""

    __tablename__ = "team_reviewers"

    role: str = Field(primary_key=True, sa_type=sa.String(PROFILE))


class StoryRow(TableBase, table=True):
    """A prepared STAR+R story of the story bank (issue 17)."""

    __tablename__ = "stories"
    __table_args__ = (sa.Index("ix_stories_profile", "profile"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=sa.Integer)
    title: str = Field(sa_type=sa.String(NAME))
    situation: str = Field(default="", sa_type=sa.Text)
    task: str = Field(default="", sa_type=sa.Text)
    action: str = Field(default="", sa_type=sa.Text)
    result: str = Field(default="", sa_type=sa.Text)
    reflection: str = Field(default="", sa_type=sa.Text)
    competencies: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    tags: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    profile: str = Field(sa_type=sa.String(PROFILE))
    """Whose story this is (team mode): a story bank is personal."""


class SessionStoryRow(TableBase, table=True):
    """A story told in a session. The title is kept, so a deleted story still shows in old sessions' exports."""

    __tablename__ = "session_stories"
    # story_uses: one session's; recent_story_uses: newest first.
    __table_args__ = (
        sa.Index("ix_session_stories_session_id", "session_id"),
        sa.Index("ix_session_stories_used_at", "used_at"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=sa.Integer)
    session_id: str = Field(sa_column=_session_fk())
    story_id: int | None = Field(
        default=None,
        sa_column=sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="SET NULL"), nullable=True),
    )
    story_title: str = Field(sa_type=sa.String(NAME))
    question_id: str | None = Field(default=None, sa_type=sa.String(NAME))
    turn_seq: int | None = Field(default=None, sa_type=sa.Integer)
    competencies: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    how: str = Field(sa_type=sa.String(16))
    used_at: datetime = Field(sa_type=UTCDateTime)


class SessionJobRow(TableBase, table=True):
    """What a job-tailored session was tailored to (see ``domain/job_context.py``): the job's extracted requirements
    and, from a CV, only roles, project lines, skills and the file's SHA-256 (never its text)."""

    __tablename__ = "session_jobs"

    session_id: str = Field(
        sa_column=sa.Column(
            "session_id",
            sa.String(ID_LENGTH),
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    title: str = Field(default="", sa_type=sa.Text)
    seniority: str = Field(sa_type=sa.String(16))
    track_reason: str = Field(default="", sa_type=sa.Text)
    requirements: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    notes: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    cv_sha256: str | None = Field(default=None, sa_type=sa.String(SHORT))
    cv_roles: list[str] | None = Field(default=None, sa_type=sa.JSON)
    cv_projects: list[str] | None = Field(default=None, sa_type=sa.JSON)
    cv_skills: list[str] | None = Field(default=None, sa_type=sa.JSON)


class GeneratedQuestionRow(TableBase, table=True):
    """A question the AI coach wrote for one session, in the bank's schema (validated like a shipped one)."""

    __tablename__ = "generated_questions"
    __table_args__ = (sa.UniqueConstraint("session_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=sa.Integer)
    session_id: str = Field(sa_column=_session_fk())
    position: int = Field(sa_type=sa.Integer)
    question_id: str = Field(sa_type=sa.String(NAME))
    question: dict[str, Any] = Field(sa_type=sa.JSON)
