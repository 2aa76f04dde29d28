"""The story bank: prepared STAR+R stories, and which story was told in which session.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("task", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("reflection", sa.Text(), nullable=False),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
    )
    op.create_table(
        "session_stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("story_title", sa.String(length=200), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=True),
        sa.Column("turn_seq", sa.Integer(), nullable=True),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_session_stories_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_session_stories_story_id_stories"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_stories")),
    )
    with op.batch_alter_table("session_stories", schema=None) as batch_op:
        batch_op.create_index("ix_session_stories_session_id", ["session_id"], unique=False)
        batch_op.create_index("ix_session_stories_used_at", ["used_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("session_stories", schema=None) as batch_op:
        batch_op.drop_index("ix_session_stories_used_at")
        batch_op.drop_index("ix_session_stories_session_id")
    op.drop_table("session_stories")
    op.drop_table("stories")
