"""The packaged Alembic migrations: blank -> head, head -> base -> head, and models == migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from interview_coach.storage import migrate as migrations
from interview_coach.storage.engine import make_engine
from interview_coach.storage.tables import metadata

TABLES = {"sessions", "turns", "evaluations", "session_summaries", "question_stats"}


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


def test_a_failing_migration_rolls_back_completely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine emits a real BEGIN, so even SQLite DDL is undone when a step fails half-way."""
    scripts = tmp_path / "scripts"
    (scripts / "versions").mkdir(parents=True)
    (scripts / "env.py").write_text((migrations.MIGRATIONS_DIR / "env.py").read_text())
    for version in (migrations.MIGRATIONS_DIR / "versions").glob("*.py"):
        (scripts / "versions" / version.name).write_text(version.read_text())
    (scripts / "versions" / "9999_broken.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '9999'\ndown_revision = {migrations.head_revision()!r}\n"
        "branch_labels = None\ndepends_on = None\n"
        "def upgrade():\n"
        "    op.create_table('half_done', sa.Column('id', sa.Integer, primary_key=True))\n"
        "    op.execute('SELECT * FROM no_such_table')\n"
        "def downgrade():\n    pass\n"
    )
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", scripts)
    migrations.script_directory.cache_clear()
    db = tmp_path / "rollback.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn, pytest.raises(sa.exc.OperationalError):
            migrations.migrate_connection(conn, "9999")
    finally:
        engine.dispose()
        migrations.script_directory.cache_clear()
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
