"""Walkthrough funnel: guide_events; escalations.step_path (the citizen's path in a guide).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

Additive only: an instance of the previous version keeps working (it neither writes nor
reads the new table and column).
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out here (not imported from bot.storage.tables), as in 0001 and 0002.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    # One row per walkthrough step shown to a citizen ("step"), per "Tôi bị vướng" pressed on
    # a step ("stuck") and per walkthrough finished on its last step ("done").
    op.create_table(
        "guide_events",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("citizen", sa.String(255), nullable=False),
        sa.Column("procedure", sa.String(255), nullable=False),
        sa.Column("step", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_guide_events"),
    )
    op.create_index("ix_guide_events_at", "guide_events", ["at"])
    op.create_index("ix_guide_events_citizen_procedure_at", "guide_events",
                    ["citizen", "procedure", "at"])
    # The step ids the citizen went through before `step` when they asked for a volunteer:
    # the volunteers' card numbers the step as the citizen saw it ("Bước N").
    op.add_column("escalations", sa.Column("step_path", JSON, nullable=True))


def downgrade() -> None:
    op.drop_column("escalations", "step_path")
    op.drop_index("ix_guide_events_citizen_procedure_at", table_name="guide_events")
    op.drop_index("ix_guide_events_at", table_name="guide_events")
    op.drop_table("guide_events")
