"""The outbox (what the bot will send, once each: leased rows, a UNIQUE dedupe_key per logical
message) and the volunteers' group posts (which post belongs to which escalation). A mixin of
`bot.storage.Storage`, below the escalations' one (which writes both in its transactions).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from . import tables
from .ports import OutboxMessage, utcnow


def _outbox(row: Any) -> OutboxMessage:
    return OutboxMessage(
        chat_id=row.chat_id, text=row.text, dedupe_key=row.dedupe_key, kind=row.kind,
        file_id=row.file_id, buttons=row.buttons, escalation_id=row.escalation_id,
        purpose=row.purpose, status=row.status, attempts=row.attempts,
        next_attempt_at=row.next_attempt_at, sent_message_id=row.sent_message_id,
        created_at=row.created_at, sent_at=row.sent_at, last_error=row.last_error, id=row.id,
    )


class OutboxStore:
    """(Needs `engine`, `_read`, `_write`, `_insert` of Storage.)"""

    engine: Any
    _writer: Any
    _read: Any
    _write: Any
    _insert: Any

    # -- the volunteers' group posts ----------------------------------------------------------------
    async def add_group_post(self, chat_id: int, message_id: int, escalation_id: int,
                             role: str = "card") -> None:
        async with self._write() as conn:
            await self._add_group_post(conn, chat_id, message_id, escalation_id, role)

    async def _add_group_post(self, conn: Any, chat_id: int, message_id: int,
                              escalation_id: int, role: str) -> None:
        stmt = self._insert(conn, tables.group_posts).values(
            chat_id=int(chat_id), message_id=int(message_id), escalation_id=int(escalation_id),
            role=role, at=utcnow())
        await conn.execute(stmt.on_conflict_do_nothing(index_elements=["chat_id", "message_id"]))

    async def escalation_of_post(self, chat_id: int, message_id: int) -> int | None:
        """The escalation a bot message in the volunteers' group belongs to."""
        t = tables.group_posts
        async with self._read() as conn:
            return (await conn.execute(sa.select(t.c.escalation_id).where(
                t.c.chat_id == int(chat_id), t.c.message_id == int(message_id)))).scalar()

    async def group_posts(self, escalation_id: int, role: str | None = None) -> list[tuple[int, int, str]]:
        """(chat_id, message_id, role) of an escalation's posts, oldest first."""
        t = tables.group_posts
        stmt = sa.select(t.c.chat_id, t.c.message_id, t.c.role).where(
            t.c.escalation_id == int(escalation_id)).order_by(t.c.at, t.c.message_id)
        if role is not None:
            stmt = stmt.where(t.c.role == role)
        async with self._read() as conn:
            return [(r.chat_id, r.message_id, r.role) for r in await conn.execute(stmt)]

    # -- the outbox ---------------------------------------------------------------------------------
    async def enqueue(self, messages: Sequence[OutboxMessage]) -> list[int | None]:
        """Store messages to send; a dedupe_key already stored is skipped (its id: None)."""
        async with self._write() as conn:
            return await self._enqueue(conn, messages, None)

    async def _enqueue(self, conn: Any, messages: Sequence[OutboxMessage],
                       escalation_id: int | None) -> list[int | None]:
        ids: list[int | None] = []
        for m in messages:
            if m.escalation_id is None:
                m.escalation_id = escalation_id
            now = utcnow()
            stmt = self._insert(conn, tables.outbox).values(
                chat_id=int(m.chat_id), kind=m.kind, text=m.text, file_id=m.file_id,
                buttons=m.buttons, escalation_id=m.escalation_id, purpose=m.purpose,
                dedupe_key=m.dedupe_key[:255], status="pending", attempts=0,
                next_attempt_at=m.next_attempt_at or now, created_at=now,
            ).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(tables.outbox.c.id)
            new_id = (await conn.execute(stmt)).scalar()
            m.id = new_id
            ids.append(new_id)
        return ids

    async def claim_outbox(self, now: datetime, lease_until: datetime,
                           limit: int = 20) -> list[OutboxMessage]:
        """Take due pending rows for sending, oldest first, at most one per chat (a chat's
        messages go out in order: a row waits while an older one of its chat is pending).

        A taken row gets attempts + 1 and next_attempt_at = `lease_until`: if this process
        dies before `mark_sent`/`retry_outbox`, the row is due again after the lease. Of
        concurrent claimers (any process) exactly one takes a row.
        """
        o, older = tables.outbox, tables.outbox.alias("older")
        earlier_pending = sa.select(older.c.id).where(
            older.c.chat_id == o.c.chat_id, older.c.status == "pending", older.c.id < o.c.id)
        async with self._read() as conn:
            candidates = list(await conn.execute(
                sa.select(o.c.id, o.c.attempts)
                .where(o.c.status == "pending", o.c.next_attempt_at <= now, ~sa.exists(earlier_pending))
                .order_by(o.c.id).limit(limit)))
        taken: list[OutboxMessage] = []
        for c in candidates:
            async with self._write() as conn:
                result = await conn.execute(
                    o.update()
                    .where(o.c.id == c.id, o.c.status == "pending", o.c.attempts == c.attempts,
                           o.c.next_attempt_at <= now)
                    .values(attempts=o.c.attempts + 1, next_attempt_at=lease_until)
                    .returning(*o.c))
                row = result.first()
            if row is not None:
                taken.append(_outbox(row))
        return taken

    async def mark_sent(self, outbox_id: int, message_id: int | None,
                        group_post_role: str | None = None) -> bool:
        """The Bot API accepted the row's message. With `group_post_role` the sent message is
        also recorded as a post of the row's escalation (replies to it reach the escalation)."""
        o = tables.outbox
        async with self._write() as conn:
            result = await conn.execute(
                o.update().where(o.c.id == int(outbox_id), o.c.status == "pending")
                .values(status="sent", sent_at=utcnow(), sent_message_id=message_id, last_error=None)
                .returning(o.c.chat_id, o.c.escalation_id))
            row = result.first()
            if row is None:
                return False
            if group_post_role and message_id is not None and row.escalation_id is not None:
                await self._add_group_post(conn, row.chat_id, message_id, row.escalation_id,
                                           group_post_role)
            return True

    async def retry_outbox(self, outbox_id: int, next_attempt_at: datetime, error: str) -> None:
        o = tables.outbox
        async with self._write() as conn:
            await conn.execute(o.update().where(o.c.id == int(outbox_id), o.c.status == "pending")
                               .values(next_attempt_at=next_attempt_at, last_error=error[:1000]))

    async def fail_outbox(self, outbox_id: int, status: str, error: str) -> bool:
        """Give up on a row: status "failed" or "undeliverable"."""
        o = tables.outbox
        async with self._write() as conn:
            result = await conn.execute(
                o.update().where(o.c.id == int(outbox_id), o.c.status == "pending")
                .values(status=status, last_error=error[:1000]))
        return result.rowcount == 1

    async def fail_chat_outbox(self, chat_id: int, error: str) -> list[int]:
        """A chat cannot be reached: its pending rows become undeliverable. Returns their
        escalation ids (distinct, without None)."""
        o = tables.outbox
        async with self._write() as conn:
            result = await conn.execute(
                o.update().where(o.c.chat_id == int(chat_id), o.c.status == "pending")
                .values(status="undeliverable", last_error=error[:1000])
                .returning(o.c.escalation_id))
            return sorted({r.escalation_id for r in result if r.escalation_id is not None})

    async def list_outbox(self, *, escalation_id: int | None = None, status: str | None = None,
                          chat_id: int | None = None) -> list[OutboxMessage]:
        o = tables.outbox
        stmt = sa.select(o).order_by(o.c.id)
        if escalation_id is not None:
            stmt = stmt.where(o.c.escalation_id == int(escalation_id))
        if status is not None:
            stmt = stmt.where(o.c.status == status)
        if chat_id is not None:
            stmt = stmt.where(o.c.chat_id == int(chat_id))
        async with self._read() as conn:
            return [_outbox(r) for r in await conn.execute(stmt)]
