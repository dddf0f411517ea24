"""Repository operations for volunteers: escalations and their messages (the group posts and the
outbox they write are bot.storage.outbox). Mixed into `bot.storage.Storage`.

Every state change is one short transaction (or part of a citizen turn's transaction, see
bot.storage.unit_of_work) and safe with several processes on one database (SQLite or
PostgreSQL):
  * a claim is `UPDATE ... WHERE id = ? AND status = 'open'`: of two volunteers pressing
    "Nhận" together exactly one gets the escalation;
  * a citizen has at most one active (open or claimed) escalation (a partial unique index);
  * outbox rows are leased for sending with `UPDATE ... WHERE attempts = <as read>` (see
    `claim_outbox`), and each logical message has a UNIQUE dedupe_key;
  * a due reminder is taken with `UPDATE ... WHERE remind_at = <as read>`, so it fires once.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from . import tables
from .outbox import OutboxStore
from .ports import Escalation, EscalationMessage, OutboxMessage, utcnow

ACTIVE = tables.ESCALATION_ACTIVE
ANSWERABLE = ("open", "claimed", "answered")
MakePosts = Callable[[Escalation], Sequence[OutboxMessage]]


def _escalation(row: Any) -> Escalation:
    return Escalation(
        id=row.id, citizen=row.citizen, question=row.question, procedure=row.procedure,
        step=row.step, context=list(row.context or []), status=row.status,
        claimed_by=row.claimed_by, claimed_by_name=row.claimed_by_name, created_at=row.created_at,
        claimed_at=row.claimed_at, first_answer_at=row.first_answer_at,
        resolved_at=row.resolved_at, remind_at=row.remind_at, version=row.version,
        has_original=getattr(row, "original", None) is not None,
        step_path=_path(getattr(row, "step_path", None)),
    )


def _path(value: Any) -> list[str] | None:
    return [str(s) for s in value] if isinstance(value, list) else None


def _message(row: Any) -> EscalationMessage:
    return EscalationMessage(
        escalation_id=row.escalation_id, direction=row.direction, kind=row.kind, text=row.text,
        file_id=row.file_id, volunteer_id=row.volunteer_id, at=row.at, id=row.id,
        source=getattr(row, "source", None),
    )


class EscalationStore(OutboxStore):
    """The volunteers' half of the repository (needs `engine`, `_read`, `_write`, `_insert`).

    Inside a citizen's turn (`Storage.unit_of_work`, see bot.dialogue.handoff) the writes below join
    the turn's transaction, each in a SAVEPOINT: they are stored with the turn or not at all.
    """

    # -- escalations ------------------------------------------------------------------------------
    async def open_escalation(
        self, citizen: str, question: str, *, procedure: str | None = None,
        step: str | None = None, context: list[dict[str, Any]] | None = None,
        remind_at: datetime | None = None, messages: Sequence[EscalationMessage] = (),
        posts: MakePosts | None = None, original: str | None = None,
        step_path: Sequence[str] | None = None,
    ) -> tuple[Escalation, bool]:
        """Open an escalation for `citizen`, or return their active one.

        In one transaction: the escalation, its first citizen `messages` (escalation_id is
        filled in) and the outbox rows `posts(escalation)` returns. Returns (escalation,
        True) when opened, (the already active escalation, False) otherwise. `original`: the
        question before masking, given only when masking changed it (see `reveal_original`).
        `step_path`: the walkthrough steps the citizen went through before `step`.
        """
        for _ in range(3):
            existing = await self.active_escalation(citizen)
            if existing is not None:
                return existing, False
            now = utcnow()
            t = tables.escalations
            try:
                async with self._write() as conn:
                    if await self._active_row(conn, citizen) is not None:
                        continue
                    result = await conn.execute(t.insert().values(
                        citizen=citizen, question=question, procedure=procedure, step=step,
                        context=list(context or []), original=original or None,
                        step_path=list(step_path) if step_path is not None else None,
                        status="open", created_at=now,
                        remind_at=remind_at, version=1,
                    ).returning(*t.c))
                    escalation = _escalation(result.one())
                    for m in messages:
                        m.escalation_id = escalation.id
                        await self._add_message(conn, m)
                    if posts is not None:
                        await self._enqueue(conn, posts(escalation), escalation.id)
                return escalation, True
            except IntegrityError:  # another process opened one for this citizen meanwhile
                continue
        existing = await self.active_escalation(citizen)
        if existing is None:  # pragma: no cover - only under pathological contention
            raise RuntimeError(f"could not open an escalation for {citizen!r}")
        return existing, False

    async def get_escalation(self, escalation_id: int) -> Escalation | None:
        t = tables.escalations
        async with self._read() as conn:
            row = (await conn.execute(sa.select(t).where(t.c.id == int(escalation_id)))).first()
        return _escalation(row) if row is not None else None

    async def active_escalation(self, citizen: str) -> Escalation | None:
        """The citizen's open or claimed escalation (their messages go to it), if any."""
        async with self._read() as conn:
            row = await self._active_row(conn, citizen)
        return _escalation(row) if row is not None else None

    async def count_escalations(self, citizen: str, since: datetime) -> int:
        """How many escalations `citizen` opened at or after `since`, whatever became of them
        (a cancelled one was posted to the volunteers too): DVCBOT_MAX_ESCALATIONS_PER_DAY."""
        t = tables.escalations
        async with self._read() as conn:
            return int((await conn.execute(
                sa.select(sa.func.count()).select_from(t)
                .where(t.c.citizen == citizen, t.c.created_at >= since))).scalar_one())

    @staticmethod
    async def _active_row(conn: Any, citizen: str) -> Any:
        t = tables.escalations
        return (await conn.execute(
            sa.select(t).where(t.c.citizen == citizen, t.c.status.in_(ACTIVE))
        )).first()

    async def list_escalations(
        self, statuses: Iterable[str] = ACTIVE, *, citizen: str | None = None,
        since: datetime | None = None, limit: int | None = None,
    ) -> list[Escalation]:
        """Escalations in `statuses`, oldest first."""
        t = tables.escalations
        stmt = sa.select(t).where(t.c.status.in_(list(statuses))).order_by(t.c.created_at, t.c.id)
        if citizen is not None:
            stmt = stmt.where(t.c.citizen == citizen)
        if since is not None:
            stmt = stmt.where(t.c.created_at >= since)
        if limit is not None:
            stmt = stmt.limit(limit)
        async with self._read() as conn:
            return [_escalation(r) for r in await conn.execute(stmt)]

    async def _transition(self, conn: Any, escalation_id: int, allowed: Sequence[str],
                          **values: Any) -> Escalation | None:
        """UPDATE the escalation WHERE its status is one of `allowed`; the new row or None."""
        t = tables.escalations
        result = await conn.execute(
            t.update()
            .where(t.c.id == int(escalation_id), t.c.status.in_(list(allowed)))
            .values(version=t.c.version + 1, **values)
            .returning(*t.c)
        )
        row = result.first()
        return _escalation(row) if row is not None else None

    async def claim_escalation(self, escalation_id: int, volunteer_id: int,
                               volunteer_name: str) -> Escalation | None:
        """Give an open escalation to a volunteer. None if it was not open (someone else
        claimed it first, or it is closed): exactly one of concurrent claimers wins."""
        async with self._write() as conn:
            return await self._transition(
                conn, escalation_id, ("open",), status="claimed", claimed_by=int(volunteer_id),
                claimed_by_name=volunteer_name[:255], claimed_at=utcnow(), remind_at=None)

    async def answer_escalation(
        self, escalation_id: int, volunteer_id: int, volunteer_name: str, text: str,
        deliveries: Sequence[OutboxMessage], source: str | None = None,
    ) -> Escalation | None:
        """Store a volunteer's answer and the outbox rows that carry it, in one transaction.

        The escalation becomes "answered" (claimed by this volunteer if nobody had it).
        Returns None, storing nothing, if the escalation cannot be answered (resolved,
        cancelled, ...) or if the first delivery's dedupe_key is already in the outbox (the
        same answer twice). `source`: the volunteer's message ("chat:message"), so that an
        edit of it can be found (`answer_versions`).
        """
        now = utcnow()
        t = tables.escalations
        async with self._write() as conn:
            # FOR UPDATE (PostgreSQL; SQLite's writer already holds the database lock): without
            # it a concurrent resolve/cancel could commit after this check, and the answer's
            # outbox rows would be committed although None is returned.
            current = (await conn.execute(
                sa.select(t).where(t.c.id == int(escalation_id)).with_for_update())).first()
            if current is None or current.status not in ANSWERABLE:
                return None
            ids = await self._enqueue(conn, deliveries, int(escalation_id))
            if deliveries and ids[0] is None:
                return None  # already stored (a redelivered update)
            await self._add_message(conn, EscalationMessage(
                int(escalation_id), "volunteer", "text", text, volunteer_id=int(volunteer_id), at=now,
                source=source))
            return await self._transition(
                conn, escalation_id, ANSWERABLE, status="answered",
                first_answer_at=sa.func.coalesce(t.c.first_answer_at, now),
                claimed_by=sa.func.coalesce(t.c.claimed_by, int(volunteer_id)),
                claimed_by_name=sa.func.coalesce(t.c.claimed_by_name, volunteer_name[:255]),
                claimed_at=sa.func.coalesce(t.c.claimed_at, now),
                remind_at=None,
            )

    async def answer_versions(self, source: str) -> list[EscalationMessage]:
        """The volunteer's answer stored from message `source` ("chat:message") and its
        corrections, oldest first ([] when that message was not an answer)."""
        m = tables.escalation_messages
        async with self._read() as conn:
            rows = await conn.execute(
                sa.select(m).where(m.c.source == source, m.c.direction == "volunteer",
                                   m.c.kind.in_(("text", "correction")))
                .order_by(m.c.id))
            return [_message(r) for r in rows]

    async def add_correction(
        self, escalation_id: int, volunteer_id: int, text: str, source: str,
        deliveries: Sequence[OutboxMessage],
    ) -> Escalation | None:
        """Store a volunteer's corrected answer (kind "correction", from message `source`) and
        the outbox rows that carry it to the citizen, in one transaction; the escalation's
        state is unchanged. None, storing nothing, if the citizen can no longer be written to
        (cancelled, undeliverable) or the first delivery's dedupe_key is already stored (the
        same edit twice)."""
        t = tables.escalations
        async with self._write() as conn:
            current = (await conn.execute(
                sa.select(t).where(t.c.id == int(escalation_id)).with_for_update())).first()
            if current is None or current.status in ("cancelled", "undeliverable"):
                return None
            ids = await self._enqueue(conn, deliveries, int(escalation_id))
            if deliveries and ids[0] is None:
                return None
            await self._add_message(conn, EscalationMessage(
                int(escalation_id), "volunteer", "correction", text, volunteer_id=int(volunteer_id),
                source=source))
            return _escalation(current)

    async def add_citizen_message(
        self, escalation_id: int, message: EscalationMessage,
        posts: Sequence[OutboxMessage] = (), *, reopen: bool = False,
    ) -> Escalation | None:
        """Add the citizen's message (and its outbox rows) to an active escalation.

        With `reopen` an answered escalation becomes active again (claimed if a volunteer
        has it, else open): the citizen's "Hỏi thêm". None if not possible (closed, or the
        citizen has another active escalation). Idempotent when `posts` are given: if the
        first post's dedupe_key is already stored, nothing is added again.
        """
        t = tables.escalations
        async with self._write() as conn:
            row = (await conn.execute(sa.select(t).where(t.c.id == int(escalation_id)))).first()
            if row is None:
                return None
            if row.status in ACTIVE:
                escalation = await self._transition(conn, row.id, ACTIVE)
            elif reopen and row.status == "answered":
                if await self._active_row(conn, row.citizen) is not None:
                    return None
                escalation = await self._transition(
                    conn, row.id, ("answered",),
                    status="claimed" if row.claimed_by is not None else "open")
            else:
                return None
            if escalation is None:
                return None
            ids = await self._enqueue(conn, posts, escalation.id)
            if posts and ids[0] is None:
                return escalation  # already added (the same turn, redone)
            message.escalation_id = escalation.id
            await self._add_message(conn, message)
            return escalation

    async def resolve_escalation(self, escalation_id: int) -> Escalation | None:
        """Mark resolved (volunteer's "Đã xong", citizen's "Đã hiểu"); None if already closed."""
        async with self._write() as conn:
            return await self._transition(conn, escalation_id, ANSWERABLE, status="resolved",
                                          resolved_at=utcnow(), remind_at=None)

    async def cancel_escalation(self, escalation_id: int,
                                posts: Sequence[OutboxMessage] = ()) -> Escalation | None:
        """The citizen withdrew the question; None if it was already closed."""
        async with self._write() as conn:
            escalation = await self._transition(conn, escalation_id, ANSWERABLE,
                                                status="cancelled", resolved_at=utcnow(),
                                                remind_at=None)
            if escalation is not None:
                await self._enqueue(conn, posts, escalation.id)
            return escalation

    async def mark_undeliverable(self, escalation_id: int,
                                 posts: Sequence[OutboxMessage] = ()) -> Escalation | None:
        """The citizen cannot be reached (blocked the bot); None if already marked."""
        async with self._write() as conn:
            escalation = await self._transition(
                conn, escalation_id, ("open", "claimed", "answered", "resolved"),
                status="undeliverable", remind_at=None)
            if escalation is not None:
                await self._enqueue(conn, posts, escalation.id)
            return escalation

    async def reveal_original(self, escalation_id: int, volunteer_id: int,
                              unseal: Callable[[str], str | None] | None = None) -> str | None:
        """The question before masking, for the volunteer who has the escalation (claimed or
        answered by `volunteer_id`); the reveal is recorded as an escalation message
        (direction "volunteer", kind "reveal", empty text). None, recording nothing, for
        anyone else or when no original is kept. `unseal` turns the stored value (sealed,
        see bot.dialogue.vault) into the text shown; when it cannot (None), nothing is recorded and
        "" is returned."""
        t = tables.escalations
        async with self._write() as conn:
            row = (await conn.execute(
                sa.select(t.c.status, t.c.claimed_by, t.c.original)
                .where(t.c.id == int(escalation_id)).with_for_update())).first()
            if (row is None or not row.original or row.claimed_by != int(volunteer_id)
                    or row.status not in ("claimed", "answered")):
                return None
            shown = unseal(str(row.original)) if unseal is not None else str(row.original)
            if shown is None:
                return ""
            await self._add_message(conn, EscalationMessage(
                int(escalation_id), "volunteer", "reveal", "", volunteer_id=int(volunteer_id), at=utcnow()))
            return shown

    async def escalation_messages(self, escalation_id: int) -> list[EscalationMessage]:
        t = tables.escalation_messages
        async with self._read() as conn:
            rows = await conn.execute(sa.select(t).where(t.c.escalation_id == int(escalation_id))
                                      .order_by(t.c.at, t.c.id))
            return [_message(r) for r in rows]

    async def volunteer_answers(self, citizen: str, after_id: int = 0) -> list[EscalationMessage]:
        """The volunteers' answers (kind "text") and corrections ("correction") to the
        citizen's escalations whose message id is above `after_id`, oldest first (for a
        citizen the outbox cannot reach: the terminal chat)."""
        m, e = tables.escalation_messages, tables.escalations
        async with self._read() as conn:
            rows = await conn.execute(
                sa.select(m).join(e, e.c.id == m.c.escalation_id)
                .where(e.c.citizen == citizen, m.c.direction == "volunteer",
                       m.c.kind.in_(("text", "correction")),
                       m.c.id > int(after_id))
                .order_by(m.c.id))
            return [_message(r) for r in rows]

    async def _add_message(self, conn: Any, m: EscalationMessage) -> None:
        await conn.execute(tables.escalation_messages.insert().values(
            escalation_id=m.escalation_id, direction=m.direction, kind=m.kind, text=m.text,
            file_id=m.file_id, volunteer_id=m.volunteer_id, at=m.at, source=m.source))

    # -- reminders ----------------------------------------------------------------------------------
    async def take_due_reminders(self, now: datetime, next_at: datetime | None,
                                 posts: MakePosts, limit: int = 20) -> list[Escalation]:
        """Open escalations whose reminder is due: each is re-armed at `next_at` (None: never
        again) and its reminder `posts(escalation)` enqueued, in one transaction per
        escalation. Of several processes doing this at once, one takes each reminder."""
        t = tables.escalations
        async with self._read() as conn:
            due = list(await conn.execute(
                sa.select(t.c.id, t.c.remind_at)
                .where(t.c.status == "open", t.c.remind_at.is_not(None), t.c.remind_at <= now)
                .order_by(t.c.remind_at, t.c.id).limit(limit)))
        taken: list[Escalation] = []
        for row in due:
            async with self._write() as conn:
                result = await conn.execute(
                    t.update()
                    .where(t.c.id == row.id, t.c.status == "open", t.c.remind_at == row.remind_at)
                    .values(remind_at=next_at)
                    .returning(*t.c))
                updated = result.first()
                if updated is None:
                    continue  # claimed, closed, or another process took the reminder
                escalation = _escalation(updated)
                await self._enqueue(conn, posts(escalation), escalation.id)
            taken.append(escalation)
        return taken
