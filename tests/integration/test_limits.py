"""Abuse limits: the per-citizen rate limit (bot.telegram.limits), escalations per citizen and day,
the length of text the matcher reads, and outbound rate limiting (python-telegram-bot's
AIORateLimiter, configured in bot.telegram.app).

Through the real Application on the recording Bot API (tests/helpers/fake_telegram.py), except the
token bucket itself, which is driven by a fake clock.
"""
from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from pathlib import Path

import pytest
from telegram.ext import AIORateLimiter

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.engine import Engine, Event
from bot.dialogue.privacy import looks_like_secret, mask_personal
from bot.storage import tables
from bot.telegram import adapter as telegram_adapter
from bot.telegram.app import build_application
from bot.telegram.limits import ALLOW, SILENT, WARN, RateLimiter
from helpers.fake_telegram import FAKE_TOKEN, SEND_METHODS, FakeBotApi, check_invariants
from helpers.telegram_chats import Bot, TelegramChat
from helpers.world import (
    GROUP,
    UNKNOWN_QUESTION,
    now,
    open_escalation,
    start_world,
    volunteer_config,
)

# Every test opens its database with Storage.open (or a fixture that does) before anything else.
pytestmark = pytest.mark.database_at_head

QUESTION = "đăng ký tạm trú cần giấy tờ gì"
BURST, PER_MINUTE, COOLDOWN = 8, 20, 60
STAFF = 4242


def answered(chat: TelegramChat) -> bool:
    """The last action showed the card of the temporary-residence procedure."""
    return "tạm trú" in chat.seen().lower()


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# --- the token bucket ---------------------------------------------------------------------------
def test_a_burst_passes_then_one_slow_down_then_silence_then_normal_again():
    clock = Clock()
    limiter = RateLimiter(BURST, PER_MINUTE, COOLDOWN, clock=clock)
    assert [limiter.check("tg:1") for _ in range(BURST)] == [ALLOW] * BURST
    assert limiter.check("tg:1") == WARN  # told once
    assert [limiter.check("tg:1") for _ in range(30)] == [SILENT] * 30  # then nothing
    assert limiter.check("tg:2") == ALLOW  # nobody else is affected
    clock.advance(COOLDOWN - 1)
    assert limiter.check("tg:1") == SILENT
    clock.advance(1)
    # After the cool-down the bucket has refilled (it kept refilling): a whole burst again.
    assert [limiter.check("tg:1") for _ in range(BURST)] == [ALLOW] * BURST
    assert limiter.check("tg:1") == WARN


def test_the_bucket_refills_at_the_configured_rate_and_a_normal_pace_is_never_limited():
    clock = Clock()
    limiter = RateLimiter(BURST, PER_MINUTE, COOLDOWN, clock=clock)
    for _ in range(BURST):
        limiter.check("tg:1")
    clock.advance(60 / PER_MINUTE)  # one token
    assert limiter.check("tg:1") == ALLOW
    assert limiter.check("tg:1") == WARN

    steady = RateLimiter(BURST, PER_MINUTE, COOLDOWN, clock=clock)
    verdicts = []
    for _ in range(500):  # one message every 3 s, for 25 minutes
        verdicts.append(steady.check("tg:3"))
        clock.advance(60 / PER_MINUTE)
    assert set(verdicts) == {ALLOW}


def test_no_silence_without_a_cooldown_and_no_limit_without_a_burst():
    clock = Clock()
    limiter = RateLimiter(2, PER_MINUTE, 0, clock=clock)
    assert [limiter.check("tg:1") for _ in range(4)] == [ALLOW, ALLOW, WARN, WARN]
    off = RateLimiter(0, PER_MINUTE, COOLDOWN, clock=clock)
    assert not off.enabled
    assert {off.check("tg:1") for _ in range(100)} == {ALLOW}


def test_memory_is_bounded_and_idle_buckets_go_first():
    clock = Clock()
    limiter = RateLimiter(BURST, PER_MINUTE, COOLDOWN, clock=clock, max_citizens=100)
    for i in range(1000):
        limiter.check(f"tg:{i}")
    assert len(limiter) == 100
    # A flooder in a cool-down is remembered while idle citizens are forgotten.
    for _ in range(BURST + 1):
        limiter.check("tg:flood")
    clock.advance(COOLDOWN / 2)  # everyone else has refilled (idle); the flooder is still quiet
    for i in range(50):
        limiter.check(f"tg:new{i}")
    assert len(limiter) == 51
    assert limiter.check("tg:flood") == SILENT


