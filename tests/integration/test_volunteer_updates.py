"""A volunteer's update takes effect exactly once (issue 12, item 1).

The update id of a volunteer's reply, command or button press is recorded in the same
transaction as its effect (answer stored, escalation state changed, outbox rows), as a
citizen's turn is. An update whose handling failed, or whose process died, is not recorded:
Telegram delivers it again and it takes effect then, once. When an action fails, the
volunteer is told in the group.
"""
from __future__ import annotations

import asyncio

import pytest

from bot.dialogue import texts
from bot.volunteers.desk import Volunteer
from helpers.fake_telegram import deliver, message_json, update_json, user_json
from helpers.faults import fail_once
from helpers.world import GROUP, open_escalation, start_world

# Every test opens its database with Storage.open (or a fixture that does) before anything else.
pytestmark = pytest.mark.database_at_head

ANSWER = "Bạn làm hộ chiếu ở Phòng Quản lý xuất nhập cảnh Công an tỉnh."


def reply_update(card: dict, text: str, message_id: int = 900, user_id: int = 777) -> dict:
    """A volunteer's reply to the bot's card, as the Bot API delivers it."""
    return update_json(message=message_json({"id": GROUP, "type": "supergroup", "title": "TNV"},
                                            user_json(user_id, "Minh"), message_id, text,
                                            reply_to_message=card))


def press_update(card: dict, label: str, user_id: int = 777) -> dict:
    data = next(b["callback_data"] for row in card["reply_markup"]["inline_keyboard"] for b in row
                if b["text"] == label)
    return update_json(callback_query={"id": f"cq{user_id}", "from": user_json(user_id, "Minh"),
                                       "chat_instance": "ci", "data": data, "message": card})


