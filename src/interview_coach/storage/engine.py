"""The SQLAlchemy engine: where the database is, and the SQLite settings that make it durable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import URL, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import StaticPool

from interview_coach.errors import StorageError
from interview_coach.storage.guard import DatabaseLocation

if TYPE_CHECKING:
    from interview_coach.config import Settings

BUSY_TIMEOUT_MS = 5_000

# WAL lets the TUI read history while an answer is being written, and a crash can never tear a page.
# synchronous=FULL, not NORMAL: in WAL mode NORMAL never corrupts the file, but a commit that returned just
# before a power cut or OS crash can still be rolled back, because the WAL is only fsynced at checkpoints.
# FULL fsyncs the WAL on every commit, so an answer is on disk the moment add_turn returns. It costs one
# fsync per commit, which is nothing at the pace of a human answering interview questions.
BEGIN_IMMEDIATE = "interview_coach_begin_immediate"
"""Execution option: begin SQLite transactions with BEGIN IMMEDIATE, taking the write lock up front (waiting up
to the busy timeout for it). A transaction that reads and then writes, as a migration does, otherwise fails at
once with "database is locked" when another process wrote in between: SQLite cannot upgrade a stale read."""

SQLITE_PRAGMAS: tuple[str, ...] = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def locate(settings: Settings) -> DatabaseLocation:
    """The database for these settings: ``database_url`` or the default SQLite file in the data dir."""
    if settings.database_url:
        from dataclasses import replace

        return replace(
            location_for_url(settings.database_url),
            connect_timeout_s=settings.db_connect_timeout_s,
            statement_timeout_s=settings.db_statement_timeout_s,
        )
    from interview_coach.paths import get_paths

    path = get_paths().database_file
    return DatabaseLocation(url=URL.create("sqlite", database=str(path)), sqlite_file=path, display=str(path))


def location_for_url(url: str) -> DatabaseLocation:
    try:
        parsed = sa.make_url(url)
    except sa_exc.ArgumentError:
        raise StorageError(
            "INTERVIEW_COACH_DATABASE_URL is not a valid SQLAlchemy URL (expected e.g. "
            "sqlite:////path/to/file.sqlite3 or postgresql+psycopg://user@host/db)."
        ) from None
    from interview_coach.config import mask_url

    display = mask_url(parsed.render_as_string(hide_password=True)) or ""
    database = parsed.database or ""
    in_memory = database in {"", ":memory:"} or "mode=memory" in url
    if parsed.get_backend_name() == "sqlite" and not in_memory:
        path = Path(database.removeprefix("file:")).expanduser()
        return DatabaseLocation(url=parsed, sqlite_file=path, display=str(path))
    return DatabaseLocation(url=parsed, sqlite_file=None, display=display)


def make_engine(
    url: str | URL, *, connect_timeout_s: float | None = None, statement_timeout_s: float | None = None
) -> sa.Engine:
    """An engine; for SQLite with the pragmas above and real transactions (see ``_sqlite_transactions``); for a
    server with a connect and a statement timeout, so a server that accepts and then says nothing cannot hang us."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        connect_args = server_connect_args(parsed, connect_timeout_s, statement_timeout_s)
        return sa.create_engine(parsed, connect_args=connect_args)
    if parsed.database in (None, "", ":memory:"):
        # One shared connection, or every pooled connection (and thread) would see its own empty database.
        engine = sa.create_engine(parsed, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = sa.create_engine(parsed)
    _sqlite_transactions(engine)
    return engine


def _sqlite_transactions(engine: sa.Engine) -> None:
    """Apply the pragmas to every connection and let SQLAlchemy, not the sqlite3 module, emit BEGIN.

    Python's sqlite3 module (3.11) only opens a transaction before INSERT/UPDATE/DELETE, so DDL would run in
    autocommit and a failed migration would be left half-applied. This is SQLAlchemy's documented recipe.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in SQLITE_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        immediate = connection.get_execution_options().get(BEGIN_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def server_connect_args(url: URL, connect_timeout_s: float | None, statement_timeout_s: float | None) -> dict[str, Any]:
    """libpq/psycopg connection arguments for the timeouts (other drivers get none: they name them otherwise)."""
    if url.get_backend_name() != "postgresql":
        return {}
    args: dict[str, Any] = {}
    if connect_timeout_s is not None:
        # libpq counts whole seconds and treats 1 as 2; psycopg applies it to the whole handshake, not just TCP.
        args["connect_timeout"] = max(1, round(connect_timeout_s))
    if statement_timeout_s is not None:
        args["options"] = f"-c statement_timeout={round(statement_timeout_s * 1000)}"
    return args
