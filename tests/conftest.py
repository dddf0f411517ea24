"""Shared fixtures.

`database_url`: a fresh, empty database, once per backend:
  * `sqlite`     a file in tmp_path;
  * `postgresql` a database created for the test on the server at DVCBOT_TEST_POSTGRES_URL
                 (default postgresql+asyncpg://postgres@127.0.0.1:5432/test, which is
                 only used to create and drop the per-test databases) and dropped after.
If the PostgreSQL server is unreachable the PostgreSQL variants FAIL (CI needs them);
set DVCBOT_TEST_POSTGRES=0 to deselect them instead.
In a test that also uses `storage`, `store` or `world` (which open it with Storage.open, and
so migrate it to head before the test runs), or is marked `database_at_head` (it opens the
database with Storage.open before anything else), the database starts as a copy of one
migrated once per session (SQLite: a copy of the file; PostgreSQL: CREATE DATABASE ...
TEMPLATE): the same database Storage.open would have made, without running the migrations
again for each test. Any other test gets an empty database (the migration tests need one).

`storage`: a `bot.storage.Storage` opened (and migrated) on `database_url`, closed after.

`store`: a Storage on a fresh SQLite file (for tests that need one backend only).

`knowledge`: the shipped procedures.yaml as a LiveKnowledge, one per test module (what a
LiveKnowledge keeps, a reload, the expired facts staff were told about, stays in the module);
the file is read, checked and indexed once per session (`shipped_knowledge`: the knowledge
base and its matcher, immutable, shared).

`world`: a running bot with its volunteers' group, on a fresh SQLite file
(tests/helpers/world.py).
"""
from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

POSTGRES_SWITCH = "DVCBOT_TEST_POSTGRES"
POSTGRES_URL = os.environ.get(
    "DVCBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql),
]


def _hypothesis_profiles() -> None:
    """"dvcbot" (the default, CI): repeatable runs, the same examples every time, no example
    database. DVCBOT_HYPOTHESIS_PROFILE=explore: fresh random examples each run (with
    DVCBOT_FUZZ_SCALE=10 for ten times as many, see tests/integration/test_fuzz.py)."""
    try:
        from hypothesis import settings
    except ImportError:  # the test extra is not installed: the fuzz tests will say so
        return
    settings.register_profile("dvcbot", derandomize=True, deadline=None, database=None,
                              print_blob=True)
    settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True)
    settings.load_profile(os.environ.get("DVCBOT_HYPOTHESIS_PROFILE", "dvcbot"))


_hypothesis_profiles()


