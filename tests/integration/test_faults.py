"""Fault injection: the Bot API failing under a citizen's turn, and the database failing.

Transport (a FakeBotApi that also raises): timeouts (telegram.error.TimedOut), connection
resets, 429 with retry_after, 500, 502, 403 (blocked) on sendMessage, editMessageText and
answerCallbackQuery. What must hold: the citizen's question and session are stored whatever
happened to the reply; the citizen is told (texts.ERROR) unless they blocked the bot; the
next message works; a walkthrough step whose message failed is shown again by /tieptuc or by
pressing the same button again (then its "Tiếp tục" button).

Database: SQLite "database is locked" (another connection holding BEGIN EXCLUSIVE: briefly,
which is waited out, or longer than the busy timeout), and PostgreSQL connections dropped
(pg_terminate_backend from a separate admin connection) between updates and in the middle of
a turn's writes, and a statement of the turn's transaction failing (injected). What must hold:
the update succeeds, or the citizen gets the polite error text and nothing of the turn was
written (not even the record that the update was processed: Telegram's redelivery of it is
handled); and the next update works.
"""
from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import _postgres_admin
from telegram.error import NetworkError, TimedOut

import bot.storage.db as storage_db
from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.storage import Storage
from bot.telegram.app import build_application
from helpers.fake_telegram import FAKE_TOKEN, ApiCall, FakeBotApi
from helpers.telegram_chats import Bot, TelegramChat

# The 429 cases are about a reply that fails: the outbound rate limiter must not retry it
# (DVCBOT_OUTBOUND_MAX_RETRIES; its retry is tested in tests/integration/test_limits.py).
CONFIG = Config(telegram_token=FAKE_TOKEN, outbound_max_retries=0)

# Every test opens its database with Storage.open (or a fixture that does) before anything else.
pytestmark = pytest.mark.database_at_head

GUIDE_ID = "chu-ky-so-ca-nhan"
QUESTION = "dang ky tam tru can giay to gi"
STEP_HEADER = re.compile(r"^Bước (\d+)/(\d+)")


# --- A Bot API that also raises ------------------------------------------------------------------
class FaultyBotApi(FakeBotApi):
    """FakeBotApi + `raise_on(method, exc)`: the next call(s) raise `exc` in the transport, as
    httpx would on a timeout or a reset connection. With delivered=True the call reaches the
    fake Telegram first (the message exists) and only the answer is lost."""

    def __init__(self) -> None:
        super().__init__()
        self.raising: dict[str, list[list[Any]]] = {}

    def raise_on(self, method: str, exc: BaseException, times: int = 1, delivered: bool = False) -> None:
        self.raising.setdefault(method, []).append([exc, times, delivered])

    async def do_request(self, url: str, method: str, request_data=None, **kwargs: Any) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        queue = self.raising.get(api_method) or []
        while queue and queue[0][1] == 0:
            queue.pop(0)
        if queue:
            entry = queue[0]
            entry[1] -= 1
            exc, _, delivered = entry
            if delivered:
                await super().do_request(url, method, request_data, **kwargs)
            else:
                params = dict(request_data.parameters) if request_data is not None else {}
                self.calls.append(ApiCall(api_method, params))
            raise exc
        return await super().do_request(url, method, request_data, **kwargs)


def _timeout(api: FaultyBotApi, method: str) -> None:
    api.raise_on(method, TimedOut("Timed out"))


def _reset(api: FaultyBotApi, method: str) -> None:
    # What the HTTP layer raises; python-telegram-bot wraps it in NetworkError.
    api.raise_on(method, ConnectionResetError(104, "Connection reset by peer"))


def _network(api: FaultyBotApi, method: str) -> None:
    api.raise_on(method, NetworkError("httpx.RemoteProtocolError: Server disconnected"))


def _lost_answer(api: FaultyBotApi, method: str) -> None:
    """The request reached Telegram, the answer did not come back (timeout)."""
    api.raise_on(method, TimedOut("Timed out"), delivered=True)