# --- through the Application --------------------------------------------------------------------------
def limited_config(**overrides) -> Config:
    values = dict(telegram_token=FAKE_TOKEN, rate_burst=BURST, rate_per_minute=PER_MINUTE,
                  rate_cooldown_seconds=COOLDOWN, staff_ids=frozenset({STAFF}))
    values.update(overrides)
    return Config(**values)


@pytest.fixture
async def bot(store, knowledge):
    api = FakeBotApi()
    app = build_application(limited_config(), store, knowledge, request=api, get_updates_request=api)
    clock = Clock()
    app.services.adapter.limiter.clock = clock  # time stands still unless the test moves it
    await app.initialize()
    try:
        yield Bot(app, api, clock=clock)
    finally:
        await app.shutdown()
    check_invariants(api)


async def test_a_flooding_citizen_gets_a_burst_one_notice_then_silence_and_others_are_answered(bot):
    flooder, other = bot.chat(1001), bot.chat(1002)
    got_answer, notices, silent = 0, 0, 0
    for i in range(30):
        started = time.perf_counter()
        replies = await flooder.send(QUESTION)
        if not replies:
            silent += 1
        elif [r["text"] for r in replies] == [texts.RATE_LIMITED]:
            notices += 1
        else:
            got_answer += 1
            assert texts.RATE_LIMITED not in flooder.seen()
        if i % 5 == 0:  # meanwhile, another citizen is answered at once (nothing freezes)
            await other.send(QUESTION)
            assert answered(other) and texts.RATE_LIMITED not in other.seen()
        assert time.perf_counter() - started < 5
    assert (got_answer, notices, silent) == (BURST, 1, 30 - BURST - 1)
    # The silenced updates cost no engine work: nothing of them in the question log.
    logged = await bot.app.services.adapter.storage.recent_questions("tg:1001", 100)
    assert len(logged) == BURST

    # Buttons still stop spinning while silenced (the invariant check also says so), but
    # nothing else happens.
    card = next(m for m in reversed(flooder.messages()) if m.get("reply_markup"))
    await flooder.press(texts.BTN_STEPS, message=card)
    assert [c.method for c in flooder.calls] == ["answerCallbackQuery"]
    await flooder.send_media("photo")
    assert flooder.replies == []

    bot.clock.advance(COOLDOWN)  # after the cool-down: normal again
    await flooder.send(QUESTION)
    assert answered(flooder) and texts.RATE_LIMITED not in flooder.seen()
    await flooder.press(texts.BTN_STEPS)
    assert flooder.replies, "a press after the cool-down is handled"


async def test_staff_are_not_limited(bot):
    staff = bot.chat(STAFF)
    for _ in range(3 * BURST):
        await staff.send(QUESTION)
        assert answered(staff)


async def test_a_10000_character_text_and_caption_cost_no_more_than_the_limit(bot):
    hostile = " pass:pass:pass: 0912 345 678 a.b@c.de " * 300
    text = (QUESTION + " ") * 20 + hostile
    text = text[:10_000]
    assert len(text) == 10_000
    lan = bot.chat(1003)
    started = time.perf_counter()
    await lan.send(text)
    took = time.perf_counter() - started
    assert texts.TOO_LONG in [r["text"] for r in lan.replies]
    assert answered(lan) and texts.ERROR not in lan.seen()
    assert took < 2.0, f"{took:.2f} s"  # typically ~0.05 s

    started = time.perf_counter()
    await lan.send_media("photo", caption=text)
    took = time.perf_counter() - started
    assert [r["text"] for r in lan.replies] == [texts.MEDIA["photo"]]
    assert took < 2.0, f"{took:.2f} s"


async def test_the_matcher_reads_at_most_max_text_chars(store, knowledge):
    """DVCBOT_MAX_TEXT_CHARS: the question is beyond the first N characters, so it is not seen."""
    filler = "xin chào, tôi có một việc muốn hỏi ạ. " * 10
    question = filler + QUESTION
    engine = Engine(knowledge, store, Config(max_text_chars=len(filler) - 10))
    replies = await engine.handle(Event.message("cli:a", question))
    assert replies[0].text == texts.TOO_LONG and "tạm trú" not in "".join(r.text for r in replies).lower()
    engine = Engine(knowledge, store, Config(max_text_chars=len(question) + 10))
    replies = await engine.handle(Event.message("cli:b", question))
    assert texts.TOO_LONG not in [r.text for r in replies] and "tạm trú" in replies[0].text.lower()


