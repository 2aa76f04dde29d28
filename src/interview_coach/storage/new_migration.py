"""For developers: write the next migration from the difference between the tables and the migrations.

    python -m interview_coach.storage.new_migration "add a notes column to turns"

It upgrades a scratch SQLite database to head, compares it with ``tables.metadata`` and, when they differ,
autogenerates ``versions/NNNN_<slug>.py`` (batch mode for SQLite is already on in env.py). Review the file: Alembic
cannot see renames, and the schema must stay free of SQLite-only constructs.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from interview_coach.storage.engine import make_engine
from interview_coach.storage.migrate import alembic_config, head_revision, migrate_connection
from interview_coach.storage.tables import metadata


def pending_changes(connection: sa.Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True, "target_metadata": metadata})
    return list(compare_metadata(context, metadata))


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].strip():
        sys.stderr.write('usage: python -m interview_coach.storage.new_migration "what the migration does"\n')
        return 2
    message = argv[0].strip()
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'scratch.sqlite3'}")
        with engine.connect() as connection:
            migrate_connection(connection, head_revision())
            changes = pending_changes(connection)
            if not changes:
                sys.stdout.write("The tables and the migrations agree: there is nothing to generate.\n")
                return 0
            rev_id = f"{int(head_revision()) + 1:04d}"
            slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40]
            command.revision(alembic_config(connection), message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()
    sys.stdout.write(f"Wrote migration {rev_id} ({slug}) for {len(changes)} change(s); review it before committing.\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
