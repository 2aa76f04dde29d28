"""Team mode: a profile on every candidate's rows, and row-level security on PostgreSQL.

Every table in ``storage.team.PROFILE_TABLES`` gets a NOT NULL, indexed ``profile`` column; existing rows go to
the profile migrating them (on PostgreSQL the connected role, the owner; on SQLite the --profile in effect, by
default the OS user name). The review schedule (question_stats) becomes per profile: its key is
(question_id, profile).

A ``team_reviewers`` table lists the roles that may read everyone's rows. On PostgreSQL only, every table in
PROFILE_TABLES and SESSION_CHILD_TABLES gets row-level security with the policies described in ``storage/team.py``.
Tables listed there that do not exist (yet) are skipped, so adding a table is a one-line change in team.py.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-05 15:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from interview_coach.storage import team

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

# Indexes serving each table's per-profile queries; a table not named here gets one on (profile).
PROFILE_INDEXES: dict[str, tuple[str, ...]] = {
    "sessions": ("profile", "started_at"),
    "question_stats": ("profile", "due"),
}
# Primary keys that must include the profile (one row per question *per candidate*).
PROFILE_KEYS: dict[str, tuple[str, ...]] = {"question_stats": ("question_id", "profile")}


def _index_name(table: str) -> str:
    return f"ix_{table}_" + "_".join(PROFILE_INDEXES.get(table, ("profile",)))


def _backfill_profile(bind: sa.Connection) -> str:
    if bind.dialect.name == "postgresql":
        return team.current_role(bind)
    config = getattr(op.get_context(), "config", None)
    chosen = config.attributes.get("profile") if config is not None else None
    return str(chosen) if chosen else team.default_profile()


def add_profile_column(table: str, profile: str) -> None:
    op.add_column(table, sa.Column("profile", sa.String(length=team.PROFILE_MAX), nullable=True))
    op.execute(sa.text(f"UPDATE {table} SET profile = :p").bindparams(p=profile))
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column("profile", existing_type=sa.String(length=team.PROFILE_MAX), nullable=False)
        if table in PROFILE_KEYS:
            batch_op.drop_constraint(f"pk_{table}", type_="primary")
            batch_op.create_primary_key(f"pk_{table}", list(PROFILE_KEYS[table]))
        batch_op.create_index(_index_name(table), list(PROFILE_INDEXES.get(table, ("profile",))), unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # Raw inserts by a candidate's role land in their own profile, which is all the policies allow anyway.
        op.execute(f"ALTER TABLE {table} ALTER COLUMN profile SET DEFAULT current_user")


def drop_profile_column(table: str) -> None:
    if table in PROFILE_KEYS:
        # The old key has no profile: keep one row per key (the first profile by name), drop the others.
        others = " AND ".join(f"o.{c} = {table}.{c}" for c in PROFILE_KEYS[table] if c != "profile")
        op.execute(f"DELETE FROM {table} WHERE profile <> (SELECT MIN(o.profile) FROM {table} o WHERE {others})")
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_index(_index_name(table))
        if table in PROFILE_KEYS:
            batch_op.drop_constraint(f"pk_{table}", type_="primary")
            keep = [c for c in PROFILE_KEYS[table] if c != "profile"]
            batch_op.create_primary_key(f"pk_{table}", keep)
        batch_op.drop_column("profile")


def upgrade() -> None:
    bind = op.get_bind()
    profile = _backfill_profile(bind)
    for table in team.existing_tables(bind, team.PROFILE_TABLES):
        add_profile_column(table, profile)
    op.create_table(
        team.REVIEWERS_TABLE,
        sa.Column("role", sa.String(length=team.PROFILE_MAX), nullable=False),
        sa.PrimaryKeyConstraint("role", name=op.f(f"pk_{team.REVIEWERS_TABLE}")),
    )
    if bind.dialect.name != "postgresql":
        return
    for table in team.existing_tables(bind, team.PROFILE_TABLES):
        team.enable_rls(bind, table, "profile")
    for table in team.existing_tables(bind, team.SESSION_CHILD_TABLES):
        team.enable_rls(bind, table, "session")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # Without row-level security, a member's table rights would let them read everyone's answers: members
        # lose their rights with it (the owner grants them again after upgrading).
        for member in team.list_team(bind):
            team.revoke_member_rights(bind, member.role)
        for table in team.existing_tables(bind, team.SESSION_CHILD_TABLES + team.PROFILE_TABLES):
            team.disable_rls(bind, table)
    op.drop_table(team.REVIEWERS_TABLE)
    for table in reversed(team.existing_tables(bind, team.PROFILE_TABLES)):
        drop_profile_column(table)