async def test_a_huge_text_from_the_terminal_is_cut_before_anything_else(store, knowledge):
    engine = Engine(knowledge, store, Config())
    started = time.perf_counter()
    replies = await engine.handle(Event.message("cli:x", (QUESTION + " pass:1 ") * 20_000))
    assert time.perf_counter() - started < 2.0
    assert texts.TOO_LONG in [r.text for r in replies]
    (logged,) = await store.recent_questions("cli:x", 5)
    assert len(logged.text) <= 4096


@pytest.mark.parametrize("unit", [
    "pass:", "mật khẩu là ", "0912 345 678 ", "1 ", "+84 ", "(0", "a.b@c.de ", "a@", "1.", "otp ",
])
def test_masking_40000_hostile_characters_is_fast(unit):
    text = (unit * 40_000)[:40_000 - 2] + " 1"
    started = time.perf_counter()
    mask_personal(text)
    looks_like_secret(text)
    took = time.perf_counter() - started
    # Linear: ~0.1 s at most on 40,000 characters. Anything quadratic takes many seconds.
    assert took < 1.5, f"{unit!r}: {took:.2f} s"


# --- escalations per citizen and day -----------------------------------------------------------------
async def test_escalations_per_citizen_and_day_are_limited(database_url, knowledge):
    world = await start_world(database_url, knowledge,
                              volunteer_config(max_escalations_per_day=2, rate_burst=0))
    try:
        lan, minh = world.citizen(1001), world.citizen(1002, "Minh")
        for _ in range(2):
            await open_escalation(world, lan)
            await lan.send("/huy")  # (a cancelled one counts too: it was posted)
        posts = len(world.group())

        await lan.send(UNKNOWN_QUESTION)
        await lan.press(texts.BTN_VOLUNTEER)
        assert lan.last_text() == texts.ESC_DAILY_LIMIT.format(n=2)
        assert texts.BTN_CONSENT_YES not in lan.buttons()
        await lan.send("/hoinguoi")  # not even asked to type the question
        assert lan.last_text() == texts.ESC_DAILY_LIMIT.format(n=2)
        assert await world.storage.active_escalation("tg:1001") is None
        assert len(await world.storage.list_escalations(("open", "cancelled"), citizen="tg:1001")) == 2
        assert len(world.group()) == posts  # nothing posted

        await open_escalation(world, minh)  # another citizen is not affected

        # Tomorrow (the escalations are a day older): allowed again.
        async with world.storage.engine.begin() as conn:
            t = tables.escalations
            await conn.execute(t.update().where(t.c.citizen == "tg:1001")
                               .values(created_at=now() - timedelta(days=1)))
        await open_escalation(world, lan)
    finally:
        await world.close()


async def test_a_consent_given_before_the_limit_is_checked_again(sqlite_database_url, knowledge):
    """Consent asked while under the limit; the limit reached meanwhile: no escalation."""
    world = await start_world(sqlite_database_url, knowledge, volunteer_config(max_escalations_per_day=1))
    try:
        lan = world.citizen(1001)
        await lan.send(UNKNOWN_QUESTION)
        await lan.press(texts.BTN_VOLUNTEER)
        consent = lan.last_keyboard_message()
        # The same citizen's escalation opened meanwhile (another instance, say), then closed.
        await world.storage.open_escalation("tg:1001", "câu khác")
        (other,) = await world.storage.list_escalations(citizen="tg:1001")
        await world.storage.cancel_escalation(other.id)
        await lan.press(texts.BTN_CONSENT_YES, message=consent)
        assert lan.last_text() == texts.ESC_DAILY_LIMIT.format(n=1)
        assert await world.storage.active_escalation("tg:1001") is None
    finally:
        await world.close()


