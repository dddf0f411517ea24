"""Two dvcbot instances on one database, fed at the same moment.

Two Applications (two `build_application` calls, two `Storage` objects, one database, one
fake Telegram) get updates concurrently (asyncio.gather), as two webhook instances behind a
load balancer would. Runs on SQLite and on the real PostgreSQL server (`database_url`).

What must hold:
  * the same update delivered to both (Telegram redelivers) is handled once: one reply, one
    question-log record, one feedback record, one escalation (the turn and the record that
    the update was processed are one transaction: the second instance's fails on the
    record's key and has no effect);
  * two different updates of one citizen at once both take effect, in some order: nothing
    written by one is lost by the other, and the citizen never sees an error or "busy";
  * many citizens at once across both instances: every private text gets exactly one reply.
"""
from __future__ import annotations

import asyncio
import logging

import pytest

from bot.config import Config
from bot.dialogue import texts
from bot.storage import Storage
from bot.telegram.app import build_application
from helpers.fake_telegram import (
    FAKE_TOKEN,
    FakeBotApi,
    buttons_of,
    deliver,
    message_json,
    next_update_id,
    private_chat_json,
    update_json,
    user_json,
)

CONFIG = Config(telegram_token=FAKE_TOKEN)
# Every test opens its database with Storage.open (or a fixture that does) before anything else.
pytestmark = pytest.mark.database_at_head

GUIDE_ID = "chu-ky-so-ca-nhan"
# Candidates for a vague question (the assistant offers a choice) and an unknown one (it offers
# a volunteer); the tests pick those the current matcher routes that way.
CLARIFY_TRIES = ["đăng ký", "xác nhận", "đăng ký xe", "chứng nhận", "giấy tờ xe", "xe", "căn cước",
                 "đổi", "cấp lại", "giấy phép", "hồ sơ", "khai báo", "sổ"]
UNKNOWN_TRIES = ["làm hộ chiếu đi nước ngoài ở đâu", "nộp thuế đất ở đâu", "xin visa du lịch",
                 "làm lại giấy", "khai báo", "đất", "sổ", "xe"]
# Messages that get exactly one message back (a card, a greeting, help, "I don't know").
ONE_REPLY_TEXTS = ["dang ky tam tru can gi", "xin chào", "cấp lại căn cước", "/help",
                   "đăng ký khai sinh", "làm hộ chiếu đi nước ngoài ở đâu", "cam on", "/start"]


class Instances:
    """Two running instances sharing one database and one (fake) Telegram."""

    def __init__(self, api: FakeBotApi, apps: list, stores: list[Storage]) -> None:
        self.api, self.apps, self.stores = api, apps, stores

    # -- building updates ----------------------------------------------------------------------
    def text(self, user_id: int, text: str) -> dict:
        chat, user = private_chat_json(user_id), user_json(user_id)
        return update_json(message=message_json(chat, user, self.api.next_message_id(user_id), text))

    def press(self, user_id: int, label: str, message: dict) -> dict:
        data = next(b["callback_data"] for b in buttons_of(message) if label in b["text"])
        query = {"id": f"cq{next_update_id()}", "from": user_json(user_id),
                 "chat_instance": f"ci{user_id}", "data": data, "message": message}
        return update_json(callback_query=query)

    # -- delivering ----------------------------------------------------------------------------
    async def deliver(self, instance: int, update: dict) -> None:
        await deliver(self.apps[instance], update)

    async def at_once(self, *pairs: tuple[int, dict]) -> None:
        """Deliver (instance, update) pairs concurrently."""
        await asyncio.gather(*(self.deliver(i, u) for i, u in pairs))

    # -- looking -------------------------------------------------------------------------------
    def replies(self, chat_id: int) -> list[str]:
        """Texts the bot sent or edited into the chat, in order."""
        return [c["text"] for c in self.api.sent_to(chat_id) if c.result is not None]

    def last_with_button(self, chat_id: int, label: str) -> dict:
        for m in reversed(self.api.chat_messages(chat_id)):
            if any(label in b["text"] for b in buttons_of(m)):
                return m
        raise AssertionError(f"no message with {label!r} in chat {chat_id}")

    def no_trouble(self) -> None:
        """Nobody was told about an error or to resend."""
        for call in self.api.calls_of("sendMessage") + self.api.calls_of("editMessageText"):
            assert call["text"] not in (texts.ERROR, texts.BUSY), call


