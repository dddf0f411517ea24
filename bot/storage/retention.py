"""Retention: forget what citizens wrote once it is older than the retention period.

    counts = await purge(storage, cutoff=utcnow() - timedelta(days=90),
                         close_answered_before=utcnow() - timedelta(days=7))
    # {"closed": 2, "questions": 120, "feedback": 3, "sessions": 4, "escalations": 7, ...}

First, with `close_answered_before`: escalations answered by a volunteer whose citizen never
pressed "Đã hiểu" are closed (status "resolved") when nothing was said in them since
(DVCBOT_ANSWERED_CLOSE_DAYS); "closed" counts them.

Then texts are emptied by their age alone, whatever the state of what they belong to (open,
claimed, answered or closed escalations alike): no citizen text older than `cutoff` survives.
Rows are kept: the question log keeps its decisions, procedures, scores and timestamps,
escalations their status and times, so statistics stay right. Per table, older than `cutoff`:

    questions            (logged before) text and normalised set to ''
    feedback             (given before) comment set to '' (the engine's marker "guide" is kept)
    sessions             (not updated since) texts kept in the session data: the question
                         waiting for a volunteer (and its sealed original) or for consent,
                         the last forwarded text and photo ("pending", "pending_o",
                         "consent", "fwd", "media")
    escalations          (opened before) question '' and context [], original (the sealed
                         unmasked question, revisions 0003/0005) NULL
    escalation_messages  (written before) text '' and file_id NULL
    outbox               (created before, and no longer pending) text '', file_id and
                         buttons NULL; a pending row is left to be sent or to fail
    suggestions          decided ones (not "proposed": staff have yet to read those) decided
                         before: question '' and answer NULL
    processed_updates    rows deleted (they only serve de-duplication)

The volunteers' tables (Alembic revision 0002) are handled only when the database has them.
The counts are of rows changed now: a second purge with the same cutoff reports zeros.
One transaction: either everything is purged or nothing. On SQLite the freed space is
overwritten (secure_delete) and the write-ahead log emptied afterwards, so the old texts do
not linger in the file.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from . import tables
from .ports import utcnow

if TYPE_CHECKING:
    from . import Storage

__all__ = ["purge", "parse_age"]
# Feedback comments written by the engine, not by citizens (kept: statistics use them).
_SYSTEM_COMMENTS = ("guide",)
# Session data keys that hold a citizen's text or file (bot.dialogue.engine, bot.dialogue.handoff): the question
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


async def purge(storage: Storage, cutoff: datetime, *,
                close_answered_before: datetime | None = None) -> dict[str, int]:
    """Close answered escalations quiet since `close_answered_before` (when given), then empty
    the texts older than `cutoff` (aware datetimes); rows changed per table."""
    counts: dict[str, int] = {}
    # Storage's write transaction: the process's SQLite writers queue first, BEGIN IMMEDIATE.
    async with storage._write() as conn:
        present = set(await conn.run_sync(lambda sync: sa.inspect(sync).get_table_names()))
        volunteer_tables = ("escalations", "escalation_messages", "outbox", "suggestions")
        volunteers = all(name in present for name in volunteer_tables)
        if volunteers and close_answered_before is not None:
            counts["closed"] = await _close_answered(conn, close_answered_before)
        counts["questions"] = await _questions(conn, cutoff)
        counts["feedback"] = await _feedback(conn, cutoff)
        counts["sessions"] = await _sessions(conn, cutoff)
        if volunteers:
            counts.update(await _escalations(conn, cutoff))
            counts["suggestions"] = await _suggestions(conn, cutoff)
        t = tables.processed_updates
        counts["processed_updates"] = _rows(await conn.execute(t.delete().where(t.c.at < cutoff)))
    await _forget_freed_pages(storage)
    return counts


async def _forget_freed_pages(storage: Storage) -> None:
    """SQLite: fold the write-ahead log into the file and empty it, so that the frames holding
    the texts before they were emptied are gone (the connections overwrite freed pages:
    secure_delete, see bot.storage.db). Nothing to do on PostgreSQL (VACUUM is its own)."""
    if storage.dialect != "sqlite":
        return
    async with storage.engine.connect() as conn:
        await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


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


async def _close_answered(conn: Any, before: datetime) -> int:
    """Answered escalations (the citizen never pressed "Đã hiểu") with nothing said in them
    since `before`: resolved now."""
    e, m = tables.escalations, tables.escalation_messages
    recent_message = sa.exists().where(m.c.escalation_id == e.c.id, m.c.at >= before)
    result = await conn.execute(
        e.update()
        .where(e.c.status == "answered", e.c.first_answer_at < before, ~recent_message)
        .values(status="resolved", resolved_at=utcnow(), remind_at=None, version=e.c.version + 1))
    return _rows(result)


async def _escalations(conn: Any, cutoff: datetime) -> dict[str, int]:
    e, m, o = tables.escalations, tables.escalation_messages, tables.outbox
    counts = {"escalations": 0, "escalation_messages": 0, "outbox": 0}
    rows = (await conn.execute(
        sa.select(e.c.id, e.c.question, e.c.context, e.c.original)
        .where(e.c.created_at < cutoff, sa.or_(e.c.question != "", e.c.original.is_not(None))))).all()
    with_content = [r.id for r in rows if r.question or r.context or r.original is not None]
    for ids in _chunks(with_content):
        counts["escalations"] += _rows(await conn.execute(
            e.update().where(e.c.id.in_(ids)).values(question="", context=[], original=None)))
    counts["escalation_messages"] = _rows(await conn.execute(
        m.update()
        .where(m.c.at < cutoff, sa.or_(m.c.text != "", m.c.file_id.is_not(None)))
        .values(text="", file_id=None)))
    # Outbox: decided in Python, as a JSON null and an SQL NULL both read as None.
    candidates = (await conn.execute(
        sa.select(o.c.id, o.c.text, o.c.file_id, o.c.buttons)
        .where(o.c.created_at < cutoff, o.c.status != "pending",
               sa.or_(o.c.text != "", o.c.file_id.is_not(None))))).all()
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
