"""Scores explained and honest: each evaluation's deductions and STAR points (so stored feedback adds up), and why
the AI coach did not score it when the offline coach did.

Older evaluations keep NULL here and are shown from their criteria alone.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 13:00:23.531844
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deductions", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("star_points", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("star_max_points", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("fallback_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.drop_column("fallback_reason")
        batch_op.drop_column("star_max_points")
        batch_op.drop_column("star_points")
        batch_op.drop_column("deductions")
