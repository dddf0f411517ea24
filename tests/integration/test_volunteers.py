"""The volunteers' group, as conversations between a citizen (private chat) and volunteers
(the group) through the real Application and a fake Bot API (tests/helpers/world.py).

Every test also checks, on the way out, that each callback query was answered exactly once
and that nothing was sent with a parse_mode.
"""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa

from bot.dialogue import texts
from bot.dialogue.vault import Vault
from bot.storage import Storage
from bot.storage.ports import utcnow
from helpers import KB_PATH
from helpers.fake_telegram import buttons_of, deliver, message_json, update_json, user_json
from helpers.world import (
    GROUP,
    SECRET_KEY,
    UNKNOWN_QUESTION,
    labels,
    open_escalation,
    start_world,
    volunteer_config,
)

# Every test opens its database with Storage.open (or a fixture that does) before anything else.
pytestmark = pytest.mark.database_at_head


# --- the whole way, on both databases ---------------------------------------------------------------
async def test_question_claim_answer_follow_up_and_thanks(database_url, knowledge):
    world = await start_world(database_url, knowledge)
    try:
        lan, minh = world.citizen(), world.volunteer(777, "Minh")
        await lan.send(UNKNOWN_QUESTION + ", sđt em 0912 345 678")
        await lan.press(texts.BTN_VOLUNTEER)
        assert "không thấy số điện thoại" in lan.last_text()
        assert "0912" not in lan.last_text()
        assert lan.buttons() == [texts.BTN_CONSENT_YES, texts.BTN_CONSENT_NO]
        assert world.group() == []  # nothing shared before consent

        await lan.press(texts.BTN_CONSENT_YES)
        assert "#1" in lan.last_text() and "sớm" in lan.last_text()

        # The group got the card: number, masked question, context, buttons.
        card = world.card(1)
        assert "làm hộ chiếu" in card["text"]
        assert "0912" not in card["text"] and texts.PRIVACY_TAGS["phone"] in card["text"]
        assert texts.VOL_CARD_CONTEXT in card["text"]
        # The phone number was masked, so the claiming volunteer may reveal it.
        assert labels(card) == [texts.BTN_CLAIM, texts.BTN_RESOLVE, texts.BTN_REVEAL]

        # Minh claims it: the card shows who has it.
        await minh.press(texts.BTN_CLAIM, card)
        assert minh.toasts() == [texts.VOL_CLAIMED.format(id=1)]
        card = world.card(1)
        assert texts.VOL_STATUS_CLAIMED.format(name="Minh") in card["text"]
        assert labels(card) == [texts.BTN_RESOLVE, texts.BTN_REVEAL]

        # Minh answers by replying to the card; the citizen gets it once, as plain text.
        answer = "Bạn làm hộ chiếu ở Phòng Quản lý xuất nhập cảnh <b>Công an tỉnh</b>."
        await minh.reply(card, answer)
        assert texts.VOL_ANSWER_STORED.format(id=1) in minh.seen()
        got = world.received(lan)
        assert got[-1] == texts.ESC_ANSWER.format(id=1, answer=answer)
        assert sum(answer in text for text in got) == 1
        relayed = world.sent_to(lan.chat_id)[-1]
        assert [b["text"] for row in relayed["reply_markup"]["inline_keyboard"] for b in row] == [
            texts.BTN_UNDERSTOOD, texts.BTN_ASK_MORE, texts.BTN_ANSWER_USEFUL, texts.BTN_ANSWER_NOT_USEFUL]
        escalation = await world.storage.get_escalation(1)
        assert escalation.status == "answered" and escalation.first_answer_at is not None

        # "Hỏi thêm": the next message goes to the same escalation, as a reply to the card.
        answer_message = lan.messages()[-1]
        await lan.press(texts.BTN_ASK_MORE, answer_message)
        assert lan.last_text() == texts.ESC_ASK_MORE.format(id=1)
        await lan.send("vậy cần mang giấy tờ gì ạ?")
        assert lan.last_text() == texts.ESC_FORWARDED.format(id=1)
        follow_up = world.last_in_group("cần mang giấy tờ gì")
        assert follow_up["text"] == texts.VOL_FOLLOWUP.format(id=1, text="vậy cần mang giấy tờ gì ạ?")
        post_call = [c for c in world.sent_to(GROUP) if "cần mang giấy tờ gì" in c["text"]][0]
        assert post_call["reply_parameters"]["message_id"] == card["message_id"]
        assert (await world.storage.get_escalation(1)).status == "claimed"

        # Minh answers the follow-up by replying to it: same thread.
        await minh.reply(follow_up, "Mang căn cước và ảnh 4x6.")
        assert world.received(lan)[-1] == texts.ESC_ANSWER.format(id=1, answer="Mang căn cước và ảnh 4x6.")
        thread = await world.storage.escalation_messages(1)
        assert [m.direction for m in thread] == ["citizen", "volunteer", "citizen", "volunteer"]

        # 👍 and "Đã hiểu, cảm ơn" close it; the group is told.
        await lan.press(texts.BTN_ANSWER_USEFUL, lan.messages()[-1])
        assert lan.last_text() == texts.FEEDBACK_THANKS
        await lan.press(texts.BTN_UNDERSTOOD, lan.messages()[-2])
        assert lan.last_text() == texts.ESC_THANKS.format(id=1)
        assert (await world.storage.get_escalation(1)).status == "resolved"
        assert world.last_in_group(texts.VOL_CITIZEN_THANKS.format(id=1))
        assert texts.VOL_STATUS_RESOLVED in world.card(1)["text"]  # the card is redrawn
        feedback = await world.storage.list_feedback()
        assert [(f.useful, f.comment) for f in feedback] == [(True, "escalation:1")]
        # After it is closed, the citizen's questions are answered by the assistant again.
        await lan.send("đăng ký tạm trú cần gì")
        assert "Tạm trú" in lan.seen() or "tạm trú" in lan.seen()
        assert len(await world.storage.escalation_messages(1)) == 4
    finally:
        await world.close()


