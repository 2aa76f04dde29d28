"""Alembic environment, packaged with interview-coach and configured from code (see storage/migrate.py).

The caller passes an open connection inside a transaction in ``config.attributes["connection"]``; Alembic then
runs every step in that one transaction. ``render_as_batch`` makes ALTERs work on SQLite by rebuilding tables.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from interview_coach.storage.tables import metadata

config = context.config


def _configure(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
        # SQLite can roll back DDL once the driver stops managing transactions itself (storage/engine.py).
        transactional_ddl=True,
    )


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    # Without a connection (e.g. a developer running `alembic` by hand) use the configured URL.
    from interview_coach.storage.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
