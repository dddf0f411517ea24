"""Alembic environment for dvcbot.

Normally run by `bot.storage` (Storage.open -> upgrade to head), which passes its own
connection in `config.attributes["connection"]`, already holding the migration lock.

From the command line (for writing new revisions), from the repository root:

    .venv/bin/alembic -c bot/storage/migrations/alembic.ini -x url=sqlite:///dev.sqlite3 upgrade head
    # edit bot/storage/tables.py, then (revision ids are sequential: 0002, 0003, ...):
    .venv/bin/alembic -c bot/storage/migrations/alembic.ini -x url=sqlite:///dev.sqlite3 \
        revision --autogenerate --rev-id 0002 -m "add escalations"
    .venv/bin/alembic -c bot/storage/migrations/alembic.ini -x url=sqlite:///dev.sqlite3 check

The URL is `-x url=...`, else DVCBOT_DATABASE_URL (or .env), else the default; the same
locking as the bot applies. Review generated revisions by hand; they must also work on
PostgreSQL (tests/test_storage.py runs the migrations on both backends).
"""
from __future__ import annotations

import asyncio
from typing import Any, Literal

from alembic import context

from bot.storage.tables import UTCDateTime, metadata

config = context.config


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations spell plain SQLAlchemy types, not the application's TypeDecorators.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=metadata,
        compare_type=True,
        render_item=_render_item,
        **kwargs,
    )


def _run_on(connection: Any) -> None:
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def _cli_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if url:
        return url
    from bot.config import Config

    return config.get_main_option("sqlalchemy.url") or Config.from_env().database_url


async def _run_cli() -> None:
    from bot.storage.db import create_engine
    from bot.storage.migrate import migration_connection

    engine = create_engine(_cli_url())
    try:
        async with migration_connection(engine) as conn:
            await conn.run_sync(_run_on)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    from bot.storage.db import async_url

    _configure(url=async_url(_cli_url()), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
    else:
        if config.config_file_name is not None:
            from logging.config import fileConfig

            fileConfig(config.config_file_name, disable_existing_loggers=False)
        asyncio.run(_run_cli())
