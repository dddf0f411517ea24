"""Retention: forget what citizens wrote once it is older than the retention period.

    counts = await purge(storage, cutoff=utcnow() - timedelta(days=90))
    # {"questions": 120, "feedback": 3, "sessions": 4, "escalations": 7, ...}

Texts are emptied, rows are kept: the question log keeps its decisions, procedures, scores
and timestamps, escalations their status and times, so statistics stay right. Per table,
older than `cutoff`:

    questions            text and normalised set to ''
    feedback             comment set to '' (the engine's marker "guide" is kept)
    sessions             (not updated since) texts kept in the session data: the question
                         waiting for a volunteer or for consent, the last forwarded text
                         and photo ("pending", "consent", "fwd", "media")
    escalations          closed ones (resolved, cancelled, undeliverable) with no activity
                         since: question '' and context [], original (the unmasked
                         question, revision 0003) NULL
    escalation_messages  of those escalations: text '' and file_id NULL
    outbox               sent or failed messages of those escalations, and those of no
                         escalation created before the cutoff: text '', file_id and buttons NULL
    suggestions          decided ones (not "proposed"): question '' and answer NULL
    processed_updates    rows deleted (they only serve de-duplication)

The volunteers' tables (Alembic revision 0002) are handled only when the database has them.
The counts are of rows changed now: a second purge with the same cutoff reports zeros.
One transaction: either everything is purged or nothing.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Iterator, Sequence

import sqlalchemy as sa

from . import tables

if TYPE_CHECKING:
    from . import Storage

__all__ = ["purge", "parse_age", "CLOSED_STATUSES"]

# Escalations whose contents may go: nobody can answer or reopen them any more.
CLOSED_STATUSES = ("resolved", "cancelled", "undeliverable")
# Feedback comments written by the engine, not by citizens (kept: statistics use them).
_SYSTEM_COMMENTS = ("guide",)
# Session data keys that hold a citizen's text or file (bot.engine, bot.handoff): the question
# waiting for a volunteer, for consent, the last forwarded text, the last photo and caption.
_SESSION_TEXT_KEYS = ("pending", "pending_o", "consent", "fwd", "media")
_CHUNK = 500  # ids per IN (...) list (SQLite's bound-parameter limit)

_AGE = re.compile(r"\s*(\d+)\s*([dwmy]?)\s*", re.IGNORECASE)
_UNIT_DAYS = {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}


def parse_age(text: str) -> timedelta:
    """"90d", "12w", "6m" (months of 30 days), "1y" (365 days) or plain days "90".

    Raises ValueError for anything else (negative numbers, other units, empty text).
    """
    m = _AGE.fullmatch(text or "")
    if m is None:
        raise ValueError(f"not a duration: {text!r}")
    return timedelta(days=int(m.group(1)) * _UNIT_DAYS[m.group(2).lower()])


async def purge(storage: "Storage", cutoff: datetime) -> dict[str, int]:
    """Empty the texts older than `cutoff` (aware datetime); rows changed per table."""
    counts: dict[str, int] = {}
    # Storage's write transaction: the process's SQLite writers queue first, BEGIN IMMEDIATE.
    async with storage._write() as conn:
        present = set(await conn.run_sync(lambda sync: sa.inspect(sync).get_table_names()))
        counts["questions"] = await _questions(conn, cutoff)
        counts["feedback"] = await _feedback(conn, cutoff)
        counts["sessions"] = await _sessions(conn, cutoff)
        volunteer_tables = ("escalations", "escalation_messages", "outbox", "suggestions")
        if all(name in present and hasattr(tables, name) for name in volunteer_tables):
            counts.update(await _escalations(conn, cutoff))
            counts["suggestions"] = await _suggestions(conn, cutoff)
        t = tables.processed_updates
        counts["processed_updates"] = _rows(await conn.execute(t.delete().where(t.c.at < cutoff)))
    return counts


# --- one table each ------------------------------------------------------------------------------
async def _questions(conn: Any, cutoff: datetime) -> int:
    t = tables.questions
    result = await conn.execute(
        t.update()
        .where(t.c.at < cutoff, sa.or_(t.c.text != "", t.c.normalised != ""))
        .values(text="", normalised="")
    )
    return _rows(result)


async def _feedback(conn: Any, cutoff: datetime) -> int:
    t = tables.feedback
    result = await conn.execute(
        t.update()
        .where(t.c.at < cutoff, t.c.comment != "", t.c.comment.not_in(_SYSTEM_COMMENTS))
        .values(comment="")
    )
    return _rows(result)


async def _sessions(conn: Any, cutoff: datetime) -> int:
    """Drop the texts kept in old sessions' data; versioned, like every session write."""
    t = tables.sessions
    rows = await conn.execute(sa.select(t.c.citizen, t.c.data, t.c.version).where(t.c.updated < cutoff))
    count = 0
    for row in rows.all():
        data = dict(row.data or {})
        if not any(key in data for key in _SESSION_TEXT_KEYS):
            continue
        for key in _SESSION_TEXT_KEYS:
            data.pop(key, None)
        result = await conn.execute(
            t.update()
            .where(t.c.citizen == row.citizen, t.c.version == row.version)
            .values(data=data, version=row.version + 1)
        )
        count += _rows(result)
    return count


