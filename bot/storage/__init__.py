"""Storage: ports.py (the dataclasses and protocols the rest relies on) and their SQLAlchemy
(async) implementation, `Storage`, here, mixing in escalations.py, outbox.py (and the group
posts), suggestions.py, stats_queries.py; retention.py, tables.py, unit_of_work.py, db.py
(engines; sqlite_inline.py), migrate.py and migrations/ (Alembic revisions) beside it.
The bottom layer of bot/: may import config, nothing else of bot/ and nothing of knowledge/.

    storage = await Storage.open(config.database_url)   # creates/upgrades the schema
    session = await storage.load_session("tg:12345")
    await storage.save_session(session)                 # StaleSession if overtaken

A citizen's turn (bot.dialogue.engine) is one transaction: `async with storage.unit_of_work():`
around it, `save_turn(session, writes, update_id)` at its end; the hand-off's writes made
during the turn join it (bot.storage.unit_of_work). One database serves every process (SQLite
in WAL mode, or PostgreSQL for several webhook instances). Schema changes: a new revision in
`bot/storage/migrations/versions/` and the tables in `bot.storage.tables`.
"""
from __future__ import annotations

import asyncio
import functools
from datetime import datetime
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import URL, Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from . import tables
from . import unit_of_work as _unit
from .db import DEFAULT_URL, SQLITE_BEGIN_OPTION, async_url, create_engine
from .escalations import EscalationStore
from .migrate import current_revision, downgrade, head_revision, upgrade
from .ports import (
    DuplicateUpdate,
    FeedbackRecord,
    GuideEvent,
    QuestionRecord,
    Session,
    StaleSession,
    TurnWrites,
    utcnow,
)
from .stats_queries import StatsStore
from .suggestions import SuggestionStore
from .unit_of_work import UnitOfWork

__all__ = [
    "Storage",
    "StaleSession",
    "DuplicateUpdate",
    "TurnWrites",
    "UnitOfWork",
    "tables",
    "DEFAULT_URL",
    "async_url",
    "create_engine",
    "upgrade",
    "downgrade",
    "current_revision",
    "head_revision",
]


def _dialect_insert(dialect: str, table: sa.Table) -> Any:
    """The dialect's INSERT (supports on_conflict_do_nothing on both backends)."""
    if dialect == "postgresql":
        return pg_dialect.insert(table)
    return sqlite_dialect.insert(table)


class _TurnStatements:
    """The statements every citizen turn runs, built once per Storage: building a statement
    and computing its cache key took longer than SQLite takes to run it."""

    def __init__(self, dialect: str) -> None:
        insert = functools.partial(_dialect_insert, dialect)
        s, p = tables.sessions, tables.processed_updates
        self.load_session = sa.select(s).where(s.c.citizen == sa.bindparam("citizen"))
        new: dict[str, Any] = {c: sa.bindparam(c) for c in ("state", "procedure", "step", "data", "version", "updated")}
        self.insert_session = (insert(s).values(citizen=sa.bindparam("citizen"), **new)
                               .on_conflict_do_nothing(index_elements=["citizen"]))
        self.update_session = (s.update()
                               .where(s.c.citizen == sa.bindparam("old_citizen"),
                                      s.c.version == sa.bindparam("old_version"))
                               .values(**new))
        self.mark_update = (insert(p).values(update_id=sa.bindparam("update_id"), at=sa.bindparam("at"))
                            .on_conflict_do_nothing(index_elements=["update_id"]))
        self.insert_questions = tables.questions.insert()
        self.insert_feedback = tables.feedback.insert()
        self.insert_guide_events = tables.guide_events.insert()


