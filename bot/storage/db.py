"""Engine creation: URL normalisation and per-backend connection settings."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import event, pool
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

DEFAULT_URL = "sqlite+aiosqlite:///dvcbot.sqlite3"

# How long a SQLite writer waits for another process's write lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000

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

    SQLite: WAL journal, a busy timeout, foreign keys on, and explicit BEGIN statements
    (so transactions, including DDL, really are transactions; a connection with the
    execution option `dvcbot_sqlite_begin="IMMEDIATE"` takes the write lock at BEGIN).
    In-memory SQLite uses one shared connection.
    PostgreSQL: asyncpg with pre-ping.
    """
    u = async_url(url)
    options: dict[str, Any] = {"json_serializer": _dumps}
    sqlite = u.get_backend_name() == "sqlite"
    if sqlite:
        options["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if is_memory_sqlite(u):
            options["poolclass"] = pool.StaticPool
    else:
        options["pool_pre_ping"] = True
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
            # busy_timeout first: switching to WAL needs a lock another process may hold.
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(SQLITE_BEGIN_OPTION, "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())
