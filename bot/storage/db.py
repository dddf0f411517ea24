"""Engine creation: URL normalisation and per-backend connection settings."""
from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from typing import Any

from sqlalchemy import event, exc, pool
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.util import await_only

from . import sqlite_inline

DEFAULT_URL = "sqlite+aiosqlite:///dvcbot.sqlite3"

# How long a SQLite writer waits for another process's write lock before giving up (waiting
# asynchronously: see bot.storage.sqlite_inline).
SQLITE_BUSY_TIMEOUT_MS = 30_000
# How long any other SQLite call may block the event loop's thread waiting for a lock (WAL
# readers wait only while another process opens or closes the file).
SQLITE_STALL_MS = 250

# PostgreSQL connections per process: a turn holds one for its transaction, so the pool keeps
# enough for the updates handled at once (the webhook server's concurrency, the outbox); an
# overflow connection is closed when returned, and a new PostgreSQL backend costs far more
# than a turn (measured: two instances at 16 updates in flight each gained 1.09x with 10).
POSTGRES_POOL_SIZE = 20
POSTGRES_MAX_OVERFLOW = 10

# Execution option read by the SQLite "begin" hook: "" (deferred) or "IMMEDIATE".
SQLITE_BEGIN_OPTION = "dvcbot_sqlite_begin"

_SYNC_SQLITE_DRIVERS = {"", "pysqlite", "aiosqlite"}
_SYNC_PG_DRIVERS = {"", "psycopg2", "psycopg2cffi", "psycopg", "pg8000", "asyncpg"}


def async_url(url: str | URL) -> URL:
    """The SQLAlchemy async URL for `url`.

    `sqlite:///x` becomes `sqlite+aiosqlite:///x`; `postgresql://`, `postgres://` and the
    sync PostgreSQL drivers become `postgresql+asyncpg://` (with libpq's `sslmode` turned
    into asyncpg's `ssl`). Async URLs are returned unchanged.
    """
    u = make_url(url) if isinstance(url, str) else url
    backend, _, driver = u.drivername.partition("+")
    if backend == "sqlite" and driver in _SYNC_SQLITE_DRIVERS:
        u = u.set(drivername="sqlite+aiosqlite")
    elif backend in ("postgresql", "postgres") and driver in _SYNC_PG_DRIVERS:
        u = u.set(drivername="postgresql+asyncpg")
        if "sslmode" in u.query and "ssl" not in u.query:
            sslmode = u.query["sslmode"]
            u = u.difference_update_query(["sslmode"]).update_query_dict({"ssl": sslmode})
    return u


def is_memory_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def _dumps(value: Any) -> str:
    # Keep Vietnamese readable in the database.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def create_engine(url: str | URL, **kwargs: Any) -> AsyncEngine:
    """An AsyncEngine for `url` (any form `async_url` accepts), set up for dvcbot.

    SQLite: calls run on the event loop's thread (bot.storage.sqlite_inline), WAL journal,
    foreign keys on, freed space overwritten (secure_delete), and explicit BEGIN statements
    (so transactions, including DDL, really are transactions; a connection with the execution
    option `dvcbot_sqlite_begin="IMMEDIATE"` takes the write lock at BEGIN, waiting for it
    asynchronously). In-memory SQLite uses one
    shared connection.
    PostgreSQL: asyncpg with pre-ping, a pool of POSTGRES_POOL_SIZE (+ overflow).
    Both: errors never show the statement's parameters (`hide_parameters`).
    """
    u = async_url(url)
    # hide_parameters: a database error's message (logged, shown by `dvcbot ...`) names the
    # statement but not its values, which carry citizens' texts.
    options: dict[str, Any] = {"json_serializer": _dumps, "hide_parameters": True}
    sqlite = u.get_backend_name() == "sqlite"
    if sqlite:
        options["async_creator"] = sqlite_inline.creator(u)
        if is_memory_sqlite(u):
            options["poolclass"] = pool.StaticPool
    else:
        options["pool_pre_ping"] = True
        options["pool_size"] = POSTGRES_POOL_SIZE
        options["max_overflow"] = POSTGRES_MAX_OVERFLOW
    options.update(kwargs)
    engine = create_async_engine(u, **options)
    if sqlite:
        _setup_sqlite(engine)
    return engine


def _setup_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see "begin").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # Switching to WAL needs a lock another process may hold: waited for here (once per
            # connection, when the pool opens it), with the long timeout; then the short one.
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_STALL_MS}")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            # What is deleted or emptied (`dvcbot purge`) is overwritten in the file, not left
            # in free space for a copy of the file to give away.
            cursor.execute("PRAGMA secure_delete = ON")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(SQLITE_BEGIN_OPTION, "")
        if mode.upper() != "IMMEDIATE":
            conn.exec_driver_sql(f"BEGIN {mode}".strip())
            return
        _begin_immediate(conn.connection.driver_connection.raw)


def _begin_immediate(raw: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, waiting for another process's write lock with asyncio.sleep (not on
    the loop's thread) for up to SQLITE_BUSY_TIMEOUT_MS. Runs inside SQLAlchemy's greenlet
    (the "begin" event of an AsyncConnection), hence await_only."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.001
    while not sqlite_inline.try_begin_immediate(raw, SQLITE_STALL_MS):
        left = deadline - time.monotonic()
        if left <= 0:
            raise exc.OperationalError("BEGIN IMMEDIATE", None,
                                       sqlite3.OperationalError("database is locked"))
        await_only(asyncio.sleep(min(pause, left)))
        pause = min(pause * 2, 0.05)
