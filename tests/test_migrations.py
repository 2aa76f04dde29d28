"""The packaged Alembic migrations: blank -> head, head -> base -> head, and models == migrations."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from interview_coach.errors import StorageError, UsageError
from interview_coach.storage import migrate as migrations
from interview_coach.storage.engine import location_for_url, make_engine
from interview_coach.storage.repository import SqlSessionStore
from interview_coach.storage.tables import metadata
from tests.storage_helpers import make_session

TABLES = {
    "sessions",
    "turns",
    "evaluations",
    "session_summaries",
    "question_stats",
    "stories",
    "session_stories",
    "team_reviewers",
}
TABLES |= {"session_jobs", "generated_questions"}  # 0003: job-tailored sessions


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    yield engine
    engine.dispose()


def tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def indexes(engine: sa.Engine) -> set[str]:
    inspector = sa.inspect(engine)
    return {ix["name"] or "" for table in TABLES for ix in inspector.get_indexes(table)}


def test_scripts_ship_inside_the_package_without_an_ini_file() -> None:
    package_dir = Path(migrations.__file__).parent
    assert package_dir / "migrations" == migrations.MIGRATIONS_DIR
    assert (migrations.MIGRATIONS_DIR / "env.py").is_file()
    assert not list(package_dir.rglob("alembic.ini"))
    assert migrations.known_revisions()[-1] == migrations.head_revision()


def test_upgrade_from_blank_creates_every_table_and_index(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        step = migrations.migrate_connection(conn, migrations.head_revision())
    assert (step.from_revision, step.to_revision) == (None, migrations.head_revision())
    assert tables(engine) == TABLES
    assert {
        "ix_sessions_started_at",
        "ix_sessions_track_started_at",
        "ix_question_stats_due",
        "ix_turns_question_id",
    } <= indexes(engine)


def test_downgrade_to_base_and_up_again(engine: sa.Engine) -> None:
    head = migrations.head_revision()
    with engine.connect() as conn:
        migrations.migrate_connection(conn, head)
        down = migrations.migrate_connection(conn, None)
        assert tables(engine) == set()
        up = migrations.migrate_connection(conn, head)
        assert migrations.current_revision(conn) == head
        conn.rollback()
    assert (down.from_revision, down.to_revision) == (head, None)
    assert (up.from_revision, up.to_revision) == (None, head)
    assert tables(engine) == TABLES


def test_models_and_migrations_agree(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        migrations.migrate_connection(conn, migrations.head_revision())
        context = MigrationContext.configure(conn, opts={"compare_type": True, "target_metadata": metadata})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_foreign_keys_are_back_on_after_a_migration(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        migrations.migrate_connection(conn, migrations.head_revision())
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.fixture
def scripts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the packaged scripts that the code uses instead, so a test can add a revision to it."""
    copy = tmp_path / "scripts"
    (copy / "versions").mkdir(parents=True)
    (copy / "env.py").write_text((migrations.MIGRATIONS_DIR / "env.py").read_text())
    for version in (migrations.MIGRATIONS_DIR / "versions").glob("*.py"):
        (copy / "versions" / version.name).write_text(version.read_text())
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", copy)
    migrations.script_directory.cache_clear()
    yield copy
    migrations.script_directory.cache_clear()


def add_revision(scripts: Path, revision: str, upgrade: str) -> None:
    (scripts / "versions" / f"{revision}_test.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = {revision!r}\ndown_revision = {migrations.head_revision()!r}\n"
        "branch_labels = None\ndepends_on = None\n"
        "def upgrade():\n" + "".join(f"    {line}\n" for line in upgrade.splitlines()) + "def downgrade():\n    pass\n"
    )
    migrations.script_directory.cache_clear()


def test_targets_resolve_by_name_or_id_and_unknown_ones_list_the_known() -> None:
    head, first = migrations.head_revision(), migrations.known_revisions()[0]
    assert migrations.resolve_target("head") == migrations.resolve_target("heads") == head
    assert migrations.resolve_target("base") is None
    assert migrations.resolve_target(first) == first
    known = ", ".join(["base", *migrations.known_revisions(), "head"])
    with pytest.raises(UsageError) as caught:
        migrations.resolve_target("bogus")
    assert caught.value.message == f"unknown revision 'bogus'. Known revisions: {known}."


def test_only_a_target_below_the_current_revision_is_a_downgrade() -> None:
    first, head = migrations.known_revisions()[0], migrations.head_revision()
    assert first != head, "this test needs at least two revisions"
    assert migrations.is_downgrade(head, first) and migrations.is_downgrade(head, None)
    assert not migrations.is_downgrade(head, head)  # staying put
    assert not migrations.is_downgrade(first, head) and not migrations.is_downgrade(None, head)  # upgrades
    assert not migrations.is_downgrade(None, None)  # a blank database cannot go lower