async def test_photo_during_an_open_escalation_is_forwarded_by_file_id(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    await lan.send_media("photo", caption="lỗi này, số CCCD 001203004567")
    assert lan.last_text() == texts.ESC_FORWARDED_MEDIA.format(what="ảnh", id=1)
    photo = world.sent_to(GROUP, ("sendPhoto",))[-1]
    assert photo["photo"] == "big"  # the largest size, by file_id
    assert photo["caption"].startswith("#1")
    assert "001203004567" not in photo["caption"] and texts.PRIVACY_TAGS["id_card"] in photo["caption"]
    assert photo["reply_parameters"]["message_id"] == world.card(1)["message_id"]
    stored = (await world.storage.escalation_messages(1))[-1]
    assert (stored.kind, stored.file_id) == ("photo", "big")
    # A voice note and a document go the same way.
    await lan.send_media("voice")
    await lan.send_media("document")
    assert world.sent_to(GROUP, ("sendVoice",))[-1]["voice"] == "voice-file"
    assert world.sent_to(GROUP, ("sendDocument",))[-1]["document"] == "document-file"
    # A location is not passed on.
    await lan.send_media("location")
    assert lan.last_text() == texts.ESC_MEDIA_NOT_FORWARDED


async def test_a_photo_first_then_consent_sends_the_photo_with_the_card(world):
    lan = world.citizen()
    await lan.send_media("photo")
    await lan.press(texts.BTN_VOLUNTEER)
    await lan.press(texts.BTN_CONSENT_YES)
    assert world.card(1)
    assert world.sent_to(GROUP, ("sendPhoto",))[-1]["photo"] == "big"


# --- who may act -------------------------------------------------------------------------------------
async def test_a_non_member_pressing_claim_is_refused(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    stranger = world.volunteer(999, "Khách", status="left")
    await stranger.press(texts.BTN_CLAIM, world.card(1))
    assert stranger.toasts() == [texts.VOL_NOT_MEMBER]
    assert (await world.storage.get_escalation(1)).status == "open"
    # Nor can they answer or use the commands.
    await stranger.reply(world.card(1), "tôi trả lời nè")
    assert stranger.last_text() == texts.VOL_NOT_MEMBER
    await stranger.send("/nhan 1")
    assert stranger.last_text() == texts.VOL_NOT_MEMBER
    assert world.received(lan)[-1].startswith("✅")  # only the "sent" message, no answer
    assert (await world.storage.get_escalation(1)).status == "open"


async def test_membership_is_checked_with_telegram_and_cached(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    minh = world.volunteer(777, "Minh")
    await minh.send("/hangdoi")
    await minh.send("/hangdoi")
    asked = [c for c in world.api.calls_of("getChatMember") if int(c["user_id"]) == 777]
    assert len(asked) == 1 and int(asked[0]["chat_id"]) == GROUP


async def test_a_volunteers_button_outside_the_group_is_refused(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    card = world.card(1)
    forwarded = dict(card, chat={"id": 1001, "type": "private", "first_name": "Lan"})
    await lan.press(texts.BTN_CLAIM, forwarded)
    assert [c.get("text") for c in lan.calls if c.method == "answerCallbackQuery"] == [texts.VOL_WRONG_CHAT]
    assert (await world.storage.get_escalation(1)).status == "open"


async def test_two_volunteers_claiming_at_once_one_wins(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    card = world.card(1)
    minh, hoa = world.volunteer(777, "Minh"), world.volunteer(778, "Hoa")
    await asyncio.gather(minh.press(texts.BTN_CLAIM, card), hoa.press(texts.BTN_CLAIM, card))
    escalation = await world.storage.get_escalation(1)
    assert escalation.status == "claimed" and escalation.claimed_by in (777, 778)
    winner = "Minh" if escalation.claimed_by == 777 else "Hoa"
    toasts = sorted(c.get("text") for c in world.api.calls_of("answerCallbackQuery") if c.get("text"))
    assert toasts == sorted([texts.VOL_CLAIMED.format(id=1),
                             texts.VOL_ALREADY_CLAIMED.format(id=1, name=winner)])
    assert texts.VOL_STATUS_CLAIMED.format(name=winner) in world.card(1)["text"]


async def test_two_processes_claiming_at_once_one_wins(database_url):
    first, second = await Storage.open(database_url), await Storage.open(database_url)
    try:
        for round_ in range(3):
            escalation, _ = await first.open_escalation(f"tg:{round_}", "câu hỏi")
            results = await asyncio.gather(first.claim_escalation(escalation.id, 1, "A"),
                                           second.claim_escalation(escalation.id, 2, "B"))
            assert sum(r is not None for r in results) == 1
            stored = await first.get_escalation(escalation.id)
            assert stored.claimed_by == next(r.claimed_by for r in results if r is not None)
    finally:
        await first.close()
        await second.close()


# --- commands ----------------------------------------------------------------------------------------
async def test_queue_claim_answer_and_resolve_by_command(world):
    lan, hai = world.citizen(1001, "Lan"), world.citizen(1002, "Hải")
    minh = world.volunteer(777, "Minh")
    await minh.send("/hangdoi")
    assert minh.last_text() == texts.VOL_QUEUE_EMPTY
    await open_escalation(world, lan)
    await open_escalation(world, hai, "xin giấy phép bay flycam ở đâu")
    await minh.send("/hangdoi@dvcbot")
    listing = minh.last_text()
    assert listing.splitlines()[0] == texts.VOL_QUEUE_HEADER.format(n=2)
    assert listing.index("#1") < listing.index("#2")  # oldest first
    assert texts.VOL_AGE_MINUTES.format(m=0) in listing and texts.VOL_QUEUE_OPEN in listing

    await minh.send("/nhan 2")
    assert minh.last_text() == texts.VOL_CLAIMED.format(id=2)
    assert texts.VOL_STATUS_CLAIMED.format(name="Minh") in world.card(2)["text"]
    await minh.send("/nhan 2")
    assert minh.last_text() == texts.VOL_ALREADY_YOURS.format(id=2)
    await minh.send("/hangdoi")
    assert texts.VOL_QUEUE_CLAIMED.format(name="Minh") in minh.last_text()

    await minh.send("/traloi 2 Bạn xin phép ở Bộ Quốc phòng.\nCần đơn đề nghị.")
    assert world.received(hai)[-1] == texts.ESC_ANSWER.format(
        id=2, answer="Bạn xin phép ở Bộ Quốc phòng.\nCần đơn đề nghị.")
    assert not any("Quốc phòng" in text for text in world.received(lan))

    await minh.send("/xong 2")
    assert minh.last_text() == texts.VOL_RESOLVED.format(id=2)
    assert (await world.storage.get_escalation(2)).status == "resolved"
    assert texts.VOL_STATUS_RESOLVED in world.card(2)["text"]
    await minh.send("/traloi 2 thêm nữa")
    assert minh.last_text() == texts.VOL_CLOSED.format(id=2)
    await minh.send("/xong 99")
    assert minh.last_text() == texts.VOL_NO_SUCH.format(id=99)
    await minh.send("/nhan")
    assert minh.last_text() == texts.VOL_USAGE_NUMBER.format(command="nhan")
    await minh.send("/traloi 1")
    assert minh.last_text() == texts.VOL_ANSWER_EMPTY.format(id=1)


async def test_a_long_queue_is_split_into_messages_telegram_accepts(world):
    for i in range(60):
        await world.storage.open_escalation(f"tg:{5000 + i}", "câu hỏi rất dài 🙏 " * 20)
    minh = world.volunteer()
    await minh.send("/hangdoi")
    assert len(minh.replies) >= 2
    assert minh.replies[0]["text"].startswith(texts.VOL_QUEUE_HEADER.format(n=50))
    # (world.close() checks every text is within Telegram's 4096 UTF-16 units)


async def test_volunteers_chatting_among_themselves_are_left_alone(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    minh, hoa = world.volunteer(777, "Minh"), world.volunteer(778, "Hoa")
    await minh.send("ai nhận câu #1 chưa?")
    assert minh.replies == []
    first = minh.last_update["message"]
    await hoa.reply(first, "để mình")  # a reply to a person, not to the bot
    assert hoa.replies == []
    await minh.send("/start")  # not a volunteers' command
    assert minh.replies == []
    assert (await world.storage.escalation_messages(1))[-1].direction == "citizen"


async def test_a_reply_to_the_answer_confirmation_also_answers(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    minh = world.volunteer()
    await minh.reply(world.card(1), "Trả lời thứ nhất.")
    confirmation = minh.last_message()
    await minh.reply(confirmation, "Bổ sung: mang ảnh.")
    assert world.received(lan)[-1] == texts.ESC_ANSWER.format(id=1, answer="Bổ sung: mang ảnh.")


async def test_a_volunteer_can_answer_with_a_photo(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    minh = world.volunteer()
    from helpers.fake_telegram import media_json

    await minh.reply(world.card(1), None, **media_json("photo"), caption="Bấm vào đây")
    photo = world.sent_to(lan.chat_id, ("sendPhoto",))[-1]
    assert photo["photo"] == "big" and "Bấm vào đây" in photo["caption"]


# --- "Thêm vào kho" ------------------------------------------------------------------------------------
async def test_add_to_the_knowledge_base_as_a_sample_question_or_faq(world, knowledge):
    lan = world.citizen()
    await lan.send("/start guide-nop-ho-so-truc-tuyen")
    await lan.press(texts.BTN_STUCK)
    await lan.press(texts.BTN_VOLUNTEER)
    await lan.press(texts.BTN_CONSENT_YES)
    escalation = await world.storage.get_escalation(1)
    assert escalation.procedure == "nop-ho-so-truc-tuyen" and escalation.step
    minh = world.volunteer()
    await minh.reply(world.card(1), "Bạn bấm nút Nộp hồ sơ ở góc phải.")
    confirmation = minh.last_message()
    assert labels(confirmation) == [texts.BTN_ADD_TO_KB, texts.BTN_RESOLVE]

    await minh.press(texts.BTN_ADD_TO_KB, confirmation)
    menu = minh.last_message()
    title = knowledge.kb.get("nop-ho-so-truc-tuyen").title
    assert title in labels(menu) and texts.BTN_KB_AS_FAQ in labels(menu)
    await minh.press(title, menu)
    assert minh.toasts() == [texts.VOL_KB_PROPOSED_QUESTION.format(id=1, title=title)]
    await minh.press(texts.BTN_KB_AS_FAQ, menu)
    suggestions = await world.storage.list_suggestions()
    assert [(s.kind, s.procedure, s.escalation_id, s.proposed_by) for s in suggestions] == [
        ("question", "nop-ho-so-truc-tuyen", 1, 777), ("faq", "nop-ho-so-truc-tuyen", 1, 777)]
    assert suggestions[1].answer == "Bạn bấm nút Nộp hồ sơ ở góc phải."
    assert suggestions[0].question == escalation.question
    # The card of an answered escalation offers it too.
    assert texts.BTN_ADD_TO_KB in labels(world.card(1))


async def test_faq_needs_an_answer_first(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    minh = world.volunteer()
    await minh.press(texts.BTN_CLAIM, world.card(1))
    await minh.press_data("vkf:-:1", world.card(1))
    assert minh.toasts() == [texts.VOL_KB_NO_ANSWER.format(id=1)]
    assert await world.storage.list_suggestions() == []


# --- reminders ------------------------------------------------------------------------------------------
async def test_an_unclaimed_escalation_is_reminded_once_and_survives_a_restart(database_url, knowledge):
    config = volunteer_config(reminder_minutes=1)
    world = await start_world(database_url, knowledge, config)
    try:
        lan = world.citizen()
        await open_escalation(world, lan)
        assert await world.desk.remind(utcnow()) == []  # not due yet
        later = utcnow() + timedelta(minutes=1, seconds=5)
        assert [e.id for e in await world.desk.remind(later)] == [1]
        assert await world.desk.remind(later) == []  # not twice
        await world.deliver()
        reminder = world.last_in_group("⏰")
        assert reminder["text"].startswith(texts.VOL_REMINDER.split("(")[0].format(id=1))
        assert labels(reminder) == [texts.BTN_CLAIM]
        # A reply to the reminder answers the escalation.
        minh = world.volunteer()
        await minh.reply(reminder, "Đây là câu trả lời.")
        assert world.received(lan)[-1] == texts.ESC_ANSWER.format(id=1, answer="Đây là câu trả lời.")
    finally:
        await world.close()


async def test_the_reminder_job_fires_once_across_a_restart(sqlite_database_url, knowledge):
    config = volunteer_config(reminder_minutes=1)
    world = await start_world(sqlite_database_url, knowledge, config)
    try:
        await open_escalation(world, world.citizen())
        # Make the reminder due (as if a minute had passed), then restart.
        from bot.storage import tables

        async with world.storage.engine.begin() as conn:
            await conn.execute(tables.escalations.update().values(remind_at=utcnow() - timedelta(seconds=1)))
    finally:
        await world.close()
    first = await start_world(sqlite_database_url, knowledge, config)
    second = await start_world(sqlite_database_url, knowledge, config)
    try:
        await asyncio.gather(first.run_job("reminders"), second.run_job("reminders"))
        reminders = [m for w in (first, second) for m in w.group() if "⏰" in (m.get("text") or "")]
        assert len(reminders) == 1
        await asyncio.gather(first.run_job("reminders"), second.run_job("reminders"))
        again = [m for w in (first, second) for m in w.group() if "⏰" in (m.get("text") or "")]
        assert len(again) == 1
        # Claimed escalations are not reminded.
        minh = first.volunteer()
        await minh.send("/nhan 1")
        async with first.storage.engine.begin() as conn:
            await conn.execute(tables.escalations.update().values(remind_at=utcnow() - timedelta(seconds=1)))
        assert await first.desk.remind(utcnow()) == []
    finally:
        await first.close()
        await second.close()


async def test_reminders_wait_for_working_hours(sqlite_database_url, knowledge):
    today = utcnow().isoweekday()
    other_day = str(today % 7 + 1)
    config = volunteer_config(reminder_minutes=1, volunteer_days=other_day, timezone="UTC")
    world = await start_world(sqlite_database_url, knowledge, config)
    try:
        lan = world.citizen()
        await open_escalation(world, lan)
        assert "vào giờ làm việc" in lan.last_text()
        assert await world.desk.remind(utcnow() + timedelta(minutes=2)) == []
    finally:
        await world.close()


# --- the group without the bot's messages ---------------------------------------------------------------
async def test_a_reply_to_an_unknown_bot_message_gets_a_hint(world):
    minh = world.volunteer()
    await minh.send("/hangdoi")
    listing = minh.last_message()
    await minh.reply(listing, "trả lời")
    assert minh.last_text() == texts.VOL_REPLY_UNKNOWN


async def test_group_updates_are_processed_once(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    card = world.card(1)
    update = update_json(message=message_json({"id": GROUP, "type": "supergroup", "title": "TNV"},
                                              user_json(777, "Minh"), 900, "Trả lời một lần",
                                              reply_to_message=card))
    world.api.member_status[777] = "member"
    await deliver(world.app, update)
    await deliver(world.app, update)  # redelivered
    assert sum("Trả lời một lần" in t for t in world.received(lan)) == 1
    assert len([m for m in await world.storage.escalation_messages(1) if m.direction == "volunteer"]) == 1
    assert buttons_of(world.card(1))


# --- `dvcbot run` against a Bot API over HTTP ---------------------------------------------------------
def test_dvcbot_run_relays_between_a_citizen_and_the_group(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from helpers import REPO
    from helpers.fake_api_server import FakeBotApiServer
    from helpers.fake_telegram import private_chat_json
    from helpers.telegram_chats import group_chat_json

    citizen = private_chat_json(5555, "Hoa")
    hoa, minh = user_json(5555, "Hoa"), user_json(777, "Minh")
    with FakeBotApiServer() as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DVCBOT_")
               and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
        env.update({
            "DVCBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
            "DVCBOT_KNOWLEDGE": str(KB_PATH), "DVCBOT_TELEGRAM_TOKEN": "123456:FAKE-token-for-tests",
            "DVCBOT_TELEGRAM_API_URL": server.base_url, "DVCBOT_VOLUNTEER_CHAT_ID": str(GROUP),
            "DVCBOT_VOLUNTEER_HOURS": "00:00-24:00", "DVCBOT_VOLUNTEER_DAYS": "1-7",
            "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
            "PYTHONIOENCODING": "utf-8", "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
        })
        log = tmp_path / "stderr.log"
        proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log.open("wb"))

        def sent(chat_id: int, containing: str = "", timeout: float = 60) -> dict:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                with server._cond:
                    for m in server.api.chat_messages(chat_id):
                        if containing in (m.get("text") or m.get("caption") or ""):
                            return m
                time.sleep(0.05)
            raise AssertionError(f"nothing with {containing!r} sent to {chat_id}; {log.read_text('utf-8')}")

        def press(label: str, message: dict, who: dict) -> None:
            data = next(b["callback_data"] for b in buttons_of(message) if b["text"] == label)
            server.add_update(update_json(callback_query={
                "id": f"cq{time.monotonic_ns()}", "from": who, "chat_instance": "ci", "data": data,
                "message": message}))

        try:
            server.add_update(update_json(message=message_json(citizen, hoa, 1, UNKNOWN_QUESTION)))
            press(texts.BTN_VOLUNTEER, sent(5555, texts.OUT_OF_SCOPE_VOLUNTEER), hoa)  # a neighbour: where to go
            press(texts.BTN_CONSENT_YES, sent(5555, texts.ESC_CONSENT.split("\n")[0]), hoa)
            card = sent(GROUP, UNKNOWN_QUESTION)
            assert "#1" in card["text"]
            server.add_update(update_json(message=message_json(
                group_chat_json(GROUP), minh, 900, "Bạn đến Phòng Quản lý xuất nhập cảnh.",
                reply_to_message=card)))
            sent(5555, "Bạn đến Phòng Quản lý xuất nhập cảnh.")
            time.sleep(0.5)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=15) == 0, log.read_text("utf-8")
            answers = [c for c in server.calls_of("sendMessage")
                       if int(c["chat_id"]) == 5555 and "Bạn đến Phòng Quản lý xuất nhập cảnh." in c["text"]]
            assert len(answers) == 1 and "parse_mode" not in answers[0].params
            assert "Traceback" not in log.read_text("utf-8")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=15)


# --- "Xem số đã ẩn": the masked numbers, for the claiming volunteer only ---------------------------
CCCD, PHONE = "012345678901", "0912345678"


def alerts(member) -> list[tuple[str, bool]]:
    return [(c.get("text") or "", bool(c.get("show_alert"))) for c in member.calls
            if c.method == "answerCallbackQuery"]


async def test_only_the_claiming_volunteer_sees_the_masked_numbers(world, caplog):
    import logging

    from bot.storage import tables

    caplog.set_level(logging.INFO)
    lan, minh, hoa = world.citizen(), world.volunteer(777, "Minh"), world.volunteer(778, "Hoa")
    question = f"{UNKNOWN_QUESTION}, CCCD của em {CCCD}, sđt {PHONE}"
    # /hoinguoi with the question: it reaches the consent unmasked (a question the assistant
    # did not know is kept masked in the session, so its numbers cannot be shown).
    await lan.send(f"/hoinguoi {question}")
    assert CCCD not in lan.last_text()
    await lan.press(texts.BTN_CONSENT_YES)
    escalation_id = (await world.storage.active_escalation(f"tg:{lan.user_id}")).id
    # The original left the session with the consent; it is kept in the escalation only.
    session = await world.storage.load_session(f"tg:{lan.user_id}")
    assert "consent" not in session.data and CCCD not in str(session.data)
    async with world.storage.engine.connect() as conn:
        stored = (await conn.execute(sa.select(tables.escalations.c.original, tables.escalations.c.question)
                                     .where(tables.escalations.c.id == escalation_id))).one()
    # Kept sealed with the secret key only (bot.dialogue.vault), never in clear.
    assert CCCD not in stored.original and PHONE not in stored.original and CCCD not in stored.question
    assert Vault([SECRET_KEY]).unseal(stored.original) == question

    card = world.card(escalation_id)
    assert CCCD not in card["text"] and PHONE not in card["text"]
    assert texts.PRIVACY_TAGS["id_card"] in card["text"] and texts.PRIVACY_TAGS["phone"] in card["text"]
    assert labels(card) == [texts.BTN_CLAIM, texts.BTN_RESOLVE, texts.BTN_REVEAL]

    # Before anyone claims it: refused, even for a member.
    await hoa.press(texts.BTN_REVEAL, card)
    assert alerts(hoa) == [(texts.VOL_REVEAL_REFUSED.format(id=escalation_id), True)]
    # A non-member is refused too.
    stranger = world.volunteer(999, "Lạ", status="left")
    await stranger.press(texts.BTN_REVEAL, card)
    assert alerts(stranger) == [(texts.VOL_NOT_MEMBER, True)]

    await minh.press(texts.BTN_CLAIM, card)
    card = world.card(escalation_id)
    assert labels(card) == [texts.BTN_RESOLVE, texts.BTN_REVEAL]

    # Another volunteer: refused, nothing recorded.
    await hoa.press(texts.BTN_REVEAL, card)
    assert alerts(hoa) == [(texts.VOL_REVEAL_REFUSED.format(id=escalation_id), True)]
    assert [m.kind for m in await world.storage.escalation_messages(escalation_id)] == ["text"]

    # The claimer: an alert with the numbers only, and an audit row.
    await minh.press(texts.BTN_REVEAL, card)
    [(shown, alert)] = alerts(minh)
    assert alert is True
    assert shown == f"CCCD: {CCCD} · SĐT: {PHONE}"
    assert len(shown) <= 200
    audit = [m for m in await world.storage.escalation_messages(escalation_id) if m.kind == "reveal"]
    assert [(m.direction, m.volunteer_id, m.text) for m in audit] == [("volunteer", 777, "")]
    assert "revealed" in caplog.text
    assert CCCD not in caplog.text and PHONE not in caplog.text

    # Nothing in the group ever carried the raw numbers.
    for call in world.api.calls:
        if call.method in ("sendMessage", "editMessageText", "sendPhoto") and int(call["chat_id"]) == GROUP:
            body = (call.get("text") or "") + (call.get("caption") or "") + str(call.get("reply_markup") or "")
            assert CCCD not in body and PHONE not in body, call


async def test_no_reveal_button_when_nothing_was_masked(world):
    lan = world.citizen()
    escalation_id = await open_escalation(world, lan)
    assert not (await world.storage.get_escalation(escalation_id)).has_original
    assert texts.BTN_REVEAL not in labels(world.card(escalation_id))


async def test_declining_consent_drops_the_original_from_the_session(world):
    lan = world.citizen()
    await lan.send(f"/hoinguoi {UNKNOWN_QUESTION}, sđt {PHONE}")
    session = await world.storage.load_session(f"tg:{lan.user_id}")
    assert PHONE not in str(session.data)
    assert Vault([SECRET_KEY]).unseal(session.data["consent"]["o"]).endswith(PHONE)
    await lan.press(texts.BTN_CONSENT_NO)
    session = await world.storage.load_session(f"tg:{lan.user_id}")
    assert "consent" not in session.data and PHONE not in str(session.data)
