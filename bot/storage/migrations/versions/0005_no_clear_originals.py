"""Privacy: no personal numbers in clear at rest (data only, no schema change).

Until now the question before masking was kept in clear: in escalations.original (for "Xem
số đã ẩn"), in the session's consent ("o") and, with its numbers, in the session's
"pending" question. From now on it is kept only sealed with DVCBOT_SECRET_KEY (bot.dialogue.vault),
and a migration has no key: the clear originals are dropped (escalations.original NULL, the
consent's "o" removed) and the pending question is masked. "Xem số đã ẩn" on an escalation
opened before this revision says there is nothing to show.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
escalations = sa.table("escalations", sa.column("id", sa.BigInteger), sa.column("original", sa.Text))
sessions = sa.table("sessions", sa.column("citizen", sa.String), sa.column("data", JSON),
                    sa.column("version", sa.Integer))


# A migration is frozen: it does not import the application's masking, which goes on
# changing. Any run of 9 or more digits, whatever separates them, is hidden, with the tags the
# application used at this revision: in a question waiting for consent, hiding a little too
# much is harmless.
_LONG_NUMBER = re.compile(r"\+?\d(?:[\s.\-/,_\u200b]*\d){8,}")
_PHONE = re.compile(r"(?:\+?84|0)\d{9,10}")


def _tag(match: re.Match[str]) -> str:
    digits = "".join(ch for ch in match.group() if ch.isdigit() or ch == "+")
    if _PHONE.fullmatch(digits):
        return "[số điện thoại]"
    return "[số CCCD]" if len(digits) in (9, 12) else "[số tài khoản]"


def mask_personal(text: str) -> str:
    return _LONG_NUMBER.sub(_tag, text)


def _cleaned(data: dict[str, Any]) -> dict[str, Any] | None:
    """The session data without clear personal numbers; None when nothing changes."""
    changed = dict(data)
    consent = changed.get("consent")
    if isinstance(consent, dict) and "o" in consent:
        changed["consent"] = {k: v for k, v in consent.items() if k != "o"}
    pending = changed.get("pending")
    if isinstance(pending, str):
        changed["pending"] = mask_personal(pending).strip()
    return changed if changed != data else None


def upgrade() -> None:
    bind = op.get_bind()
    bind.execute(escalations.update().where(escalations.c.original.is_not(None)).values(original=None))
    rows = bind.execute(sa.select(sessions.c.citizen, sessions.c.data, sessions.c.version)).all()
    for row in rows:
        data = row.data if isinstance(row.data, dict) else None
        cleaned = _cleaned(data) if data else None
        if cleaned is not None:
            bind.execute(sessions.update()
                         .where(sessions.c.citizen == row.citizen, sessions.c.version == row.version)
                         .values(data=cleaned, version=row.version + 1))


def downgrade() -> None:
    pass  # what was dropped cannot come back; the schema is unchanged
