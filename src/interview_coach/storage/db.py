"""Opening the database: locate it, refuse a corrupt or too-new one, back it up, migrate it, hand out a store.

``open_store`` is what the engine and `start` call. Before any migration of an existing SQLite file, a copy is
taken next to it with SQLite's online backup API (a plain file copy could miss commits still in the WAL).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from interview_coach.errors import StorageError
from interview_coach.storage import migrate as migrations
from interview_coach.storage.engine import locate, make_engine
from interview_coach.storage.guard import (
    DatabaseLocation,
    check_sqlite_file,
    not_a_database,
    translate_errors,
)
from interview_coach.storage.repository import SqlSessionStore

if TYPE_CHECKING:
    from interview_coach.config import Settings


@dataclass(frozen=True)
class DatabaseStatus:
    location: DatabaseLocation
    exists: bool
    current: str | None
    head: str

    @property
    def at_head(self) -> bool:
        return self.exists and self.current == self.head


@dataclass(frozen=True)
class MigrationOutcome:
    location: DatabaseLocation
    from_revision: str | None
    to_revision: str | None
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def open_store(settings: Settings, *, migrate: bool = True, all_profiles: bool = False) -> SqlSessionStore:
    """A store on the configured database, upgraded to head first (``migrate=False``: must be at head).

    The store reads and writes the current profile's rows (``all_profiles``: reads everyone's; on PostgreSQL only
    a reviewer or the owner may). A server database is never migrated here: on a shared server that is the
    owner's job, so a candidate whose database is behind is told to ask for it.

    Raises StorageError for a corrupt file, a database newer than this code, or (with ``migrate=False``, or on a
    server) one that needs migrating; the database is left untouched in each case.
    """
    from interview_coach.storage.team import resolve_profile

    location = locate(settings)
    engine = _engine(location)
    server = location.url.get_backend_name() != "sqlite"
    try:
        if migrate and not server:
            _migrate(location, "head", engine, settings.profile)
        with translate_errors(location), engine.connect() as conn:
            current = migrations.current_revision(conn)
            migrations.ensure_known(current, location.display)
            head = migrations.head_revision()
            if current != head and server:
                raise StorageError(
                    f"{location.display} is at schema revision {current or 'base'}, not {head}, and interview-coach "
                    "never migrates a shared server by itself. Ask the database owner to run `interview-coach "
                    "migrate` with the owner's URL."
                )
            if current != head:
                raise StorageError(
                    f"{location.display} is at schema revision {current or 'base'}, not {head}. "
                    "Run `interview-coach migrate` first."
                )
            profile = resolve_profile(conn, settings.profile)
            if all_profiles and server:
                from interview_coach.storage.team import require_reader_of_everyone

                require_reader_of_everyone(conn, profile)
    except BaseException:
        engine.dispose()
        raise
    return SqlSessionStore(engine, location, profile, all_profiles=all_profiles)


def open_existing_store(settings: Settings, *, all_profiles: bool = False) -> SqlSessionStore | None:
    """Like ``open_store`` (migrating if needed), but None when the SQLite file does not exist yet.

    For read-only commands (history, stats, export): they must not create a database just to say it is empty.
    """
    if not locate(settings).exists():
        return None
    return open_store(settings, all_profiles=all_profiles)


def database_status(settings: Settings) -> DatabaseStatus:
    """Where the database is and its revision, without creating or changing anything.

    Raises StorageError for a corrupt file or one stamped by a newer interview-coach (an unknown revision).
    """
    location = locate(settings)
    head = migrations.head_revision()
    if not location.exists():
        return DatabaseStatus(location, exists=False, current=None, head=head)
    engine = _engine(location)
    try:
        with translate_errors(location), engine.connect() as conn:
            current = migrations.current_revision(conn)
            if current is None and migrations.user_tables(conn):
                raise _foreign_database(location)  # as `migrate` would: never suggest migrating it
    finally:
        engine.dispose()
    migrations.ensure_known(current, location.display)
    return DatabaseStatus(location, exists=True, current=current, head=head)


def _foreign_database(location: DatabaseLocation) -> StorageError:
    return StorageError(
        f"{location.display} has tables but no interview-coach schema revision, so it is not an interview-coach "
        "database. Point INTERVIEW_COACH_DATABASE_URL elsewhere or move the file aside."
    )


def migrate_database(settings: Settings, target: str = "head") -> MigrationOutcome:
    """Upgrade or downgrade to ``target`` ('head', 'base' or a revision); back up an existing file first."""
    return _migrate(locate(settings), target, profile=settings.profile)


def _engine(location: DatabaseLocation) -> sa.Engine:
    check_sqlite_file(location)
    if location.sqlite_file is not None:
        try:
            location.sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the folder for {location.display}: {exc.strerror or exc}.") from None
    try:
        with translate_errors(location):
            return make_engine(
                location.url,
                connect_timeout_s=location.connect_timeout_s,
                statement_timeout_s=location.statement_timeout_s,
            )
    except ImportError as exc:  # the dialect exists but its driver (e.g. psycopg) is not installed
        driver = exc.name or "for this URL"
        raise StorageError(
            f"{location.display}: the database driver {driver} is not installed. Install it (e.g. "
            "pip install psycopg), or unset INTERVIEW_COACH_DATABASE_URL to use the default SQLite file."
        ) from None


def _migrate(
    location: DatabaseLocation, target: str, engine: sa.Engine | None = None, profile: str | None = None
) -> MigrationOutcome:
    """Migrate with ``engine`` (left open for the caller) or with a throwaway engine of its own."""
    target_revision = migrations.resolve_target(target)
    had_file = location.sqlite_file is not None and location.sqlite_file.exists()
    own_engine = engine is None
    engine = engine or _engine(location)
    try:
        with translate_errors(location), engine.connect() as conn:
            current = migrations.current_revision(conn)
            migrations.ensure_known(current, location.display)
            if current == target_revision:
                return MigrationOutcome(location, current, current, None)
            if current is None and migrations.user_tables(conn):
                raise _foreign_database(location)
            conn.rollback()  # end the read transaction before the migration opens its own
            backup = _backup(location, current) if had_file and current is not None else None
            step = migrations.migrate_connection(conn, target_revision, profile)
    finally:
        if own_engine:
            engine.dispose()
    return MigrationOutcome(location, step.from_revision, step.to_revision, backup)


def backup_path(database: Path, revision: str | None, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return database.with_name(f"{database.name}.backup-{revision or 'base'}-{stamp}")


def _backup(location: DatabaseLocation, revision: str | None) -> Path:
    """Copy the database next to itself through SQLite's backup API: consistent even with a live WAL."""
    assert location.sqlite_file is not None
    target = backup_path(location.sqlite_file, revision)
    try:
        source = sqlite3.connect(location.sqlite_file)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
    except (OSError, sqlite3.Error) as exc:
        target.unlink(missing_ok=True)
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise not_a_database(location) from None
        raise StorageError(
            f"cannot back up {location.display} to {target} before migrating ({exc}); nothing was changed. "
            "Free some disk space or check the folder's permissions."
        ) from None
    return target