def postgres_enabled() -> bool:
    return os.environ.get(POSTGRES_SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


# The kind of a test is the folder it lives in, and gives it its marker (`pytest -m unit`).
KINDS = {
    "unit": "pure logic: no database, no Application, no process (seconds)",
    "integration": "the engine or the Application on a database (SQLite, PostgreSQL)",
    "process": "starts processes or servers (dvcbot commands, webhook instances)",
}
TESTS = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"postgresql: needs the PostgreSQL test server ({POSTGRES_SWITCH}=0 deselects)"
    )
    for kind, what in KINDS.items():
        config.addinivalue_line("markers", f"{kind}: tests/{kind}/, {what}")
    config.addinivalue_line(
        "markers", "database_at_head: the test's database starts at head (the test opens it with "
        "Storage.open before anything else; see tests/conftest.py)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        folder = item.path.relative_to(TESTS).parts[0] if item.path.is_relative_to(TESTS) else ""
        if folder in KINDS:
            item.add_marker(folder)
    if postgres_enabled():
        return
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        (drop if item.get_closest_marker("postgresql") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _run(fn: Callable[[], Awaitable[Any]]) -> Any:
    """Run a coroutine to completion in a private loop in another thread.

    Works whether or not the calling thread has an event loop running.
    """
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(fn())
        except BaseException as exc:  # re-raised in the caller
            result["error"] = exc

    thread = threading.Thread(target=target, name="postgres-test-admin")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")


def _admin_dsn() -> tuple[str, Any]:
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES_URL)
    return url.set(drivername="postgresql").render_as_string(hide_password=False), url


_unreachable: str | None = None


def _postgres_admin(action: Callable[[Any], Awaitable[Any]]) -> Any:
    """Run `action(connection)` on an asyncpg connection to the admin database."""
    import asyncpg

    dsn, _ = _admin_dsn()

    async def go() -> Any:
        conn = await asyncpg.connect(dsn, timeout=10)
        try:
            return await action(conn)
        finally:
            await conn.close()

    return _run(go)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin URL of the PostgreSQL test server; fails clearly if it is unreachable."""
    global _unreachable
    if _unreachable is None:
        try:
            _postgres_admin(lambda conn: conn.fetchval("SELECT 1"))
            _unreachable = ""
        except Exception as exc:  # noqa: BLE001 - any failure means "not usable"
            _unreachable = f"{type(exc).__name__}: {exc}"
    if _unreachable:
        pytest.fail(
            f"PostgreSQL test server unreachable at {POSTGRES_URL} ({_unreachable}). "
            f"Start it (trust auth, database 'test'), point DVCBOT_TEST_POSTGRES_URL at "
            f"another server, or set {POSTGRES_SWITCH}=0 to deselect the PostgreSQL tests.",
            pytrace=False,
        )
    return POSTGRES_URL


# The fixtures that open the test's database with Storage.open (which migrates it to head).
OPENED_AT_HEAD_BY = frozenset({"storage", "store", "world"})


def _opened_at_head(request: pytest.FixtureRequest) -> bool:
    return (not OPENED_AT_HEAD_BY.isdisjoint(request.fixturenames)
            or request.node.get_closest_marker("database_at_head") is not None)


async def _migrate(url: str) -> None:
    from bot.storage import Storage

    storage = await Storage.open(url)
    await storage.close()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str) -> Iterator[str]:
    """The name of a PostgreSQL database at head, the template of the tests' databases."""
    name = f"dvcbot_template_{uuid.uuid4().hex[:16]}"
    _postgres_admin(lambda conn: conn.execute(f'CREATE DATABASE "{name}"'))
    try:
        _, admin = _admin_dsn()
        _run(lambda: _migrate(admin.set(database=name).render_as_string(hide_password=False)))
        yield name
    finally:
        _postgres_admin(lambda conn: conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at head (checkpointed: the file alone is the database)."""
    path = tmp_path_factory.mktemp("template") / "dvcbot.sqlite3"
    _run(lambda: _migrate(f"sqlite+aiosqlite:///{path}"))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "the template's log was not checkpointed"
    return path


@pytest.fixture
def postgres_database_url(postgres_server: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A freshly created PostgreSQL database (dropped after the test): empty, or a copy of
    `postgres_template` for a test that opens it with a fixture (see the module docstring)."""
    name = f"dvcbot_test_{uuid.uuid4().hex[:16]}"
    template = f' TEMPLATE "{request.getfixturevalue("postgres_template")}"' if _opened_at_head(request) else ""
    _postgres_admin(lambda conn: conn.execute(f'CREATE DATABASE "{name}"{template}'))
    _, admin = _admin_dsn()
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:

        async def drop(conn: Any) -> None:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        _postgres_admin(drop)


@pytest.fixture
def sqlite_database_url(tmp_path: Any, request: pytest.FixtureRequest) -> str:
    """A SQLite file in the test's temporary directory: not yet created, or a copy of
    `sqlite_template` for a test that opens it with a fixture (see the module docstring)."""
    path = tmp_path / "dvcbot.sqlite3"
    if _opened_at_head(request):
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty database URL; the test runs once on SQLite, once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_database_url")
    return request.getfixturevalue("postgres_database_url")


@pytest.fixture
async def storage(database_url: str):  # -> AsyncIterator[bot.storage.Storage]
    """A Storage opened (schema at head) on a fresh `database_url`."""
    from bot.storage import Storage

    async with await Storage.open(database_url) as store:
        yield store


@pytest.fixture
async def store(sqlite_database_url: str):  # -> AsyncIterator[bot.storage.Storage]
    from bot.storage import Storage

    async with await Storage.open(sqlite_database_url) as s:
        yield s


@pytest.fixture(scope="session")
def shipped_knowledge():  # -> bot.dialogue.live_knowledge.LiveKnowledge
    from bot.dialogue.live_knowledge import LiveKnowledge
    from helpers import KB_PATH

    return LiveKnowledge.load(KB_PATH)


@pytest.fixture(scope="module")
def knowledge(shipped_knowledge):  # -> bot.dialogue.live_knowledge.LiveKnowledge
    """As LiveKnowledge.load(KB_PATH) returns it, without reading and indexing the file again."""
    from bot.dialogue.live_knowledge import LiveKnowledge

    loaded = shipped_knowledge.current
    return LiveKnowledge(loaded.kb, loaded.matcher, path=shipped_knowledge.path,
                         max_bytes=shipped_knowledge.max_bytes)


@pytest.fixture
async def world(sqlite_database_url: str, knowledge):  # -> helpers.world.World
    from helpers.world import start_world

    w = await start_world(sqlite_database_url, knowledge)
    try:
        yield w
    finally:
        await w.close()