# --- outbound rate limiting (python-telegram-bot's AIORateLimiter) ------------------------------------
def test_configuration_from_the_environment():
    config = Config.from_env({
        "DVCBOT_RATE_BURST": "5", "DVCBOT_RATE_PER_MINUTE": "12", "DVCBOT_RATE_COOLDOWN_SECONDS": "30",
        "DVCBOT_MAX_ESCALATIONS_PER_DAY": "3", "DVCBOT_MAX_TEXT_CHARS": "800",
        "DVCBOT_OUTBOUND_RATE_LIMIT": "0", "DVCBOT_OUTBOUND_GROUP_PER_MINUTE": "15",
        "DVCBOT_OUTBOUND_MAX_RETRIES": "1",
    }, dotenv=Path("/nonexistent"))
    assert (config.rate_burst, config.rate_per_minute, config.rate_cooldown_seconds) == (5, 12, 30)
    assert (config.max_escalations_per_day, config.max_text_chars) == (3, 800)
    assert (config.outbound_rate_limit, config.outbound_group_per_minute, config.outbound_max_retries) \
        == (0, 15, 1)
    defaults = Config.from_env({}, dotenv=Path("/nonexistent"))
    assert (defaults.rate_burst, defaults.rate_per_minute, defaults.rate_cooldown_seconds) == (8, 20, 60)
    assert (defaults.max_escalations_per_day, defaults.max_text_chars) == (5, 500)
    assert defaults.outbound_rate_limit == 30 and defaults.outbound_group_per_minute == 20


async def test_the_outbound_rate_limiter_is_wired_when_enabled_and_absent_when_disabled(store, knowledge):
    api = FakeBotApi()
    on = build_application(Config(telegram_token=FAKE_TOKEN), store, knowledge, request=api,
                           get_updates_request=api)
    assert isinstance(on.bot.rate_limiter, AIORateLimiter)
    off = build_application(Config(telegram_token=FAKE_TOKEN, outbound_rate_limit=0), store, knowledge,
                            request=api, get_updates_request=api)
    assert off.bot.rate_limiter is None
    await off.initialize()
    try:
        lan = TelegramChat(off, api, user_id=1001)
        await lan.send(QUESTION)  # replies work without a limiter (no rate_limit_args)
        assert answered(lan)
    finally:
        await off.shutdown()


async def test_a_membership_check_is_not_held_behind_the_groups_posts(store, knowledge):
    """The volunteers' group takes few messages a minute; asking whether someone is a member
    of it (before taking their answer) must not wait behind the posts held back."""
    api = FakeBotApi()
    app = build_application(Config(telegram_token=FAKE_TOKEN, outbound_group_per_minute=1), store, knowledge,
                            request=api, get_updates_request=api)
    await app.initialize()
    try:
        await app.bot.send_message(GROUP, "thẻ câu hỏi #1")  # the minute's one post
        held = asyncio.create_task(app.bot.send_message(GROUP, "thẻ câu hỏi #2"))
        await asyncio.sleep(0.3)
        assert not held.done()  # the group's limit holds
        started = time.perf_counter()
        member = await asyncio.wait_for(app.bot.get_chat_member(GROUP, 777), timeout=5)
        assert member.user.id == 777 and time.perf_counter() - started < 1.0
        assert not held.done()
        held.cancel()
        await asyncio.gather(held, return_exceptions=True)
    finally:
        await app.shutdown()


async def test_a_reply_hit_by_429_is_retried_by_the_limiter(store, knowledge):
    api = FakeBotApi()
    app = build_application(Config(telegram_token=FAKE_TOKEN), store, knowledge, request=api,
                            get_updates_request=api)
    await app.initialize()
    try:
        lan = TelegramChat(app, api, user_id=1001)
        api.fail("sendMessage", status=429, description="Too Many Requests: retry after 1",
                 retry_after=1, chat_id=1001)
        await lan.send(QUESTION)
        assert answered(lan) and texts.ERROR not in lan.seen()
        failed, retried = api.calls_of("sendMessage")[:2]
        assert failed.result is None and retried.result is not None
        assert failed["text"] == retried["text"]
    finally:
        await app.shutdown()


