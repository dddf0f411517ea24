"""Schema migrations with Alembic, safe to run from several processes at once.

The revisions live in `bot/storage/migrations/versions/`. `upgrade()` runs Alembic's synchronous
API on the engine's own connection through `AsyncConnection.run_sync`, so it works from
inside a running event loop. Concurrency:

* PostgreSQL: a session-level `pg_advisory_lock` is held around the whole upgrade (and
  the upgrade itself is one transaction: PostgreSQL has transactional DDL).
* SQLite: the upgrade runs in one `BEGIN IMMEDIATE` transaction, which holds the
  database's write lock; other processes wait (busy timeout) and then find it at head.
* Within one process: Alembic's `context`/`op` are module-level proxies, so upgrades are
  serialised per event loop (asyncio lock) and across threads (threading lock).
"""
from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from .db import SQLITE_BEGIN_OPTION

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# pg_advisory_lock key for dvcbot's schema migrations (any fixed 64-bit number;
# advisory locks are per database, so this only serialises dvcbot's own migrators).
ADVISORY_LOCK_KEY = 0x6476_6362_6F74_0001  # "dvcbot" + 1

_thread_lock = threading.Lock()
_loop_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


def alembic_config() -> AlembicConfig:
    """An Alembic Config for dvcbot's migrations, independent of the working directory."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    return cfg


def head_revision() -> str | None:
    """The newest revision shipped with this version of dvcbot."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _loop_lock() -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    lock = _loop_locks.get(loop)
    if lock is None:
        lock = _loop_locks[loop] = asyncio.Lock()
    return lock


@asynccontextmanager
async def migration_connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection in a begun transaction, holding the cross-process migration lock.

    Committed when the block exits normally, rolled back on error.
    """
    async with engine.connect() as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            await conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            await conn.commit()
        try:
            if conn.dialect.name == "sqlite":
                await conn.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
            await conn.begin()
            try:
                yield conn
            except BaseException:
                await conn.rollback()
                raise
            await conn.commit()
        finally:
            if postgres and not conn.closed and not conn.invalidated:
                if conn.in_transaction():
                    await conn.rollback()
                await conn.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY}
                )
                await conn.commit()


def _run_command(sync_conn: Connection, name: str, revision: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = sync_conn
    with _thread_lock:
        getattr(command, name)(cfg, revision)


async def _command(engine: AsyncEngine, name: str, revision: str) -> None:
    async with _loop_lock(), migration_connection(engine) as conn:
        await conn.run_sync(_run_command, name, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision` (a no-op when already there)."""
    await _command(engine, "upgrade", revision)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    """Downgrade the schema to `revision` ("base" drops every dvcbot table)."""
    await _command(engine, "downgrade", revision)


def _current(sync_conn: Connection) -> Any:
    return MigrationContext.configure(sync_conn).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The database's revision, or None for an empty (or base) database."""
    async with engine.connect() as conn:
        return await conn.run_sync(_current)
