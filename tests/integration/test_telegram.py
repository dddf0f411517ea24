"""The Telegram adapter, as conversations through the real python-telegram-bot Application.

Updates are built as the Bot API sends them and fed to `application.process_update`; the Bot
API is a recording fake (tests/helpers/fake_telegram.py). Real procedures.yaml, real Matcher, real
Storage. Expected texts come from the knowledge base and bot.dialogue.texts, never copied.

Every test also checks, on the way out, what must always hold: each callback query was
answered, and no message was sent or edited with a parse_mode.
"""
from __future__ import annotations

import re

import pytest
import yaml
from telegram import Message
from telegram.constants import MessageLimit

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.engine import COMMANDS
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.dialogue.splitting import split as split_text
from bot.storage import Storage
from bot.telegram.app import build_application
from helpers import KB_PATH
from helpers.fake_telegram import (
    FAKE_TOKEN,
    FakeBotApi,
    check_invariants,
    deliver,
    media_json,
    message_json,
    update_json,
    user_json,
)
from helpers.telegram_chats import Bot, TelegramChat
from helpers.walkthrough import assert_step_text, first_line

# Every test opens its database with Storage.open (or a fixture that does) before anything else.
pytestmark = pytest.mark.database_at_head

# No per-citizen rate limit: a test clicks through a walkthrough faster than anyone reads it
# (the limit is tested in tests/integration/test_limits.py).
CONFIG = Config(telegram_token=FAKE_TOKEN, rate_burst=0)
GUIDE_ID = "chu-ky-so-ca-nhan"


# --- fixtures ------------------------------------------------------------------------------------
@pytest.fixture
def kb(knowledge):
    return knowledge.kb



async def start_bot(storage, knowledge, config: Config = CONFIG) -> Bot:
    api = FakeBotApi()
    app = build_application(config, storage, knowledge, request=api, get_updates_request=api)
    await app.initialize()
    return Bot(app, api)


@pytest.fixture
async def bot(store, knowledge):
    b = await start_bot(store, knowledge)
    try:
        yield b
    finally:
        await b.app.shutdown()
    check_invariants(b.api)


@pytest.fixture
def lan(bot) -> TelegramChat:
    return bot.chat(1001)


def assert_answered(chat: TelegramChat) -> None:
    """The callback query of the last press was answered, before any message was sent."""
    query_id = chat.last_update["callback_query"]["id"]
    methods = [c.method for c in chat.calls]
    answers = [i for i, c in enumerate(chat.calls)
               if c.method == "answerCallbackQuery" and c["callback_query_id"] == query_id]
    assert answers, f"callback query not answered: {methods}"
    sends = [i for i, m in enumerate(methods) if m in ("sendMessage", "editMessageText")]
    assert not sends or answers[0] < sends[0], methods


def assert_shows_step(chat: TelegramChat, guide, step_id: str) -> None:
    assert_step_text(chat.last_text(), guide, step_id)


def forward_label(guide, step_id: str) -> tuple[str, str]:
    """(button to press, next step) from a step: its first choice, or "Tiếp"."""
    step = guide.step(step_id)
    if step.choices:
        return step.choices[0].label, step.choices[0].goto
    return texts.BTN_NEXT, guide.next_of(step_id)


# --- greeting, questions, clarifying --------------------------------------------------------------
async def test_start_welcomes_with_big_buttons(lan, kb):
    await lan.send("/start")
    assert lan.last_text().startswith(texts.WELCOME)
    shortcuts = [label for label, pid in texts.START_SHORTCUTS if kb.get(pid)]
    assert shortcuts and all(label in lan.buttons() for label in shortcuts)
    assert texts.BTN_ALL_PROCEDURES in lan.buttons()
    assert lan.replies[0]["method"] == "sendMessage"


