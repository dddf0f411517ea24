"""Escalation messages: the volunteer's Telegram message an answer came from ("chat:message").

An edited answer is relayed to the citizen as a correction: the edit names the message, and
this column finds the answer it corrects.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("escalation_messages", sa.Column("source", sa.String(100), nullable=True))
    op.create_index("ix_escalation_messages_source", "escalation_messages", ["source"])


def downgrade() -> None:
    op.drop_index("ix_escalation_messages_source", table_name="escalation_messages")
    op.drop_column("escalation_messages", "source")
