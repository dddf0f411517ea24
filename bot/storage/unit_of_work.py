"""One database transaction for a whole citizen turn (`Storage.unit_of_work`).

    async with storage.unit_of_work():
        session = await storage.load_session(citizen)        # begins the unit's transaction
        ...                                                   # e.g. bot.dialogue.handoff opens an
        await storage.open_escalation(...)                    # escalation: joins (a SAVEPOINT)
        await storage.save_turn(session, writes, update_id)   # joins
    # committed here; rolled back if the block raised (StaleSession, DuplicateUpdate, ...)

While the block runs, every method of that Storage called *from the same asyncio task* runs
on the unit's one connection: writes join the unit's transaction instead of committing on
their own (an escalation method runs in a SAVEPOINT, so its own failure, e.g. a unique-key
race, undoes only its part), and reads see what the turn wrote so far. One connection per turn
also means one pool checkout per turn. Other tasks and other Storage objects are not affected:
they use their own connections and see only committed data. The transaction begins at the
first call (on SQLite: BEGIN IMMEDIATE, taking the write lock for the turn, after the other
writers of the process, see Storage.write_lock).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar, Token
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncConnection

if TYPE_CHECKING:  # pragma: no cover
    from . import Storage

log = logging.getLogger(__name__)

_CURRENT: ContextVar[UnitOfWork | None] = ContextVar("dvcbot_unit_of_work", default=None)


class UnitOfWork:
    """See the module docstring. Made by `Storage.unit_of_work()`; an async context manager."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._conn: AsyncConnection | None = None
        self._task: asyncio.Task | None = None
        self._outer: UnitOfWork | None = None  # a unit already running: this one joins it
        self._token: Token[UnitOfWork | None] | None = None
        self._finished = False
        self._locked = False  # holds storage.write_lock (SQLite) until the end

    # -- the context manager ------------------------------------------------------------------
    async def __aenter__(self) -> UnitOfWork:
        running = current(self.storage)
        if running is not None:
            self._outer = running
            return running
        self._task = asyncio.current_task()
        self._token = _CURRENT.set(self)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._outer is not None:
            return  # the outer unit commits or rolls back
        if self._token is not None:
            _CURRENT.reset(self._token)
        self._finished = True
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            await self._end(conn, exc_type)
        finally:
            self._unlock()

    async def _end(self, conn: AsyncConnection, exc_type: type[BaseException] | None) -> None:
        try:
            if exc_type is None:
                await conn.commit()
            else:
                try:
                    await conn.rollback()
                except Exception:  # noqa: BLE001 - e.g. a dead connection; the first error counts
                    log.warning("rollback of a unit of work failed", exc_info=True)
        finally:
            try:
                await conn.close()
            except Exception:  # noqa: BLE001
                if exc_type is None:
                    raise
                log.warning("closing the connection of a unit of work failed", exc_info=True)

    # -- for Storage -----------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return not self._finished and self._task is asyncio.current_task()

    async def connection(self) -> AsyncConnection:
        """The unit's connection, its transaction begun (at the first call)."""
        if self._finished:
            raise RuntimeError("the unit of work is finished")
        if self._conn is None:
            lock = self.storage.write_lock
            if lock is not None:
                await lock.acquire()
                self._locked = True
            try:
                conn = await self.storage._writer.connect()
                try:
                    await conn.begin()
                except BaseException:
                    await conn.close()
                    raise
            except BaseException:
                self._unlock()
                raise
            self._conn = conn
        return self._conn

    def _unlock(self) -> None:
        if self._locked:
            self._locked = False
            assert self.storage.write_lock is not None  # (only SQLite's writers take turns)
            self.storage.write_lock.release()


def current(storage: Storage) -> UnitOfWork | None:
    """The unit of work of `storage` running in this task, if any."""
    unit = _CURRENT.get()
    if unit is not None and unit.storage is storage and unit.active:
        return unit
    return None


@asynccontextmanager
async def write(storage: Storage, *, savepoint: bool = True) -> AsyncIterator[AsyncConnection]:
    """A connection to write on: in the running unit of work (in a SAVEPOINT unless
    `savepoint` is False), else in a transaction of its own, committed at the end."""
    unit = current(storage)
    if unit is None:
        async with serialised(storage), storage._writer.begin() as conn:
            yield conn
        return
    conn = await unit.connection()
    if not savepoint:
        yield conn
        return
    async with conn.begin_nested():
        yield conn


@asynccontextmanager
async def read(storage: Storage) -> AsyncIterator[AsyncConnection]:
    """A connection to read on: the running unit of work's, else one of its own."""
    unit = current(storage)
    if unit is None:
        async with storage.engine.connect() as conn:
            yield conn
        return
    yield await unit.connection()


@asynccontextmanager
async def serialised(storage: Storage) -> AsyncIterator[None]:
    """Hold `storage.write_lock` (SQLite) for the block; nothing on PostgreSQL."""
    lock = storage.write_lock
    if lock is None:
        yield
        return
    async with lock:
        yield