@pytest.mark.parametrize("question", ["đăng ký tạm trú cần giấy tờ gì", "dang ky tam tru can gi"])
async def test_question_with_and_without_diacritics_gets_the_card(bot, lan, kb, question):
    p = kb.get("dang-ky-tam-tru")
    await lan.send(question)
    card = lan.last_text()
    assert card.splitlines()[0] == texts.CARD_TITLE.format(title=p.title)
    assert p.documents[0] in card and f"{p.reviewed:%d/%m/%Y}" in card
    assert lan.buttons()[0] == texts.BTN_STEPS
    sent = lan.calls[-1]
    assert sent.method == "sendMessage" and sent["chat_id"] == lan.chat_id
    assert sent["link_preview_options"]["is_disabled"] is True

    await lan.press(texts.BTN_STEPS)
    assert_answered(lan)
    assert first_line(p.steps[0]) in lan.last_text()
    assert lan.replies[-1]["method"] == "sendMessage"  # a card's buttons add a message


async def test_shortcut_button_opens_a_card(lan, kb):
    await lan.send("/start")
    label, pid = next((label, pid) for label, pid in texts.START_SHORTCUTS if kb.get(pid))
    await lan.press(label)
    assert_answered(lan)
    assert kb.get(pid).title in lan.last_text()


CLARIFY_TRIES = ["đăng ký", "giấy tờ xe", "xe", "căn cước", "xác nhận", "đất", "đổi", "làm lại giấy",
                 "cấp lại", "đăng ký xe", "giấy phép", "hồ sơ", "chứng nhận", "khai báo", "sổ"]


async def test_vague_question_offers_a_choice(lan, knowledge, kb):
    question, candidates = next(
        (q, r.candidates) for q in CLARIFY_TRIES if (r := knowledge.matcher.route(q)).decision == "clarify")
    await lan.send(question)
    assert lan.last_text() == texts.CLARIFY
    titles = [kb.get(c).title for c in candidates]
    assert lan.buttons()[: len(titles)] == titles and texts.BTN_NONE_OF_THESE in lan.buttons()
    offer = lan.last_message()

    await lan.press(titles[1])
    assert_answered(lan)
    assert lan.last_text().startswith(texts.CARD_TITLE.format(title=titles[1]))

    await lan.press(titles[0], message=offer)  # the used-up offer is stale now
    assert_answered(lan)
    assert lan.last_text() == texts.STALE_BUTTON


async def test_unknown_question_offers_a_volunteer(lan, kb):
    await lan.send("làm hộ chiếu đi nước ngoài ở đâu")  # passports are out of scope
    assert not any(texts.CARD_TITLE.format(title=p.title) in lan.seen() for p in kb.procedures)
    assert lan.buttons() == [texts.BTN_VOLUNTEER]
    await lan.press(texts.BTN_VOLUNTEER)
    assert_answered(lan)
    assert "tình nguyện viên" in lan.last_text().lower()


