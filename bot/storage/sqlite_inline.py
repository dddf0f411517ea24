"""SQLite run on the event loop's own thread, behind aiosqlite's interface.

aiosqlite hands every call (cursor, execute, fetch, close, commit) to a worker thread and
waits for the answer; a citizen's turn makes some twenty such calls, and on a small machine
the thread hand-offs cost more than everything else in the turn. Re-measured 2026-12 with
tests/benchmarks/bench_throughput.py (SQLite, sequential, both variants back to back, twice, same
aiosqlite 0.22): questions 579 vs 441 updates/s (+31%), own_ms_per_update 1.39 vs 1.93 ms;
buttons 665 vs 494 updates/s (+35%), 1.12 vs 1.64 ms. Above the 20% a trick must buy, so it
stays, and with it the pin aiosqlite<0.23 (it replaces that version's worker queue).
A SQLite statement on a local file takes microseconds, so here each call runs at once on the
loop's thread: `InlineConnection` is an aiosqlite.Connection whose `_execute` (every call of
the connection and its cursors) runs the call immediately, without the future and queue entry
made for the worker, and whose queue (used directly by SQLAlchemy's adapter for a few calls)
runs it immediately too (SQLAlchemy's aiosqlite dialect drives it unchanged, through
`create_async_engine(async_creator=...)`). The `_execute` part alone: 5-6% fewer instructions
per citizen turn's storage work (callgrind, 2026-12).

What must then not happen is a call waiting for a lock on the loop's thread, which would
freeze every chat of the process. Hence (see bot.storage.db):
- the connection's busy timeout is short (SQLITE_STALL_MS), for the rare moments in WAL mode
  when a reader must wait (another process opening or closing the file);
- a write transaction's BEGIN IMMEDIATE (the only place where a writer waits for another) is
  tried without waiting (`try_begin_immediate`), and retried after an asyncio.sleep until the
  busy timeout is spent;
- writers of one process queue on an asyncio.Lock of their Storage (`Storage.write_lock`),
  so they never meet each other at the file lock.
"""
from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Coroutine, Generator
from functools import partial
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL


class _RunAtOnce:
    """Stands in for aiosqlite's queue to its worker thread: runs each call when it is put."""

    def put_nowait(self, item: tuple[asyncio.Future | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting caller, as aiosqlite does
            if future is not None and not future.done():
                future.set_exception(exc)
            elif future is None:
                raise
            return
        if future is not None and not future.done():
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite.Connection without a worker thread (see the module docstring)."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunAtOnce()  # type: ignore[assignment]  # replaces the worker queue (see above)

    def __await__(self) -> Generator[Any, None, aiosqlite.Connection]:
        return self._connect().__await__()  # (no thread to start)

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Every call of the connection and its cursors (aiosqlite.Cursor goes through here
        too): run at once, without the future and queue entry aiosqlite would make for its
        thread. (SQLAlchemy's adapter puts a few calls in `_tx` itself: _RunAtOnce.)"""
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    @property
    def raw(self) -> sqlite3.Connection:
        """The sqlite3 connection."""
        return self._conn


def creator(url: URL) -> Callable[[], Coroutine[Any, Any, InlineConnection]]:
    """The `async_creator` for a sqlite URL: connections made as SQLAlchemy's sqlite dialect
    would make them from the URL (file name, `?uri=true`, ...)."""
    args, kwargs = SQLiteDialect_pysqlite().create_connect_args(url)
    # SQLAlchemy's pool may close a connection from the thread that garbage-collects it.
    kwargs["check_same_thread"] = False

    async def connect() -> InlineConnection:
        connection = InlineConnection(partial(sqlite3.connect, *args, **kwargs))
        await connection  # (opens it, on this thread)
        return connection

    return connect


def try_begin_immediate(raw: sqlite3.Connection, stall_ms: int) -> bool:
    """BEGIN IMMEDIATE without waiting: False if another connection holds the write lock.

    The connection's busy timeout is set to 0 for the attempt and back to `stall_ms` after."""
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        raw.execute("BEGIN IMMEDIATE")
        return True
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return False
        raise
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(stall_ms)}")
