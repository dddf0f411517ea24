"""Volunteers: escalations, escalation_messages, group_posts, outbox, suggestions.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out here (not imported from bot.storage.tables), as in 0001.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIMESTAMP = sa.DateTime(timezone=True)
ACTIVE = sa.text("status IN ('open', 'claimed')")


def _fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["escalation_id"], ["escalations.id"],
                                   name=f"fk_{table}_escalation_id_escalations")


def upgrade() -> None:
    op.create_table(
        "escalations",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("citizen", sa.String(255), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("procedure", sa.String(255), nullable=True),
        sa.Column("step", sa.String(255), nullable=True),
        sa.Column("context", JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("claimed_by", sa.BigInteger(), nullable=True),
        sa.Column("claimed_by_name", sa.String(255), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("claimed_at", TIMESTAMP, nullable=True),
        sa.Column("first_answer_at", TIMESTAMP, nullable=True),
        sa.Column("resolved_at", TIMESTAMP, nullable=True),
        sa.Column("remind_at", TIMESTAMP, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_escalations"),
    )
    op.create_index("ix_escalations_status_created_at", "escalations", ["status", "created_at"])
    op.create_index("ix_escalations_created_at", "escalations", ["created_at"])
    op.create_index("ix_escalations_remind_at", "escalations", ["remind_at"])
    op.create_index("uq_escalations_active_citizen", "escalations", ["citizen"], unique=True,
                    sqlite_where=ACTIVE, postgresql_where=ACTIVE)

    op.create_table(
        "escalation_messages",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("escalation_id", BIG_ID, nullable=False),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("file_id", sa.String(255), nullable=True),
        sa.Column("volunteer_id", sa.BigInteger(), nullable=True),
        sa.Column("at", TIMESTAMP, nullable=False),
        _fk("escalation_messages"),
        sa.PrimaryKeyConstraint("id", name="pk_escalation_messages"),
    )
    op.create_index("ix_escalation_messages_escalation_id_at", "escalation_messages",
                    ["escalation_id", "at"])

    op.create_table(
        "group_posts",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("escalation_id", BIG_ID, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        _fk("group_posts"),
        sa.PrimaryKeyConstraint("chat_id", "message_id", name="pk_group_posts"),
    )
    op.create_index("ix_group_posts_escalation_id", "group_posts", ["escalation_id"])

    op.create_table(
        "outbox",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("file_id", sa.String(255), nullable=True),
        sa.Column("buttons", JSON, nullable=True),
        sa.Column("escalation_id", BIG_ID, nullable=True),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("dedupe_key", sa.String(255), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIMESTAMP, nullable=False),
        sa.Column("sent_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("sent_at", TIMESTAMP, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        _fk("outbox"),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("dedupe_key", name="uq_outbox_dedupe_key"),
    )
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])
    op.create_index("ix_outbox_chat_id_status", "outbox", ["chat_id", "status"])
    op.create_index("ix_outbox_escalation_id", "outbox", ["escalation_id"])

    op.create_table(
        "suggestions",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("escalation_id", BIG_ID, nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("procedure", sa.String(255), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("proposed_by", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        _fk("suggestions"),
        sa.PrimaryKeyConstraint("id", name="pk_suggestions"),
    )
    op.create_index("ix_suggestions_status_created_at", "suggestions", ["status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_suggestions_status_created_at", table_name="suggestions")
    op.drop_table("suggestions")
    op.drop_index("ix_outbox_escalation_id", table_name="outbox")
    op.drop_index("ix_outbox_chat_id_status", table_name="outbox")
    op.drop_index("ix_outbox_status_next_attempt_at", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index("ix_group_posts_escalation_id", table_name="group_posts")
    op.drop_table("group_posts")
    op.drop_index("ix_escalation_messages_escalation_id_at", table_name="escalation_messages")
    op.drop_table("escalation_messages")
    op.drop_index("uq_escalations_active_citizen", table_name="escalations")
    op.drop_index("ix_escalations_remind_at", table_name="escalations")
    op.drop_index("ix_escalations_created_at", table_name="escalations")
    op.drop_index("ix_escalations_status_created_at", table_name="escalations")
    op.drop_table("escalations")