# --- the walkthrough -------------------------------------------------------------------------------
async def test_full_walkthrough_of_digital_signature_with_branch_and_back(bot, lan, store, kb):
    p = kb.get(GUIDE_ID)
    guide = p.guide
    await lan.send("chữ ký số cá nhân")
    assert lan.last_text().startswith(texts.CARD_TITLE.format(title=p.title))
    await lan.press(texts.BTN_GUIDE)
    assert_answered(lan)
    assert_shows_step(lan, guide, guide.start.id)
    assert texts.BTN_BACK not in lan.buttons()
    screen = lan.last_message()["message_id"]  # the walkthrough lives in this message

    current, path, visited, went_back, chose = guide.start.id, [], set(), False, []
    for _ in range(80):
        assert_shows_step(lan, guide, current)
        assert texts.BTN_STUCK in lan.buttons() and texts.BTN_STOP in lan.buttons()
        visited.add(current)
        step = guide.step(current)
        if chose and not went_back:
            # Right after a branch: go back once, along the path actually taken.
            await lan.press(texts.BTN_BACK)
            assert_answered(lan)
            current = path.pop()
            went_back = True
            assert_shows_step(lan, guide, current)
            assert lan.replies[-1]["method"] == "editMessageText"
            assert lan.replies[-1]["message_id"] == screen
            continue
        if step.choices:
            choice = next((c for c in reversed(step.choices) if c.goto not in visited), step.choices[0])
            chose.append(choice.label)
            await lan.press(choice.label)
            path.append(current)
            current = choice.goto
        elif guide.next_of(current) is None:
            await lan.press(texts.BTN_FINISH)
            break
        else:
            await lan.press(texts.BTN_NEXT)
            path.append(current)
            current = guide.next_of(current)
        assert_answered(lan)
        if lan.last_text().startswith("Bước"):
            # Steps replace each other in place, keyboard included.
            assert [r["method"] for r in lan.replies] == ["editMessageText"]
            assert lan.replies[-1]["message_id"] == screen
            assert lan.last_message()["text"] == lan.last_text()
    else:
        raise AssertionError("the walkthrough did not end")
    assert_answered(lan)
    assert went_back and chose
    assert lan.last_text() == texts.GUIDE_DONE.format(title=p.title)
    await lan.press(texts.BTN_USEFUL)
    assert lan.last_text() == texts.FEEDBACK_THANKS
    assert [(f.procedure, f.useful) for f in await store.list_feedback()] == [(p.id, True)]
    assert (await store.load_session(f"tg:{lan.user_id}")).state == "idle"


async def test_stale_button_of_an_old_message_changes_nothing(lan, store, kb):
    guide = kb.get(GUIDE_ID).guide
    await lan.send(f"/start {GUIDE_ID}")
    card = lan.last_message()
    await lan.press(texts.BTN_GUIDE)
    label, second = forward_label(guide, guide.start.id)
    await lan.press(label)
    assert_shows_step(lan, guide, second)
    before = await store.load_session(f"tg:{lan.user_id}")

    await lan.press(texts.BTN_STEPS, message=card)  # a button of the card, before the walkthrough
    assert_answered(lan)
    n = guide.depths()[second] + 1
    assert lan.last_text() == texts.STALE_BUTTON_IN_GUIDE.format(n=n, title=kb.get(GUIDE_ID).title)
    assert lan.buttons() == [texts.BTN_RESUME.format(n=n)]
    after = await store.load_session(f"tg:{lan.user_id}")
    assert (after.step, after.version, after.data) == (before.step, before.version, before.data)
    await lan.press(texts.BTN_RESUME.format(n=n))
    assert_shows_step(lan, guide, second)


@pytest.mark.parametrize("forged", ["", "garbage", "g:zzzz:next", "p:0000:khong-co", "gs:~:" + GUIDE_ID,
                                    "x" * 64, "g:{n}:c:99", "p:{n}:../../etc/passwd", "<b>hi</b>"])
async def test_forged_callback_data_is_refused(lan, store, forged):
    await lan.send(f"/start guide-{GUIDE_ID}")
    nonce = lan.last_message()["reply_markup"]["inline_keyboard"][0][0]["callback_data"].split(":")[1]
    before = await store.load_session(f"tg:{lan.user_id}")
    await lan.press_data(forged.replace("{n}", nonce))
    assert_answered(lan)
    assert lan.last_text().startswith("Nút này đã cũ")
    after = await store.load_session(f"tg:{lan.user_id}")
    assert (after.state, after.step, after.version, after.data) == (
        before.state, before.step, before.version, before.data)


