"""Alembic, driven from code: the env and versions ship inside the package, so no alembic.ini is needed.

``migrate_connection`` runs inside one transaction (the engine emits a real BEGIN, see ``engine.py``), so a
failed migration leaves the database as it was. On SQLite, foreign keys are switched off while the schema
changes: batch mode rebuilds a table by copy-drop-rename, and with foreign keys on, dropping the old
``sessions`` table would cascade-delete every turn. ``PRAGMA foreign_key_check`` runs before the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from interview_coach.errors import StorageError, UsageError
from interview_coach.storage.engine import BEGIN_IMMEDIATE

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BASE = "base"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    # ConfigParser interpolates '%': escape it so any install path works.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def script_directory() -> ScriptDirectory:
    """The packaged scripts, read once per process (they cannot change under a running program)."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    if head is None:  # pragma: no cover - the package always ships at least one revision
        raise StorageError(f"no migrations found in {MIGRATIONS_DIR}; the installation is broken.")
    return head


def known_revisions() -> list[str]:
    """Every revision the code knows, oldest first."""
    return [rev.revision for rev in reversed(list(script_directory().walk_revisions()))]


def current_revision(connection: sa.Connection) -> str | None:
    """The revision stamped in the database, or None for a blank database."""
    return MigrationContext.configure(connection).get_current_revision()


def user_tables(connection: sa.Connection) -> list[str]:
    return [name for name in sa.inspect(connection).get_table_names() if name != "alembic_version"]


def ensure_known(current: str | None, display: str) -> None:
    """A database stamped by a newer interview-coach must never be touched by this one."""
    if current is not None and current not in known_revisions():
        raise StorageError(
            f"{display} is at schema revision {current!r}, which this version of interview-coach does not "
            f"know (a newer version wrote it; this one knows up to {head_revision()!r}). Upgrade "
            "interview-coach; the database was not changed."
        )


def resolve_target(target: str) -> str | None:
    """'head', 'base' or a (prefix of a) known revision -> the revision id, None meaning base."""
    if target == BASE:
        return None
    if target in {"head", "heads"}:
        return head_revision()
    try:
        revision = script_directory().get_revision(target)
    except CommandError:
        revision = None
    if revision is None:
        known = ", ".join([BASE, *known_revisions(), "head"])
        raise UsageError(f"unknown revision {target!r}. Known revisions: {known}.")
    return revision.revision


def is_downgrade(current: str | None, target: str | None) -> bool:
    """True when ``target`` is below ``current`` in the (linear) history."""
    if current is None or current == target:
        return False
    if target is None:
        return True
    below = [rev.revision for rev in script_directory().iterate_revisions(current, BASE)]
    return target in below[1:]


@dataclass(frozen=True)
class MigrationStep:
    from_revision: str | None
    to_revision: str | None


def migrate_connection(connection: sa.Connection, target: str | None, profile: str | None = None) -> MigrationStep:
    """Upgrade or downgrade to ``target`` (None = base) in one transaction. ``profile``: whose existing rows are
    (SQLite; migration 0006 backfills it, defaulting to the OS user name)."""
    is_sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.driver_connection
    if is_sqlite and raw is not None:
        # Must run outside a transaction, where the pragma takes effect (inside one it is a silent no-op).
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        # IMMEDIATE: two first starts at once queue here, and the second then finds the schema at head.
        with connection.execution_options(**{BEGIN_IMMEDIATE: True}).begin():
            current = current_revision(connection)
            config = alembic_config(connection)
            config.attributes["profile"] = profile
            if connection.dialect.name == "postgresql":
                # A migration may rewrite big tables: the everyday statement timeout is not meant for it.
                connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
            if is_downgrade(current, target):
                command.downgrade(config, target or BASE)
            elif current != target and target is not None:
                command.upgrade(config, target)
                if connection.dialect.name == "postgresql":
                    from interview_coach.storage.team import refresh_rights

                    refresh_rights(connection)  # team members get rights on any table the upgrade added
            if is_sqlite:
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StorageError(f"the migration left {len(problems)} broken foreign keys; it was rolled back.")
            return MigrationStep(current, current_revision(connection))
    finally:
        if is_sqlite and raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")