class Storage(EscalationStore, SuggestionStore, StatsStore):
    """The repository on a SQLAlchemy AsyncEngine (SQLite or PostgreSQL).

    Create with `await Storage.open(url)`. Every method is a short transaction of its
    own, so one Storage may be shared by all handlers of a process, except that inside
    `unit_of_work()` the writes of the task running it join that one transaction. The
    volunteers' operations (escalations, group posts, outbox, suggestions) come from
    EscalationStore (and its OutboxStore), SuggestionStore, the statistics' queries from StatsStore.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        """Wrap an engine made by `bot.storage.create_engine`; does not migrate.

        Prefer `Storage.open`, which also creates or upgrades the schema.
        """
        self.engine = engine
        # Writes on SQLite take the write lock at BEGIN (no deferred-lock upgrade
        # deadlocks between processes); a no-op option on PostgreSQL.
        self._writer = engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
        # SQLite has one writer at a time: the writers of this process (a turn's unit of work,
        # any other write transaction) take turns here, waiting without blocking the event
        # loop, and meet only other processes' writers at the file lock (bot.storage.sqlite_inline).
        self.write_lock: asyncio.Lock | None = (
            asyncio.Lock() if engine.dialect.name == "sqlite" else None)
        self._stmts = _TurnStatements(engine.dialect.name)
        self._closed = False

    @classmethod
    async def open(cls, url: str | URL = DEFAULT_URL, *, migrate: bool = True) -> Storage:
        """Connect to `url` and bring the schema to head (unless migrate=False).

        `url` is a SQLAlchemy URL; sync forms (`sqlite:///x`, `postgresql://...`) are
        converted to their async drivers. Safe to call from several processes at once.
        """
        engine = create_engine(url)
        try:
            if migrate:
                await upgrade(engine, "head")
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine)

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    async def revision(self) -> str | None:
        """The schema revision of the database (head after `open`)."""
        return await current_revision(self.engine)

    async def ping(self) -> None:
        """A trivial query (`SELECT 1`); raises if the database does not answer (health check)."""
        async with self.engine.connect() as conn:
            await conn.execute(sa.text("SELECT 1"))

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await self.engine.dispose()

    async def __aenter__(self) -> Storage:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- sessions ---------------------------------------------------------------

    async def load_session(self, citizen: str) -> Session:
        """The citizen's stored session, or a fresh idle one (version 0, not stored)."""
        async with self._read() as conn:
            row = (await conn.execute(self._stmts.load_session, {"citizen": citizen})).first()
        if row is None:
            return Session(citizen=citizen)
        return Session(
            citizen=row.citizen,
            state=row.state,
            procedure=row.procedure,
            step=row.step,
            data=dict(row.data or {}),
            version=row.version,
            updated=row.updated,
        )

    async def save_session(self, session: Session) -> None:
        """Store `session` if nobody saved it since it was loaded.

        On success `session.version` is incremented and `session.updated` set to now.
        Raises StaleSession (and leaves `session` unchanged) when the stored version is
        not `session.version` (version 0: when the row already exists).
        """
        async with self._write() as conn:
            now = await conn.run_sync(self._store_session, session)
        session.version += 1
        session.updated = now

    def _store_session(self, conn: Connection, session: Session) -> datetime:
        """The versioned UPDATE (INSERT for version 0); StaleSession if overtaken."""
        now = utcnow()
        values = {
            "state": session.state,
            "procedure": session.procedure,
            "step": session.step,
            "data": session.data,
            "version": session.version + 1,
            "updated": now,
        }
        if session.version == 0:
            result = conn.execute(self._stmts.insert_session, {"citizen": session.citizen, **values})
        else:
            result = conn.execute(
                self._stmts.update_session,
                {"old_citizen": session.citizen, "old_version": session.version, **values})
        if result.rowcount != 1:
            raise StaleSession(
                f"session {session.citizen!r} changed since version {session.version} was loaded"
            )
        return now

    # -- a whole turn -----------------------------------------------------------------

    def unit_of_work(self) -> UnitOfWork:
        """`async with storage.unit_of_work():` one transaction for everything this task
        writes through this Storage in the block (see bot.storage.unit_of_work)."""
        return UnitOfWork(self)

    async def save_turn(
        self, session: Session | None, writes: TurnWrites | None = None,
        update_id: int | None = None,
    ) -> None:
        """Store one citizen turn in one transaction (the running unit of work's, else its own).

        In this order: the processed_updates row of `update_id` (DuplicateUpdate if it is
        already there: the update was handled, by this or another instance), the session
        (None: unchanged; StaleSession if it changed since it was loaded), the question-log
        and feedback rows of `writes`. On any error nothing of it is stored. On success
        `session.version` is incremented (inside a unit of work: the commit is the unit's).
        """
        writes = writes or TurnWrites()
        if session is None and writes.empty and update_id is None:
            return
        async with self._write(savepoint=False) as conn:
            # The statements in one go: one hand-over to SQLAlchemy's greenlet for the turn,
            # not one per statement.
            now = await conn.run_sync(self._store_turn, session, writes, update_id)
        if session is not None and now is not None:
            session.version += 1
            session.updated = now

    def _store_turn(self, conn: Connection, session: Session | None, writes: TurnWrites,
                    update_id: int | None) -> datetime | None:
        """save_turn's statements (see there); the session's new `updated`, if it was saved."""
        if update_id is not None:
            marked = conn.execute(self._stmts.mark_update, {"update_id": int(update_id), "at": utcnow()})
            if marked.rowcount != 1:
                raise DuplicateUpdate(f"update {update_id} was already processed")
        now = self._store_session(conn, session) if session is not None else None
        for rows, statement in (([self._question_row(q) for q in writes.questions], self._stmts.insert_questions),
                                ([self._feedback_row(f) for f in writes.feedback], self._stmts.insert_feedback),
                                ([self._guide_event_row(g) for g in writes.guide_events],
                                 self._stmts.insert_guide_events)):
            if rows:
                conn.execute(statement, rows)
        return now

    # -- questions and feedback ---------------------------------------------------

    async def log_question(self, record: QuestionRecord) -> None:
        async with self._write() as conn:
            await conn.execute(tables.questions.insert().values(**self._question_row(record)))

    @staticmethod
    def _question_row(record: QuestionRecord) -> dict[str, Any]:
        return {
            "citizen": record.citizen,
            "text": record.text,
            "normalised": record.normalised,
            "decision": record.decision,
            "procedure": record.procedure,
            "score": float(record.score),
            "at": record.at,
        }

    async def recent_questions(self, citizen: str, limit: int = 10) -> list[QuestionRecord]:
        """The citizen's last `limit` questions, newest first."""
        t = tables.questions
        async with self._read() as conn:
            rows = await conn.execute(
                sa.select(t)
                .where(t.c.citizen == citizen)
                .order_by(t.c.at.desc(), t.c.id.desc())
                .limit(limit)
            )
            return [
                QuestionRecord(
                    citizen=r.citizen,
                    text=r.text,
                    normalised=r.normalised,
                    decision=r.decision,
                    procedure=r.procedure,
                    score=r.score,
                    at=r.at,
                )
                for r in rows
            ]

    async def count_questions(self, since: datetime | None = None) -> int:
        """How many questions were logged (at or after `since`, when given)."""
        t = tables.questions
        stmt = sa.select(sa.func.count()).select_from(t)
        if since is not None:
            stmt = stmt.where(t.c.at >= since)
        async with self._read() as conn:
            return int((await conn.execute(stmt)).scalar_one())

    async def add_feedback(self, record: FeedbackRecord) -> None:
        async with self._write() as conn:
            await conn.execute(tables.feedback.insert().values(**self._feedback_row(record)))

    @staticmethod
    def _feedback_row(record: FeedbackRecord) -> dict[str, Any]:
        return {
            "citizen": record.citizen,
            "procedure": record.procedure,
            "useful": bool(record.useful),
            "comment": record.comment or "",
            "at": record.at,
        }

    @staticmethod
    def _guide_event_row(event: GuideEvent) -> dict[str, Any]:
        return {"citizen": event.citizen, "procedure": event.procedure, "step": event.step,
                "kind": event.kind, "at": event.at}

    async def add_guide_events(self, events: list[GuideEvent]) -> None:
        """Store walkthrough events (the engine stores them with its turn: save_turn)."""
        if events:
            async with self._write() as conn:
                await conn.execute(tables.guide_events.insert(),
                                   [self._guide_event_row(g) for g in events])

    async def list_feedback(
        self, procedure: str | None = None, since: datetime | None = None
    ) -> list[FeedbackRecord]:
        """Stored feedback, oldest first; optionally for one procedure / since a time."""
        t = tables.feedback
        stmt = sa.select(t).order_by(t.c.at, t.c.id)
        if procedure is not None:
            stmt = stmt.where(t.c.procedure == procedure)
        if since is not None:
            stmt = stmt.where(t.c.at >= since)
        async with self._read() as conn:
            return [
                FeedbackRecord(
                    citizen=r.citizen,
                    procedure=r.procedure,
                    useful=bool(r.useful),
                    comment=r.comment,
                    at=r.at,
                )
                for r in await conn.execute(stmt)
            ]

    # -- Telegram update de-duplication -----------------------------------------------

    async def mark_update_processed(self, update_id: int) -> bool:
        """Record a Telegram update id: True the first time, False if already recorded.

        Atomic (INSERT ... ON CONFLICT DO NOTHING): of several concurrent callers, in any
        number of processes, exactly one gets True.
        """
        async with self._write() as conn:
            result = await conn.execute(self._stmts.mark_update,
                                        {"update_id": int(update_id), "at": utcnow()})
        return result.rowcount == 1

    async def is_update_processed(self, update_id: int) -> bool:
        """Whether a Telegram update id is recorded (a read; the record itself is written
        by `mark_update_processed` or, with the turn's effects, by `save_turn`)."""
        t = tables.processed_updates
        async with self._read() as conn:
            row = (await conn.execute(
                sa.select(t.c.update_id).where(t.c.update_id == int(update_id))
            )).first()
        return row is not None

    async def forget_processed_updates(self, before: datetime) -> int:
        """Delete de-duplication records older than `before`; returns how many."""
        t = tables.processed_updates
        async with self._write() as conn:
            result = await conn.execute(t.delete().where(t.c.at < before))
        return int(result.rowcount)

    # -- helpers ------------------------------------------------------------------------

    def _read(self) -> Any:
        """`async with self._read() as conn:` a connection to read on: the running unit of
        work's, else one of its own (see bot.storage.unit_of_work)."""
        return _unit.read(self)

    def _write(self, *, savepoint: bool = True) -> Any:
        """`async with self._write() as conn:` a write transaction, or the running unit of
        work's (see bot.storage.unit_of_work)."""
        return _unit.write(self, savepoint=savepoint)

    @staticmethod
    def _insert(bind: AsyncEngine | AsyncConnection, table: sa.Table) -> Any:
        """The dialect's INSERT (supports on_conflict_do_nothing on both backends)."""
        return _dialect_insert(bind.dialect.name, table)
