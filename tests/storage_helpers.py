"""A realistic interview session (every turn kind, metrics, evaluations, summary) and a store to put it in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from interview_coach.config import load_settings
from interview_coach.domain.models import (
    AnswerMetrics,
    CoachMode,
    CriterionScore,
    Evaluation,
    Role,
    Session,
    SessionStatus,
    SessionSummary,
    Turn,
    TurnKind,
)
from interview_coach.storage.db import open_store
from interview_coach.storage.repository import SqlSessionStore

T0 = datetime(2025, 3, 14, 9, 26, 53, 589_793, tzinfo=UTC)
SECRET = "sk-test-0123456789abcdefSECRET"


def new_id() -> str:
    return uuid.uuid4().hex


def store() -> SqlSessionStore:
    """A migrated store on the test's own home (conftest points INTERVIEW_COACH_HOME at tmp_path)."""
    return open_store(load_settings())


def make_session(
    session_id: str | None = None,
    *,
    track: str = "backend",
    started_at: datetime = T0,
    score: float | None = 72.5,
    competencies: dict[str, float] | None = None,
    status: SessionStatus = SessionStatus.COMPLETED,
) -> Session:
    """A finished session: warm-up, a question with hint, follow-up and feedback, two scored answers."""
    sid = session_id or new_id()
    at = [started_at + timedelta(seconds=30 * n) for n in range(10)]
    turns = [
        Turn(
            session_id=sid,
            seq=0,
            role=Role.SYSTEM,
            kind=TurnKind.SYSTEM_NOTE,
            text="Session started.",
            created_at=at[0],
        ),
        Turn(
            session_id=sid,
            seq=1,
            role=Role.COACH,
            kind=TurnKind.QUESTION,
            question_id="backend-idempotent-retries",
            text="How do you make a payment API safe to retry?",
            difficulty=3,
            created_at=at[1],
        ),
        Turn(
            session_id=sid,
            seq=2,
            role=Role.COACH,
            kind=TurnKind.HINT,
            question_id="backend-idempotent-retries",
            text="Think about what the client sends twice.",
            created_at=at[2],
        ),
        Turn(
            session_id=sid,
            seq=3,
            role=Role.CANDIDATE,
            kind=TurnKind.ANSWER,
            question_id="backend-idempotent-retries",
            text="Use an idempotency key | stored with a unique constraint.\n\nReturn the saved response on a repeat.",
            created_at=at[3],
            metrics=AnswerMetrics(
                word_count=17,
                time_to_first_keystroke_s=4.25,
                duration_s=95.5,
                words_per_minute=10.7,
                filler_words=1,
                hints_used=1,
            ),
        ),
        Turn(
            session_id=sid,
            seq=4,
            role=Role.COACH,
            kind=TurnKind.FEEDBACK,
            question_id="backend-idempotent-retries",
            text="Good on keys; say how long you keep them.",
            created_at=at[4],
        ),
        Turn(
            session_id=sid,
            seq=5,
            role=Role.COACH,
            kind=TurnKind.FOLLOW_UP,
            question_id="backend-idempotent-retries",
            text="How long do you keep the keys?",
            created_at=at[5],
        ),
        Turn(
            session_id=sid,
            seq=6,
            role=Role.CANDIDATE,
            kind=TurnKind.ANSWER,
            question_id="backend-idempotent-retries",
            text='A day, with a TTL index, "quoted", and commas, too.',
            created_at=at[6],
            metrics=AnswerMetrics(word_count=10, duration_s=20.0, skipped=False, star={"situation": True}),
        ),
    ]
    evaluations = [
        Evaluation(
            session_id=sid,
            answer_turn_seq=3,
            question_id="backend-idempotent-retries",
            criteria=[
                CriterionScore(criterion_id="idempotency-key", score=1.0, evidence="idempotency key"),
                CriterionScore(criterion_id="key-expiry", score=0.0),
            ],
            overall=65.0,
            feedback="Good on keys; say how long you keep them.",
            strengths=["Names the idempotency key"],
            improvements=["Say how long keys are kept"],
            scored_by="deepseek-v4-flash",
            latency_ms=812.5,
            created_at=at[3],
        ),
        Evaluation(
            session_id=sid,
            answer_turn_seq=6,
            question_id="backend-idempotent-retries",
            criteria=[CriterionScore(criterion_id="key-expiry", score=0.75, evidence="TTL")],
            overall=80.0,
            feedback="Right: a TTL bounds storage.",
            created_at=at[6],
        ),
    ]
    summary = SessionSummary(
        strengths=["Idempotency"],
        weaknesses=["Data retention"],
        next_steps=["Practise questions on caching"],
        competency_scores=competencies if competencies is not None else {"api-design": 70.0, "reliability": 55.0},
        overall=score,
        generated_by="offline-heuristic",
    )
    return Session(
        id=sid,
        track=track,
        mode=CoachMode.LLM,
        status=status,
        settings={"questions": 5, "feedback": "now", "deepseek_model": "deepseek-v4-flash"},
        started_at=started_at,
        ended_at=at[9] if status is SessionStatus.COMPLETED else None,
        overall_score=score,
        turns=turns,
        evaluations=evaluations,
        summary=summary,
    )
