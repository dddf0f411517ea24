"""The storage layer, through its public interface, on SQLite and PostgreSQL.

Every test gets a fresh empty database from the `database_url` fixture (tests/conftest.py).
"""
from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot.storage import Storage, async_url, downgrade, head_revision
from bot.storage.ports import FeedbackRecord, QuestionRecord, Session, StaleSession
from helpers import REPO

TABLES = {"sessions", "questions", "feedback", "processed_updates"}
ICT = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh


def table_names(storage: Storage) -> set[str]:
    async def names() -> set[str]:
        async with storage.engine.connect() as conn:
            return set(await conn.run_sync(lambda c: sa.inspect(c).get_table_names()))

    return names()


def index_columns(storage: Storage, table: str):
    async def columns() -> list[list[str]]:
        async with storage.engine.connect() as conn:
            indexes = await conn.run_sync(lambda c: sa.inspect(c).get_indexes(table))
        return [ix["column_names"] for ix in indexes]

    return columns()


def assert_utc(value: datetime) -> None:
    assert value.tzinfo is not None and value.utcoffset() == timedelta(0), value


async def test_fresh_database_gets_the_schema(storage: Storage) -> None:
    assert await storage.revision() == head_revision()
    assert await table_names(storage) >= TABLES
    question_indexes = await index_columns(storage, "questions")
    assert ["at"] in question_indexes
    assert ["procedure"] in question_indexes


async def test_a_new_citizen_gets_an_idle_unsaved_session(storage: Storage) -> None:
    session = await storage.load_session("tg:1")
    assert (session.citizen, session.state, session.procedure, session.step) == ("tg:1", "idle", None, None)
    assert session.data == {} and session.version == 0
    # Loading does not store anything.
    assert (await storage.load_session("tg:1")).version == 0


async def test_session_round_trip_keeps_state_and_json_data(storage: Storage) -> None:
    session = await storage.load_session("tg:12345")
    session.state = "guide"
    session.procedure = "cap-doi-can-cuoc"
    session.step = "vneid-level-2"
    session.data = {
        "candidates": ["cap-doi-can-cuoc", "dang-ky-khai-sinh"],
        "nonce": 7,
        "history": [{"q": "làm căn cước ở đâu?", "score": 0.83}],
        "flags": {"asked": True, "missing": None},
    }
    before = datetime.now(UTC)
    await storage.save_session(session)
    assert session.version == 1
    assert_utc(session.updated)
    assert session.updated >= before

    loaded = await storage.load_session("tg:12345")
    assert loaded == session
    assert_utc(loaded.updated)

    loaded.step = "submit"
    loaded.data["nonce"] = 8
    await storage.save_session(loaded)
    again = await storage.load_session("tg:12345")
    assert (again.step, again.data["nonce"], again.version) == ("submit", 8, 2)
    # Other citizens are untouched.
    assert (await storage.load_session("cli:local")).version == 0


async def test_a_session_survives_a_restart(database_url: str) -> None:
    first = await Storage.open(database_url)
    session = await first.load_session("cli:local")
    session.state, session.procedure, session.data = "clarify", "dang-ky-thuong-tru", {"k": "Hà Nội"}
    await first.save_session(session)
    await first.close()

    second = await Storage.open(database_url)
    try:
        loaded = await second.load_session("cli:local")
        assert loaded == session
        await second.save_session(loaded)
        assert loaded.version == 2
    finally:
        await second.close()


async def test_the_second_of_two_writers_gets_stale_session(storage: Storage) -> None:
    seed = await storage.load_session("tg:2")
    await storage.save_session(seed)

    mine = await storage.load_session("tg:2")
    theirs = await storage.load_session("tg:2")
    theirs.state = "guide"
    await storage.save_session(theirs)

    mine.state = "clarify"
    with pytest.raises(StaleSession):
        await storage.save_session(mine)
    assert mine.version == 1  # unchanged by the failed save

    stored = await storage.load_session("tg:2")
    assert (stored.state, stored.version) == ("guide", 2)
    # Reload and retry: the usual way to resolve the conflict.
    stored.state = "clarify"
    await storage.save_session(stored)
    assert (await storage.load_session("tg:2")).state == "clarify"


async def test_two_first_saves_of_a_new_session_conflict(storage: Storage) -> None:
    a = await storage.load_session("tg:3")
    b = await storage.load_session("tg:3")
    await storage.save_session(a)
    with pytest.raises(StaleSession):
        await storage.save_session(b)