async def test_walkthrough_continues_after_a_restart(database_url, knowledge, kb):
    guide = kb.get(GUIDE_ID).guide
    store1 = await Storage.open(database_url)
    first = await start_bot(store1, knowledge)
    lan = first.chat(2002)
    await lan.send(f"/start guide-{GUIDE_ID}")
    current = guide.start.id
    for _ in range(2):
        label, current = forward_label(guide, current)
        await lan.press(label)
    assert_shows_step(lan, guide, current)
    await first.app.shutdown()
    await store1.close()
    check_invariants(first.api)

    # A new process: new Storage, new Application, same database, same citizen.
    store2 = await Storage.open(database_url)
    try:
        second = await start_bot(store2, LiveKnowledge.load(KB_PATH))
        again = second.chat(2002)
        n = guide.depths()[current] + 1
        await again.send("/start")
        assert texts.WELCOME_RESUME.format(title=kb.get(GUIDE_ID).title, n=n) in again.last_text()
        await again.press(texts.BTN_RESUME.format(n=n))
        assert_answered(again)
        assert_shows_step(again, guide, current)
        await again.send("/tieptuc")
        assert_shows_step(again, guide, current)
        await again.press(texts.BTN_BACK)  # the path taken survived too
        assert again.last_text().startswith("Bước")
        await second.app.shutdown()
        check_invariants(second.api)
    finally:
        await store2.close()


async def test_edit_refused_falls_back_to_a_new_message(bot, lan, kb):
    guide = kb.get(GUIDE_ID).guide
    await lan.send(f"/start guide-{GUIDE_ID}")
    label, second = forward_label(guide, guide.start.id)
    bot.api.fail("editMessageText", 400, "Bad Request: message is not modified: specified new message "
                 "content and reply markup are exactly the same")
    await lan.press(label)
    assert_answered(lan)
    assert [c.method for c in lan.calls if c.method != "answerCallbackQuery"] == [
        "editMessageText", "sendMessage"]
    assert_shows_step(lan, guide, second)
    assert lan.replies[-1]["method"] == "sendMessage"


async def test_button_on_a_message_too_old_to_edit_sends_a_new_one(lan, kb):
    guide = kb.get(GUIDE_ID).guide
    await lan.send(f"/start guide-{GUIDE_ID}")
    message = lan.last_message()
    data = lan.button_data(forward_label(guide, guide.start.id)[0], message)
    # Telegram sends an InaccessibleMessage (date 0) for messages older than 48 hours.
    old = {"chat": message["chat"], "message_id": message["message_id"], "date": 0}
    await lan.press_data(data, message=old)
    assert_answered(lan)
    assert [r["method"] for r in lan.replies] == ["sendMessage"]
    assert_shows_step(lan, guide, forward_label(guide, guide.start.id)[1])


async def test_unanswerable_callback_query_is_still_handled(bot, lan, kb):
    await lan.send("/start")
    bot.api.fail("answerCallbackQuery", 400, "Bad Request: query is too old and response timeout expired")
    await lan.press(texts.BTN_ALL_PROCEDURES)
    assert lan.replies and lan.replies[-1]["buttons"]


# --- other kinds of messages ------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "location", "document", "video"])
async def test_media_gets_a_kind_text_only_answer(lan, kind):
    await lan.send_media(kind)
    assert lan.last_text() == texts.MEDIA[kind]
    if kind == "photo":
        assert lan.buttons() == [texts.BTN_VOLUNTEER]


async def test_photo_with_a_caption_and_a_contact_are_media_too(lan):
    await lan.send_media("photo", caption="dang ky tam tru")
    assert lan.last_text() == texts.MEDIA["photo"]
    await lan.send_media("contact")
    assert lan.last_text() == texts.MEDIA_DEFAULT


async def test_sticker_in_a_walkthrough_loses_nothing(lan, kb):
    guide = kb.get(GUIDE_ID).guide
    await lan.send(f"/start guide-{GUIDE_ID}")
    await lan.send_media("sticker")
    assert lan.last_text() == texts.MEDIA["sticker"]
    await lan.send("/tieptuc")
    assert_shows_step(lan, guide, guide.start.id)


async def test_a_5000_character_message(lan, kb):
    text = ("dang ky tam tru can giay to gi " * 200)[:5000]
    await lan.send(text)
    assert texts.TOO_LONG in lan.seen()
    assert kb.get("dang-ky-tam-tru").title in lan.seen()


