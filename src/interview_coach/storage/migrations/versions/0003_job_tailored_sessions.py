"""Job-tailored sessions: what each session was tailored to (``session_jobs``: the job's requirements and, from a
CV, only roles, project lines, skills and a SHA-256, never the text) and the questions the AI coach wrote for it
(``generated_questions``: one question in the bank's schema per row).

Sessions from before have no rows here and are read as untailored.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 15:22:26.508180
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "generated_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("question", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_generated_questions_session_id_sessions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_generated_questions")),
        sa.UniqueConstraint("session_id", "question_id", name=op.f("uq_generated_questions_session_id_question_id")),
    )
    op.create_table(
        "session_jobs",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("seniority", sa.String(length=16), nullable=False),
        sa.Column("track_reason", sa.Text(), nullable=False),
        sa.Column("requirements", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("cv_sha256", sa.String(length=64), nullable=True),
        sa.Column("cv_roles", sa.JSON(), nullable=True),
        sa.Column("cv_projects", sa.JSON(), nullable=True),
        sa.Column("cv_skills", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_session_jobs_session_id_sessions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_session_jobs")),
    )


def downgrade() -> None:
    op.drop_table("session_jobs")
    op.drop_table("generated_questions")