async def _two(database_url, knowledge, config=CONFIG):
    # Both open (and migrate) the same fresh database at the same moment.
    stores = list(await asyncio.gather(Storage.open(database_url), Storage.open(database_url)))
    api = FakeBotApi()
    apps = [build_application(config, s, knowledge, request=api, get_updates_request=api)
            for s in stores]
    for app in apps:
        await app.initialize()
    try:
        yield Instances(api, apps, stores)
    finally:
        for app in apps:
            await app.shutdown()
        for s in stores:
            await s.close()


@pytest.fixture
async def two(database_url, knowledge):
    async for instances in _two(database_url, knowledge):
        yield instances


@pytest.fixture
async def two_with_volunteers(database_url, knowledge):
    from helpers.world import volunteer_config

    async for instances in _two(database_url, knowledge, volunteer_config()):
        yield instances


# --- the same update twice ------------------------------------------------------------------------
async def test_the_same_update_at_both_instances_is_answered_once(two):
    citizens = range(2001, 2013)
    updates = {uid: two.text(uid, ONE_REPLY_TEXTS[uid % len(ONE_REPLY_TEXTS)]) for uid in citizens}
    # Each update reaches both instances at the same moment (twice even, for good measure).
    await asyncio.gather(*(two.at_once((0, u), (1, u), (uid % 2, u)) for uid, u in updates.items()))
    for uid in citizens:
        assert len(two.replies(uid)) == 1, (uid, two.replies(uid))
    two.no_trouble()
    # The effect (question log) happened once per update as well.
    for uid in citizens:
        logged = await two.stores[uid % 2].recent_questions(f"tg:{uid}")
        typed = ONE_REPLY_TEXTS[uid % len(ONE_REPLY_TEXTS)]
        assert len(logged) == (0 if typed.startswith("/") else 1), (uid, logged)  # (commands: 0)


def duplicates_met(caplog) -> bool:
    """Both instances handled one update at the same time, and the second's turn was dropped
    when it was stored (not already by the early look-up in the de-duplication handler)."""
    return any("already handled; no reply" in r.getMessage() for r in caplog.records)


async def test_a_feedback_press_delivered_to_both_is_counted_once(two, caplog):
    caplog.set_level(logging.INFO, logger="bot.dialogue.engine")
    citizens = range(2051, 2059)
    cards = {}
    for uid in citizens:
        await two.deliver(uid % 2, two.text(uid, "dang ky tam tru can gi"))
        cards[uid] = two.last_with_button(uid, texts.BTN_USEFUL)
    presses = {uid: two.press(uid, texts.BTN_USEFUL, cards[uid]) for uid in citizens}
    await asyncio.gather(*(two.at_once((0, u), (1, u)) for u in presses.values()))
    feedback = await two.stores[0].list_feedback()
    for uid in citizens:
        assert two.replies(uid)[1:] == [texts.FEEDBACK_THANKS], (uid, two.replies(uid))
        assert sum(f.citizen == f"tg:{uid}" for f in feedback) == 1, uid
        session = await two.stores[1].load_session(f"tg:{uid}")
        assert session.data["rated"] == ["dang-ky-tam-tru"]
    two.no_trouble()
    assert duplicates_met(caplog)


