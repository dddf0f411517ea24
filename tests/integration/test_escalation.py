"""The citizen's side of the volunteer hand-off, as conversations: asking for consent,
opening an escalation with its context, messages while it is open, cancelling, the terminal
chat. Real procedures.yaml, real Matcher, real Storage; Telegram through a fake Bot API
(tests/helpers/world.py).
"""
from __future__ import annotations

import os

import pytest

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.engine import Engine, Event
from bot.storage import Storage
from helpers import KB_PATH, REPO
from helpers.commands import run_dvcbot
from helpers.world import (
    GROUP,
    UNKNOWN_QUESTION,
    labels,
    open_escalation,
    start_world,
    volunteer_config,
)

# Every test opens its database with Storage.open (or a fixture that does) before anything else.
pytestmark = pytest.mark.database_at_head


# --- consent ---------------------------------------------------------------------------------------
async def test_nothing_is_shared_without_consent(world):
    lan = world.citizen()
    await lan.send(UNKNOWN_QUESTION)
    await lan.press(texts.BTN_VOLUNTEER)
    assert lan.last_text() == texts.ESC_CONSENT.format(question=UNKNOWN_QUESTION)
    await lan.press(texts.BTN_CONSENT_NO)
    assert lan.last_text() == texts.ESC_DECLINED
    assert await world.storage.list_escalations(("open", "claimed", "cancelled")) == []
    assert world.group() == [] and await world.storage.list_outbox() == []
    # The question is then answered as usual again.
    await lan.send("đăng ký tạm trú cần gì")
    assert "Nguồn:" in lan.seen()


async def test_an_opened_escalation_carries_its_context(world, knowledge):
    lan = world.citizen()
    await lan.send("đăng ký tạm trú cần gì")
    await lan.send(UNKNOWN_QUESTION)
    await lan.press(texts.BTN_VOLUNTEER)
    await lan.press(texts.BTN_CONSENT_YES)
    text = lan.last_text()
    assert text.startswith(texts.ESC_OPENED_IN_HOURS.format(id=1).splitlines()[0])
    assert "/huy" in text
    escalation = await world.storage.get_escalation(1)
    assert escalation.citizen == f"tg:{lan.user_id}" and escalation.status == "open"
    assert escalation.question == UNKNOWN_QUESTION
    assert [c["d"] for c in escalation.context][:2] == ["answer", "none"]
    assert escalation.remind_at is not None
    card = world.card(1)
    title = knowledge.kb.get("dang-ky-tam-tru").title
    assert texts.VOL_CONTEXT_DECISIONS["answer"].format(title=title) in card["text"]
    assert [q.decision for q in await world.storage.recent_questions(f"tg:{lan.user_id}")][0] == "unresolved"


async def test_outside_working_hours_the_citizen_is_told_when(sqlite_database_url, knowledge):
    from bot.storage.ports import utcnow

    other_day = str(utcnow().isoweekday() % 7 + 1)
    config = volunteer_config(volunteer_hours="07:30-17:00", volunteer_days=other_day, timezone="UTC")
    world = await start_world(sqlite_database_url, knowledge, config)
    try:
        lan = world.citizen()
        await open_escalation(world, lan)
        from bot.dialogue.hours import describe_days

        assert texts.ESC_OPENED_OUT_OF_HOURS.format(id=1, hours="07:30-17:00", days=describe_days(other_day)) \
            in lan.last_text()
        assert world.card(1)  # posted anyway: volunteers may look earlier
    finally:
        await world.close()


@pytest.mark.parametrize("ask", ["cho tôi gặp người thật", "tôi muốn hỏi cán bộ", "nói chuyện với người thật đi",
                                 "gap nguoi", "/hoinguoi"])
async def test_asking_for_a_person_after_an_unknown_question(world, ask):
    lan = world.citizen()
    await lan.send(UNKNOWN_QUESTION)
    await lan.send(ask)
    assert lan.last_text() == texts.ESC_CONSENT.format(question=UNKNOWN_QUESTION)
    await lan.press(texts.BTN_CONSENT_YES)
    assert (await world.storage.get_escalation(1)).question == UNKNOWN_QUESTION


async def test_asking_for_a_person_first_then_the_question(world):
    lan = world.citizen()
    await lan.send("/hoinguoi")
    assert lan.last_text() == texts.ESC_ASK_QUESTION
    await lan.send("xin giấy phép bay flycam ở đâu")
    assert lan.last_text() == texts.ESC_CONSENT.format(question="xin giấy phép bay flycam ở đâu")
    await lan.press(texts.BTN_CONSENT_YES)
    assert (await world.storage.get_escalation(1)).question == "xin giấy phép bay flycam ở đâu"