async def test_citizens_text_is_never_markup(bot, lan):
    await lan.send("<b>xin chao</b> *dang ky* _tam tru_ [link](http://x.y)")
    assert lan.replies
    assert all("parse_mode" not in c.params for c in bot.api.calls)


# --- commands and deep links ---------------------------------------------------------------------------
async def test_help_and_unknown_command(lan):
    await lan.send("/help")
    for command, _ in COMMANDS:
        assert f"/{command}" in lan.last_text()
    await lan.send("/hochieu")
    assert lan.last_text().startswith(texts.UNKNOWN_COMMAND.split("{commands}")[0].format(command="hochieu"))
    await lan.send("/start@dvcbot")
    assert lan.last_text().startswith(texts.WELCOME)


async def test_browse_and_cancel(lan, kb):
    await lan.send("/thutuc")
    assert lan.buttons()
    await lan.send(f"/start guide-{GUIDE_ID}")
    await lan.send("/huy")
    assert lan.last_text() == texts.CANCELLED_GUIDE.format(title=kb.get(GUIDE_ID).title)
    await lan.send("/tieptuc")
    assert lan.last_text() == texts.GUIDE_NONE


@pytest.mark.parametrize("payload", ["dang-ky-khai-sinh", GUIDE_ID, f"guide-{GUIDE_ID}", "khong-co-gi"])
async def test_deep_link(lan, kb, payload):
    # t.me/<bot>?start=<payload> arrives as "/start <payload>".
    await lan.send(f"/start {payload}")
    p = kb.get(payload.removeprefix("guide-"))
    if payload.startswith("guide-"):
        assert_shows_step(lan, p.guide, p.guide.start.id)
    elif p is not None:
        assert lan.last_text().startswith(texts.CARD_TITLE.format(title=p.title))
    else:
        assert lan.last_text().startswith(texts.WELCOME)


# --- Telegram's limits -----------------------------------------------------------------------------------
async def test_reply_longer_than_telegram_allows_is_split(store, tmp_path, kb):
    data = yaml.safe_load(KB_PATH.read_text(encoding="utf-8"))
    p = next(x for x in data["procedures"] if x["id"] == "dang-ky-tam-tru")
    lines = [f"Dòng {i:03d}: giấy tờ cần mang theo khi đi làm thủ tục ở xã." for i in range(160)]
    p["summary"] = "\n".join(lines)
    path = tmp_path / "procedures.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    bot = await start_bot(store, LiveKnowledge.load(path))
    try:
        lan = bot.chat()
        await lan.send("/start dang-ky-tam-tru")
        [card] = [c for c in lan.calls if c.method == "sendMessage"]
        assert len(card["text"]) <= 700  # the card fits one screen; the details are split
        await lan.press(texts.BTN_DETAILS)
        sent = [c for c in lan.calls if c.method == "sendMessage"]
        assert len(sent) >= 2
        assert all(len(c["text"]) <= MessageLimit.MAX_TEXT_LENGTH for c in sent)
        assert all("reply_markup" not in c.params for c in sent[:-1])
        assert sent[-1]["reply_markup"]["inline_keyboard"][0][0]["text"] == texts.BTN_STEPS
        joined = "\n".join(c["text"] for c in sent)
        assert all(line in joined for line in lines)  # cut between lines, nothing lost
        check_invariants(bot.api)
    finally:
        await bot.app.shutdown()