async def test_a_consent_delivered_to_both_opens_one_escalation(two_with_volunteers, caplog):
    """"Đồng ý" (an escalation, its post for the volunteers' group, "unresolved" in the question
    log) delivered to both instances at once: one escalation, one post, one reply."""
    from helpers.world import GROUP, UNKNOWN_QUESTION

    two = two_with_volunteers
    caplog.set_level(logging.INFO, logger="bot.dialogue.engine")
    citizens = range(2061, 2067)
    for uid in citizens:
        await two.deliver(uid % 2, two.text(uid, UNKNOWN_QUESTION))
        await two.deliver(uid % 2, two.press(uid, texts.BTN_VOLUNTEER,
                                             two.last_with_button(uid, texts.BTN_VOLUNTEER)))
    presses = {uid: two.press(uid, texts.BTN_CONSENT_YES, two.last_with_button(uid, texts.BTN_CONSENT_YES))
               for uid in citizens}
    await asyncio.gather(*(two.at_once((0, u), (1, u)) for u in presses.values()))
    opened = texts.ESC_OPENED_IN_HOURS.split("{")[0]
    escalations = await two.stores[0].list_escalations()
    assert sorted(e.citizen for e in escalations) == [f"tg:{uid}" for uid in citizens]
    cards = [m for m in await two.stores[1].list_outbox(chat_id=GROUP) if m.purpose == "card"]
    assert sorted(m.escalation_id for m in cards) == sorted(e.id for e in escalations)
    for uid in citizens:
        assert sum(t.startswith(opened) for t in two.replies(uid)) == 1, (uid, two.replies(uid))
        decisions = [q.decision for q in await two.stores[uid % 2].recent_questions(f"tg:{uid}")]
        assert decisions == ["unresolved", "none"], (uid, decisions)
    two.no_trouble()
    assert duplicates_met(caplog)


async def test_a_button_press_delivered_to_both_moves_the_walkthrough_one_step(two):
    uid = 2101
    await two.deliver(0, two.text(uid, "chữ ký số cá nhân"))
    await two.deliver(1, two.press(uid, texts.BTN_GUIDE, two.last_with_button(uid, texts.BTN_GUIDE)))
    session = await two.stores[0].load_session(f"tg:{uid}")
    assert session.state == "guide"
    start = session.step
    guide = two.apps[0].services.knowledge.kb.get(GUIDE_ID).guide
    step = guide.step(start)
    label = step.choices[0].label if step.choices else texts.BTN_NEXT
    target = step.choices[0].goto if step.choices else guide.next_of(start)

    before = len(two.api.sent_to(uid))
    press = two.press(uid, label, two.last_with_button(uid, label))
    await two.at_once((0, press), (1, press))
    assert len(two.api.sent_to(uid)) - before == 1  # one edit (or message), not two
    session = await two.stores[1].load_session(f"tg:{uid}")
    assert (session.step, session.data.get("history")) == (target, [start])
    two.no_trouble()


# --- two updates of one citizen at once -----------------------------------------------------------
async def test_two_feedback_presses_at_once_on_two_instances_both_count(two):
    """Each press adds to the session's "rated" list: a lost write would drop one."""
    uid, rounds = 2201, 4
    questions = ["dang ky tam tru can gi", "cấp lại căn cước", "đăng ký khai sinh",
                 "chữ ký số cá nhân", "đăng ký thường trú", "đăng ký kết hôn", "cấp phiếu lý lịch tư pháp",
                 "đăng ký khai tử"]
    rated: list[str] = []
    for r in range(rounds):
        cards = []
        for q in questions[2 * r: 2 * r + 2]:
            await two.deliver(r % 2, two.text(uid, q))
            cards.append(two.last_with_button(uid, texts.BTN_USEFUL))
        assert cards[0]["message_id"] != cards[1]["message_id"]
        before = len(two.replies(uid))
        await two.at_once((0, two.press(uid, texts.BTN_USEFUL, cards[0])),
                          (1, two.press(uid, texts.BTN_USEFUL, cards[1])))
        assert two.replies(uid)[before:] == [texts.FEEDBACK_THANKS] * 2
        rated += [_pid_of(cards[0]), _pid_of(cards[1])]

    session = await two.stores[0].load_session(f"tg:{uid}")
    assert sorted(session.data["rated"]) == sorted(rated)
    feedback = await two.stores[1].list_feedback()
    assert sorted(f.procedure for f in feedback if f.citizen == f"tg:{uid}") == sorted(rated)
    two.no_trouble()


