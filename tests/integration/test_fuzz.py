"""Property-based (hypothesis) tests: random and hostile Telegram updates through the real
Application (real engine, matcher, procedures.yaml, Storage on a SQLite file, FakeBotApi),
and properties of the matcher and the normaliser.

What must hold for every update, whatever its content:
  * no exception reaches the Application's error handler, and nothing is logged at ERROR;
  * a citizen's text or attachment in a private chat gets at least one message back, in that
    chat only; a redelivered update (same update_id) gets nothing; groups, channels, edits,
    messages without a sender and other update types get nothing;
  * every callback query is answered (before anything is sent), whatever its data;
  * no call uses parse_mode; every text sent is 1..4096 UTF-16 units; callback data <= 64
    bytes; no apology (texts.ERROR / texts.BUSY): nothing failed;
  * at most one question-log row per update, none for what is not a text or a button;
  * afterwards every session row loads, its state is one of the engine's, and its walkthrough
    position (procedure, step, history) and clarify offer exist in the knowledge base.

Runs are repeatable: the "dvcbot" hypothesis profile (tests/conftest.py) derandomizes.
DVCBOT_FUZZ_SCALE=10 (and DVCBOT_HYPOTHESIS_PROFILE=explore for fresh random examples)
runs ten times more examples.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import os
import re
import time
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import BACKENDS, _admin_dsn, _postgres_admin
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update
from telegram.constants import MessageLimit

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.engine import GUIDE_PAYLOAD_PREFIX, MAX_CALLBACK_BYTES
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.dialogue.splitting import split as split_text
from bot.storage import Storage, tables
from bot.telegram.app import build_application
from helpers import KB_PATH
from helpers.fake_telegram import (
    BOT_USER,
    FAKE_TOKEN,
    FakeBotApi,
    buttons_of,
    message_json,
    update_json,
    user_json,
)
from knowledge.normalise import fold

# Abuse limits off (they are tested in tests/integration/test_limits.py): the fuzz drives a citizen far faster
# than a person can and wants a reply to every text; the outbound limiter would pace the
# volunteers' group at 20 posts a minute.
NO_LIMITS = dict(rate_burst=0, outbound_rate_limit=0, max_escalations_per_day=0)
CONFIG = Config(telegram_token=FAKE_TOKEN, **NO_LIMITS)
KNOWLEDGE = LiveKnowledge.load(KB_PATH)
KB = KNOWLEDGE.kb
# The engine's session states (bot.dialogue.engine's module docstring).
ENGINE_STATES = {"idle", "guide", "paused"}
SCALE = float(os.environ.get("DVCBOT_FUZZ_SCALE", "1") or 1)


def examples(n: int) -> int:
    return max(1, int(n * SCALE))


FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                  HealthCheck.large_base_example])


# --- Hostile text -------------------------------------------------------------------------------------
def _kb_phrases() -> list[str]:
    out: list[str] = []
    for p in KB.procedures:
        out.append(p.title)
        out.extend(p.questions[:2])
        out.extend(p.aliases[:1])
    for o in KB.out_of_scope:
        out.extend(o.phrasings[:1])
    return out


GUIDES = [p.id for p in KB.procedures if p.guide is not None]
PHRASES = _kb_phrases() + [
    "tiếp", "Tiếp", "quay lại", "xong", "xin chào", "cảm ơn", "alo", "ok", "?", "...",
    "/start", "/start@dvcbot", "/tieptuc", "/huy", "/help", "/giup", "/thutuc", "/khongco", "/",
    "/ start", "//start", "/start  ", *(f"/start {GUIDE_PAYLOAD_PREFIX}{g}" for g in GUIDES),
    f"/start {GUIDE_PAYLOAD_PREFIX}", f"/start {GUIDE_PAYLOAD_PREFIX}khong-co", "/start dang-ky-tam-tru",
    "/start ../../etc/passwd", "CCCD 001203004567", "cmnd 123456789", "mật khẩu là abc123",
    "mã OTP của em là 482913", "sđt 0912 345 678", "+84912345678", "lan.nguyen@example.vn",
    "stk 1234567890123 vietcombank", "27/11/2026", "lệ phí 200000 đồng", "Nghị định 123/2015",
    "DROP TABLE sessions; --", "' OR 1=1 --", "<b>đậm</b>", "*x* _y_ `z` [a](http://x.y)",
    "{\"n\": \"abcd\"}", "%s %d {0} {title}", "${HOME}", "\\N{BULLET}",
]
CONTROL = st.one_of(st.characters(max_codepoint=0x1F), st.sampled_from("\x7f\x85\u2028\u2029"))
INVISIBLE = st.sampled_from([
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e",  # zero-width
    "\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi
    "\u2066", "\u2067", "\u2068", "\u2069", "\u3000", "\u00a0", "\u2009", "\ufffd",
])
EMOJI = st.sampled_from([
    "😀", "👍🏽", "👨‍👩‍👧‍👦", "🇻🇳", "❤️", "🙏", "🤔", "1️⃣", "🏳️‍🌈", "\U0001F9D1\u200D\U0001F4BB",
    "🫶🏻", "\U0001F600" * 3, "🔥💯", "☎️", "✅",
])
COMBINING = st.one_of(
    st.sampled_from(PHRASES).map(lambda s: unicodedata.normalize("NFD", s)),
    st.text(st.characters(min_codepoint=0x300, max_codepoint=0x36F), min_size=1, max_size=6),
    st.sampled_from(["Đăng ký", "đăng kí", "ĐĂNG KÝ TẠM TRÚ", "dang ky tam tru", "dk tam tru",
                     "đăg ký", "chuw kys soos", "sinhhhh!!!", "tamtru", "dnag ky"]),
)
FRAGMENT = st.one_of(
    st.sampled_from(PHRASES),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ăâđêôơư", max_size=15),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=20),  # any unicode, no surrogates
    CONTROL, INVISIBLE, EMOJI, COMBINING,
    st.integers(0, 10**13).map(str),
    st.sampled_from([" ", "  ", "\n", "\n\n", "\t", ":", "/", "@", "#", "~"]),
)
SHORT_TEXT = st.lists(FRAGMENT, min_size=1, max_size=10).map("".join)


def _repeat_to(n: int, piece: str) -> str:
    piece = piece or "a"
    return (piece * (n // len(piece) + 1))[:n]


LONG_TEXT = st.builds(_repeat_to, st.integers(3000, 10_000), SHORT_TEXT)
HOSTILE_TEXT = st.one_of(SHORT_TEXT, SHORT_TEXT, SHORT_TEXT, LONG_TEXT)
# What a Telegram client can send as a message: not empty.
MESSAGE_TEXT = HOSTILE_TEXT.map(lambda s: s if s else " ")


def _cut_bytes(data: str, limit: int = MAX_CALLBACK_BYTES) -> str:
    return data.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


CALLBACK_DATA = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=64),
    st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
    st.sampled_from(["", ":", "::", "g", "g:", "g:abcd:next", "p:~:dang-ky-tam-tru", "t:", "v:x:q",
                     "c:0000:0", "fb:::1", "gs:abcd:" + (GUIDES[0] if GUIDES else "x")]),
).map(_cut_bytes)

ENTITY_TYPES = ["mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number", "bold",
                "italic", "underline", "strikethrough", "spoiler", "blockquote", "expandable_blockquote",
                "code", "pre", "text_link", "text_mention", "custom_emoji", "date_time", "some_future_type"]


def _entity(kind: str, offset: int, length: int) -> dict:
    e: dict[str, Any] = {"type": kind, "offset": offset, "length": length}
    if kind == "text_link":
        e["url"] = "http://127.0.0.1/x"
    elif kind == "text_mention":
        e["user"] = user_json(999, "Mallory")
    elif kind == "custom_emoji":
        e["custom_emoji_id"] = "5368324170671202286"
    elif kind == "pre":
        e["language"] = "python"
    return e


ENTITIES = st.lists(st.builds(_entity, st.sampled_from(ENTITY_TYPES), st.integers(-3, 12_000),
                              st.integers(0, 12_000)), max_size=6)
MEDIA_KINDS = ["photo", "voice", "audio", "sticker", "location", "venue", "contact", "dice", "document",
               "video", "video_note", "animation", "poll", "service"]


def media_content(kind: str) -> dict:
    """Message fields of one kind of non-text message ("service": one without anything to answer)."""
    f = {"file_id": f"{kind}-file", "file_unique_id": f"{kind}-u"}
    return {
        "photo": {"photo": [dict(f, width=90, height=90), dict(f, file_id="big", width=800, height=800)]},
        "voice": {"voice": dict(f, duration=3, mime_type="audio/ogg")},
        "audio": {"audio": dict(f, duration=100, title="bài hát")},
        "sticker": {"sticker": dict(f, width=512, height=512, is_animated=False, is_video=False,
                                    type="regular", emoji="👍")},
        "location": {"location": {"latitude": 10.95, "longitude": 106.82}},
        "venue": {"venue": {"location": {"latitude": 10.9, "longitude": 106.8}, "title": "UBND xã",
                            "address": "Số 1"}, "location": {"latitude": 10.9, "longitude": 106.8}},
        "contact": {"contact": {"phone_number": "+84912345678", "first_name": "Lan"}},
        "dice": {"dice": {"emoji": "🎲", "value": 4}},
        "document": {"document": dict(f, file_name="giay-to.pdf", mime_type="application/pdf")},
        "video": {"video": dict(f, width=640, height=360, duration=5)},
        "video_note": {"video_note": dict(f, length=240, duration=5)},
        "animation": {"animation": dict(f, width=320, height=240, duration=2),
                      "document": dict(f, file_name="a.gif.mp4")},
        "poll": {"poll": {"id": "p1", "question": "Hỏi?",
                          "options": [{"text": "A", "voter_count": 0, "persistent_id": "o1"},
                                      {"text": "B", "voter_count": 0, "persistent_id": "o2"}],
                          "total_voter_count": 0, "is_closed": False, "is_anonymous": True,
                          "type": "regular", "allows_multiple_answers": False, "allows_revoting": False,
                          "members_only": False}},
        "service": {"write_access_allowed": {}},
    }[kind]


# --- Operations: one update each --------------------------------------------------------------------
MUTATIONS = ["none", "none", "nonce", "truncate", "append", "field", "drop", "dup", "action", "index"]
FIELD_VALUES = ["", "x", "-", "-1", "0", "1", "2", "99", "9" * 30, "g", "next", "go", "c", "q", "fb", "🙂",
                "khong-co", *[p.id for p in KB.procedures[:6]], *GUIDES]
ACTIONS = ["g", "gs", "p", "st", "fq", "fb", "c", "v", "t", "zz", "", "G", "p "]


@dataclass(frozen=True)
class Op:
    kind: str
    citizen: int = 0  # 0 or 1: which of the example's two citizens
    text: str = ""
    media: str = ""
    caption: str | None = None
    entities: tuple = ()
    pick: int = 0  # which message / button, modulo what exists
    button: int = 0
    mutation: str = "none"
    arg: str = ""
    variant: str = ""


OPS = st.one_of(
    # Weighted towards what citizens do most: text and buttons.
    st.builds(Op, kind=st.just("text"), citizen=st.integers(0, 1), text=MESSAGE_TEXT),
    st.builds(Op, kind=st.just("text"), citizen=st.integers(0, 1), text=st.sampled_from(PHRASES)),
    st.builds(Op, kind=st.just("text"), citizen=st.integers(0, 1), text=st.sampled_from(
        [f"/start {GUIDE_PAYLOAD_PREFIX}{g}" for g in GUIDES] + ["/start", "/tieptuc", "tiếp"])),
    st.builds(Op, kind=st.just("press"), citizen=st.integers(0, 1), pick=st.integers(0, 10),
              button=st.integers(0, 30), mutation=st.sampled_from(MUTATIONS),
              arg=st.one_of(st.sampled_from(FIELD_VALUES), st.sampled_from(ACTIONS), SHORT_TEXT)),
    st.builds(Op, kind=st.just("press"), citizen=st.integers(0, 1), pick=st.just(0),
              button=st.integers(0, 30)),
    st.builds(Op, kind=st.just("press"), citizen=st.integers(0, 1), pick=st.integers(0, 2),
              button=st.integers(0, 30), variant=st.just("guide")),
    st.builds(Op, kind=st.just("callback"), citizen=st.integers(0, 1), arg=CALLBACK_DATA,
              variant=st.sampled_from(["message", "inaccessible", "none", "group", "game"])),
    st.builds(Op, kind=st.just("media"), citizen=st.integers(0, 1), media=st.sampled_from(MEDIA_KINDS),
              caption=st.one_of(st.none(), HOSTILE_TEXT)),
    st.builds(Op, kind=st.just("entities"), citizen=st.integers(0, 1), text=MESSAGE_TEXT,
              entities=ENTITIES.map(tuple)),
    st.builds(Op, kind=st.just("reply"), citizen=st.integers(0, 1), text=MESSAGE_TEXT, pick=st.integers(0, 10)),
    st.builds(Op, kind=st.sampled_from(["group", "channel", "edited", "nouser", "anonymous_admin"]),
              citizen=st.integers(0, 1), text=MESSAGE_TEXT),
    st.builds(Op, kind=st.just("group_media"), citizen=st.integers(0, 1), media=st.sampled_from(MEDIA_KINDS),
              caption=st.one_of(st.none(), HOSTILE_TEXT)),
    st.builds(Op, kind=st.sampled_from(["redeliver", "my_chat_member", "inline_query", "poll_answer"]),
              citizen=st.integers(0, 1), text=SHORT_TEXT),
)


def mutate(data: str, op: Op) -> str:
    parts = data.split(":")
    i = op.button % len(parts)
    m = op.mutation
    if m == "nonce" and len(parts) > 1:
        parts[1] = (op.arg + "zzzz")[:4]
    elif m == "truncate":
        return data[: op.button % (len(data) + 1)]
    elif m == "append":
        return _cut_bytes(data + op.arg)
    elif m == "field":
        parts[i] = op.arg
    elif m == "drop" and len(parts) > 1:
        del parts[i]
    elif m == "dup":
        parts.insert(i, parts[i])
    elif m == "action":
        parts[0] = op.arg
    elif m == "index" and len(parts) > 2:
        parts[-1] = str(op.button * 7 - 20)
    return _cut_bytes(":".join(parts))


@dataclass
class Expect:
    reply: bool  # at least one message to the update's chat
    chat_id: int | None = None
    query_id: str | None = None  # a callback query to be answered
    questions: int = 0  # at most this many question-log rows
    redelivery: bool = False


# --- The harness: one Application and Storage for all examples of a test ------------------------------
class _Spy(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Citizen:
    user_id: int

    @property
    def key(self) -> str:
        return f"tg:{self.user_id}"

    @property
    def user(self) -> dict:
        return user_json(self.user_id, "Lan")

    @property
    def chat(self) -> dict:
        return {"id": self.user_id, "type": "private", "first_name": "Lan"}


class Harness:
    """Runs examples on one event loop; checks the invariants after each update."""

    _ids = itertools.count(1)
    config = CONFIG

    def __init__(self, database_url: str, knowledge: LiveKnowledge = KNOWLEDGE) -> None:
        self.database_url = database_url
        self.knowledge = knowledge
        self.runner = asyncio.Runner()
        self.errors: list[tuple[Any, BaseException]] = []
        self.log_spy = _Spy()
        self.runner.run(self._setup())

    async def _setup(self) -> None:
        self.storage = await Storage.open(self.database_url)
        self.api = FakeBotApi()
        self.app = build_application(self.config, self.storage, self.knowledge, request=self.api,
                                     get_updates_request=self.api)
        await self.app.initialize()
        # The spy goes first; the adapter's own error handler still runs after it.
        handlers = dict(self.app.error_handlers)
        self.app.error_handlers.clear()
        self.app.add_error_handler(self._on_error)
        self.app.error_handlers.update(handlers)
        logging.getLogger().addHandler(self.log_spy)

    async def _on_error(self, update: object, context: Any) -> None:
        self.errors.append((update, context.error))

    def close(self) -> None:
        logging.getLogger().removeHandler(self.log_spy)
        try:
            self.runner.run(self._teardown())
        finally:
            self.runner.close()

    async def _teardown(self) -> None:
        try:
            await self.app.shutdown()
        finally:
            await self.storage.close()

    # -- one example ------------------------------------------------------------------------------
    def run(self, ops: list[Op]) -> None:
        self.runner.run(self._run(ops))

    async def _run(self, ops: list[Op]) -> None:
        base = 2_000_000_000 + 10 * next(self._ids)
        self.citizens = [Citizen(base), Citizen(base + 1)]
        self.group = {"id": -1_000_000_000_000 - base, "type": "supergroup", "title": "Nhóm hỏi đáp"}
        self.previous: dict | None = None
        self.errors.clear()
        self.log_spy.records.clear()
        self.questions = await self.storage.count_questions()
        self.slowest = 0.0
        for op in ops:
            data, expect = self.build(op)
            await self.deliver(data, expect)
            self.previous = data
        await self.check_database([c.key for c in self.citizens])

    def build(self, op: Op) -> tuple[dict, Expect]:
        c = self.citizens[op.citizen]
        mid = self.api.next_message_id(c.user_id)
        private_text = Expect(True, c.user_id, questions=1)
        if op.kind == "text":
            return update_json(message=message_json(c.chat, c.user, mid, op.text)), private_text
        if op.kind == "entities":
            message = message_json(c.chat, c.user, mid, op.text)
            message["entities"] = [dict(e) for e in op.entities]
            return update_json(message=message), private_text
        if op.kind == "reply":
            old = self._pick_message(c, op.pick) or message_json(c.chat, c.user, max(1, mid - 1), "cũ")
            return update_json(message=message_json(c.chat, c.user, mid, op.text, reply_to_message=old)), private_text
        if op.kind == "media":
            content = media_content(op.media)
            if op.caption is not None:
                content["caption"] = op.caption
            reply = op.media != "service"
            return update_json(message=message_json(c.chat, c.user, mid, **content)), Expect(reply, c.user_id)
        if op.kind == "press":
            prefix = "g:" if op.variant == "guide" else ""  # a walkthrough's buttons only
            message = self._pick_message(c, op.pick, with_buttons=prefix or True)
            if message is None:  # nothing to press yet: a button of a message we never sent
                message = message_json(c.chat, BOT_USER, mid, "?")
                data = "p:abcd:" + KB.procedures[0].id
            else:
                buttons = [b for b in buttons_of(message) if b["callback_data"].startswith(prefix)]
                data = mutate(buttons[op.button % len(buttons)]["callback_data"], op)
            return self._callback(c, data, message), Expect(True, c.user_id, self._last_query, questions=1)
        if op.kind == "callback":
            if op.variant == "group":
                message = message_json(self.group, BOT_USER, mid, "?")
                return self._callback(c, op.arg, message), Expect(False, None, self._last_query)
            if op.variant == "none":  # a button of an inline-mode message: no chat at all
                return self._callback(c, op.arg, None), Expect(False, None, self._last_query)
            if op.variant == "inaccessible":  # older than 48 hours
                message = {"chat": c.chat, "message_id": max(1, mid - 1), "date": 0}
            else:
                message = self._pick_message(c, 0) or message_json(c.chat, BOT_USER, mid, "?")
            data = None if op.variant == "game" else op.arg
            return self._callback(c, data, message), Expect(True, c.user_id, self._last_query, questions=1)
        if op.kind == "group":
            return update_json(message=message_json(self.group, c.user, mid, op.text)), Expect(False)
        if op.kind == "group_media":
            content = media_content(op.media)
            if op.caption is not None:
                content["caption"] = op.caption
            return update_json(message=message_json(self.group, c.user, mid, **content)), Expect(False)
        if op.kind == "anonymous_admin":  # a group message without a sender ("from")
            message = message_json(self.group, None, mid, op.text, sender_chat={
                "id": self.group["id"], "type": "supergroup", "title": self.group["title"]})
            return update_json(message=message), Expect(False)
        if op.kind == "channel":
            channel = {"id": self.group["id"] - 1, "type": "channel", "title": "Tin xã"}
            post = message_json(channel, None, mid, op.text, sender_chat=channel)
            return update_json(channel_post=post), Expect(False)
        if op.kind == "edited":
            message = dict(message_json(c.chat, c.user, max(1, mid - 1), op.text), edit_date=int(time.time()))
            return update_json(edited_message=message), Expect(False)
        if op.kind == "nouser":  # a private message without "from" (Telegram never sends one)
            return update_json(message=message_json(c.chat, None, mid, op.text)), Expect(False)
        if op.kind == "redeliver" and self.previous is not None:
            return self.previous, Expect(False, redelivery=True)
        if op.kind == "my_chat_member":  # the citizen blocked (or unblocked) the bot
            member = {"chat": c.chat, "from": c.user, "date": int(time.time()),
                      "old_chat_member": {"status": "member", "user": BOT_USER},
                      "new_chat_member": {"status": "kicked", "user": BOT_USER, "until_date": 0}}
            return update_json(my_chat_member=member), Expect(False)
        if op.kind == "poll_answer":
            return update_json(poll_answer={"poll_id": "p1", "user": c.user, "option_ids": [0],
                                                  "option_persistent_ids": ["o1"]}), Expect(False)
        return update_json(inline_query={"id": f"iq{mid}", "from": c.user, "query": op.text[:256],
                                         "offset": ""}), Expect(False)

    _query_ids = itertools.count(1)
    _last_query: str | None = None

    def _callback(self, c: Citizen, data: str | None, message: dict | None) -> dict:
        query: dict[str, Any] = {"id": f"fz{next(self._query_ids)}", "from": c.user,
                                 "chat_instance": f"ci{c.user_id}"}
        if data is None:
            query["game_short_name"] = "game"
        else:
            query["data"] = data
        if message is None:
            query["inline_message_id"] = "inl-1"
        else:
            query["message"] = message
        self._last_query = query["id"]
        return update_json(callback_query=query)

    def _pick_message(self, c: Citizen, pick: int, with_buttons: bool | str = False) -> dict | None:
        """One of the bot's messages in the citizen's chat: 0 = the newest, 1 = the one before...
        (with_buttons: only those with buttons; a string: with a button whose data starts so)."""
        prefix = with_buttons if isinstance(with_buttons, str) else ""
        messages = [m for m in reversed(self.api.chat_messages(c.user_id))
                    if not with_buttons or any(b["callback_data"].startswith(prefix) for b in buttons_of(m))]
        return messages[pick % len(messages)] if messages else None

    # -- one update -----------------------------------------------------------------------------------
    async def deliver(self, data: dict, expect: Expect) -> None:
        before_calls = len(self.api.calls)
        started = time.perf_counter()
        await self.app.process_update(Update.de_json(data, self.app.bot))
        self.slowest = max(self.slowest, time.perf_counter() - started)
        calls = self.api.calls[before_calls:]
        what = _describe(data)

        assert not self.errors, f"{what}: error handler reached: {self.errors!r}"
        bad_logs = [r for r in self.log_spy.records
                    if r.levelno >= logging.ERROR or (r.name.startswith("bot") and r.levelno >= logging.WARNING)]
        assert not bad_logs, f"{what}: logged {[(r.name, r.getMessage()) for r in bad_logs]}"
        for call in calls:
            check_call(call, what)

        shown = [c for c in calls if c.method in ("sendMessage", "editMessageText")]
        targets = {int(c["chat_id"]) for c in shown}
        others = targets - {expect.chat_id} - self.also_to(expect)
        assert not others, f"{what}: messages to {others}: {[(c.method, c['text'][:60]) for c in shown]}"
        if expect.reply:
            assert expect.chat_id in targets, f"{what}: no reply; calls {[c.method for c in calls]}"
            assert all(c.result is not None for c in shown)
        elif expect.chat_id is None and not self.also_to(expect):
            assert not shown, f"{what}: unexpected messages {[(c.method, c['text'][:60]) for c in shown]}"

        if expect.query_id is not None:
            answers = [i for i, c in enumerate(calls) if c.method == "answerCallbackQuery"
                       and c["callback_query_id"] == expect.query_id]
            assert len(answers) == 1, f"{what}: callback query answered {len(answers)} times"
            first_shown = next((i for i, c in enumerate(calls)
                                if c.method in ("sendMessage", "editMessageText")), len(calls))
            assert answers[0] < first_shown, f"{what}: answered after the reply"
        elif not expect.redelivery:
            assert all(c.method != "answerCallbackQuery" for c in calls), what

        before_questions, self.questions = self.questions, await self.storage.count_questions()
        logged = self.questions - before_questions
        assert 0 <= logged <= expect.questions, f"{what}: {logged} question-log rows"

    def also_to(self, expect: Expect) -> set[int]:
        """Chats besides the update's own that may get messages while it is handled."""
        return set()

    # -- the database afterwards ------------------------------------------------------------------------
    async def check_database(self, citizens: list[str]) -> None:
        """Every stored session is one the engine can continue; the example's citizens' load."""
        async with self.storage.engine.connect() as conn:
            rows = (await conn.execute(sa.select(tables.sessions))).all()
        for row in rows:
            check_session(self.knowledge.kb, row.citizen, row.state, row.procedure, row.step, row.data)
        for key in citizens:
            s = await self.storage.load_session(key)
            check_session(self.knowledge.kb, key, s.state, s.procedure, s.step, s.data)