FAULTS: dict[str, Callable[[FaultyBotApi, str], None]] = {
    "timeout": _timeout,
    "connection-reset": _reset,
    "network-error": _network,
    "429": lambda api, m: api.fail(m, 429, "Too Many Requests: retry after 3", retry_after=3),
    "500": lambda api, m: api.fail(m, 500, "Internal Server Error"),
    "502": lambda api, m: api.fail(m, 502, "Bad Gateway"),
    "403": lambda api, m: api.fail(m, 403, "Forbidden: bot was blocked by the user"),
}


# --- fixtures -------------------------------------------------------------------------------------
@pytest.fixture
def guide(knowledge):
    return knowledge.kb.get(GUIDE_ID).guide


async def start_bot(database_url: str, knowledge: LiveKnowledge) -> Bot:
    storage = await Storage.open(database_url)
    api = FaultyBotApi()
    app = build_application(CONFIG, storage, knowledge, request=api, get_updates_request=api)
    await app.initialize()
    return Bot(app, api, storage)


@pytest.fixture
async def bot(sqlite_database_url, knowledge):
    b = await start_bot(sqlite_database_url, knowledge)
    try:
        yield b
    finally:
        await b.close()


# --- helpers --------------------------------------------------------------------------------------
def forward(guide, step_id: str) -> tuple[str, str, str]:
    """(button label, typed word, next step) that move forward from a step."""
    step = guide.step(step_id)
    if step.choices:
        return step.choices[0].label, step.choices[0].label, step.choices[0].goto
    return texts.BTN_NEXT, "tiếp", guide.next_of(step_id)


def shows_step(chat: TelegramChat, guide, step_id: str) -> bool:
    """The last reply is the walkthrough at `step_id`."""
    if not chat.replies:
        return False
    text = chat.last_text()
    return bool(STEP_HEADER.match(text)) and guide.step(step_id).text.strip().splitlines()[0] in text


async def session_row(storage: Storage, citizen: str) -> tuple:
    s = await storage.load_session(citizen)
    return (s.state, s.procedure, s.step, s.data.get("history"), s.version)


async def question_count(storage: Storage, citizen: str) -> int:
    return len(await storage.recent_questions(citizen, limit=1000))


def apologies(chat: TelegramChat) -> int:
    return sum(1 for r in chat.replies if r["text"] == texts.ERROR)


# --- The Bot API fails under a citizen's turn ------------------------------------------------------
@pytest.mark.parametrize("fault", FAULTS)
async def test_failed_answer_to_a_question_loses_nothing(bot, fault):
    lan = bot.chat(1001)
    FAULTS[fault](bot.api, "sendMessage")
    await lan.send(QUESTION)
    # Stored whatever happened to the reply.
    questions = await bot.storage.recent_questions("tg:1001")
    assert [q.decision for q in questions] == ["answer"] and questions[0].text == QUESTION
    assert (await bot.storage.load_session("tg:1001")).version >= 1
    sends = [c for c in lan.calls if c.method == "sendMessage"]
    if fault == "403":  # blocked: nobody to tell
        assert len(sends) == 1 and not lan.replies
    else:  # the card failed; the citizen is told to try again, once
        assert [r["text"] for r in lan.replies] == [texts.ERROR], [r["text"][:40] for r in lan.replies]
    # The next message works, buttons included.
    await lan.send(QUESTION)
    assert lan.last_text().startswith(texts.CARD_TITLE.split("{")[0])
    await lan.press(texts.BTN_STEPS)
    assert lan.last_text().startswith(texts.STEPS_HEADER.split("{")[0])
    assert await question_count(bot.storage, "tg:1001") == 2


