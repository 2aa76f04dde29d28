"""Row <-> domain converters: the only place that knows both shapes.

Timestamps are stored in UTC. SQLite keeps no time zone, so values come back naive and are re-attached to
UTC here; PostgreSQL's timestamptz comes back aware and is normalised the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from interview_coach.domain.models import (
    AnswerMetrics,
    CoachMode,
    CriterionScore,
    Deduction,
    Evaluation,
    ReviewState,
    Role,
    Session,
    SessionOverview,
    SessionStatus,
    SessionSummary,
    Turn,
    TurnKind,
)
from interview_coach.storage.snapshot import scrub_settings
from interview_coach.storage.tables import (
    EvaluationRow,
    QuestionStatRow,
    SessionRow,
    SessionSummaryRow,
    TurnRow,
)


def to_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def opt_utc(value: datetime | None) -> datetime | None:
    return None if value is None else to_utc(value)


def session_values(session: Session) -> dict[str, Any]:
    """The ``sessions`` columns of a domain session (for inserts and updates alike)."""
    return {
        "track": session.track,
        "mode": session.mode.value,
        "status": session.status.value,
        "settings": scrub_settings(session.settings),
        "started_at": to_utc(session.started_at),
        "ended_at": opt_utc(session.ended_at),
        "overall_score": session.overall_score,
    }


def session_to_row(session: Session) -> SessionRow:
    return SessionRow(id=session.id, **session_values(session))


def row_to_session(row: SessionRow) -> Session:
    return Session(
        id=row.id,
        track=row.track,
        mode=CoachMode(row.mode),
        status=SessionStatus(row.status),
        settings=dict(row.settings or {}),
        started_at=to_utc(row.started_at),
        ended_at=opt_utc(row.ended_at),
        overall_score=row.overall_score,
    )


def row_to_overview(row: SessionRow, answers: int) -> SessionOverview:
    return SessionOverview(
        id=row.id,
        track=row.track,
        mode=CoachMode(row.mode),
        status=SessionStatus(row.status),
        started_at=to_utc(row.started_at),
        ended_at=opt_utc(row.ended_at),
        overall_score=row.overall_score,
        answers=answers,
    )


def turn_to_row(turn: Turn) -> TurnRow:
    return TurnRow(
        session_id=turn.session_id,
        seq=turn.seq,
        role=turn.role.value,
        kind=turn.kind.value,
        question_id=turn.question_id,
        text=turn.text,
        difficulty=turn.difficulty,
        created_at=to_utc(turn.created_at),
        metrics=turn.metrics.model_dump(mode="json") if turn.metrics is not None else None,
    )


def row_to_turn(row: TurnRow) -> Turn:
    return Turn(
        id=row.id,
        session_id=row.session_id,
        seq=row.seq,
        role=Role(row.role),
        kind=TurnKind(row.kind),
        question_id=row.question_id,
        text=row.text,
        difficulty=row.difficulty,
        created_at=to_utc(row.created_at),
        metrics=AnswerMetrics.model_validate(row.metrics) if row.metrics is not None else None,
    )


def evaluation_to_row(evaluation: Evaluation, session_id: str) -> EvaluationRow:
    return EvaluationRow(
        session_id=session_id,
        answer_turn_seq=evaluation.answer_turn_seq,
        question_id=evaluation.question_id,
        criteria=[c.model_dump(mode="json") for c in evaluation.criteria],
        overall=evaluation.overall,
        deductions=[d.model_dump(mode="json") for d in evaluation.deductions],
        star_points=evaluation.star_points,
        star_max_points=evaluation.star_max_points,
        feedback=evaluation.feedback,
        strengths=list(evaluation.strengths),
        improvements=list(evaluation.improvements),
        scored_by=evaluation.scored_by,
        fallback_reason=evaluation.fallback_reason,
        latency_ms=evaluation.latency_ms,
        created_at=to_utc(evaluation.created_at),
    )


def row_to_evaluation(row: EvaluationRow) -> Evaluation:
    return Evaluation(
        id=row.id,
        session_id=row.session_id,
        answer_turn_seq=row.answer_turn_seq,
        question_id=row.question_id,
        criteria=[CriterionScore.model_validate(c) for c in row.criteria or []],
        overall=row.overall,
        deductions=[Deduction.model_validate(d) for d in row.deductions or []],
        star_points=row.star_points,
        star_max_points=row.star_max_points,
        feedback=row.feedback,
        strengths=list(row.strengths or []),
        improvements=list(row.improvements or []),
        scored_by=row.scored_by,
        fallback_reason=row.fallback_reason,
        latency_ms=row.latency_ms,
        created_at=to_utc(row.created_at),
    )


def summary_values(summary: SessionSummary) -> dict[str, Any]:
    return {
        "strengths": list(summary.strengths),
        "weaknesses": list(summary.weaknesses),
        "next_steps": list(summary.next_steps),
        "competency_scores": dict(summary.competency_scores),
        "overall": summary.overall,
        "generated_by": summary.generated_by,
    }


def row_to_summary(row: SessionSummaryRow) -> SessionSummary:
    return SessionSummary(
        strengths=list(row.strengths or []),
        weaknesses=list(row.weaknesses or []),
        next_steps=list(row.next_steps or []),
        competency_scores={str(k): float(v) for k, v in (row.competency_scores or {}).items()},
        overall=row.overall,
        generated_by=row.generated_by,
    )


def review_values(state: ReviewState) -> dict[str, Any]:
    return {
        "times_asked": state.times_asked,
        "last_score": state.last_score,
        "ease": state.ease,
        "interval_days": state.interval_days,
        "repetitions": state.repetitions,
        "due": state.due,
        "last_asked_at": opt_utc(state.last_asked_at),
    }


def row_to_review(row: QuestionStatRow) -> ReviewState:
    return ReviewState(
        question_id=row.question_id,
        times_asked=row.times_asked,
        last_score=row.last_score,
        ease=row.ease,
        interval_days=row.interval_days,
        repetitions=row.repetitions,
        due=row.due,
        last_asked_at=opt_utc(row.last_asked_at),
    )