async def test_adapter_splits_any_reply_over_4096_and_keeps_buttons_last(bot, lan):
    from bot.dialogue.engine import Button, Reply

    await lan.send(f"/start guide-{GUIDE_ID}")
    screen = lan.last_message()
    pressed = Message.de_json(screen, bot.app.bot)
    long_text = "\n".join(f"Dòng {i:04d} 😀 của một câu trả lời rất dài." for i in range(400))
    reply = Reply(long_text, [[Button("Tiếp", "g:abcd:next")]], edit=True)
    before = len(bot.api.calls)
    await bot.app.services.adapter.send_replies(bot.app.bot, lan.chat_id, [reply], pressed=pressed)
    calls = bot.api.calls[before:]
    assert [c.method for c in calls][0] == "editMessageText" and calls[0]["message_id"] == screen["message_id"]
    assert all(c.method == "sendMessage" for c in calls[1:]) and len(calls) >= 3
    assert all(len(c["text"].encode("utf-16-le")) // 2 <= MessageLimit.MAX_TEXT_LENGTH for c in calls)
    assert all("reply_markup" not in c.params for c in calls[:-1])
    assert calls[-1]["reply_markup"]["inline_keyboard"] == [[{"text": "Tiếp", "callback_data": "g:abcd:next"}]]
    assert "\n".join(c["text"] for c in calls) == long_text  # cut at line ends, nothing lost


def test_split_text_cuts_at_lines_then_spaces_below_the_limit():
    para = "\n".join(["một dòng khá dài " * 5] * 200)
    parts = split_text(para)
    assert len(parts) >= 2 and all(len(p) <= 4096 for p in parts)
    assert all(p.endswith("dài") for p in parts)  # whole lines
    assert "".join(p.replace("\n", "") for p in parts).replace(" ", "") == para.replace("\n", "").replace(" ", "")
    words = " ".join(["từ"] * 3000)
    assert all(len(p) <= 4096 and not p.startswith(" ") for p in split_text(words))
    # Emoji count twice in Telegram's (UTF-16) length.
    emoji = "😀" * 3000
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in split_text(emoji))
    assert "".join(split_text(emoji)) == emoji
    assert split_text("ngắn") == ["ngắn"]


# --- the Bot API around the conversation ---------------------------------------------------------------
async def test_set_my_commands_with_vietnamese_descriptions(bot):
    await bot.app.post_init(bot.app)
    calls = bot.api.calls_of("setMyCommands")
    assert len(calls) == 1
    commands = calls[0]["commands"]
    assert [(c["command"], c["description"]) for c in commands] == list(COMMANDS)
    assert all(re.search(r"[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ]", c["description"].lower())
               for c in commands)


async def test_an_update_delivered_twice_is_handled_once(bot, lan):
    message = message_json(lan.chat, lan.user, 77, "dang ky tam tru can gi")
    data = update_json(message=message)
    await lan.deliver(data)
    assert len(lan.replies) == 1
    await lan.deliver(data)
    assert lan.replies == []


async def test_two_instances_share_the_duplicate_check(database_url, knowledge):
    store1, store2 = await Storage.open(database_url), await Storage.open(database_url)
    try:
        a, b = await start_bot(store1, knowledge), await start_bot(store2, knowledge)
        lan_a, lan_b = a.chat(3003), b.chat(3003)
        data = update_json(message=message_json(lan_a.chat, lan_a.user, 5, "/start"))
        await lan_a.deliver(data)
        await lan_b.deliver(data)
        assert len(lan_a.replies) == 1 and lan_b.replies == []
        await a.app.shutdown()
        await b.app.shutdown()
    finally:
        await store1.close()
        await store2.close()


async def test_groups_channels_and_edits_get_no_reply(bot, lan):
    group = {"id": -100123, "type": "supergroup", "title": "Tình nguyện viên"}
    updates = [
        update_json(message=message_json(group, user_json(1001), 1, "dang ky tam tru can gi")),
        update_json(message=message_json(group, user_json(1001), 2, "/start")),
        update_json(channel_post=message_json({"id": -100999, "type": "channel", "title": "Tin"}, None, 3,
                                              "dang ky tam tru")),
        update_json(edited_message=dict(message_json(lan.chat, lan.user, 4, "dang ky tam tru"), edit_date=1)),
        update_json(message=message_json(group, user_json(1001), 5, **media_json("photo"))),
    ]
    for data in updates:
        await deliver(bot.app, data)
    assert not [c for c in bot.api.calls if c.method in ("sendMessage", "editMessageText")]