@pytest.mark.parametrize("fault", [*FAULTS, "lost-answer"])
@pytest.mark.parametrize("how", ["press", "type"])
@pytest.mark.parametrize("recovery", ["tieptuc", "press-again"])
async def test_failed_walkthrough_step_is_shown_again(bot, guide, fault, how, recovery):
    """Pressing "Tiếp" edits the step's message; typing "tiếp" sends a new one. Either fails;
    the walkthrough has moved on (stored), and the citizen gets the step back."""
    lan = bot.chat(1002)
    await lan.send(f"/start guide-{GUIDE_ID}")
    assert shows_step(lan, guide, guide.start.id)
    step_message = lan.last_keyboard_message()
    label, typed, second = forward(guide, guide.start.id)
    method = "editMessageText" if how == "press" else "sendMessage"
    (_lost_answer if fault == "lost-answer" else FAULTS[fault])(bot.api, method)
    if how == "press":
        await lan.press(label, step_message)
    else:
        await lan.send(typed)
    assert any(c.method == method for c in lan.calls)
    session = await bot.storage.load_session("tg:1002")
    assert (session.state, session.step) == ("guide", second)  # the move was stored
    if fault == "403":
        assert apologies(lan) == 0
    elif fault != "lost-answer":
        assert not shows_step(lan, guide, second) and apologies(lan) == 1

    if recovery == "tieptuc":
        await lan.send("/tieptuc")
        assert shows_step(lan, guide, second), lan.seen()
    else:
        await lan.press(label, step_message)  # the same button of the same message
        if not shows_step(lan, guide, second):
            n = STEP_HEADER.match(lan.last_text()) or re.search(r"Bước (\d+)", lan.last_text())
            assert n, lan.seen()
            await lan.press(texts.BTN_RESUME.split("(")[0].strip())
            assert shows_step(lan, guide, second), lan.seen()
    assert (await bot.storage.load_session("tg:1002")).step == second  # nothing moved twice


@pytest.mark.parametrize("fault", FAULTS)
async def test_unanswered_callback_query_does_not_stop_the_press(bot, guide, fault):
    lan = bot.chat(1003)
    await lan.send(f"/start guide-{GUIDE_ID}")
    label, _, second = forward(guide, guide.start.id)
    FAULTS[fault](bot.api, "answerCallbackQuery")
    await lan.press(label)
    assert any(c.method == "answerCallbackQuery" for c in lan.calls)
    assert shows_step(lan, guide, second) and apologies(lan) == 0
    assert (await bot.storage.load_session("tg:1003")).step == second


async def test_everything_failing_for_a_while_then_recovering(bot, guide):
    """Telegram down for a few updates (every call fails): each turn is still stored; when it
    is back, the citizen continues where the stored session is."""
    lan = bot.chat(1004)
    await lan.send(f"/start guide-{GUIDE_ID}")
    label, typed, second = forward(guide, guide.start.id)
    for method in ("sendMessage", "editMessageText", "answerCallbackQuery"):
        bot.api.fail(method, 502, "Bad Gateway", times=-1)
    await lan.send(QUESTION)
    await lan.press(label)  # from the walkthrough's message
    await lan.send("xin chào")
    assert lan.replies == []
    assert await question_count(bot.storage, "tg:1004") == 2
    assert (await bot.storage.load_session("tg:1004")).step == second
    bot.api.failures.clear()
    await lan.send("/tieptuc")
    assert shows_step(lan, guide, second)


async def test_a_citizen_who_blocks_the_bot_mid_walkthrough_is_not_apologised_to(bot, guide):
    lan = bot.chat(1005)
    await lan.send(f"/start guide-{GUIDE_ID}")
    label, _, second = forward(guide, guide.start.id)
    for method in ("sendMessage", "editMessageText"):
        bot.api.fail(method, 403, "Forbidden: bot was blocked by the user", times=-1)
    await lan.press(label)
    await lan.send(QUESTION)
    sends = [c for c in bot.api.calls if c.method == "sendMessage" and c["text"] == texts.ERROR]
    assert sends == []  # nobody to tell
    assert (await bot.storage.load_session("tg:1005")).step == second
    bot.api.failures.clear()  # unblocked
    await lan.send("/tieptuc")
    assert shows_step(lan, guide, second)


