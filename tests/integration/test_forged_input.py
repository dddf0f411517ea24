"""Forged callback data and numbers nobody types by accident, through the whole Application on
the fake Bot API: every callback prefix (the citizens' and the volunteers'), every volunteers'
command and /thongke, with numbers that str.isdigit accepts but int() refuses ("²"), numbers
beyond the database's integers, signs, spaces, other scripts' digits.

What must hold for each update: nothing reaches the error handler, nothing is logged at ERROR
(nor a warning of ours), the callback query is answered exactly once, no apology (texts.ERROR,
texts.BUSY) is sent, and a volunteer's command always gets a polite answer in the group.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from telegram import Update

from bot.dialogue import texts
from bot.dialogue.engine import GUIDE_PAYLOAD_PREFIX
from bot.dialogue.group_posts import VOLUNTEER_ACTIONS
from bot.dialogue.live_knowledge import LiveKnowledge
from helpers import REPO
from helpers.fake_telegram import BOT_USER, message_json, update_json, user_json
from helpers.world import GROUP, open_escalation, start_world, volunteer_config

KNOWLEDGE = LiveKnowledge.load(REPO / "procedures.yaml")
GUIDE = next(p.id for p in KNOWLEDGE.kb.procedures if p.guide is not None)
ASKER, WALKER, VOLUNTEER, STAFF = 1001, 1002, 777, 4242
CONFIG = volunteer_config(rate_burst=0, outbound_rate_limit=0, max_escalations_per_day=0,
                          staff_ids=frozenset({STAFF}))
CITIZEN_PREFIXES = ["p", "st", "fq", "fb", "gs", "g", "c", "v", "t", "e"]
NUMBERS = ["²", "¹²", "٣", "１２", "9" * 25, str(2**63), str(2**63 - 1), "-1", "+1", " 1", "1 ", "0x1",
           "1e3", "1.0", "0", "00", "", "#1", "1\n2", "①", "Ⅻ", "🔟", "1️⃣", "NaN"]
FIELD = st.one_of(st.sampled_from(NUMBERS), st.sampled_from(["<id>", "<n>", "ok", "more", "fb", "c", "x", "q",
                                                             "next", "yes", GUIDE]),
                  st.text(max_size=6))
FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


class _Spy(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.name.startswith("bot"):
            self.records.append(record)


class Harness:
    """One Application for all examples: a citizen with an open escalation (ASKER), one in a
    walkthrough (WALKER), a volunteer (member of the group) and a staff member."""

    def __init__(self, database_url: str) -> None:
        self.runner = asyncio.Runner()
        self.errors: list[BaseException] = []
        self.spy = _Spy()
        self.runner.run(self._setup(database_url))

    async def _setup(self, database_url: str) -> None:
        self.world = await start_world(database_url, KNOWLEDGE, CONFIG)
        self.world.app.add_error_handler(self._on_error)
        self.asker = self.world.citizen(ASKER)
        self.walker = self.world.citizen(WALKER, "Hoa")
        self.volunteer = self.world.volunteer(VOLUNTEER)
        self.escalation = await open_escalation(self.world, self.asker)
        logging.getLogger().addHandler(self.spy)

    async def _on_error(self, update: object, context: Any) -> None:
        self.errors.append(context.error)

    def close(self) -> None:
        logging.getLogger().removeHandler(self.spy)
        try:
            self.runner.run(self.world.close())  # (also check_invariants over every call)
        finally:
            self.runner.close()

    # -- building data ------------------------------------------------------------------------
    async def fill(self, value: str, citizen: int) -> str:
        session = await self.world.storage.load_session(f"tg:{citizen}")
        return value.replace("<id>", str(self.escalation)).replace("<n>", session.data.get("n") or "zzzz")

    async def callback(self, who: str, prefix: str, nonce: str, args: list[str]) -> None:
        citizen = WALKER if who == "walker" else ASKER
        if who == "walker":  # on a walkthrough's step, so that g: and c: data reach their checks
            await self.walker.send(f"/start {GUIDE_PAYLOAD_PREFIX}{GUIDE}")
        data = ":".join([prefix, await self.fill(nonce, citizen)] + [await self.fill(a, citizen) for a in args])
        data = data.encode("utf-8")[:64].decode("utf-8", "ignore")
        if who == "volunteer":
            user, chat = user_json(VOLUNTEER, "Minh"), {"id": GROUP, "type": "supergroup", "title": "TNV"}
        else:
            user, chat = user_json(citizen), {"id": citizen, "type": "private", "first_name": "Lan"}
        message = message_json(chat, BOT_USER, self.world.api.next_message_id(chat["id"]), "?")
        query = {"id": f"q{update_json()['update_id']}", "from": user, "chat_instance": "ci", "data": data,
                 "message": message}
        calls = await self.deliver(update_json(callback_query=query), data)
        answers = [c for c in calls if c.method == "answerCallbackQuery" and c["callback_query_id"] == query["id"]]
        assert len(answers) == 1, f"{data!r}: answered {len(answers)} times"

    async def command(self, who: str, text: str) -> None:
        if who == "volunteer":
            before = len(self.world.api.calls)
            await self.volunteer.send(text)
            self.check(self.world.api.calls[before:], text)
            said = [c for c in self.world.api.calls[before:] if c.method == "sendMessage"
                    and int(c["chat_id"]) == GROUP]
            assert said, f"{text!r}: no answer in the group"
            return
        user_id = STAFF if who == "staff" else ASKER
        chat = {"id": user_id, "type": "private", "first_name": "Lan"}
        message = message_json(chat, user_json(user_id), self.world.api.next_message_id(user_id), text)
        calls = await self.deliver(update_json(message=message), text)
        assert any(c.method in ("sendMessage", "sendPhoto") and int(c["chat_id"]) == user_id for c in calls), \
            f"{text!r}: no answer"

    async def deliver(self, data: dict, what: str) -> list:
        before = len(self.world.api.calls)
        self.world.api.delivered.append(data)
        await self.world.app.process_update(Update.de_json(data, self.world.app.bot))
        calls = self.world.api.calls[before:]
        self.check(calls, what)
        return calls

    def check(self, calls: list, what: str) -> None:
        assert not self.errors, f"{what!r}: error handler reached: {self.errors!r}"
        assert not self.spy.records, f"{what!r}: logged {[(r.name, r.getMessage()) for r in self.spy.records]}"
        for call in calls:
            if call.method in ("sendMessage", "editMessageText"):
                assert call["text"].strip() and call["text"] not in (texts.ERROR, texts.BUSY), (what, call["text"])

    def run(self, coroutine) -> None:
        self.errors.clear()
        self.spy.records.clear()
        self.runner.run(coroutine)


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    h = Harness(f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('forged') / 'forged.sqlite3'}")
    try:
        yield h
    finally:
        h.close()


@settings(max_examples=150, **FUZZ)
@given(who=st.sampled_from(["asker", "walker", "volunteer"]),
       prefix=st.sampled_from(CITIZEN_PREFIXES + list(VOLUNTEER_ACTIONS)),
       nonce=st.sampled_from(["-", "<n>", "abcd", "", "²"]),
       args=st.lists(FIELD, max_size=3))
@example(who="volunteer", prefix="vn", nonce="-", args=["²"])
@example(who="volunteer", prefix="vd", nonce="-", args=["9" * 25])
@example(who="volunteer", prefix="vr", nonce="-", args=[str(2**63)])
@example(who="asker", prefix="e", nonce="-", args=["ok", "²"])
@example(who="asker", prefix="e", nonce="-", args=["more", "9" * 25])
@example(who="asker", prefix="e", nonce="-", args=["fb", str(2**63), "1"])
@example(who="walker", prefix="g", nonce="<n>", args=["c", "²"])
@example(who="walker", prefix="c", nonce="<n>", args=["²"])
def test_forged_callback_data_is_answered_politely(harness, who, prefix, nonce, args):
    harness.run(harness.callback(who, prefix, nonce, args))


@settings(max_examples=100, **FUZZ)
@given(command=st.sampled_from(["nhan", "xong", "traloi", "hangdoi", "giup", "help"]),
       number=st.one_of(st.sampled_from(NUMBERS + ["<id>", "#<id>"]), st.text(max_size=8)),
       rest=st.sampled_from(["", " cảm ơn", " bạn mang CCCD", "²"]))
@example(command="nhan", number="99999999999999999999999", rest="")
@example(command="traloi", number=str(2**63), rest=" bạn mang CCCD")
@example(command="xong", number="#" + "9" * 30, rest="")
@example(command="nhan", number="²", rest="")
@example(command="nhan", number="١٢", rest="")
def test_volunteers_commands_with_any_number_get_a_polite_answer(harness, command, number, rest):
    text = f"/{command} {number}{rest}".replace("<id>", str(harness.escalation))
    harness.run(harness.command("volunteer", text))


@settings(max_examples=30, **FUZZ)
@given(text=st.sampled_from(["/thongke", "/start", "/hoinguoi", "/huy"]),
       number=st.sampled_from(NUMBERS))
@example(text="/thongke", number="²")
@example(text="/thongke", number="9" * 40)
def test_citizens_and_staff_commands_with_any_number(harness, text, number):
    who = "staff" if text == "/thongke" else "citizen"
    harness.run(harness.command(who, f"{text} {number}"))

