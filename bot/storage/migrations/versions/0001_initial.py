"""Initial schema: sessions, questions, feedback, processed_updates.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out here (not imported from bot.storage.tables) so this revision keeps
# describing the schema as it was, whatever the tables module becomes.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("citizen", sa.String(255), nullable=False),
        sa.Column("state", sa.String(64), nullable=False),
        sa.Column("procedure", sa.String(255), nullable=True),
        sa.Column("step", sa.String(255), nullable=True),
        sa.Column("data", JSON, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("citizen", name="pk_sessions"),
    )
    op.create_table(
        "questions",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("citizen", sa.String(255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("normalised", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(32), nullable=False),
        sa.Column("procedure", sa.String(255), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_questions"),
    )
    op.create_index("ix_questions_at", "questions", ["at"])
    op.create_index("ix_questions_procedure", "questions", ["procedure"])
    op.create_index("ix_questions_citizen_at", "questions", ["citizen", "at"])
    op.create_table(
        "feedback",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("citizen", sa.String(255), nullable=False),
        sa.Column("procedure", sa.String(255), nullable=True),
        sa.Column("useful", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_feedback"),
    )
    op.create_index("ix_feedback_at", "feedback", ["at"])
    op.create_index("ix_feedback_procedure", "feedback", ["procedure"])
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("update_id", name="pk_processed_updates"),
    )
    op.create_index("ix_processed_updates_at", "processed_updates", ["at"])


def downgrade() -> None:
    op.drop_index("ix_processed_updates_at", table_name="processed_updates")
    op.drop_table("processed_updates")
    op.drop_index("ix_feedback_procedure", table_name="feedback")
    op.drop_index("ix_feedback_at", table_name="feedback")
    op.drop_table("feedback")
    op.drop_index("ix_questions_citizen_at", table_name="questions")
    op.drop_index("ix_questions_procedure", table_name="questions")
    op.drop_index("ix_questions_at", table_name="questions")
    op.drop_table("questions")
    op.drop_table("sessions")