async def test_hoinguoi_with_the_question(world):
    lan = world.citizen()
    await lan.send("/hoinguoi đất nhà tôi bị lấn chiếm thì làm sao")
    await lan.press(texts.BTN_CONSENT_YES)
    assert (await world.storage.get_escalation(1)).question == "đất nhà tôi bị lấn chiếm thì làm sao"


async def test_a_question_that_mentions_an_official_is_still_answered(world):
    lan = world.citizen()
    await lan.send("cán bộ hỏi tôi giấy tờ gì khi đăng ký tạm trú cho người thuê trọ")
    assert texts.BTN_CONSENT_YES not in lan.buttons()


async def test_stuck_in_a_walkthrough_sends_the_procedure_and_step(world, knowledge):
    guide = knowledge.kb.get("nop-ho-so-truc-tuyen").guide
    lan = world.citizen()
    await lan.send("/start guide-nop-ho-so-truc-tuyen")
    await lan.press(texts.BTN_STUCK)
    await lan.press(texts.BTN_VOLUNTEER)
    await lan.press(texts.BTN_CONSENT_YES)
    escalation = await world.storage.get_escalation(1)
    assert (escalation.procedure, escalation.step) == ("nop-ho-so-truc-tuyen", guide.start.id)
    assert "Bước 1/" in world.card(1)["text"]
    # The walkthrough is still there.
    assert lan.has_button(texts.BTN_CONTINUE_GUIDE.format(n=1))


async def test_thumbs_down_offers_a_volunteer_with_the_procedure(world, knowledge):
    lan = world.citizen()
    await lan.send("đăng ký tạm trú cần gì")
    await lan.press("👎")
    await lan.press(texts.BTN_VOLUNTEER)
    assert texts.BTN_CONSENT_YES in lan.buttons()
    await lan.press(texts.BTN_CONSENT_YES)
    escalation = await world.storage.get_escalation(1)
    assert escalation.procedure == "dang-ky-tam-tru"
    assert knowledge.kb.get("dang-ky-tam-tru").title in world.card(1)["text"]


async def test_personal_numbers_never_reach_volunteers_or_the_log(world):
    lan = world.citizen()
    question = "con tôi số định danh 001203004567 chưa có tên trên VNeID, gọi 0912345678"
    await lan.send("/hoinguoi " + question)
    assert "001203004567" not in lan.last_text()
    await lan.press(texts.BTN_CONSENT_YES)
    escalation = await world.storage.get_escalation(1)
    for seen in (escalation.question, world.card(1)["text"],
                 *(q.text for q in await world.storage.recent_questions(f"tg:{lan.user_id}"))):
        assert "001203004567" not in seen and "0912345678" not in seen
    assert texts.PRIVACY_TAGS["id_card"] in escalation.question


# --- while an escalation is open ---------------------------------------------------------------------
async def test_messages_while_open_go_to_the_volunteers_not_the_assistant(world, knowledge):
    lan = world.citizen()
    await open_escalation(world, lan)
    await lan.send("đăng ký tạm trú cần gì")
    assert lan.last_text() == texts.ESC_FORWARDED.format(id=1)
    assert "Nguồn:" not in lan.seen()
    assert lan.buttons() == [texts.BTN_AUTO_ANSWER]
    assert world.last_in_group("đăng ký tạm trú cần gì")["text"] == texts.VOL_FOLLOWUP.format(
        id=1, text="đăng ký tạm trú cần gì")
    # Unless the citizen asks the assistant.
    await lan.press(texts.BTN_AUTO_ANSWER)
    assert knowledge.kb.get("dang-ky-tam-tru").title in lan.seen()
    # Asking for a person again: it is already with them.
    await lan.send("/hoinguoi")
    assert lan.last_text() == texts.ESC_ALREADY_OPEN.format(id=1)
    assert len(await world.storage.escalation_messages(1)) == 2