async def test_citizen_key_is_the_telegram_user_id(lan, store):
    await lan.send(f"/start guide-{GUIDE_ID}")
    session = await store.load_session(f"tg:{lan.user_id}")
    assert (session.state, session.procedure) == ("guide", GUIDE_ID)


async def test_two_citizens_have_their_own_sessions(bot, kb):
    guide = kb.get(GUIDE_ID).guide
    lan, minh = bot.chat(1001), bot.chat(1002)
    await lan.send(f"/start guide-{GUIDE_ID}")
    await minh.send("/tieptuc")
    assert minh.last_text() == texts.GUIDE_NONE
    await lan.send("/tieptuc")
    assert_shows_step(lan, guide, guide.start.id)


# --- failures ----------------------------------------------------------------------------------------------
async def test_an_exception_inside_the_engine_is_apologised_for(lan, knowledge, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("matcher exploded")

    monkeypatch.setattr(knowledge.matcher, "route", broken)
    await lan.send("dang ky tam tru can gi")
    assert lan.last_text() == texts.ERROR
    monkeypatch.undo()
    await lan.send("dang ky tam tru can gi")
    assert lan.last_text().startswith(texts.CARD_TITLE.split("{")[0])


async def test_a_failing_database_is_apologised_for_and_the_session_kept(lan, store, kb, monkeypatch, caplog):
    guide = kb.get(GUIDE_ID).guide
    await lan.send(f"/start guide-{GUIDE_ID}")
    label, second = forward_label(guide, guide.start.id)
    await lan.press(label)
    real = store.load_session
    failures = iter([True])

    async def flaky(citizen):
        if next(failures, False):
            raise ConnectionError("database went away")
        return await real(citizen)

    monkeypatch.setattr(store, "load_session", flaky)
    secret_text = "cho em hoi dang ky tam tru"
    with caplog.at_level("INFO"):
        await lan.send(secret_text)
    assert lan.last_text() == texts.ERROR
    assert any(r.levelname == "ERROR" and r.exc_info for r in caplog.records)
    assert not any(secret_text in r.getMessage() for r in caplog.records if r.levelno <= 20)
    assert not any(FAKE_TOKEN in r.getMessage() for r in caplog.records)

    await lan.send("/tieptuc")  # the next message works, and the position was kept
    assert_shows_step(lan, guide, second)


async def test_a_failing_button_is_answered_and_apologised_for(lan, store, monkeypatch):
    await lan.send("/start")

    async def broken(citizen):
        raise ConnectionError("database went away")

    monkeypatch.setattr(store, "load_session", broken)
    await lan.press(texts.BTN_ALL_PROCEDURES)
    assert_answered(lan)
    assert lan.last_text() == texts.ERROR


async def test_a_citizen_who_blocked_the_bot_breaks_nothing(bot, lan):
    bot.api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    await lan.send("dang ky tam tru")
    assert len(bot.api.calls_of("sendMessage")) == 1  # no apology to someone who blocked us
    await lan.send("/start")
    assert lan.last_text().startswith(texts.WELCOME)


def test_api_url_is_used_for_calls_and_files(store, knowledge):
    config = Config(telegram_token=FAKE_TOKEN, telegram_api_url="http://127.0.0.1:8081/bot")
    app = build_application(config, store, knowledge)
    assert app.bot.base_url == f"http://127.0.0.1:8081/bot{FAKE_TOKEN}"
    assert app.bot.base_file_url == f"http://127.0.0.1:8081/file/bot{FAKE_TOKEN}"
    default = build_application(CONFIG, store, knowledge)
    assert default.bot.base_url.startswith("https://api.telegram.org/bot")
