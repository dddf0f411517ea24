"""Escalation messages: the volunteer's Telegram message an answer came from ("chat:message").

An edited answer is relayed to the citizen as a correction: the edit names the message, and
this column finds the answer it corrects.

Revision ID: 0005
Revises: 0004
Create Date: 2025-01-05
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("escalation_messages", sa.Column("source", sa.String(100), nullable=True))
    op.create_index("ix_escalation_messages_source", "escalation_messages", ["source"])


def downgrade() -> None:
    op.drop_index("ix_escalation_messages_source", table_name="escalation_messages")
    op.drop_column("escalation_messages", "source")
