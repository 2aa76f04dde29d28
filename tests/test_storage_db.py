"""open_store: a fresh home gets a migrated database; existing files are backed up before any migration;
corrupt, foreign and too-new databases get a clear StorageError and are left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_coach.config import load_settings
from interview_coach.errors import ConfigError, StorageError
from interview_coach.paths import get_paths
from interview_coach.storage import migrate as migrations
from interview_coach.storage.db import database_status, migrate_database, open_existing_store, open_store
from interview_coach.storage.engine import locate, make_engine
from interview_coach.storage.repository import SqlSessionStore
from tests.storage_helpers import make_session

RELEASED_SCRIPTS = migrations.MIGRATIONS_DIR

EXTRA_REVISION = """
from alembic import op

revision = "0999"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_test_sessions_mode", "sessions", ["mode"])


def downgrade():
    op.drop_index("ix_test_sessions_mode", table_name="sessions")
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def newer_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pretend a newer interview-coach is installed: the real scripts plus one more revision, 0999."""
    head = migrations.head_revision()
    scripts = tmp_path / "newer-scripts"
    (scripts / "versions").mkdir(parents=True)
    (scripts / "env.py").write_text((migrations.MIGRATIONS_DIR / "env.py").read_text())
    for version in (migrations.MIGRATIONS_DIR / "versions").glob("*.py"):
        (scripts / "versions" / version.name).write_text(version.read_text())
    (scripts / "versions" / "0999_test.py").write_text(EXTRA_REVISION.format(head=head))
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", scripts)
    migrations.script_directory.cache_clear()
    yield
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", RELEASED_SCRIPTS)
    migrations.script_directory.cache_clear()


def test_a_fresh_home_gets_a_migrated_database_with_durable_pragmas() -> None:
    with open_store(load_settings()) as store:
        assert store.location.sqlite_file == get_paths().database_file
        with store.engine.connect() as conn:
            pragma = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000}
    status = database_status(load_settings())
    assert status.at_head and status.current == migrations.head_revision()
    assert not list(get_paths().data_dir.glob("*.backup-*"))  # nothing existed, so nothing to back up


def test_read_only_callers_do_not_create_a_database() -> None:
    assert open_existing_store(load_settings()) is None
    assert not get_paths().database_file.exists()
    assert database_status(load_settings()).exists is False


def test_an_out_of_date_database_needs_migrating_when_migrate_is_false(newer_code: None) -> None:
    settings = load_settings()
    migrate_database(settings, "0001")  # an "old" database, made by the previous release
    with pytest.raises(StorageError, match="Run `interview-coach migrate`"):
        open_store(settings, migrate=False)
    assert database_status(settings).current == "0001"


def test_an_existing_file_is_backed_up_before_it_is_upgraded(newer_code: None) -> None:
    settings = load_settings()
    released = migrations.known_revisions()[-2]  # the newest real revision; 0999 is the pretend newer one
    migrate_database(settings, released)
    session = make_session()
    location = locate(settings)
    # A live writer keeps its commit in the WAL: the backup (SQLite's backup API) must still capture it.
    live = SqlSessionStore(make_engine(location.url), location)
    live.create_session(session)
    try:
        with open_store(settings) as store:
            assert store.load_session(session.id).id == session.id
        upgraded = database_status(settings)
    finally:
        live.close()
    assert upgraded.current == "0999"
    backups = list(get_paths().data_dir.glob(f"interview-coach.sqlite3.backup-{released}-*"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as raw:
        assert raw.execute("SELECT id FROM sessions").fetchall() == [(session.id,)]
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(released,)]
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_downgrade_is_backed_up_too() -> None:
    settings = load_settings()
    with open_store(settings) as store:
        store.create_session(make_session())
    outcome = migrate_database(settings, "base")
    assert (outcome.from_revision, outcome.to_revision) == (migrations.head_revision(), None)
    assert outcome.backup is not None and outcome.backup.parent == get_paths().data_dir
    with sqlite3.connect(outcome.backup) as raw:
        assert raw.execute("SELECT count(*) FROM sessions").fetchone() == (1,)


def test_a_database_migrated_down_to_base_opens_again() -> None:
    # At base the file still has Alembic's (empty) version table: that alone must not make it a foreign database.
    settings = load_settings()
    migrate_database(settings, "head")
    migrate_database(settings, "base")
    assert database_status(settings).current is None
    with open_store(settings) as store:
        store.create_session(make_session())
    assert database_status(settings).at_head


def test_a_database_newer_than_the_code_is_refused_and_untouched(
    newer_code: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings()
    with open_store(settings) as store:  # the "newer" code migrates to 0999
        store.create_session(make_session())
    db = get_paths().database_file
    before = digest(db)
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", RELEASED_SCRIPTS)  # back to this release's code
    migrations.script_directory.cache_clear()
    for call in (
        lambda: open_store(settings),
        lambda: migrate_database(settings, "head"),
        lambda: database_status(settings),
    ):
        with pytest.raises(StorageError, match=r"revision '0999'.*newer version.*not changed"):
            call()
    assert digest(db) == before
    assert not list(db.parent.glob("*.backup-*"))


def test_an_unknown_stamp_is_refused() -> None:
    open_store(load_settings()).close()
    db = get_paths().database_file
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'from-the-future'")
    with pytest.raises(StorageError, match="from-the-future"):
        open_store(load_settings())


@pytest.mark.parametrize(
    "content",
    [b"definitely not a database\n" * 100, b"SQLite format 3\x00" + b"\xff" * 5000],
    ids=["garbage", "bad-pages"],
)
def test_a_corrupt_file_is_a_clear_error_naming_the_file(content: bytes) -> None:
    db = get_paths().database_file
    db.parent.mkdir(parents=True)
    db.write_bytes(content)
    with pytest.raises(StorageError) as info:
        open_store(load_settings())
    assert str(db) in info.value.message
    assert "Move it aside" in info.value.message
    assert db.read_bytes() == content


def test_a_database_with_foreign_tables_is_not_adopted() -> None:
    db = get_paths().database_file
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as raw:
        raw.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    with pytest.raises(StorageError, match="not an interview-coach database"):
        open_store(load_settings())
    # `migrate --check` and `doctor` read the status: they must say the same, not "run migrate".
    with pytest.raises(StorageError, match="not an interview-coach database"):
        database_status(load_settings())


@pytest.mark.parametrize("attempt", range(4))
def test_first_starts_at_the_same_moment_all_get_the_migrated_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attempt: int
) -> None:
    # Each thread opens its own engine, as separate processes would; the barrier lines up their migrations.
    monkeypatch.setenv("INTERVIEW_COACH_DATABASE_URL", f"sqlite:///{tmp_path / f'race-{attempt}.db'}")
    settings = load_settings()
    starters = 6
    barrier = threading.Barrier(starters)
    errors: list[BaseException] = []

    def first_start() -> None:
        barrier.wait()
        try:
            open_store(settings).close()
        except BaseException as exc:  # collected: an exception in a thread would not fail the test
            errors.append(exc)

    threads = [threading.Thread(target=first_start) for _ in range(starters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert database_status(settings).at_head


def test_database_url_points_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere" / "coach.db"
    monkeypatch.setenv("INTERVIEW_COACH_DATABASE_URL", f"sqlite:///{elsewhere}")
    with open_store(load_settings()) as store:
        store.create_session(make_session())
        assert store.location.sqlite_file == elsewhere
    assert elsewhere.exists()
    assert not get_paths().database_file.exists()


def test_an_in_memory_database_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_DATABASE_URL", "sqlite://")
    session = make_session()
    with open_store(load_settings()) as store:
        assert store.location.sqlite_file is None
        store.create_session(session)
        assert store.load_session(session.id).turns[-1].text == session.turns[-1].text
    assert not get_paths().database_file.exists()


def test_bad_urls_are_storage_errors_without_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_DATABASE_URL", "not a url")
    with pytest.raises(ConfigError, match="INTERVIEW_COACH_DATABASE_URL: bad value for 'database_url'"):
        load_settings()  # caught with the other settings, before any command touches the database
    for url in ("nosuchdb://user:hunter2@localhost/coach", "mysql+mysqldb://user:hunter2@127.0.0.1:1/coach"):
        monkeypatch.setenv("INTERVIEW_COACH_DATABASE_URL", url)
        with pytest.raises(StorageError) as info:
            open_store(load_settings())
        assert "hunter2" not in info.value.message
        assert "INTERVIEW_COACH_DATABASE_URL" in info.value.message or "cannot use the database" in info.value.message