async def test_huy_cancels_the_escalation_and_tells_the_group(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    await lan.send("/huy")
    assert lan.last_text() == texts.ESC_CANCELLED.format(id=1)
    assert (await world.storage.get_escalation(1)).status == "cancelled"
    assert world.last_in_group(texts.VOL_CANCELLED.format(id=1))
    await lan.send("đăng ký tạm trú cần gì")
    assert "Nguồn:" in lan.seen()
    # A volunteer answering it now is told it is closed.
    minh = world.volunteer()
    await minh.reply(world.card(1), "muộn rồi")
    assert minh.last_text() == texts.VOL_CLOSED.format(id=1)
    assert not any("muộn rồi" in t for t in world.received(lan))


async def test_an_answer_button_of_another_citizen_is_refused(world):
    lan, hai = world.citizen(1001), world.citizen(1002)
    await open_escalation(world, lan)
    minh = world.volunteer()
    await minh.reply(world.card(1), "Trả lời cho Lan.")
    await hai.send("/start")
    await hai.press_data("e:-:ok:1")
    assert hai.last_text() == texts.STALE_BUTTON
    assert (await world.storage.get_escalation(1)).status == "answered"


async def test_thumbs_down_on_an_answer_offers_to_ask_more(world):
    lan = world.citizen()
    await open_escalation(world, lan)
    minh = world.volunteer()
    await minh.reply(world.card(1), "Trả lời.")
    await lan.press(texts.BTN_ANSWER_NOT_USEFUL, lan.messages()[-1])
    assert lan.last_text() == texts.ESC_ANSWER_NOT_USEFUL
    assert world.last_in_group(texts.VOL_CITIZEN_NOT_USEFUL.format(id=1))
    await lan.press(texts.BTN_ASK_MORE)
    await lan.send("vẫn chưa rõ ạ")
    assert lan.last_text() == texts.ESC_FORWARDED.format(id=1)
    feedback = await world.storage.list_feedback()
    assert [(f.useful, f.comment) for f in feedback] == [(False, "escalation:1")]


# --- without Telegram ----------------------------------------------------------------------------------
async def test_without_a_volunteers_group_the_escalation_is_still_stored(sqlite_database_url, knowledge):
    async with await Storage.open(sqlite_database_url) as storage:
        engine = Engine(knowledge, storage, Config())
        citizen = "cli:local"
        await engine.handle(Event.message(citizen, UNKNOWN_QUESTION))
        consent = await engine.handle(Event.message(citizen, "/hoinguoi"))
        opened = await engine.handle(Event.button(citizen, _data(consent, texts.BTN_CONSENT_YES)))
        assert "#1" in opened[0].text
        assert (await storage.active_escalation(citizen)).question == UNKNOWN_QUESTION
        assert await storage.list_outbox() == []


async def test_the_terminal_citizen_sees_the_volunteers_answers_at_the_next_turn(sqlite_database_url, knowledge):
    """Answers cannot go through the outbox to the terminal chat: each is shown once, at the
    start of the citizen's next turn, with its buttons; a file only says it is on Telegram."""
    from bot.volunteers.desk import Volunteer, VolunteerDesk

    async with await Storage.open(sqlite_database_url) as storage:
        engine = Engine(knowledge, storage, Config())
        desk = VolunteerDesk(storage, knowledge, Config())
        citizen, minh = "cli:local", Volunteer(777, "Minh")
        await engine.handle(Event.message(citizen, UNKNOWN_QUESTION))
        consent = await engine.handle(Event.message(citizen, "/hoinguoi"))
        await engine.handle(Event.button(citizen, _data(consent, texts.BTN_CONSENT_YES)))
        assert await engine.handle(Event.message(citizen, "cảm ơn")) != []  # nothing to show yet

        reply = await desk.answer(1, minh, "Mang theo căn cước.", source="m1")
        assert reply.text == texts.VOL_ANSWER_STORED_NO_TELEGRAM.format(id=1)
        await desk.answer(1, minh, "mẫu đơn", source="m2", kind="photo", file_id="F1")
        replies = await engine.handle(Event.message(citizen, "dạ"))
        assert replies[0].text == texts.ESC_ANSWER.format(id=1, answer="Mang theo căn cước.")
        assert replies[1].text.startswith(texts.ESC_ANSWER_MEDIA.format(id=1) + ":\nmẫu đơn")
        assert texts.ESC_ANSWER_FILE_ON_TELEGRAM in replies[1].text and "[photo]" not in replies[1].text
        assert [b.label for b in replies[0].buttons[0]] == [texts.BTN_UNDERSTOOD, texts.BTN_ASK_MORE]

        again = await engine.handle(Event.message(citizen, "dạ"))
        assert not any(texts.ESC_ANSWER_MEDIA.format(id=1) in r.text or "căn cước." in r.text for r in again)
        closed = await engine.handle(Event.button(citizen, replies[0].buttons[0][0].data))
        assert closed[0].text == texts.ESC_THANKS.format(id=1)


def _data(replies, label: str) -> str:
    return next(b.data for r in replies for row in r.buttons for b in row if b.label == label)


def test_the_terminal_chat_opens_an_escalation_that_dvcbot_run_posts(tmp_path, knowledge):
    db = tmp_path / "chat.sqlite3"
    env = dict(os.environ)
    env.update({
        "DVCBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "DVCBOT_KNOWLEDGE": str(KB_PATH),
        "DVCBOT_VOLUNTEER_CHAT_ID": str(GROUP),
        "DVCBOT_VOLUNTEER_HOURS": "00:00-24:00",
        "DVCBOT_VOLUNTEER_DAYS": "1-7",
        "PYTHONPATH": str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
        "PYTHONIOENCODING": "utf-8",
    })
    env.pop("DVCBOT_TELEGRAM_TOKEN", None)

    def chat(*lines: str) -> str:
        proc = run_dvcbot("chat", input="".join(f"{x}\n" for x in lines).encode(), cwd=tmp_path, env=env,
                          text=False)
        out, err = proc.stdout.decode(), proc.stderr.decode()
        assert proc.returncode == 0 and "Traceback" not in err, err
        return out

    out = chat(UNKNOWN_QUESTION, "1", "1", "thêm chi tiết: em ở Bình Dương")
    assert texts.ESC_CONSENT.format(question=UNKNOWN_QUESTION).splitlines()[0] in out
    assert "#1" in out and texts.ESC_FORWARDED.format(id=1) in out

    import asyncio

    async def then_the_bot_runs() -> None:
        world = await start_world(f"sqlite+aiosqlite:///{db}", knowledge)
        try:
            assert len(await world.storage.list_outbox(status="pending")) == 2  # card + follow-up
            await world.run_job("outbox")
            card = world.card(1)
            assert UNKNOWN_QUESTION in card["text"] and labels(card) == [texts.BTN_CLAIM, texts.BTN_RESOLVE]
            assert world.last_in_group("Bình Dương")
            # The volunteer answers; the terminal citizen has no Telegram chat: stored only.
            minh = world.volunteer()
            await minh.reply(card, "Bạn đến Phòng Quản lý xuất nhập cảnh.")
            assert minh.last_text() == texts.VOL_ANSWER_STORED_NO_TELEGRAM.format(id=1)
            assert (await world.storage.get_escalation(1)).status == "answered"
        finally:
            await world.close()

    asyncio.run(then_the_bot_runs())

    # Back at the terminal: the answer is shown first, once, with its buttons ("1": "Đã hiểu,
    # cảm ơn", which closes the question).
    out = chat("1")
    answer = texts.ESC_ANSWER.format(id=1, answer="Bạn đến Phòng Quản lý xuất nhập cảnh.")
    assert out.count(answer) == 1 and out.index(answer) < out.index(texts.WELCOME.splitlines()[0])
    assert f"[1] {texts.BTN_UNDERSTOOD}" in out and texts.ESC_THANKS.format(id=1) in out
    assert answer not in chat("còn gì nữa không")

    async def resolved() -> str:
        async with await Storage.open(f"sqlite+aiosqlite:///{db}") as storage:
            return (await storage.get_escalation(1)).status

    assert asyncio.run(resolved()) == "resolved"


async def test_a_turn_redone_after_a_stale_session_adds_nothing_twice(world, monkeypatch):
    from bot.storage.ports import StaleSession

    lan = world.citizen()
    real_save = world.storage.save_turn
    stale = {"times": 0}

    async def save_once_stale(session, writes, update_id=None):
        if stale["times"]:
            stale["times"] -= 1
            raise StaleSession("another instance saved first")
        await real_save(session, writes, update_id)

    monkeypatch.setattr(world.storage, "save_turn", save_once_stale)
    await lan.send(UNKNOWN_QUESTION)
    await lan.press(texts.BTN_VOLUNTEER)
    stale["times"] = 1
    await lan.press(texts.BTN_CONSENT_YES)
    assert stale["times"] == 0  # the turn was redone
    assert lan.last_text().startswith(texts.ESC_OPENED_IN_HOURS.format(id=1).splitlines()[0])
    assert len(await world.storage.list_escalations()) == 1
    stale["times"] = 1
    await lan.send("thêm chi tiết")
    assert stale["times"] == 0
    assert lan.last_text() == texts.ESC_FORWARDED.format(id=1)
    assert [m.text for m in await world.storage.escalation_messages(1)] == [UNKNOWN_QUESTION, "thêm chi tiết"]
    assert sum("thêm chi tiết" in (m.get("text") or "") for m in world.group()) == 1