async def _escalations(conn: Any, cutoff: datetime) -> dict[str, int]:
    e, m, o = tables.escalations, tables.escalation_messages, tables.outbox
    recent_message = sa.exists().where(m.c.escalation_id == e.c.id, m.c.at >= cutoff)
    quiet_since = [sa.or_(col.is_(None), col < cutoff)
                   for col in (e.c.claimed_at, e.c.first_answer_at, e.c.resolved_at)]
    rows = (await conn.execute(
        sa.select(e.c.id, e.c.question, e.c.context, e.c.original)
        .where(e.c.status.in_(CLOSED_STATUSES), e.c.created_at < cutoff, *quiet_since, ~recent_message)
    )).all()
    closed = [r.id for r in rows]
    counts = {"escalations": 0, "escalation_messages": 0, "outbox": 0}
    with_content = [r.id for r in rows if r.question or r.context or r.original is not None]
    for ids in _chunks(with_content):
        counts["escalations"] += _rows(await conn.execute(
            e.update().where(e.c.id.in_(ids)).values(question="", context=[], original=None)))
    for ids in _chunks(closed):
        counts["escalation_messages"] += _rows(await conn.execute(
            m.update()
            .where(m.c.escalation_id.in_(ids), sa.or_(m.c.text != "", m.c.file_id.is_not(None)))
            .values(text="", file_id=None)))
    # Outbox: decided in Python, as a JSON null and an SQL NULL both read as None.
    sent = o.c.status != "pending"
    candidates = []
    for ids in _chunks(closed):
        candidates += (await conn.execute(
            sa.select(o.c.id, o.c.text, o.c.file_id, o.c.buttons).where(o.c.escalation_id.in_(ids), sent))).all()
    candidates += (await conn.execute(
        sa.select(o.c.id, o.c.text, o.c.file_id, o.c.buttons)
        .where(o.c.escalation_id.is_(None), o.c.created_at < cutoff, sent))).all()
    with_content = [r.id for r in candidates if r.text or r.file_id or r.buttons]
    for ids in _chunks(with_content):
        counts["outbox"] += _rows(await conn.execute(
            o.update().where(o.c.id.in_(ids)).values(text="", file_id=None, buttons=sa.null())))
    return counts


async def _suggestions(conn: Any, cutoff: datetime) -> int:
    s = tables.suggestions
    result = await conn.execute(
        s.update()
        .where(s.c.status != "proposed",
               sa.func.coalesce(s.c.decided_at, s.c.created_at) < cutoff,
               sa.or_(s.c.question != "", s.c.answer.is_not(None)))
        .values(question="", answer=None)
    )
    return _rows(result)


# --- helpers ---------------------------------------------------------------------------------------
def _rows(result: Any) -> int:
    return max(int(result.rowcount or 0), 0)


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i:i + _CHUNK])
