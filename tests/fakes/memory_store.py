"""An in-memory SessionStore for engine tests: the same contract as the SQL store, with deep copies so the
engine cannot share objects with 'the database'."""

from __future__ import annotations

from datetime import date

from interview_coach.domain.models import (
    Evaluation,
    ReviewState,
    Session,
    SessionOverview,
    SessionStatus,
    SessionSummary,
    Turn,
    TurnKind,
)
from interview_coach.errors import NotFoundError


class InMemorySessionStore:
    def __init__(self) -> None:
        self.sessions: dict[str, Session] = {}
        self.reviews: dict[str, ReviewState] = {}
        self.fail_next_turn = False

    def create_session(self, session: Session) -> None:
        self.sessions[session.id] = session.model_copy(deep=True, update={"turns": [], "evaluations": []})

    def add_turn(self, turn: Turn) -> Turn:
        if self.fail_next_turn:
            self.fail_next_turn = False
            raise OSError("disk full")
        session = self.sessions[turn.session_id]
        stored = turn.model_copy(deep=True, update={"id": len(session.turns) + 1})
        session.turns.append(stored)
        return stored.model_copy(deep=True)

    def add_evaluation(self, evaluation: Evaluation) -> Evaluation:
        assert evaluation.session_id is not None
        session = self.sessions[evaluation.session_id]
        stored = evaluation.model_copy(deep=True, update={"id": len(session.evaluations) + 1})
        session.evaluations.append(stored)
        return stored.model_copy(deep=True)

    def update_session(self, session: Session) -> None:
        stored = self.sessions[session.id]
        stored.status, stored.ended_at, stored.mode = session.status, session.ended_at, session.mode
        stored.overall_score = session.overall_score

    def delete_session(self, session_id: str) -> None:
        self.sessions.pop(session_id, None)

    def save_summary(self, session_id: str, summary: SessionSummary) -> None:
        self.sessions[session_id].summary = summary.model_copy(deep=True)

    def load_session(self, session_id: str) -> Session:
        if session_id not in self.sessions:
            raise NotFoundError(f"no session {session_id!r}")
        return self.sessions[session_id].model_copy(deep=True)

    def _overview(self, s: Session) -> SessionOverview:
        answers = sum(1 for t in s.turns if t.kind is TurnKind.ANSWER)
        return SessionOverview(
            id=s.id,
            track=s.track,
            mode=s.mode,
            status=s.status,
            started_at=s.started_at,
            ended_at=s.ended_at,
            overall_score=s.overall_score,
            answers=answers,
        )

    def latest_in_progress(self, track: str | None = None) -> SessionOverview | None:
        rows = [
            s
            for s in self.sessions.values()
            if s.status is SessionStatus.IN_PROGRESS and (track is None or s.track == track)
        ]
        return self._overview(max(rows, key=lambda s: s.started_at)) if rows else None

    def list_sessions(self, track: str | None = None, limit: int | None = None) -> list[SessionOverview]:
        rows = sorted(
            (s for s in self.sessions.values() if track is None or s.track == track),
            key=lambda s: s.started_at,
            reverse=True,
        )
        return [self._overview(s) for s in rows[:limit]]

    def recent_question_ids(self, track: str, sessions: int = 3) -> set[str]:
        rows = sorted(
            (s for s in self.sessions.values() if s.track == track), key=lambda s: s.started_at, reverse=True
        )[:sessions]
        return {t.question_id for s in rows for t in s.turns if t.question_id and t.kind is TurnKind.QUESTION}

    def review_state(self, question_id: str) -> ReviewState | None:
        return self.reviews.get(question_id)

    def save_review_state(self, state: ReviewState) -> None:
        self.reviews[state.question_id] = state

    def due_reviews(self, track: str, today: date) -> list[ReviewState]:
        track_ids = {t.question_id for s in self.sessions.values() if s.track == track for t in s.turns}
        return [r for r in self.reviews.values() if r.question_id in track_ids and r.due and r.due <= today]