# --- The database fails -------------------------------------------------------------------------------
class SqliteLock:
    """Another process's write lock on the SQLite file: BEGIN EXCLUSIVE on its own connection,
    released after `seconds` by a timer thread."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
        self.timer: threading.Timer | None = None

    def hold(self, seconds: float) -> None:
        self.conn.execute("BEGIN EXCLUSIVE")
        self.timer = threading.Timer(seconds, self.release)
        self.timer.start()

    def wait(self) -> None:
        """Until the lock is released."""
        if self.timer is not None:
            self.timer.join(timeout=10)

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer.join()
        self.release()
        self.conn.close()


def sqlite_path(url: str) -> str:
    return url.split(":///", 1)[1]


async def test_sqlite_lock_held_briefly_is_waited_out(sqlite_database_url, knowledge, guide):
    b = await start_bot(sqlite_database_url, knowledge)
    lock = SqliteLock(sqlite_path(sqlite_database_url))
    try:
        lan = b.chat(1101)
        await lan.send(f"/start guide-{GUIDE_ID}")
        _, typed, second = forward(guide, guide.start.id)
        lock.hold(0.8)
        started = time.monotonic()
        await lan.send(typed)
        assert time.monotonic() - started >= 0.5  # it did wait for the lock
        assert shows_step(lan, guide, second) and apologies(lan) == 0
        assert (await b.storage.load_session("tg:1101")).step == second
        assert [q.decision for q in await b.storage.recent_questions("tg:1101")] == ["guide"]
    finally:
        lock.close()
        await b.close()


# The statements of one citizen turn (typed "tiếp" inside a walkthrough: the update recorded
# as processed, a step move and a question-log row), in the order Storage.save_turn makes
# them, all in one transaction.
WRITE_POINTS = {
    "processed_update": r"^INSERT INTO processed_updates",
    "session": r"^(UPDATE sessions|INSERT INTO sessions)",
    "question_log": r"^INSERT INTO questions",
}


def _points():
    return list(WRITE_POINTS)


class InjectedFault(RuntimeError):
    """A statement of the turn failing (stands in for any database error mid-transaction)."""


def fail_statement(storage: Storage, pattern: str) -> dict:
    """Make the next statement matching `pattern` raise InjectedFault, once `armed["on"]`."""
    regex = re.compile(pattern)
    armed = {"on": False, "fired": 0}

    def before_execute(conn, cursor, statement, parameters, context, executemany):
        if armed["on"] and regex.match(statement.lstrip()):
            armed["on"] = False
            armed["fired"] += 1
            raise InjectedFault(f"injected failure before {statement.split('(')[0].strip()}")

    sa.event.listen(storage.engine.sync_engine, "before_cursor_execute", before_execute)
    return armed


async def processed(storage: Storage, update_id: int) -> bool:
    return await storage.is_update_processed(update_id)


async def _turn_with_failure(b: Bot, guide, citizen_id: int, arm: Callable[[], None],
                             settle: Callable[[], None] = lambda: None) -> None:
    """A walkthrough on screen, then the failing turn (typed "tiếp"), then the checks; then,
    once the fault is over (`settle`), the next update."""
    lan = b.chat(citizen_id)
    key = f"tg:{citizen_id}"
    await lan.send(f"/start guide-{GUIDE_ID}")
    _, typed, second = forward(guide, guide.start.id)
    before_session = await session_row(b.storage, key)
    before_questions = await question_count(b.storage, key)

    arm()
    await lan.send(typed)
    after_session = await session_row(b.storage, key)
    after_questions = await question_count(b.storage, key)
    if apologies(lan):  # failed: told so, and nothing of the turn was written
        assert lan.replies[-1]["text"] == texts.ERROR
        assert after_session == before_session, "half-written: the session moved"
        assert after_questions == before_questions, "half-written: the question was logged"
        assert not await processed(b.storage, lan.last_update["update_id"]), \
            "half-written: the update was recorded as processed"
    else:  # succeeded (after waiting or reconnecting): all of it
        assert shows_step(lan, guide, second), lan.seen()
        assert after_session[2] == second and after_questions == before_questions + 1

    # The next update works, from the stored position.
    settle()
    await lan.send("/tieptuc")
    assert shows_step(lan, guide, after_session[2]), lan.seen()
    assert apologies(lan) == 0


async def test_sqlite_locked_beyond_the_busy_timeout(sqlite_database_url, knowledge, guide, monkeypatch):
    """Another process holds the write lock longer than the busy timeout (shortened to 0.2 s
    here; 30 s in production) exactly when the turn begins (its one transaction takes the
    write lock at BEGIN, at its first statement: loading the session; nothing can come between
    its statements after that)."""
    monkeypatch.setattr(storage_db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    b = await start_bot(sqlite_database_url, knowledge)
    lock = SqliteLock(sqlite_path(sqlite_database_url))
    point = "load_session"
    try:
        original = getattr(b.storage, point)
        armed = {"on": False}

        async def locked_then_original(*args, **kwargs):
            if armed["on"]:
                armed["on"] = False
                lock.hold(1.0)
            return await original(*args, **kwargs)

        monkeypatch.setattr(b.storage, point, locked_then_original)
        await _turn_with_failure(b, guide, 1102, lambda: armed.update(on=True), settle=lock.wait)
        assert lock.timer is not None, "the write point was never reached"
        assert [c for c in b.api.calls if c.method == "sendMessage" and c["text"] == texts.ERROR]
    finally:
        lock.close()
        await b.close()


def _terminate_backends(database: str) -> int:
    """pg_terminate_backend on every other connection to `database`; waits until they are gone."""

    async def action(conn) -> int:
        pids = [r["pid"] for r in await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", database)]
        for pid in pids:
            await conn.execute("SELECT pg_terminate_backend($1)", pid)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            left = await conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1::int[])", pids)
            if not left:
                break
            time.sleep(0.02)
        return len(pids)

    return _postgres_admin(action)


@pytest.mark.postgresql
async def test_postgresql_connections_dropped_between_updates(postgres_database_url, knowledge, guide):
    b = await start_bot(postgres_database_url, knowledge)
    try:
        database = b.storage.url.database
        lan = b.chat(1201)
        await lan.send(f"/start guide-{GUIDE_ID}")
        _, typed, second = forward(guide, guide.start.id)
        assert _terminate_backends(database) >= 1  # the pool's idle connections
        await lan.send(typed)  # pre-ping notices and reconnects
        assert shows_step(lan, guide, second) and apologies(lan) == 0
        assert (await b.storage.load_session("tg:1201")).step == second
    finally:
        await b.close()


@pytest.mark.postgresql
@pytest.mark.parametrize("point", _points())
async def test_postgresql_connection_dropped_mid_turn(postgres_database_url, knowledge, guide, point):
    """The app's connections are terminated right before the statement of `point` runs, inside
    its transaction (after BEGIN): the statement fails on a dead connection."""
    b = await start_bot(postgres_database_url, knowledge)
    try:
        database = b.storage.url.database
        pattern = re.compile(WRITE_POINTS[point])
        armed = {"on": False, "fired": 0}

        def before_execute(conn, cursor, statement, parameters, context, executemany):
            if armed["on"] and pattern.match(statement.lstrip()):
                armed["on"] = False
                armed["fired"] += _terminate_backends(database)

        sa.event.listen(b.storage.engine.sync_engine, "before_cursor_execute", before_execute)
        await _turn_with_failure(b, guide, 1202, lambda: armed.update(on=True))
        assert armed["fired"] >= 1, "the write point was never reached"
    finally:
        await b.close()


@pytest.mark.parametrize("point", _points())
async def test_a_statement_failing_mid_turn_stores_nothing_of_the_turn(database_url, knowledge, guide, point):
    """A statement of the turn's transaction fails: the citizen gets the polite error, the
    session, the question log and the processed-update record are as before the turn, and
    the next update works."""
    b = await start_bot(database_url, knowledge)
    try:
        armed = fail_statement(b.storage, WRITE_POINTS[point])
        await _turn_with_failure(b, guide, 1401, lambda: armed.update(on=True))
        assert armed["fired"] == 1, "the write point was never reached"
        lan = b.chat(1401)
        assert apologies(lan) == 0  # (the last update: /tieptuc)
    finally:
        await b.close()


@pytest.mark.parametrize("point", _points())
async def test_an_update_whose_turn_died_is_handled_when_delivered_again(database_url, knowledge, guide, point):
    """The process dies in the middle of a turn (here: its transaction fails at `point`);
    Telegram delivers the update again (it was not acknowledged): it is handled then, not
    dropped as already processed, and takes effect once."""
    b = await start_bot(database_url, knowledge)
    try:
        lan = b.chat(1402)
        await lan.send(f"/start guide-{GUIDE_ID}")
        _, typed, second = forward(guide, guide.start.id)
        armed = fail_statement(b.storage, WRITE_POINTS[point])
        armed["on"] = True
        await lan.send(typed)
        assert armed["fired"] == 1 and apologies(lan) == 1
        update = lan.last_update
        assert not await processed(b.storage, update["update_id"])

        await lan.deliver(update)  # the redelivery
        assert shows_step(lan, guide, second) and apologies(lan) == 0, lan.seen()
        assert await processed(b.storage, update["update_id"])
        assert [q.decision for q in await b.storage.recent_questions("tg:1402")] == ["guide"]
        await lan.deliver(update)  # once more: now a duplicate, dropped without a reply
        assert lan.replies == []
        assert (await b.storage.load_session("tg:1402")).step == second
        assert await question_count(b.storage, "tg:1402") == 1
    finally:
        await b.close()


async def test_a_failed_consent_turn_opens_no_escalation(database_url, knowledge):
    """"Đồng ý" writes the escalation and its group post (bot.dialogue.handoff) and then the turn
    (session, "unresolved" in the question log): one transaction. The question-log insert
    fails: no escalation, no outbox row, the consent still waits; pressing again works."""
    from helpers.world import UNKNOWN_QUESTION, start_world

    world = await start_world(database_url, knowledge)
    try:
        lan = world.citizen(1403)
        await lan.send(UNKNOWN_QUESTION)
        await lan.press(texts.BTN_VOLUNTEER)
        consent = lan.last_keyboard_message()
        before = await session_row(world.storage, "tg:1403")
        armed = fail_statement(world.storage, WRITE_POINTS["question_log"])
        armed["on"] = True
        await lan.press(texts.BTN_CONSENT_YES, consent)
        assert armed["fired"] == 1
        assert [r["text"] for r in lan.replies] == [texts.ERROR]
        assert await world.storage.list_escalations() == []
        assert await world.storage.list_outbox() == []
        assert await session_row(world.storage, "tg:1403") == before
        assert "consent" in (await world.storage.load_session("tg:1403")).data
        assert [q.decision for q in await world.storage.recent_questions("tg:1403")] == ["none"]

        await lan.press(texts.BTN_CONSENT_YES, consent)  # the citizen tries again
        assert lan.last_text().startswith(texts.ESC_OPENED_IN_HOURS.split("{")[0])
        escalations = await world.storage.list_escalations()
        assert len(escalations) == 1
        assert [q.decision for q in await world.storage.recent_questions("tg:1403")] == ["unresolved", "none"]
        assert sum(UNKNOWN_QUESTION in (m.get("text") or "") for m in world.group()) == 1
    finally:
        await world.close()


# --- Texts relayed between citizens and volunteers -------------------------------------------------
@pytest.mark.parametrize("kind", ["text", "photo"])
async def test_relayed_texts_with_emoji_fit_telegram(sqlite_database_url, knowledge, kind):
    from helpers.world import open_escalation, start_world

    world = await start_world(sqlite_database_url, knowledge)
    try:
        lan = world.citizen(1301)
        escalation_id = await open_escalation(world, lan)
        minh = world.volunteer(777, "Minh")
        card = world.card(escalation_id)
        if kind == "text":  # 4000 UTF-16 units: a message Telegram lets the volunteer send
            answer = "Bạn làm thế này nhé 👍 " * 170 + "🙏" * 90
            assert len(answer.encode("utf-16-le")) // 2 <= 4096 and len(answer) < 3900
            await minh.reply(card, answer)
        else:  # a photo with a 1000-unit caption of emoji
            from helpers.fake_telegram import media_json
            await minh.reply(card, caption="👍" * 500, **media_json("photo"))
        await world.deliver()
        for call in world.api.calls:
            if call.get("text") is not None:
                assert len(call["text"].encode("utf-16-le")) // 2 <= 4096, (call.method, len(call["text"]))
            if call.get("caption") is not None:
                assert len(call["caption"].encode("utf-16-le")) // 2 <= 1024, (call.method, len(call["caption"]))
    finally:
        await world.close()