async def test_concurrent_saves_from_two_processes_let_exactly_one_win(database_url: str) -> None:
    # Two Storage objects stand for two processes (the terminal chat and the bot).
    one, two = await Storage.open(database_url), await Storage.open(database_url)
    try:
        for round_ in range(3):
            loaded = [await s.load_session("tg:4") for s in (one, two, one, two)]
            for i, session in enumerate(loaded):
                session.data = {"writer": i, "round": round_}
            stores = (one, two, one, two)
            results = await asyncio.gather(
                *(s.save_session(x) for s, x in zip(stores, loaded, strict=False)), return_exceptions=True
            )
            winners = [i for i, r in enumerate(results) if r is None]
            assert len(winners) == 1, results
            assert all(isinstance(r, StaleSession) for r in results if r is not None), results
            stored = await one.load_session("tg:4")
            assert stored.data == {"writer": winners[0], "round": round_}
            assert stored.version == round_ + 1
    finally:
        await one.close()
        await two.close()


async def test_an_update_is_processed_exactly_once_under_concurrency(database_url: str) -> None:
    one, two = await Storage.open(database_url), await Storage.open(database_url)
    try:
        calls = [s.mark_update_processed(900_000_000_001) for s in (one, two) * 8]
        results = await asyncio.gather(*calls)
        assert sorted(results) == [False] * 15 + [True]

        assert await one.mark_update_processed(900_000_000_002) is True
        assert await two.mark_update_processed(900_000_000_002) is False
        assert await one.mark_update_processed(900_000_000_001) is False
    finally:
        await one.close()
        await two.close()


async def test_a_processed_update_is_remembered_after_a_restart(database_url: str) -> None:
    async with await Storage.open(database_url) as first:
        assert await first.mark_update_processed(42) is True
    async with await Storage.open(database_url) as second:
        assert await second.mark_update_processed(42) is False
        # Old records can be pruned; then the id counts as new again.
        assert await second.forget_processed_updates(datetime.now(UTC) + timedelta(seconds=1)) == 1
        assert await second.mark_update_processed(42) is True


async def test_questions_are_logged_counted_and_listed(storage: Storage) -> None:
    base = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    asked = [
        QuestionRecord("tg:5", "làm căn cước ở đâu", "lam can cuoc o dau", "answer", "cap-doi-can-cuoc", 0.91, base),
        QuestionRecord("tg:5", "khai sinh cho con", "khai sinh cho con", "clarify", "dang-ky-khai-sinh", 0.62,
                       (base + timedelta(hours=1)).astimezone(ICT)),
        QuestionRecord("tg:6", "xin chào", "xin chao", "small_talk", None, 0.0, base + timedelta(hours=2)),
        QuestionRecord("tg:5", "thời tiết hôm nay", "thoi tiet hom nay", "none", None, 0.1, base + timedelta(hours=3)),
    ]
    for record in asked:
        await storage.log_question(record)

    assert await storage.count_questions() == 4
    assert await storage.count_questions(since=base + timedelta(hours=1)) == 3
    assert await storage.count_questions(since=(base + timedelta(hours=2)).astimezone(ICT)) == 2

    recent = await storage.recent_questions("tg:5", limit=2)
    assert [q.text for q in recent] == ["thời tiết hôm nay", "khai sinh cho con"]
    for q in recent:
        assert_utc(q.at)
    assert recent[1] == QuestionRecord(
        "tg:5", "khai sinh cho con", "khai sinh cho con", "clarify", "dang-ky-khai-sinh", 0.62,
        base + timedelta(hours=1),
    )
    assert len(await storage.recent_questions("tg:5", limit=10)) == 3
    assert await storage.recent_questions("tg:nobody", limit=5) == []


async def test_feedback_is_stored(storage: Storage) -> None:
    at = datetime(2025, 3, 2, 14, 30, tzinfo=ICT)
    await storage.add_feedback(FeedbackRecord("tg:7", "cap-doi-can-cuoc", True, "Rất hữu ích", at))
    await storage.add_feedback(FeedbackRecord("tg:8", "cap-doi-can-cuoc", False))
    await storage.add_feedback(FeedbackRecord("tg:8", None, False, "không tìm thấy thủ tục"))

    everything = await storage.list_feedback()
    assert len(everything) == 3
    first = everything[0]
    assert (first.citizen, first.procedure, first.useful, first.comment) == (
        "tg:7", "cap-doi-can-cuoc", True, "Rất hữu ích")
    assert first.at == at
    assert_utc(first.at)
    assert [f.useful for f in await storage.list_feedback(procedure="cap-doi-can-cuoc")] == [True, False]
    assert len(await storage.list_feedback(since=datetime(2025, 3, 3, tzinfo=UTC))) == 2


