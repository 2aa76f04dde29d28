"""``SqlStoryStore``: the ``StoryStore`` port over SQLAlchemy, on the same engine as the session store.

Like the session store, every write commits before it returns, and rows never leave this module.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session as DbSession
from sqlmodel import col, select

from interview_coach.domain.stories import Story, StoryUse, utcnow
from interview_coach.errors import NotFoundError
from interview_coach.storage.convert import opt_utc, to_utc
from interview_coach.storage.guard import DatabaseLocation, translate_errors
from interview_coach.storage.tables import SessionRow, SessionStoryRow, StoryRow

LIST_HINT = "List your stories with `interview-coach stories list`."
_PARTS = ("title", "situation", "task", "action", "result", "reflection", "competencies", "tags")


def _story(row: StoryRow) -> Story:
    return Story(
        id=row.id,
        **{name: getattr(row, name) for name in _PARTS},
        created_at=to_utc(row.created_at),
        updated_at=to_utc(row.updated_at),
        last_used_at=opt_utc(row.last_used_at),
    )


def _values(story: Story) -> dict[str, Any]:
    return {name: getattr(story, name) for name in _PARTS}


def _use(row: SessionStoryRow) -> StoryUse:
    return StoryUse(
        session_id=row.session_id,
        story_id=row.story_id,
        story_title=row.story_title,
        question_id=row.question_id,
        turn_seq=row.turn_seq,
        competencies=list(row.competencies or []),
        how=row.how,
        used_at=to_utc(row.used_at),
    )


class SqlStoryStore:
    """Implements ``domain.ports.StoryStore``. It borrows the engine: closing it is the session store's job."""

    def __init__(self, engine: sa.Engine, location: DatabaseLocation, profile: str | None = None) -> None:
        from interview_coach.storage.team import default_profile

        self.engine = engine
        self.location = location
        self.profile = profile or default_profile()
        """Whose story bank this is (team mode): each profile sees and changes only its own stories."""

    def _db(self) -> DbSession:
        return DbSession(self.engine, expire_on_commit=False)

    def _guard(self) -> AbstractContextManager[None]:
        return translate_errors(self.location)

    @staticmethod
    def _missing(story_id: int) -> NotFoundError:
        return NotFoundError(f"no story {story_id}. {LIST_HINT}")

    def _own(self, db: DbSession, story_id: int) -> StoryRow:
        row = db.get(StoryRow, story_id)
        if row is None or row.profile != self.profile:  # another profile's story is as good as missing
            raise self._missing(story_id)
        return row

    def list_stories(self) -> list[Story]:
        with self._guard(), self._db() as db:
            query = select(StoryRow).where(col(StoryRow.profile) == self.profile).order_by(col(StoryRow.id))
            return [_story(row) for row in db.exec(query)]

    def get_story(self, story_id: int) -> Story:
        with self._guard(), self._db() as db:
            row = self._own(db, story_id)
            return _story(row)

    def add_story(self, story: Story) -> Story:
        now = utcnow()
        row = StoryRow(
            **_values(story),
            created_at=to_utc(story.created_at) if story.id is None else now,
            updated_at=now,
            last_used_at=opt_utc(story.last_used_at),
            profile=self.profile,
        )
        with self._guard(), self._db() as db:
            db.add(row)
            db.commit()
            return _story(row)

    def update_story(self, story: Story) -> Story:
        if story.id is None:
            raise ValueError("a story needs an id to be updated")
        with self._guard(), self._db() as db:
            row = self._own(db, story.id)
            for name, value in _values(story).items():
                setattr(row, name, value)
            row.updated_at = utcnow()
            db.add(row)
            db.commit()
            return _story(row)

    def delete_story(self, story_id: int) -> None:
        with self._guard(), self._db() as db:
            # Its uses keep their title (story_id becomes NULL): old sessions still say which story was told.
            self._own(db, story_id)
            db.exec(sa.update(SessionStoryRow).where(col(SessionStoryRow.story_id) == story_id).values(story_id=None))
            result = db.exec(
                sa.delete(StoryRow).where(col(StoryRow.id) == story_id, col(StoryRow.profile) == self.profile)
            )
            if result.rowcount == 0:
                db.rollback()
                raise self._missing(story_id)
            db.commit()

    def record_story_use(self, use: StoryUse) -> StoryUse:
        row = SessionStoryRow(
            session_id=use.session_id,
            story_id=use.story_id,
            story_title=use.story_title,
            question_id=use.question_id,
            turn_seq=use.turn_seq,
            competencies=list(use.competencies),
            how=use.how,
            used_at=to_utc(use.used_at),
        )
        with self._guard(), self._db() as db:
            db.add(row)
            db.flush()  # the write lock first, then the checks (SQLite cannot upgrade a read to a write)
            session = db.get(SessionRow, use.session_id)
            if session is None or session.profile != self.profile:
                db.rollback()
                raise NotFoundError(f"no session {use.session_id!r} of {self.profile}'s to record a story in")
            if use.story_id is not None:
                try:
                    self._own(db, use.story_id)  # another profile's story is not told here
                except NotFoundError:
                    db.rollback()
                    raise
            if use.story_id is not None:
                db.exec(
                    sa.update(StoryRow).where(col(StoryRow.id) == use.story_id).values(last_used_at=to_utc(use.used_at))
                )
            db.commit()
        return use

    def story_uses(self, session_id: str) -> list[StoryUse]:
        with self._guard(), self._db() as db:
            query = (
                select(SessionStoryRow)
                .join(SessionRow, col(SessionRow.id) == col(SessionStoryRow.session_id))
                .where(col(SessionStoryRow.session_id) == session_id, col(SessionRow.profile) == self.profile)
                .order_by(col(SessionStoryRow.used_at), col(SessionStoryRow.id))
            )
            return [_use(row) for row in db.exec(query)]

    def recent_story_uses(self, before_session: str, limit: int = 50) -> list[StoryUse]:
        with self._guard(), self._db() as db:
            query = (
                select(SessionStoryRow)
                .join(SessionRow, col(SessionRow.id) == col(SessionStoryRow.session_id))
                .where(col(SessionStoryRow.session_id) != before_session, col(SessionRow.profile) == self.profile)
                .order_by(col(SessionStoryRow.used_at).desc(), col(SessionStoryRow.id).desc())
                .limit(limit)
            )
            return [_use(row) for row in db.exec(query)]


def uses_in(db: DbSession, session_ids: list[str]) -> dict[str, list[StoryUse]]:
    """The story uses of several sessions in one query (the session store loads them with each session)."""
    found: dict[str, list[StoryUse]] = {}
    query = (
        select(SessionStoryRow)
        .where(col(SessionStoryRow.session_id).in_(session_ids))
        .order_by(col(SessionStoryRow.used_at), col(SessionStoryRow.id))
    )
    for row in db.exec(query):
        found.setdefault(row.session_id, []).append(_use(row))
    return found


def story_store_for(store: object) -> SqlStoryStore | None:
    """The story store on the database of a session store (a ``SqlSessionStore``); None for other stores."""
    engine, location = getattr(store, "engine", None), getattr(store, "location", None)
    if isinstance(engine, sa.Engine) and isinstance(location, DatabaseLocation):
        return SqlStoryStore(engine, location, getattr(store, "profile", None))
    return None
