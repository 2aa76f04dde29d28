"""storage/guard.py: a locked database, read-only files and folders, and the database errors it translates.

Tests may run as root, which ``os.access`` never refuses, so the read-only cases pretend through ``os.access`` (as
the doctor test does); the locked database is real: another connection holds SQLite's write lock.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import URL
from sqlalchemy import exc as sa_exc

from interview_coach.config import load_settings
from interview_coach.errors import StorageError
from interview_coach.paths import get_paths
from interview_coach.storage import engine as engine_module
from interview_coach.storage.db import open_store
from interview_coach.storage.guard import (
    DatabaseLocation,
    check_sqlite_file,
    sqlite_write_problem,
    translate_errors,
)
from tests.storage_helpers import make_session

SHORT_BUSY_MS = 50
"""How long a test waits for a lock the other connection never gives up (the product waits 5 s)."""


def location(path: Path) -> DatabaseLocation:
    return DatabaseLocation(url=URL.create("sqlite", database=str(path)), sqlite_file=path, display=str(path))


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    pragmas = tuple(
        f"PRAGMA busy_timeout={SHORT_BUSY_MS}" if p.startswith("PRAGMA busy_timeout") else p
        for p in engine_module.SQLITE_PRAGMAS
    )
    monkeypatch.setattr(engine_module, "SQLITE_PRAGMAS", pragmas)


@pytest.fixture
def write_lock_held() -> Iterator[Callable[[], None]]:
    """A second connection that takes SQLite's write lock when called, and holds it until the test ends."""
    held: list[sqlite3.Connection] = []

    def take() -> None:
        conn = sqlite3.connect(get_paths().database_file, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        held.append(conn)

    yield take
    for conn in held:
        conn.rollback()
        conn.close()


# --- a locked database ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("short_busy_timeout")
def test_a_write_to_a_locked_database_names_the_lock_and_the_fix(write_lock_held: Callable[[], None]) -> None:
    with open_store(load_settings()) as store:
        write_lock_held()
        with pytest.raises(StorageError, match="is locked by another process") as caught:
            store.create_session(make_session())
    message = caught.value.message
    assert str(get_paths().database_file) in message and "Close other interview-coach windows" in message


@pytest.mark.usefixtures("short_busy_timeout")
def test_opening_a_database_another_process_is_migrating_says_it_is_locked(
    write_lock_held: Callable[[], None],
) -> None:
    get_paths().data_dir.mkdir(parents=True, exist_ok=True)
    write_lock_held()  # a blank file, write-locked: as if another first start were creating the schema
    with pytest.raises(StorageError, match="is locked by another process"):
        open_store(load_settings())


# --- read-only files and folders ------------------------------------------------------------------------


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> set[Path]:
    """Paths added to the returned set refuse writes, as ``os.access`` reports for chmod a-w (even as root)."""
    refused: set[Path] = set()
    real_access = os.access

    def access(path: str | os.PathLike[str], mode: int) -> bool:
        if mode & os.W_OK and Path(path) in refused:
            return False
        return real_access(path, mode)

    monkeypatch.setattr("interview_coach.storage.guard.os.access", access)
    return refused


def test_a_writable_file_or_server_database_has_no_write_problem(tmp_path: Path) -> None:
    db = tmp_path / "coach.sqlite3"
    db.write_bytes(b"")
    assert sqlite_write_problem(location(db)) is None
    assert sqlite_write_problem(location(tmp_path / "new" / "coach.sqlite3")) is None  # the folder can be made
    server = DatabaseLocation(url=sa.make_url("postgresql://u@h/db"), sqlite_file=None, display="postgresql://u@h/db")
    assert sqlite_write_problem(server) is None


def test_a_read_only_database_file_is_named_with_the_fix(tmp_path: Path, read_only: set[Path]) -> None:
    db = tmp_path / "coach.sqlite3"
    db.write_bytes(b"")
    read_only.add(db)
    assert sqlite_write_problem(location(db)) == f"{db} is read-only; make it writable (chmod u+w) or point the " + (
        "database elsewhere"
    )


def test_a_read_only_folder_is_a_problem_because_of_the_journal(tmp_path: Path, read_only: set[Path]) -> None:
    db = tmp_path / "coach.sqlite3"
    db.write_bytes(b"")
    read_only.add(tmp_path)
    problem = sqlite_write_problem(location(db))
    assert problem is not None and f"the folder {tmp_path} is read-only" in problem and "journal" in problem


def test_a_database_that_cannot_be_created_names_the_folder(tmp_path: Path, read_only: set[Path]) -> None:
    read_only.add(tmp_path)
    problem = sqlite_write_problem(location(tmp_path / "data" / "coach.sqlite3"))
    assert problem == f"{tmp_path / 'data' / 'coach.sqlite3'} cannot be created: the folder {tmp_path} is read-only"


def test_a_file_where_the_folder_should_be_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("not a folder")
    problem = sqlite_write_problem(location(blocker / "data" / "coach.sqlite3"))
    assert problem is not None and f"{blocker} is a file, not a folder" in problem


# --- files that are not databases -------------------------------------------------------------------------


def test_check_sqlite_file_refuses_a_folder_an_unreadable_file_and_another_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_sqlite_file(location(tmp_path / "missing.sqlite3"))  # not there yet: fine, it will be created
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    check_sqlite_file(location(empty))  # SQLite writes the header on first use

    with pytest.raises(StorageError, match="is a directory, not a database file"):
        check_sqlite_file(location(tmp_path))

    text = tmp_path / "notes.sqlite3"
    text.write_text("these are my notes, not a database")
    with pytest.raises(StorageError, match="is not an interview-coach database"):
        check_sqlite_file(location(text))

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(StorageError, match=r"cannot read the database .*notes\.sqlite3: Permission denied\."):
        check_sqlite_file(location(text))


# --- errors translated ------------------------------------------------------------------------------------


def driver_error(kind: type[sa_exc.DBAPIError], message: str) -> sa_exc.DBAPIError:
    return kind("INSERT ...", {}, sqlite3.OperationalError(message))


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (driver_error(sa_exc.IntegrityError, "UNIQUE constraint failed: turns.seq"), "breaks a database constraint"),
        (driver_error(sa_exc.OperationalError, "database is locked"), "is locked by another process"),
        (driver_error(sa_exc.OperationalError, "database table is busy"), "is locked by another process"),
        (driver_error(sa_exc.OperationalError, "database disk image is malformed"), "not an interview-coach database"),
        (driver_error(sa_exc.OperationalError, "disk I/O error"), "cannot use the database (disk I/O error)"),
        (driver_error(sa_exc.DatabaseError, "file is encrypted or is not a database"), "not an interview-coach"),
        (driver_error(sa_exc.DatabaseError, "something else"), "database error (something else)"),
        (sa_exc.NoSuchModuleError("Can't load plugin: sqlalchemy.dialects:nope"), "no database driver for this URL"),
    ],
    ids=["constraint", "locked", "busy", "malformed", "other-operational", "encrypted", "other", "no-driver"],
)
def test_database_errors_become_one_line_storage_errors(tmp_path: Path, error: Exception, expected: str) -> None:
    where = location(tmp_path / "coach.sqlite3")
    with pytest.raises(StorageError) as caught, translate_errors(where):
        raise error
    assert expected in caught.value.message and str(where.display) in caught.value.message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__  # no SQL dump chained on


def test_other_errors_pass_through_unchanged(tmp_path: Path) -> None:
    with pytest.raises(KeyError), translate_errors(location(tmp_path / "coach.sqlite3")):
        raise KeyError("not a database problem")