async def test_an_answer_whose_storing_failed_is_told_and_stored_when_redelivered(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    world.api.member_status[777] = "member"
    card = world.card(1)
    storage = world.storage
    fail_once(storage, "answer_escalation", RuntimeError("database went away"))
    update = reply_update(card, ANSWER)
    before = len(world.api.calls)
    await deliver(world.app, update)
    # The volunteer is told, in the group, that nothing happened and to try again.
    told = [c for c in world.api.calls[before:] if c.method == "sendMessage" and int(c["chat_id"]) == GROUP]
    assert [c["text"] for c in told] == [texts.VOL_ACTION_FAILED]
    assert told[0]["reply_parameters"]["message_id"] == 900
    assert (await storage.get_escalation(1)).status == "open"
    assert not await storage.is_update_processed(update["update_id"])
    assert [t for t in world.received(lan) if ANSWER in t] == []

    # Telegram delivers it again (the same update): now it takes effect, once.
    await deliver(world.app, update)
    await deliver(world.app, update)
    assert (await storage.get_escalation(1)).status == "answered"
    assert [t for t in world.received(lan) if ANSWER in t] == [texts.ESC_ANSWER.format(id=1, answer=ANSWER)]
    volunteer = [m for m in await storage.escalation_messages(1) if m.direction == "volunteer"]
    assert len(volunteer) == 1


async def test_a_claim_whose_storing_failed_is_told_and_takes_effect_when_redelivered(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    world.api.member_status[777] = "member"
    storage = world.storage
    fail_once(storage, "claim_escalation", RuntimeError("database went away"))
    update = press_update(world.card(1), texts.BTN_CLAIM)
    before = len(world.api.calls)
    await deliver(world.app, update)
    answers = [c for c in world.api.calls[before:] if c.method == "answerCallbackQuery"]
    assert [(c.get("text"), c.get("show_alert")) for c in answers] == [(texts.VOL_ACTION_FAILED, True)]
    assert (await storage.get_escalation(1)).status == "open"
    # Telegram delivers the press again; the query was answered already (Telegram refuses a
    # second answer).
    world.api.fail("answerCallbackQuery", 400, "Bad Request: query is too old and response timeout "
                   "expired or query ID is invalid", times=2)
    await deliver(world.app, update)
    assert (await storage.get_escalation(1)).claimed_by == 777
    await deliver(world.app, update)  # once more: no second effect, and no second answer
    assert len([c for c in world.api.calls[before:] if c.method == "answerCallbackQuery"]) == 3


async def test_a_process_killed_during_the_membership_check_loses_no_answer(sqlite_database_url, knowledge):
    """The process dies while getChatMember is in flight (its task is cancelled mid-call, as
    a kill would leave it); a new process gets the update again from Telegram and answers."""
    world = await start_world(sqlite_database_url, knowledge)
    try:
        lan = world.citizen()
        await open_escalation(world, lan)
        update = reply_update(world.card(1), ANSWER)
        in_flight = asyncio.Event()
        real = world.api.do_request

        async def hangs_on_get_chat_member(url, method, request_data=None, *args, **kwargs):
            if url.endswith("/getChatMember"):
                in_flight.set()
                await asyncio.sleep(3600)
            return await real(url, method, request_data, *args, **kwargs)

        world.api.do_request = hangs_on_get_chat_member  # type: ignore[method-assign]
        handling = asyncio.ensure_future(deliver(world.app, update))
        await asyncio.wait_for(in_flight.wait(), 10)
        handling.cancel()  # killed
        await asyncio.gather(handling, return_exceptions=True)
        world.api.do_request = real  # type: ignore[method-assign]
    finally:
        await world.close()

    restarted = await start_world(sqlite_database_url, knowledge)
    try:
        restarted.api.member_status[777] = "member"
        await deliver(restarted.app, update)  # Telegram's redelivery
        await deliver(restarted.app, update)
        assert (await restarted.storage.get_escalation(1)).status == "answered"
        assert [t for t in restarted.received(lan) if ANSWER in t] == [texts.ESC_ANSWER.format(id=1, answer=ANSWER)]
    finally:
        await restarted.close()


async def test_a_volunteers_update_is_recorded_with_its_effect(database_url, knowledge):
    """On both databases: the processed-update record and the answer are stored together."""
    world = await start_world(database_url, knowledge)
    try:
        lan = world.citizen()
        await open_escalation(world, lan)
        world.api.member_status[777] = "member"
        update = reply_update(world.card(1), ANSWER)
        await deliver(world.app, update)
        assert await world.storage.is_update_processed(update["update_id"])
        assert (await world.storage.get_escalation(1)).status == "answered"
        # Volunteers talking among themselves: no effect, nothing recorded.
        chat = update_json(message=message_json({"id": GROUP, "type": "supergroup", "title": "TNV"},
                                                user_json(777, "Minh"), 901, "ai trực hôm nay?"))
        await deliver(world.app, chat)
        assert not await world.storage.is_update_processed(chat["update_id"])
    finally:
        await world.close()


# --- edited answers (issue 12, item 9) ----------------------------------------------------------
def edit_update(original: dict, text: str) -> dict:
    """The Bot API's edited_message update for `original` (a message dict) with a new text."""
    edited = dict(original, text=text, edit_date=original["date"] + 60)
    return update_json(edited_message=edited)


async def test_an_edited_answer_is_relayed_as_a_correction_once_per_edit(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    world.api.member_status[777] = "member"
    answer = reply_update(world.card(1), "Bạn gọi Phòng Quản lý xuất nhập cảnh số 0251 3822 000.")
    await deliver(world.app, answer)
    assert len(world.received(lan)) >= 1 and "0251 3822 000" in world.received(lan)[-1]

    fixed = "Bạn gọi Phòng Quản lý xuất nhập cảnh số 0251 3822 111 (em ghi nhầm)."
    first = edit_update(answer["message"], fixed)
    before = len(world.received(lan))
    await deliver(world.app, first)
    await deliver(world.app, first)  # redelivered: not twice
    got = world.received(lan)[before:]
    assert got == [texts.ESC_ANSWER_CORRECTED.format(id=1, answer=fixed)]
    assert "Tình nguyện viên đã sửa câu trả lời" in got[0]
    relayed = world.sent_to(lan.chat_id)[-1]
    assert [b["text"] for row in relayed["reply_markup"]["inline_keyboard"] for b in row][:2] == [
        texts.BTN_UNDERSTOOD, texts.BTN_ASK_MORE]
    assert world.last_in_group(texts.VOL_CORRECTION_STORED.format(id=1))

    # A second edit is a second correction; an edit that leaves the text as it is, none.
    again = "Số đúng là 0251 3822 111, giờ hành chính."
    await deliver(world.app, edit_update(answer["message"], again))
    await deliver(world.app, edit_update(answer["message"], again))
    assert world.received(lan)[before:] == [texts.ESC_ANSWER_CORRECTED.format(id=1, answer=fixed),
                                            texts.ESC_ANSWER_CORRECTED.format(id=1, answer=again)]
    kinds = [(m.kind, m.text) for m in await world.storage.escalation_messages(1) if m.direction == "volunteer"]
    assert kinds[1:] == [("correction", fixed), ("correction", again)]
    # The knowledge-base proposal takes the corrected answer.
    await world.desk.kb_propose(1, Volunteer(777, "Minh"), "faq")
    assert (await world.storage.list_suggestions())[-1].answer == again


async def test_an_edited_traloi_command_is_a_correction_too(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    minh = world.volunteer(777, "Minh")
    await minh.send("/traloi 1 Mang CCCD và 2 ảnh 4x6.")
    command = next(u["message"] for u in reversed(world.api.delivered) if "message" in u)
    await deliver(world.app, edit_update(command, "/traloi 1 Mang CCCD và 2 ảnh 4x6 nền trắng."))
    fixed = texts.ESC_ANSWER_CORRECTED.format(id=1, answer="Mang CCCD và 2 ảnh 4x6 nền trắng.")
    assert world.received(lan)[-1] == fixed
    # Edited to another question's number: not relayed anywhere.
    count = len(world.received(lan))
    await deliver(world.app, edit_update(command, "/traloi 2 Mang hộ khẩu."))
    assert len(world.received(lan)) == count


async def test_edits_of_other_messages_are_ignored(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    minh = world.volunteer(777, "Minh")
    group = {"id": GROUP, "type": "supergroup", "title": "TNV"}
    chat = update_json(message=message_json(group, user_json(777, "Minh"), 950, "ai trực hôm nay?"))
    await deliver(world.app, chat)
    await minh.send("/hangdoi")
    hangdoi = next(u["message"] for u in reversed(world.api.delivered) if "message" in u)
    await lan.send("cảm ơn ạ")
    mine = next(u["message"] for u in reversed(world.api.delivered) if "message" in u)
    before = len(world.api.calls)
    for original, text in ((chat["message"], "ai trực chiều nay?"), (hangdoi, "/hangdoi@dvcbot"),
                           (mine, "cảm ơn nhiều ạ")):
        await deliver(world.app, edit_update(original, text))  # no error, no reply, no post
    assert [c.method for c in world.api.calls[before:]] == []
    assert [m.kind for m in await world.storage.escalation_messages(1)].count("correction") == 0


async def test_the_terminal_citizen_sees_a_correction_at_the_next_turn(sqlite_database_url, knowledge):
    from bot.config import Config
    from bot.dialogue.engine import Engine, Event
    from bot.storage import Storage
    from bot.volunteers.desk import VolunteerDesk

    async with await Storage.open(sqlite_database_url) as storage:
        engine, desk = Engine(knowledge, storage, Config()), VolunteerDesk(storage, knowledge, Config())
        citizen, minh = "cli:local", Volunteer(777, "Minh")
        consent = await engine.handle(Event.message(citizen, "/hoinguoi làm hộ chiếu ở đâu"))
        yes = next(b.data for r in consent for row in r.buttons for b in row if b.label == texts.BTN_CONSENT_YES)
        await engine.handle(Event.button(citizen, yes))
        await desk.answer(1, minh, "Phòng 12.", source="-100:5")
        fixed = await desk.correct("-100:5", minh, "Phòng 21.", edit="9001")
        assert fixed is not None and fixed.text == texts.VOL_CORRECTION_STORED_NO_TELEGRAM.format(id=1)
        assert await desk.correct("-100:5", minh, "Phòng 21.", edit="9002") is None  # unchanged text
        assert await desk.correct("-100:6", minh, "khác", edit="9003") is None  # not an answer
        shown = [r.text for r in await engine.handle(Event.message(citizen, "dạ"))]
        assert shown[:2] == [texts.ESC_ANSWER.format(id=1, answer="Phòng 12."),
                             texts.ESC_ANSWER_CORRECTED.format(id=1, answer="Phòng 21.")]