async def test_reopening_a_database_at_head_is_a_no_op(database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    async with await Storage.open(database_url) as first:
        session = await first.load_session("tg:9")
        session.data = {"kept": True}
        await first.save_session(session)
        revision = await first.revision()

    caplog.set_level(logging.INFO, logger="alembic")
    caplog.clear()
    async with await Storage.open(database_url) as second:
        assert [r.message for r in caplog.records if "Running upgrade" in r.message] == []
        assert await second.revision() == revision == head_revision()
        assert (await second.load_session("tg:9")).data == {"kept": True}


async def test_a_database_from_an_older_revision_is_migrated_on_open(database_url: str) -> None:
    async with await Storage.open(database_url) as current:
        await current.log_question(QuestionRecord("tg:10", "a", "a", "none", None, 0.0))
        await downgrade(current.engine, "base")
        assert await current.revision() is None
        assert not TABLES & await table_names(current)

    async with await Storage.open(database_url) as upgraded:
        assert await upgraded.revision() == head_revision()
        assert await table_names(upgraded) >= TABLES
        assert await upgraded.count_questions() == 0
        session = await upgraded.load_session("tg:10")
        await upgraded.save_session(session)
        assert (await upgraded.load_session("tg:10")).version == 1


async def test_an_unmigrated_database_can_be_opened_without_migrating(database_url: str) -> None:
    async with await Storage.open(database_url, migrate=False) as bare:
        assert await bare.revision() is None
        assert not TABLES & await table_names(bare)


async def test_several_storages_opening_a_fresh_database_together(database_url: str) -> None:
    opened = await asyncio.gather(*(Storage.open(database_url) for _ in range(4)))
    try:
        for storage in opened:
            assert await storage.revision() == head_revision()
        assert await opened[0].mark_update_processed(1) is True
        assert await opened[3].mark_update_processed(1) is False
    finally:
        for storage in opened:
            await storage.close()


def test_several_processes_migrating_a_fresh_database_together(database_url: str, tmp_path: Path) -> None:
    # Separate processes, started from a directory without the sources, all opening the
    # same empty database at once: each must end up at head without errors.
    script = textwrap.dedent(
        """
        import asyncio, sys
        from bot.storage import Storage

        async def main():
            storage = await Storage.open(sys.argv[1])
            try:
                print(await storage.revision())
                print(await storage.mark_update_processed(77))
            finally:
                await storage.close()

        asyncio.run(main())
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, database_url],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=False):
        assert proc.returncode == 0, err
    lines = [out.split() for out, _ in outputs]
    assert {line[0] for line in lines} == {head_revision()}
    assert sorted(line[1] for line in lines) == ["False", "False", "False", "True"]


async def test_plain_sync_urls_are_accepted(database_url: str) -> None:
    url = make_url(database_url)
    plain = url.set(drivername=url.get_backend_name()).render_as_string(hide_password=False)
    assert "+" not in plain.split("://")[0]
    async with await Storage.open(plain) as storage:
        assert storage.engine.url.drivername in ("sqlite+aiosqlite", "postgresql+asyncpg")
        assert await storage.revision() == head_revision()


def test_url_conversion() -> None:
    assert async_url("sqlite:///dvcbot.sqlite3").render_as_string() == "sqlite+aiosqlite:///dvcbot.sqlite3"
    assert async_url("sqlite+aiosqlite:///x.db").drivername == "sqlite+aiosqlite"
    assert async_url("postgresql://u@h:5432/db").drivername == "postgresql+asyncpg"
    assert async_url("postgres://u@h/db").drivername == "postgresql+asyncpg"
    assert async_url("postgresql+psycopg2://u@h/db").drivername == "postgresql+asyncpg"
    converted = async_url("postgresql://u@h/db?sslmode=require")
    assert dict(converted.query) == {"ssl": "require"}


async def test_sqlite_uses_wal_and_waits_for_the_write_lock_without_blocking_the_loop(
        sqlite_database_url: str) -> None:
    """SQLite calls run on the loop's thread (bot.storage.sqlite_inline): a writer that finds
    another process's write lock waits for it asynchronously, and other tasks go on meanwhile."""
    async with await Storage.open(sqlite_database_url) as storage:
        async with storage.engine.connect() as conn:
            assert (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar_one().lower() == "wal"
            # The longest any other call may block the loop waiting for a lock.
            assert 0 < (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar_one() <= 1000

        other = sqlite3.connect(make_url(sqlite_database_url).database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process is writing
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticking = asyncio.create_task(ticker())
        asyncio.get_running_loop().call_later(0.4, other.rollback)
        started = time.monotonic()
        try:
            await storage.save_session(Session(citizen="tg:1"))
        finally:
            ticking.cancel()
            other.close()
        assert time.monotonic() - started >= 0.35  # it waited for the lock...
        assert ticks >= 15  # ...while the loop kept running other tasks
        assert (await storage.load_session("tg:1")).version == 1


async def test_in_memory_sqlite_works_for_quick_experiments() -> None:
    async with await Storage.open("sqlite+aiosqlite://") as storage:
        session = await storage.load_session("cli:local")
        await storage.save_session(session)
        assert (await storage.load_session("cli:local")).version == 1
