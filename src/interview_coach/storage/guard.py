"""Turn SQLAlchemy and sqlite3 failures into one-line StorageErrors that name the database and the fix."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL
from sqlalchemy import exc as sa_exc

from interview_coach.errors import StorageError

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class DatabaseLocation:
    """Where the database lives: its URL (never shown with a password) and, for SQLite, the file."""

    url: URL
    sqlite_file: Path | None
    display: str
    connect_timeout_s: float = 10.0
    """Server databases: longest wait for the server to accept and answer a connection."""
    statement_timeout_s: float = 30.0
    """Server databases: longest a statement may run before the server cancels it."""

    def exists(self) -> bool:
        """False only for a SQLite file that is not there yet; a server database is assumed to exist."""
        return self.sqlite_file is None or self.sqlite_file.exists()


def not_a_database(where: DatabaseLocation) -> StorageError:
    return StorageError(
        f"{where.display} is not an interview-coach database (it is corrupt or another kind of file). "
        "Move it aside (e.g. rename it to .broken) and run the command again to start a fresh database; "
        "backups made before migrations sit next to it, named *.backup-*."
    )


def check_sqlite_file(where: DatabaseLocation) -> None:
    """Refuse a file that is not SQLite before SQLAlchemy opens it (sqlite3 only notices on first query)."""
    path = where.sqlite_file
    if path is None or not path.exists():
        return
    if path.is_dir():
        raise StorageError(f"{path} is a directory, not a database file. Point the database elsewhere.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"cannot read the database {path}: {exc.strerror or exc}.") from None
    if header and header != SQLITE_HEADER:
        raise not_a_database(where)


def sqlite_write_problem(where: DatabaseLocation) -> str | None:
    """Why the SQLite file could not be written (or created), or None. SQLite also writes journal files next to
    the database, so its folder must be writable too. Checked with ``os.access``: root passes, as it should."""
    path = where.sqlite_file
    if path is None:
        return None
    if path.exists():
        if not os.access(path, os.W_OK):
            return f"{path} is read-only; make it writable (chmod u+w) or point the database elsewhere"
        if not os.access(path.parent, os.W_OK | os.X_OK):
            return f"the folder {path.parent} is read-only, and SQLite writes its journal there; make it writable"
        return None
    existing = next(parent for parent in path.parents if parent.exists())
    if not existing.is_dir():
        return f"{path} cannot be created: {existing} is a file, not a folder (check INTERVIEW_COACH_HOME)"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{path} cannot be created: the folder {existing} is read-only"
    return None


@contextmanager
def translate_errors(where: DatabaseLocation) -> Iterator[None]:
    """Map database failures to StorageError; everything else passes through unchanged."""
    try:
        yield
    except sa_exc.IntegrityError as exc:
        detail = str(exc.orig) if exc.orig is not None else "constraint failed"
        raise StorageError(f"{where.display}: the change breaks a database constraint ({detail}).") from None
    except sa_exc.OperationalError as exc:
        detail = str(exc.orig) if exc.orig is not None else str(exc)
        silent = server_silence(where, detail)
        if silent is not None:
            raise StorageError(silent) from None
        if "locked" in detail or "busy" in detail:
            raise StorageError(
                f"{where.display} is locked by another process ({detail}). Close other interview-coach "
                "windows and try again."
            ) from None
        if "not a database" in detail or "malformed" in detail:
            raise not_a_database(where) from None
        raise StorageError(f"{where.display}: cannot use the database ({detail}).") from None
    except sa_exc.DatabaseError as exc:
        detail = str(exc.orig) if exc.orig is not None else str(exc)
        if "not a database" in detail or "malformed" in detail or "encrypted" in detail:
            raise not_a_database(where) from None
        if "permission denied" in detail and where.sqlite_file is None:
            role = where.url.username or "YOUR_ROLE"
            raise StorageError(
                f"{where.display}: {detail.strip().splitlines()[0]}. The role {role!r} has no rights here yet: ask the "
                f"database owner to run `interview-coach team grant {role}`."
            ) from None
        raise StorageError(f"{where.display}: database error ({detail}).") from None
    except sa_exc.NoSuchModuleError as exc:
        raise StorageError(
            f"{where.display}: no database driver for this URL ({exc}). Install the driver, or unset "
            "INTERVIEW_COACH_DATABASE_URL to use the default SQLite file."
        ) from None


def server_silence(where: DatabaseLocation, detail: str) -> str | None:
    """The message for a server that timed out (connecting, or on a statement), or None for other failures."""
    host = where.url.host or "the local socket"
    if where.url.port:
        host = f"{host}:{where.url.port}"
    if "timeout expired" in detail or "timed out" in detail:
        return (
            f"{where.display}: the database server at {host} did not answer within {where.connect_timeout_s:g} s. "
            "Check that it is up and that the host and port are right (INTERVIEW_COACH_DB_CONNECT_TIMEOUT_S "
            "sets the wait)."
        )
    if "statement timeout" in detail:
        return (
            f"{where.display}: the database server at {host} took longer than {where.statement_timeout_s:g} s on "
            "one statement and cancelled it. Try again, or raise INTERVIEW_COACH_DB_STATEMENT_TIMEOUT_S."
        )
    return None
