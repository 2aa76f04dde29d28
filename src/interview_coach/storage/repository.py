"""``SqlSessionStore``: the ``SessionStore`` port over SQLAlchemy.

Every write runs in its own transaction and commits before the method returns, so an answer is durable the
moment ``add_turn`` returns (with ``synchronous=FULL`` even across a power cut, see ``engine.py``). Rows never
leave this module: callers get domain objects from ``convert.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from types import TracebackType
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlmodel import Session as DbSession
from sqlmodel import col, select

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
from interview_coach.errors import NotFoundError, UsageError
from interview_coach.storage import convert, job_rows, stories_repo
from interview_coach.storage.delivery_stats import DeliveryRow
from interview_coach.storage.guard import DatabaseLocation, translate_errors
from interview_coach.storage.stats import ScoreRow
from interview_coach.storage.tables import (
    EvaluationRow,
    GeneratedQuestionRow,
    QuestionStatRow,
    SessionJobRow,
    SessionRow,
    SessionSummaryRow,
    TurnRow,
)

SelectT = TypeVar("SelectT", bound="sa.Select[Any]")
ScopedT = TypeVar("ScopedT", bound=Any)  # a select, update or delete on sessions
HISTORY_HINT = "List sessions with `interview-coach history`."


class SqlSessionStore:
    """Implements ``domain.ports.SessionStore``; also a context manager that disposes of the engine."""

    def __init__(
        self, engine: sa.Engine, location: DatabaseLocation, profile: str | None = None, *, all_profiles: bool = False
    ) -> None:
        from interview_coach.storage.team import default_profile

        self.engine = engine
        self.location = location
        self.profile = profile or default_profile()
        """Whose rows this store writes (team mode): sessions and the review schedule belong to a profile."""
        self.scope: str | None = None if all_profiles else self.profile
        """Whose rows it reads: the profile, or None for every profile (a reviewer's view)."""

    def __enter__(self) -> SqlSessionStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def _db(self) -> DbSession:
        return DbSession(self.engine, expire_on_commit=False)

    def _guard(self) -> AbstractContextManager[None]:
        return translate_errors(self.location)

    # --- writes -----------------------------------------------------------------------------------------

    def create_session(self, session: Session) -> None:
        with self._guard(), self._db() as db:
            row = convert.session_to_row(session)
            row.profile = self.profile
            db.add(row)
            db.flush()  # the parent row first: the children reference it
            db.add_all(
                convert.turn_to_row(turn.model_copy(update={"session_id": session.id})) for turn in session.turns
            )
            db.add_all(convert.evaluation_to_row(ev, session.id) for ev in session.evaluations)
            if session.summary is not None:
                db.add(SessionSummaryRow(session_id=session.id, **convert.summary_values(session.summary)))
            if session.job:
                db.add_all(job_rows.rows_for(session.id, session.job))
            db.commit()

    def add_turn(self, turn: Turn) -> Turn:
        row = convert.turn_to_row(turn)
        with self._guard(), self._db() as db:
            db.add(row)
            self._require_own(db, turn.session_id)
            self._commit_child(db, turn.session_id)
        return turn.model_copy(update={"id": row.id})

    def add_evaluation(self, evaluation: Evaluation) -> Evaluation:
        if evaluation.session_id is None:
            raise ValueError("an evaluation needs a session_id before it can be stored")
        row = convert.evaluation_to_row(evaluation, evaluation.session_id)
        with self._guard(), self._db() as db:
            db.add(row)
            self._require_own(db, evaluation.session_id)
            self._commit_child(db, evaluation.session_id)
        return evaluation.model_copy(update={"id": row.id})

    def update_session(self, session: Session) -> None:
        """Write the session's own fields (status, end, score, settings) and, when set, its summary."""
        with self._guard(), self._db() as db:
            result = db.exec(
                self._scoped(sa.update(SessionRow).where(col(SessionRow.id) == session.id)).values(
                    **convert.session_values(session)
                )
            )
            if result.rowcount == 0:
                db.rollback()
                raise self._missing(session.id)
            if session.summary is not None:
                self._upsert_summary(db, session.id, session.summary)
            db.commit()

    def delete_session(self, session_id: str) -> None:
        with self._guard(), self._db() as db:
            # Turns, evaluations and the summary go with it: their foreign keys cascade.
            db.exec(self._scoped(sa.delete(SessionRow).where(col(SessionRow.id) == session_id)))
            db.commit()

    def save_summary(self, session_id: str, summary: SessionSummary) -> None:
        with self._guard(), self._db() as db:
            self._upsert_summary(db, session_id, summary)
            self._require_own(db, session_id)
            self._commit_child(db, session_id)

    def save_review_state(self, state: ReviewState) -> None:
        values = convert.review_values(state)
        with self._guard(), self._db() as db:
            result = db.exec(
                sa.update(QuestionStatRow)
                .where(
                    col(QuestionStatRow.question_id) == state.question_id,
                    col(QuestionStatRow.profile) == self.profile,
                )
                .values(**values)
            )
            if result.rowcount == 0:
                db.add(QuestionStatRow(question_id=state.question_id, profile=self.profile, **values))
            db.commit()

    def _upsert_summary(self, db: DbSession, session_id: str, summary: SessionSummary) -> None:
        values = convert.summary_values(summary)
        table = SessionSummaryRow
        result = db.exec(sa.update(table).where(col(table.session_id) == session_id).values(**values))
        if result.rowcount == 0:
            db.add(SessionSummaryRow(session_id=session_id, **values))

    def _require_own(self, db: DbSession, session_id: str) -> None:
        """Rows hanging off a session are written only into this profile's sessions. On PostgreSQL row-level
        security enforces it too; on a shared SQLite file this check is what does. Called after the write is
        staged, so the transaction holds the write lock before it reads (SQLite cannot upgrade a stale read)."""
        if self.scope is None:
            return
        try:
            db.flush()
        except sa_exc.IntegrityError:
            self._constraint_failed(db, session_id)
            raise
        if self._get_session(db, session_id) is None:
            db.rollback()
            raise self._missing(session_id, db)

    def _commit_child(self, db: DbSession, session_id: str) -> None:
        """Commit a row that references a session; a missing session is a NotFoundError, not a constraint."""
        try:
            db.commit()
        except sa_exc.IntegrityError:
            self._constraint_failed(db, session_id)
            raise

    def _constraint_failed(self, db: DbSession, session_id: str) -> None:
        """After a failed write: a missing session is a NotFoundError; anything else is the caller's to raise."""
        db.rollback()
        if db.get(SessionRow, session_id) is None:
            raise self._missing(session_id) from None

    def _missing(self, session_id: str, db: DbSession | None = None) -> NotFoundError:
        return NotFoundError(f"no session {session_id!r}{self._elsewhere(db, session_id)}. {HISTORY_HINT}")

    def _elsewhere(self, db: DbSession | None, id_or_prefix: str) -> str:
        """A hint when the session exists but belongs to another profile (visible to this role at all)."""
        if db is None or self.scope is None:
            return ""
        query = select(SessionRow.id).where(col(SessionRow.id).startswith(id_or_prefix, autoescape=True)).limit(1)
        if db.exec(query).first() is None:
            return ""
        return f" in {self.scope}'s sessions: it is another profile's (add --all-profiles to see everyone's)"

    # --- reads ------------------------------------------------------------------------------------------

    def load_session(self, session_id: str) -> Session:
        with self._guard(), self._db() as db:
            row = self._get_session(db, session_id)
            if row is None:
                raise self._missing(session_id, db)
            return next(iter(self._assemble(db, [row])))

    def resolve_session_id(self, id_or_prefix: str) -> str:
        """The full id of a session given its id or a unique prefix of it (history shows 12 characters)."""
        text = id_or_prefix.strip()
        if not text:
            raise UsageError(f"give a session id. {HISTORY_HINT}")
        with self._guard(), self._db() as db:
            if self._get_session(db, text) is not None:
                return text
            query = self._scoped(
                select(SessionRow.id).where(col(SessionRow.id).startswith(text, autoescape=True)).limit(2)
            )
            matches = list(db.exec(query))
            if not matches:
                raise self._missing(text, db)
        if len(matches) > 1:
            raise UsageError(f"session id {text!r} is ambiguous; give more characters.")
        return matches[0]

    def latest_session_id(self, track: str | None = None) -> str | None:
        with self._guard(), self._db() as db:
            query = self._newest_first(select(SessionRow.id), track).limit(1)
            return db.exec(query).first()

    def latest_in_progress(self, track: str | None = None) -> SessionOverview | None:
        overviews = self._overviews(track, 1, status=SessionStatus.IN_PROGRESS)
        return overviews[0] if overviews else None

    def list_sessions(self, track: str | None = None, limit: int | None = None) -> list[SessionOverview]:
        """Newest first. Two indexed queries: the page of sessions, then the answer counts of that page."""
        return self._overviews(track, limit)

    def count_sessions(self, track: str | None = None) -> int:
        with self._guard(), self._db() as db:
            query = self._scoped(select(sa.func.count()).select_from(SessionRow))
            if track is not None:
                query = query.where(col(SessionRow.track) == track)
            return int(db.exec(query).one())

    def iter_sessions(self, track: str | None = None, *, batch_size: int = 25) -> Iterator[Session]:
        """Every session, oldest first, ``batch_size`` at a time so memory stays flat (keyset paging)."""
        last: tuple[object, str] | None = None
        while True:
            with self._guard(), self._db() as db:
                query = self._scoped(select(SessionRow))
                if track is not None:
                    query = query.where(col(SessionRow.track) == track)
                if last is not None:
                    started, ident = last
                    query = query.where(
                        sa.or_(
                            col(SessionRow.started_at) > started,
                            sa.and_(col(SessionRow.started_at) == started, col(SessionRow.id) > ident),
                        )
                    )
                query = query.order_by(col(SessionRow.started_at), col(SessionRow.id)).limit(batch_size)
                rows = list(db.exec(query))
                if not rows:
                    return
                last = (rows[-1].started_at, rows[-1].id)
                sessions = list(self._assemble(db, rows))
            yield from sessions
            if len(rows) < batch_size:
                return

    def recent_question_ids(self, track: str, sessions: int = 3) -> set[str]:
        with self._guard(), self._db() as db:
            ids = list(db.exec(self._newest_first(select(SessionRow.id), track).limit(sessions)))
            if not ids:
                return set()
            query = (
                select(TurnRow.question_id)
                .where(col(TurnRow.session_id).in_(ids), col(TurnRow.question_id).is_not(None))
                .distinct()
            )
            return {qid for qid in db.exec(query) if qid is not None}

    def review_state(self, question_id: str) -> ReviewState | None:
        with self._guard(), self._db() as db:
            row = db.exec(
                select(QuestionStatRow).where(
                    col(QuestionStatRow.question_id) == question_id, col(QuestionStatRow.profile) == self.profile
                )
            ).first()
            return convert.row_to_review(row) if row is not None else None

    def due_reviews(self, track: str, today: date) -> list[ReviewState]:
        """Questions asked in a ``track`` session whose review is due on or before ``today``."""
        asked_in_track = (
            select(TurnRow.question_id)
            .join(SessionRow, col(SessionRow.id) == col(TurnRow.session_id))
            .where(
                col(SessionRow.track) == track,
                col(SessionRow.profile) == self.profile,
                col(TurnRow.question_id).is_not(None),
            )
        )
        query = (
            select(QuestionStatRow)
            .where(
                col(QuestionStatRow.profile) == self.profile,
                col(QuestionStatRow.due) <= today,
                col(QuestionStatRow.question_id).in_(asked_in_track),
            )
            .order_by(col(QuestionStatRow.due), col(QuestionStatRow.question_id))
        )
        with self._guard(), self._db() as db:
            return [convert.row_to_review(row) for row in db.exec(query)]

    def score_rows(self, track: str | None = None) -> list[ScoreRow]:
        """Per session, oldest first: overall and per-competency scores (from its summary), for stats."""
        query = (
            sa.select(
                col(SessionRow.id),
                col(SessionRow.track),
                col(SessionRow.started_at),
                col(SessionRow.overall_score),
                col(SessionSummaryRow.overall),
                col(SessionSummaryRow.competency_scores),
                col(SessionRow.profile),
            )
            .join(SessionSummaryRow, col(SessionSummaryRow.session_id) == col(SessionRow.id), isouter=True)
            .order_by(col(SessionRow.started_at), col(SessionRow.id))
        )
        if track is not None:
            query = query.where(col(SessionRow.track) == track)
        query = self._scoped(query)
        with self._guard(), self._db() as db:
            return [
                ScoreRow(
                    session_id=ident,
                    track=row_track,
                    started_at=convert.to_utc(started),
                    overall=score if score is not None else summary_overall,
                    competencies={str(k): float(v) for k, v in (competencies or {}).items()},
                    profile=profile,
                )
                for ident, row_track, started, score, summary_overall, competencies, profile in db.connection().execute(
                    query
                )
            ]

    def delivery_rows(self, track: str | None = None) -> list[DeliveryRow]:
        """The delivery metrics of every spoken answer, oldest session first (for the delivery trend in stats)."""
        query = (
            sa.select(col(TurnRow.session_id), col(TurnRow.metrics))
            .join(SessionRow, col(SessionRow.id) == col(TurnRow.session_id))
            .where(col(TurnRow.kind) == TurnKind.ANSWER.value, col(TurnRow.metrics).is_not(None))
            .order_by(col(SessionRow.started_at), col(SessionRow.id), col(TurnRow.seq))
        )
        query = self._scoped(query)  # the profile's spoken answers only, as every other stat
        if track is not None:
            query = query.where(col(SessionRow.track) == track)
        with self._guard(), self._db() as db:
            return [
                DeliveryRow(ident, metrics["delivery"])
                for ident, metrics in db.connection().execute(query)
                if isinstance(metrics, dict) and isinstance(metrics.get("delivery"), dict)
            ]

    # --- helpers ----------------------------------------------------------------------------------------

    def _newest_first(self, query: SelectT, track: str | None) -> SelectT:
        query = self._scoped(query)
        if track is not None:
            query = query.where(col(SessionRow.track) == track)
        return query.order_by(col(SessionRow.started_at).desc(), col(SessionRow.id).desc())

    def _overviews(
        self, track: str | None, limit: int | None, status: SessionStatus | None = None
    ) -> list[SessionOverview]:
        with self._guard(), self._db() as db:
            query = self._newest_first(select(SessionRow), track)
            if status is not None:
                query = query.where(col(SessionRow.status) == status.value)
            if limit is not None:
                query = query.limit(limit)
            rows = list(db.exec(query))
            if not rows:
                return []
            counts_query = (
                select(TurnRow.session_id, sa.func.count())
                .where(
                    col(TurnRow.session_id).in_([r.id for r in rows]),
                    col(TurnRow.kind) == TurnKind.ANSWER.value,
                )
                .group_by(col(TurnRow.session_id))
            )
            counts = dict(db.exec(counts_query).all())
            overviews = [convert.row_to_overview(row, int(counts.get(row.id, 0))) for row in rows]
            if self.scope is None:  # everyone's sessions: say whose each one is
                return [o.model_copy(update={"profile": row.profile}) for o, row in zip(overviews, rows, strict=True)]
            return overviews

    def _scoped(self, query: ScopedT) -> ScopedT:
        """``query`` narrowed to this store's profile (unless it reads every profile)."""
        if self.scope is None:
            return query
        narrowed: ScopedT = query.where(col(SessionRow.profile) == self.scope)
        return narrowed

    def _get_session(self, db: DbSession, session_id: str) -> SessionRow | None:
        return db.exec(self._scoped(select(SessionRow).where(col(SessionRow.id) == session_id))).first()

    def _assemble(self, db: DbSession, rows: Sequence[SessionRow]) -> Iterator[Session]:
        """Whole sessions for ``rows``: three queries for all their turns, evaluations and summaries."""
        ids = [row.id for row in rows]
        turns: dict[str, list[Turn]] = defaultdict(list)
        for turn_row in db.exec(
            select(TurnRow).where(col(TurnRow.session_id).in_(ids)).order_by(col(TurnRow.session_id), col(TurnRow.seq))
        ):
            turns[turn_row.session_id].append(convert.row_to_turn(turn_row))
        evaluations: dict[str, list[Evaluation]] = defaultdict(list)
        for ev_row in db.exec(
            select(EvaluationRow).where(col(EvaluationRow.session_id).in_(ids)).order_by(col(EvaluationRow.id))
        ):
            evaluations[ev_row.session_id].append(convert.row_to_evaluation(ev_row))
        summaries = {
            s.session_id: convert.row_to_summary(s)
            for s in db.exec(select(SessionSummaryRow).where(col(SessionSummaryRow.session_id).in_(ids)))
        }
        stories_used = stories_repo.uses_in(db, ids)
        jobs = {j.session_id: j for j in db.exec(select(SessionJobRow).where(col(SessionJobRow.session_id).in_(ids)))}
        generated: dict[str, list[GeneratedQuestionRow]] = defaultdict(list)
        if jobs:
            query = select(GeneratedQuestionRow).where(col(GeneratedQuestionRow.session_id).in_(list(jobs)))
            for generated_row in db.exec(query):
                generated[generated_row.session_id].append(generated_row)
        for row in rows:
            session = convert.row_to_session(row)
            session.turns = turns.get(row.id, [])
            session.evaluations = evaluations.get(row.id, [])
            session.summary = summaries.get(row.id)
            session.stories_used = stories_used.get(row.id, [])
            if self.scope is None:
                session.profile = row.profile
            if row.id in jobs:
                session.job = job_rows.job_of(jobs[row.id], generated.get(row.id, []))
            yield session