def check_session(kb, key: str, state: str, procedure: str | None, step: str | None, data: Any) -> None:
    where = f"session {key}: {(state, procedure, step, data)!r}"
    assert state in ENGINE_STATES, where
    assert isinstance(data, dict), where
    if state == "idle":
        assert procedure is None and step is None and "history" not in data, where
    else:
        p = kb.get(procedure or "")
        assert p is not None and p.guide is not None, where
        assert p.guide.step(step or "") is not None, where
        for h in data.get("history", []):
            assert p.guide.step(h) is not None, where
    nonce = data.get("n")
    assert nonce is None or re.fullmatch(r"[a-z0-9]{4}", nonce), where
    clarify = data.get("clarify") or []
    assert len(clarify) <= 3 and all(kb.get(pid) is not None for pid in clarify), where
    assert data.get("pending") is None or isinstance(data["pending"], str), where


def _describe(data: dict) -> str:
    kind = next(k for k in data if k != "update_id")
    return f"update {data['update_id']} ({kind})"


def check_call(call, what: str) -> None:
    """What must hold for every Bot API call the bot makes."""
    assert "parse_mode" not in call.params, f"{what}: parse_mode in {call.method}"
    if call.get("caption") is not None:
        caption = call["caption"]
        assert len(caption.encode("utf-16-le")) // 2 <= MessageLimit.CAPTION_LENGTH, f"{what}: caption"
    if call.method in ("sendMessage", "editMessageText"):
        text = call["text"]
        assert text.strip(), f"{what}: empty text"
        assert len(text.encode("utf-16-le")) // 2 <= MessageLimit.MAX_TEXT_LENGTH, f"{what}: {len(text)} chars"
        assert text not in (texts.ERROR, texts.BUSY), f"{what}: apologised: {text}"
        for row in (call.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                assert button["text"].strip(), f"{what}: a button without a label"
                assert len(button["callback_data"].encode("utf-8")) <= MAX_CALLBACK_BYTES, what


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    h = Harness(f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.sqlite3'}")
    try:
        yield h
    finally:
        h.close()


# --- Properties of the whole Application ------------------------------------------------------------
@settings(max_examples=examples(120), **FUZZ)
@given(ops=st.lists(OPS, min_size=1, max_size=8))
def test_random_updates_break_nothing(harness, ops):
    harness.run(ops)


@settings(max_examples=examples(60), **FUZZ)
@given(texts_=st.lists(MESSAGE_TEXT, min_size=1, max_size=4), guide=st.sampled_from(GUIDES),
       presses=st.lists(st.integers(0, 30), max_size=6))
def test_hostile_text_inside_a_walkthrough(harness, texts_, guide, presses):
    """Walkthrough on screen (typed words are read as step navigation there), then hostile text
    and button presses in turn."""
    ops = [Op("text", text=f"/start {GUIDE_PAYLOAD_PREFIX}{guide}")]
    for i, text in enumerate(texts_):
        ops.append(Op("text", text=text))
        if i < len(presses):
            ops.append(Op("press", pick=0, button=presses[i], variant="guide"))
    ops.extend(Op("press", pick=0, button=b, variant="guide") for b in presses[len(texts_):])
    harness.run(ops)


@settings(max_examples=examples(40), **FUZZ)
@given(text=LONG_TEXT, caption=st.booleans())
def test_very_long_texts_and_captions_are_answered_quickly(harness, text, caption):
    op = Op("media", media="photo", caption=text) if caption else Op("text", text=text)
    harness.run([op])
    # Generous (shared 2-core machines); typically ~50 ms. A backtracking regex takes far longer.
    assert harness.slowest < 5.0, f"a {len(text)}-character message took {harness.slowest:.1f} s"


@pytest.fixture(scope="module", params=BACKENDS)
def backend_harness(request, tmp_path_factory):
    """A Harness on a fresh SQLite file or a fresh PostgreSQL database (dropped after)."""
    if request.param == "sqlite":
        h = Harness(f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('fuzz') / 'backend.sqlite3'}")
        try:
            yield h
        finally:
            h.close()
        return
    request.getfixturevalue("postgres_server")
    name = f"dvcbot_fuzz_{uuid.uuid4().hex[:12]}"
    _postgres_admin(lambda conn: conn.execute(f'CREATE DATABASE "{name}"'))
    try:
        h = Harness(_admin_dsn()[1].set(database=name).render_as_string(hide_password=False))
        try:
            yield h
        finally:
            h.close()
    finally:
        _postgres_admin(lambda conn: conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


CONTROL_TEXT = st.lists(st.one_of(CONTROL, CONTROL, FRAGMENT), min_size=1, max_size=12).map(
    lambda s: "".join(s) or "\x00")


@settings(max_examples=examples(40), **FUZZ)
@given(ops=st.lists(st.one_of(
    st.builds(Op, kind=st.just("text"), text=CONTROL_TEXT),
    st.builds(Op, kind=st.just("media"), media=st.just("photo"), caption=CONTROL_TEXT),
    st.builds(Op, kind=st.just("press"), pick=st.just(0), button=st.integers(0, 30)),
    st.builds(Op, kind=st.just("press"), mutation=st.sampled_from(["append", "field"]), arg=CONTROL_TEXT),
), min_size=1, max_size=6))
def test_control_characters_on_each_database(backend_harness, ops):
    """Control characters (NUL included) are stored, or dropped, on SQLite and on PostgreSQL
    alike: never an error (PostgreSQL's text and JSONB refuse NUL)."""
    backend_harness.run([Op("text", text="dang ky tam tru \x00 can gi"), *ops])


# --- The volunteers' group ---------------------------------------------------------------------------
VOLUNTEER_GROUP = -100_424_242
VOLUNTEER_CONFIG = Config(telegram_token=FAKE_TOKEN, volunteer_chat_id=VOLUNTEER_GROUP,
                          volunteer_hours="00:00-24:00", volunteer_days="1-7", **NO_LIMITS)
UNKNOWN_QUESTION = "làm hộ chiếu đi nước ngoài ở đâu"  # out of scope: "ask a volunteer"
VOLUNTEER_ACTIONS = ["vn", "vd", "vk", "vkq", "vkf", "vkx"]


class VolunteerHarness(Harness):
    """Citizens hand questions over; volunteers (members of the group, and one outsider) answer
    by replying to the bot's posts, with commands and buttons, with hostile texts."""

    config = VOLUNTEER_CONFIG

    def also_to(self, expect: Expect) -> set[int]:
        # A citizen's turn may post to the group; a volunteer's may relay to any citizen (of
        # this example or an earlier one: /traloi N takes any escalation number).
        return {VOLUNTEER_GROUP} | {chat for chat in self.api.messages if chat > 0}

    def build(self, op: Op) -> tuple[dict, Expect]:
        if not op.kind.startswith("vol"):
            return super().build(op)
        group = {"id": VOLUNTEER_GROUP, "type": "supergroup", "title": "Tình nguyện viên"}
        volunteer = user_json(self.volunteer_ids[op.citizen], "Minh")
        mid = self.api.next_message_id(VOLUNTEER_GROUP)
        posts = [m for m in reversed(self.api.chat_messages(VOLUNTEER_GROUP))]
        post = posts[op.pick % len(posts)] if posts else None
        loose = Expect(False, VOLUNTEER_GROUP)
        if op.kind == "vol_reply" and post is not None:
            content = media_content(op.media) if op.media else {}
            if op.media and op.caption is not None:
                content["caption"] = op.caption
            text = None if op.media else op.text
            message = message_json(group, volunteer, mid, text, reply_to_message=post, **content)
            return update_json(message=message), loose
        if op.kind == "vol_command":
            escalation = self.escalation_ids[op.button % len(self.escalation_ids)] if self.escalation_ids else op.button
            text = {"traloi": f"/traloi {escalation} {op.text}", "nhan": f"/nhan {escalation}",
                    "xong": f"/xong #{escalation}", "hangdoi": "/hangdoi", "junk": f"/traloi {op.text}",
                    "help": "/giup@dvcbot"}[op.variant]
            return update_json(message=message_json(group, volunteer, mid, text)), loose
        if op.kind == "vol_press" and post is not None:
            buttons = buttons_of(post)
            data = (mutate(buttons[op.button % len(buttons)]["callback_data"], op) if buttons
                    else f"{VOLUNTEER_ACTIONS[op.button % 6]}:-:{op.button}")
            return self._callback_from(volunteer, data, post), Expect(False, VOLUNTEER_GROUP, self._last_query)
        if op.kind == "vol_forged":  # a volunteers' button in a citizen's chat (or forged data)
            c = self.citizens[op.citizen]
            data = _cut_bytes(f"{VOLUNTEER_ACTIONS[op.button % 6]}:-:{op.pick}{op.arg}")
            message = self._pick_message(c, 0) or message_json(c.chat, BOT_USER, mid, "?")
            return self._callback_from(c.user, data, message), Expect(False, None, self._last_query)
        return update_json(message=message_json(group, volunteer, mid, op.text)), loose

    def _callback_from(self, user: dict, data: str, message: dict) -> dict:
        query = {"id": f"fz{next(self._query_ids)}", "from": user, "chat_instance": "civ",
                 "data": data, "message": message}
        self._last_query = query["id"]
        return update_json(callback_query=query)

    async def _run(self, ops: list[Op]) -> None:
        base = 2_000_000_000 + 10 * next(self._ids)
        self.volunteer_ids = [base + 5, base + 6]
        self.api.member_status[base + 6] = "left"  # not (or no longer) in the group
        self.escalation_ids = [e.id for e in await self._escalations()]
        await super()._run(ops)
        await self.check_escalations()

    async def _escalations(self):
        async with self.storage.engine.connect() as conn:
            rows = (await conn.execute(sa.select(tables.escalations.c.id))).scalars().all()
        return [await self.storage.get_escalation(i) for i in rows]

    async def check_escalations(self) -> None:
        """At most one active escalation per citizen; statuses known; claims have a claimer;
        group posts point at escalations; every outbox row has a known status."""
        active: dict[str, int] = {}
        for e in await self._escalations():
            assert e.status in ("open", "claimed", "answered", "resolved", "cancelled", "undeliverable"), e
            if e.status in ("claimed", "answered"):
                assert e.claimed_by is not None, e
            if e.active:
                assert e.citizen not in active, f"two active escalations for {e.citizen}"
                active[e.citizen] = e.id
        async with self.storage.engine.connect() as conn:
            orphans = (await conn.execute(
                sa.select(tables.group_posts.c.escalation_id).where(
                    tables.group_posts.c.escalation_id.not_in(sa.select(tables.escalations.c.id))))).all()
            statuses = set((await conn.execute(sa.select(tables.outbox.c.status))).scalars().all())
        assert not orphans
        assert statuses <= {"pending", "sending", "sent", "failed", "undeliverable"}, statuses


@pytest.fixture(scope="module")
def volunteer_harness(tmp_path_factory):
    h = VolunteerHarness(f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('fuzz') / 'volunteers.sqlite3'}")
    try:
        yield h
    finally:
        h.close()


# Volunteers' traffic: any text, emoji (two UTF-16 units each) included.
RELAYED_TEXT = MESSAGE_TEXT
RELAYED_CAPTION = st.one_of(st.none(), HOSTILE_TEXT)
HANDOFF = [Op("text", text=UNKNOWN_QUESTION), Op("press", pick=0, button=0),  # "Gửi cho tình nguyện viên"
           Op("press", pick=0, button=0)]  # "Đồng ý"
VOLUNTEER_OPS = st.one_of(
    st.builds(Op, kind=st.just("vol_reply"), citizen=st.integers(0, 1), text=RELAYED_TEXT, pick=st.integers(0, 6)),
    st.builds(Op, kind=st.just("vol_reply"), citizen=st.integers(0, 1), pick=st.integers(0, 6),
              media=st.sampled_from(["photo", "voice", "document", "sticker", "location", "poll"]),
              caption=RELAYED_CAPTION),
    st.builds(Op, kind=st.just("vol_command"), citizen=st.integers(0, 1), text=RELAYED_TEXT,
              button=st.integers(0, 50),
              variant=st.sampled_from(["traloi", "nhan", "xong", "hangdoi", "junk", "help"])),
    st.builds(Op, kind=st.just("vol_press"), citizen=st.integers(0, 1), pick=st.integers(0, 6),
              button=st.integers(0, 30), mutation=st.sampled_from(MUTATIONS), arg=st.sampled_from(FIELD_VALUES)),
    st.builds(Op, kind=st.just("vol_forged"), citizen=st.integers(0, 1), button=st.integers(0, 50),
              pick=st.integers(0, 10**6), arg=st.sampled_from(["", ":x", ":" + "9" * 40, "🙂"])),
    st.builds(Op, kind=st.just("vol_text"), citizen=st.integers(0, 1), text=RELAYED_TEXT),
    st.builds(Op, kind=st.just("text"), citizen=st.integers(0, 1), text=RELAYED_TEXT),
    st.builds(Op, kind=st.just("press"), citizen=st.integers(0, 1), pick=st.just(0), button=st.integers(0, 30)),
    st.builds(Op, kind=st.just("media"), citizen=st.integers(0, 1), media=st.sampled_from(MEDIA_KINDS),
              caption=RELAYED_CAPTION),
)


@settings(max_examples=examples(60), **FUZZ)
@given(ops=st.lists(VOLUNTEER_OPS, min_size=1, max_size=8))
def test_random_volunteer_traffic_breaks_nothing(volunteer_harness, ops):
    """A citizen's question handed to the volunteers, then hostile traffic from both sides."""
    volunteer_harness.run([*HANDOFF, *ops])


# --- Library-level properties --------------------------------------------------------------------------
ANY_TEXT = st.one_of(HOSTILE_TEXT, st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
                     st.lists(st.sampled_from([w for p in PHRASES for w in p.split()]), max_size=8).map(" ".join))
PROCEDURE_IDS = {p.id for p in KB.procedures}
OOS_IDS = {o.id for o in KB.out_of_scope}


@settings(max_examples=examples(150), **FUZZ)
@given(text=ANY_TEXT)
def test_matcher_route_is_always_a_valid_decision(text):
    route = KNOWLEDGE.matcher.route(text)
    assert route.decision in ("answer", "clarify", "none")
    assert 0.0 <= route.score <= 100.0 + 1e-9
    if route.decision == "answer":
        assert route.candidates == (route.procedure,) and route.procedure in PROCEDURE_IDS
        assert route.kind == "procedure"
    elif route.decision == "clarify":
        assert 2 <= len(route.candidates) <= 3, route
        assert route.candidates[0] == route.procedure
        assert len(set(route.candidates)) == len(route.candidates)
        assert set(route.candidates) <= PROCEDURE_IDS and route.kind == "procedure"
    else:
        assert route.procedure is None and route.candidates == ()
        assert route.kind in ("small_talk", "out_of_scope", "noise", "unknown")
        assert (route.out_of_scope in OOS_IDS) if route.kind == "out_of_scope" else route.out_of_scope is None


@settings(max_examples=examples(150), **FUZZ)
@given(text=ANY_TEXT)
def test_fold_is_idempotent(text):
    once = fold(text)
    assert fold(once) == once


@settings(max_examples=examples(150), **FUZZ)
@given(text=ANY_TEXT)
def test_normalised_text_is_plain_ascii_words(text):
    out = KNOWLEDGE.matcher.normaliser.normalise(text)
    assert re.fullmatch(r"[a-z0-9 ]*", out), out
    assert out == out.strip() and "  " not in out


@settings(max_examples=examples(100), **FUZZ)
@given(text=st.one_of(HOSTILE_TEXT, LONG_TEXT, st.builds(_repeat_to, st.integers(4000, 9000), EMOJI)))
def test_split_text_parts_fit_telegram(text):
    parts = split_text(text)
    for part in parts:
        assert len(part.encode("utf-16-le")) // 2 <= MessageLimit.MAX_TEXT_LENGTH
    if len(parts) > 1:
        assert all(p.strip() for p in parts)
    # Nothing but whitespace is lost or reordered.
    assert "".join("".join(parts).split()) == "".join(text.split())