async def test_an_outbox_row_hit_by_429_is_left_to_the_delivery_not_retried_twice(sqlite_database_url, knowledge):
    world = await start_world(sqlite_database_url, knowledge, volunteer_config(outbound_rate_limit=30))
    try:
        assert world.app.bot.rate_limiter is not None
        lan = world.citizen(1001)
        world.api.fail("sendMessage", status=429, description="Too Many Requests: retry after 5",
                       retry_after=5, chat_id=GROUP)
        await open_escalation(world, lan)
        attempts = [c for c in world.api.calls_of("sendMessage") if int(c["chat_id"]) == GROUP]
        assert len(attempts) == 1 and attempts[0].result is None  # no retry inside the limiter
        (row,) = await world.storage.list_outbox(chat_id=GROUP, status="pending")
        assert row.next_attempt_at >= now() + timedelta(seconds=3)  # retry_after, in the database
        assert await world.deliver(now() + timedelta(seconds=6)) == 1
        assert world.card(row.escalation_id)
    finally:
        await world.close()


async def test_a_held_back_group_post_does_not_freeze_other_chats(sqlite_database_url, knowledge):
    """The volunteers' group may take one message a minute here: the second escalation's card
    waits for the limiter, in the background; the citizen who opened it and everyone else are
    answered meanwhile."""
    world = await start_world(sqlite_database_url, knowledge,
                              volunteer_config(outbound_rate_limit=30, outbound_group_per_minute=1))
    try:
        await open_escalation(world, world.citizen(1001))
        assert len(world.group()) == 1
        minh, thu = world.citizen(1002, "Minh"), world.citizen(1003, "Thu")
        await minh.send(UNKNOWN_QUESTION)
        await minh.press(texts.BTN_VOLUNTEER)
        started = time.perf_counter()
        await minh.press(texts.BTN_CONSENT_YES)  # its card is held back by the group limit
        assert time.perf_counter() - started < 3.0
        assert "#" in minh.last_text()  # told the question was sent
        started = time.perf_counter()
        await thu.send(QUESTION)
        assert answered(thu) and time.perf_counter() - started < 1.0
        assert len(world.group()) == 1  # (still waiting)
        (row,) = await world.storage.list_outbox(chat_id=GROUP, status="pending")
        assert row.escalation_id is not None
        await world.app.post_shutdown(world.app)  # what `dvcbot run` does when it stops
        await asyncio.sleep(0)
    finally:
        await world.close()


async def test_a_held_back_volunteers_group_does_not_freeze_volunteers_or_citizens(sqlite_database_url,
                                                                                  knowledge):
    """Every post and edit in the volunteers' group hangs (a throttled group, a slow Bot API):
    a volunteer's claim and answer still return within about a second (the button answered),
    a citizen asking meanwhile is answered at once, and what was held back reaches the group
    later, once."""
    world = await start_world(sqlite_database_url, knowledge)
    adapter = world.app.services.adapter
    try:
        lan, thu = world.citizen(1001), world.citizen(1003, "Thu")
        await open_escalation(world, lan)
        card = world.card(1)
        minh = world.volunteer(777, "Minh")

        gate = asyncio.Event()  # the group's sends wait for it
        do_request = world.api.do_request

        async def held_back(url, method, request_data=None, **timeouts):
            params = request_data.parameters if request_data is not None else {}
            if (url.rsplit("/", 1)[-1] in (*SEND_METHODS, "editMessageText", "editMessageReplyMarkup")
                    and str(params.get("chat_id")) == str(GROUP)):
                await gate.wait()
            return await do_request(url, method, request_data, **timeouts)

        world.api.do_request = held_back
        started = time.perf_counter()
        await minh.press(texts.BTN_CLAIM, card)
        assert time.perf_counter() - started < 2.0
        assert minh.toasts() == [texts.VOL_CLAIMED.format(id=1)]
        started = time.perf_counter()
        await thu.send(QUESTION)
        assert answered(thu) and time.perf_counter() - started < 1.0

        answer = "Bạn đến Phòng Quản lý xuất nhập cảnh."
        started = time.perf_counter()
        await minh.reply(card, answer)
        assert time.perf_counter() - started < 2.0
        assert (await world.storage.get_escalation(1)).status == "answered"  # stored at once
        started = time.perf_counter()
        await thu.send(QUESTION)
        assert answered(thu) and time.perf_counter() - started < 1.0
        assert texts.VOL_STATUS_CLAIMED.format(name="Minh") not in world.card(1)["text"]  # (waiting)
        assert adapter._flushing

        gate.set()
        deadline = time.monotonic() + 10
        while adapter._flushing and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert not adapter._flushing
        # Held back, then sent once each, in order: the card shows Minh, the group got the
        # confirmation of the answer once, the citizen the answer once.
        edits = [c["text"] for c in world.api.calls_of("editMessageText")
                 if int(c["message_id"]) == card["message_id"]]
        assert len(edits) == 2
        assert texts.VOL_STATUS_CLAIMED.format(name="Minh") in edits[0]
        assert texts.VOL_STATUS_ANSWERED.format(name="Minh") in edits[1] == world.card(1)["text"]
        stored = [c for c in world.sent_to(GROUP) if texts.VOL_ANSWER_STORED.format(id=1) in c["text"]]
        assert len(stored) == 1
        assert sum(answer in text for text in world.received(lan)) == 1
        assert not [c for c in world.api.calls if c.result is None]  # nothing failed or was dropped
    finally:
        await adapter.stop_flushing()
        await world.close()


