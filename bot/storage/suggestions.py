"""Volunteers' proposals for the knowledge base ("Thêm vào kho"), read by `dvcbot suggestions`.
A mixin of `bot.storage.Storage`.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from . import tables
from .ports import Suggestion, utcnow


def _suggestion(row: Any) -> Suggestion:
    return Suggestion(
        question=row.question, kind=row.kind, procedure=row.procedure, answer=row.answer,
        escalation_id=row.escalation_id, proposed_by=row.proposed_by, status=row.status,
        created_at=row.created_at, decided_at=row.decided_at, id=row.id,
    )


class SuggestionStore:
    """(Needs `_read` and `_write` of Storage.)"""

    _read: Any
    _write: Any

    # -- suggestions --------------------------------------------------------------------------------
    async def add_suggestion(self, suggestion: Suggestion) -> int:
        s = tables.suggestions
        async with self._write() as conn:
            new_id = (await conn.execute(s.insert().values(
                escalation_id=suggestion.escalation_id, question=suggestion.question,
                procedure=suggestion.procedure, kind=suggestion.kind, answer=suggestion.answer,
                proposed_by=suggestion.proposed_by, status=suggestion.status,
                created_at=suggestion.created_at, decided_at=suggestion.decided_at,
            ).returning(s.c.id))).scalar_one()
        suggestion.id = int(new_id)
        return suggestion.id

    async def list_suggestions(self, status: str | None = "proposed") -> list[Suggestion]:
        """Suggestions (of one status; None: all), oldest first."""
        s = tables.suggestions
        stmt = sa.select(s).order_by(s.c.created_at, s.c.id)
        if status is not None:
            stmt = stmt.where(s.c.status == status)
        async with self._read() as conn:
            return [_suggestion(r) for r in await conn.execute(stmt)]

    async def decide_suggestion(self, suggestion_id: int, status: str) -> bool:
        """Mark a proposed suggestion "applied" or "rejected"; False if it was not proposed."""
        s = tables.suggestions
        async with self._write() as conn:
            result = await conn.execute(
                s.update().where(s.c.id == int(suggestion_id), s.c.status == "proposed")
                .values(status=status, decided_at=utcnow()))
        return result.rowcount == 1
