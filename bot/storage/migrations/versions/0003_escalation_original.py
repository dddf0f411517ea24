"""Escalations: the citizen's original question (before masking), for "Xem số đã ẩn".

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-03
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL unless masking changed the question; emptied by the retention purge.
    op.add_column("escalations", sa.Column("original", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("escalations", "original")