async def test_a_volunteers_answer_is_taken_while_the_groups_posts_wait_for_its_limit(
        sqlite_database_url, knowledge):
    """The group's posts wait for Telegram's per-group limit (here 1 a minute); a volunteer's
    answer still goes through at once: checking that they belong to the group is not one of
    the posts (it once waited behind them and held up every update after it)."""
    world = await start_world(sqlite_database_url, knowledge,
                              volunteer_config(outbound_group_per_minute=1, rate_burst=0))
    adapter = world.app.services.adapter
    try:
        lan, thu = world.citizen(1001), world.citizen(1003, "Thu")
        await open_escalation(world, lan)  # its card: the minute's one post
        card = world.card(1)
        await open_escalation(world, thu)  # its card waits for the next minute
        assert adapter._flushing
        minh = world.volunteer(777, "Minh")
        started = time.perf_counter()
        await minh.reply(card, "Bạn đến Phòng Quản lý xuất nhập cảnh.")
        assert time.perf_counter() - started < 3.0
        assert (await world.storage.get_escalation(1)).status == "answered"
    finally:
        await adapter.stop_flushing()
        await world.close()


async def test_at_shutdown_sends_still_running_get_a_grace_period(sqlite_database_url, knowledge, monkeypatch):
    """The bot stops while a volunteer's card edit is held back (a throttled group): once the
    last update is handled (post_stop) the edit gets SHUTDOWN_GRACE to finish before the Bot API
    client closes; one held back longer is given up then, not waited for forever."""
    monkeypatch.setattr(telegram_adapter, "SHUTDOWN_GRACE", 1.0)
    # A press waits FLUSH_WAIT (1 s) for its held-back edit before leaving it to the
    # background, which is where this test wants it: not the time it measures.
    monkeypatch.setattr(telegram_adapter, "FLUSH_WAIT", 0.2)
    world = await start_world(sqlite_database_url, knowledge)
    adapter = world.app.services.adapter
    try:
        lan, thu = world.citizen(1001), world.citizen(1003, "Thu")
        minh = world.volunteer(777, "Minh")
        gate = asyncio.Event()
        do_request = world.api.do_request

        async def held_back(url, method, request_data=None, **timeouts):
            if url.rsplit("/", 1)[-1] == "editMessageText":
                await gate.wait()
            return await do_request(url, method, request_data, **timeouts)

        world.api.do_request = held_back
        await open_escalation(world, lan)
        await minh.press(texts.BTN_CLAIM, world.card(1))
        assert adapter._flushing  # the card edit waits in the background
        asyncio.get_running_loop().call_later(0.3, gate.set)
        started = time.perf_counter()
        await world.app.post_stop(world.app)  # what `dvcbot run` does when it stops
        assert time.perf_counter() - started < 1.0
        assert not adapter._flushing
        assert texts.VOL_STATUS_CLAIMED.format(name="Minh") in world.card(1)["text"]

        gate.clear()  # now held back for good
        await open_escalation(world, thu)
        await minh.press(texts.BTN_CLAIM, world.card(2))
        assert adapter._flushing
        started = time.perf_counter()
        await world.app.post_stop(world.app)
        assert 0.9 <= time.perf_counter() - started < 2.0  # waited SHUTDOWN_GRACE, no longer
        await adapter.stop_flushing()  # (post_shutdown)
        assert not adapter._flushing
        assert texts.VOL_STATUS_CLAIMED.format(name="Minh") not in world.card(2)["text"]
    finally:
        gate.set()
        await world.close()