def _pid_of(card: dict) -> str:
    data = next(b["callback_data"] for b in buttons_of(card) if b["text"] == texts.BTN_USEFUL)
    return data.split(":")[2]  # fb:<nonce>:<pid>:1


async def test_a_press_and_a_question_at_once_both_take_effect(two):
    uid = 2301
    guide = two.apps[0].services.knowledge.kb.get(GUIDE_ID).guide
    await two.deliver(0, two.text(uid, "chữ ký số cá nhân"))
    await two.deliver(0, two.press(uid, texts.BTN_GUIDE, two.last_with_button(uid, texts.BTN_GUIDE)))
    history: list[str] = []
    current = guide.start.id
    for i in range(3):  # three steps forward, each together with a question
        step = guide.step(current)
        if not step.choices and guide.next_of(current) is None:
            break
        label = step.choices[0].label if step.choices else texts.BTN_NEXT
        target = step.choices[0].goto if step.choices else guide.next_of(current)
        press = two.press(uid, label, two.last_with_button(uid, label))
        before = len(two.replies(uid))
        await two.at_once((i % 2, press), (1 - i % 2, two.text(uid, "dang ky tam tru can gi")))
        seen = two.replies(uid)[before:]
        assert len(seen) == 2, seen
        assert any(s.startswith("📄") or "Tạm trú" in s or "tạm trú" in s for s in seen), seen
        assert not any(s in (texts.STALE_BUTTON,) or s.startswith(texts.STALE_BUTTON_IN_GUIDE[:20])
                       for s in seen), seen
        history.append(current)
        current = target
        session = await two.stores[i % 2].load_session(f"tg:{uid}")
        assert (session.state, session.step, session.data.get("history")) == ("guide", current, history)
    logged = await two.stores[0].recent_questions(f"tg:{uid}", limit=50)
    assert sum(q.procedure == "dang-ky-tam-tru" for q in logged) == len(history)
    two.no_trouble()


async def test_two_questions_at_once_leave_the_session_as_one_order_would(two, knowledge, caplog):
    """A vague question (the session keeps the offered choices) and an unknown one (the session
    keeps it for a volunteer) at once: the session ends as after one of the two orders."""
    caplog.set_level(logging.INFO, logger="bot.dialogue.engine")
    route = knowledge.matcher.route
    vague = [q for q in CLARIFY_TRIES if route(q).decision == "clarify"]
    unknown = [q for q in UNKNOWN_TRIES if route(q).kind in ("out_of_scope", "unknown")]
    assert len(vague) >= 2 and len(unknown) >= 2
    uid = 2401
    rounds = [(vague[i % len(vague)], unknown[i % len(unknown)]) for i in range(6)]
    for i, (v, u) in enumerate(rounds):
        before = len(two.replies(uid))
        await two.at_once((i % 2, two.text(uid, v)), (1 - i % 2, two.text(uid, u)))
        seen = two.replies(uid)[before:]
        assert len(seen) == 2 and seen.count(texts.CLARIFY) == 1, seen
        data = (await two.stores[i % 2].load_session(f"tg:{uid}")).data
        if data.get("pending") == v:  # the unknown question first, then the vague one
            assert data.get("clarify") == list(route(v).candidates)[:3], data
        else:  # the vague question first, then the unknown one
            assert data.get("pending") == u and "clarify" not in data, data
    logged = await two.stores[0].recent_questions(f"tg:{uid}", limit=50)
    assert sorted(q.text for q in logged) == sorted(t for pair in rounds for t in pair)
    two.no_trouble()
    redone = any("redoing the turn" in r.getMessage() for r in caplog.records)
    if two.stores[0].dialect == "postgresql":
        # The two turns did meet (one was redone on the other's session), in one round at least.
        assert redone
    else:
        # SQLite: a turn holds the write lock from its first statement, so they never meet.
        assert not redone