def test_an_install_path_with_a_percent_sign_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Alembic's config is a ConfigParser, which reads "%" as interpolation: an install under "100%" must still load.
    odd = tmp_path / "100% done" / "migrations"
    shutil.copytree(migrations.MIGRATIONS_DIR, odd, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", odd)
    migrations.script_directory.cache_clear()
    engine = make_engine(f"sqlite:///{tmp_path / 'percent.sqlite3'}")
    try:
        with engine.connect() as conn:
            step = migrations.migrate_connection(conn, migrations.head_revision())
    finally:
        engine.dispose()
        migrations.script_directory.cache_clear()
    assert step.to_revision == migrations.head_revision()


def test_rebuilding_the_sessions_table_keeps_every_turn(tmp_path: Path, scripts: Path) -> None:
    # SQLite's batch mode copies a table, drops the old one and renames the copy. With foreign keys on, dropping
    # the old sessions table would cascade-delete every turn: migrations run with them off.
    head = migrations.head_revision()
    add_revision(
        scripts,
        "9998",
        'with op.batch_alter_table("sessions") as batch:\n    batch.add_column(sa.Column("note", sa.Text()))',
    )
    db = tmp_path / "cascade.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            migrations.migrate_connection(conn, head)
        with SqlSessionStore(engine, location_for_url(f"sqlite:///{db}")) as store:
            session = make_session()
            store.create_session(session)
        with engine.connect() as conn:
            migrations.migrate_connection(conn, "9998")
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT count(*) FROM turns").fetchone() == (len(session.turns),)


def test_a_migration_that_breaks_foreign_keys_is_rolled_back(tmp_path: Path, scripts: Path) -> None:
    add_revision(
        scripts,
        "9997",
        'op.execute("INSERT INTO turns (session_id, seq, role, kind, text, created_at) '
        "VALUES ('nobody', 1, 'coach', 'question', 'orphan', '2025-01-01')\")",
    )
    db = tmp_path / "orphan.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            migrations.migrate_connection(conn, migrations.known_revisions()[-2])
            with pytest.raises(StorageError, match="the migration left 1 broken foreign keys; it was rolled back"):
                migrations.migrate_connection(conn, "9997")
            assert migrations.current_revision(conn) == migrations.known_revisions()[-2]
    finally:
        engine.dispose()
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT count(*) FROM turns").fetchone() == (0,)


def test_a_failing_migration_rolls_back_completely(tmp_path: Path, scripts: Path) -> None:
    """The engine emits a real BEGIN, so even SQLite DDL is undone when a step fails half-way."""
    add_revision(
        scripts,
        "9999",
        "op.create_table('half_done', sa.Column('id', sa.Integer, primary_key=True))\n"
        "op.execute('SELECT * FROM no_such_table')",
    )
    db = tmp_path / "rollback.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn, pytest.raises(sa.exc.OperationalError):
            migrations.migrate_connection(conn, "9999")
    finally:
        engine.dispose()
    with sqlite3.connect(db) as raw:
        names = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert names <= {"alembic_version"}  # neither 0001's tables nor the half-done one survived


def test_new_migration_writes_the_next_revision_only_when_tables_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from interview_coach.storage import new_migration

    assert new_migration.main(["nothing changed"]) == 0
    assert "nothing to generate" in capsys.readouterr().out
    scripts = tmp_path / "migrations"
    shutil.copytree(migrations.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))

    def scratch_config(connection: sa.Connection | None = None) -> Config:
        config = migrations.alembic_config(connection)
        config.set_main_option("script_location", str(scripts))
        return config

    monkeypatch.setattr(new_migration, "alembic_config", scratch_config)
    extra = sa.Table("scratch_notes", metadata, sa.Column("id", sa.Integer, primary_key=True))
    try:
        assert new_migration.main(["add scratch notes"]) == 0
    finally:
        metadata.remove(extra)
    following = f"{int(migrations.head_revision()) + 1:04d}"
    [written] = (scripts / "versions").glob(f"{following}_*.py")
    assert "scratch_notes" in written.read_text() and "down_revision" in written.read_text()


def test_story_bank_migration_0004_goes_down_and_up(engine: sa.Engine) -> None:
    """0004 adds the story bank; downgrading below it drops both tables and leaves the sessions alone."""
    from datetime import UTC, datetime

    from interview_coach.domain.stories import Story, StoryUse
    from interview_coach.storage.guard import DatabaseLocation
    from interview_coach.storage.stories_repo import SqlStoryStore

    with engine.connect() as conn:
        migrations.migrate_connection(conn, "0004")
        assert {"stories", "session_stories"} <= tables(engine)
        down = migrations.migrate_connection(conn, "0002")
        assert down.to_revision == "0002"
        assert not {"stories", "session_stories"} & tables(engine)
        assert "sessions" in tables(engine)
        migrations.migrate_connection(conn, migrations.head_revision())
        conn.commit()
    location = location_for_url(str(engine.url))
    assert isinstance(location, DatabaseLocation)
    SqlSessionStore(engine, location).create_session(make_session("s1"))
    stories = SqlStoryStore(engine, location)
    saved = stories.add_story(Story(title="t", competencies=["ownership"]))
    told = datetime(2026, 1, 1, tzinfo=UTC)
    stories.record_story_use(StoryUse(session_id="s1", story_id=saved.id, story_title="t", used_at=told))
    assert stories.get_story(saved.id or 0).last_used_at == told
    stories.delete_story(saved.id or 0)  # the use stays, without the story
    (use,) = stories.story_uses("s1")
    assert (use.story_id, use.story_title) == (None, "t")