# --- many citizens ------------------------------------------------------------------------------
async def test_many_citizens_at_once_across_two_instances_each_get_one_reply_per_text(two):
    citizens = list(range(3001, 3041))
    per_citizen = 3

    async def citizen(uid: int) -> None:
        for k in range(per_citizen):
            text = ONE_REPLY_TEXTS[(uid + k) % len(ONE_REPLY_TEXTS)]
            await two.deliver((uid + k) % 2, two.text(uid, text))

    await asyncio.gather(*(citizen(uid) for uid in citizens))
    for uid in citizens:
        assert len(two.replies(uid)) == per_citizen, (uid, two.replies(uid))
    two.no_trouble()
    for uid in citizens:
        logged = await two.stores[uid % 2].recent_questions(f"tg:{uid}")
        typed = [ONE_REPLY_TEXTS[(uid + k) % len(ONE_REPLY_TEXTS)] for k in range(per_citizen)]
        assert len(logged) == sum(not t.startswith("/") for t in typed)


# --- a volunteer's answer racing the citizen's cancel ---------------------------------------------
async def test_an_answer_racing_a_cancel_is_stored_whole_or_not_at_all(database_url):
    """Instance A stores a volunteer's answer while instance B cancels the escalation (its
    transaction still open): the answer must not half-happen (outbox rows for the citizen
    committed although answer_escalation says it was not stored)."""
    from bot.storage import tables
    from bot.storage.ports import OutboxMessage

    a, b = await Storage.open(database_url), await Storage.open(database_url)
    try:
        escalation, opened = await a.open_escalation("tg:2501", "hỏi về thủ tục")
        assert opened
        assert await a.claim_escalation(escalation.id, 77, "Minh") is not None
        t = tables.escalations
        async with b.engine.connect() as conn:
            tx = await conn.begin()
            await conn.execute(t.update().where(t.c.id == escalation.id).values(status="cancelled"))
            answering = asyncio.create_task(a.answer_escalation(
                escalation.id, 77, "Minh", "Bạn mang CCCD nhé.",
                [OutboxMessage(chat_id=2501, text="Bạn mang CCCD nhé.", dedupe_key="answer-2501-1",
                               purpose="answer")]))
            await asyncio.sleep(0.5)  # the answer is now waiting for B's transaction
            await tx.commit()
        assert await asyncio.wait_for(answering, 30) is None
        assert all(m.purpose != "answer" for m in await a.list_outbox(escalation_id=escalation.id))
        assert all(m.direction != "volunteer" for m in await a.escalation_messages(escalation.id))
        assert (await b.get_escalation(escalation.id)).status == "cancelled"
    finally:
        await a.close()
        await b.close()


# --- a session that never stops changing ----------------------------------------------------------
async def test_a_session_always_overtaken_gets_a_polite_busy_message(database_url, knowledge):
    """If every save loses (another instance keeps saving first), the turn is redone a few
    times, then the citizen is asked to resend; never an error, never a crash."""
    from bot.storage.ports import StaleSession

    class AlwaysOvertaken(Storage):
        loads = 0

        async def load_session(self, citizen):
            AlwaysOvertaken.loads += 1
            return await super().load_session(citizen)

        async def save_turn(self, session, writes, update_id=None):
            raise StaleSession("another instance saved first")

    store = AlwaysOvertaken((await Storage.open(database_url)).engine)
    api = FakeBotApi()
    app = build_application(CONFIG, store, knowledge, request=api, get_updates_request=api)
    await app.initialize()
    try:
        chat, user = private_chat_json(2601), user_json(2601)
        await deliver(app, update_json(message=message_json(chat, user, 1, "/start")))
        assert [c["text"] for c in api.sent_to(2601)] == [texts.BUSY]
        assert 2 < AlwaysOvertaken.loads <= 10  # redone a few times, not forever
        assert await store.recent_questions("tg:2601") == []  # nothing half-done
    finally:
        await app.shutdown()
        await store.close()
