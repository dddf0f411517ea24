"""The dialogue engine, as conversations: a citizen sends messages and presses buttons; we
check what they see. Real procedures.yaml, real Matcher, real Storage on a temporary SQLite
file. Expected texts are derived from the loaded knowledge base, never copied from it.
"""
from __future__ import annotations

import asyncio
import os
import re
import shutil

import pytest

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.engine import COMMANDS, Engine
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.storage import Storage
from helpers import KB_PATH
from helpers.citizen import Citizen
from helpers.walkthrough import assert_step_text, first_line, step_number
from knowledge.matching import Matcher

# Every test opens its database with Storage.open (or a fixture that does) before anything else.
pytestmark = pytest.mark.database_at_head


# --- fixtures and a citizen who talks to the engine ------------------------------------------------
@pytest.fixture
def kb(knowledge):
    return knowledge.kb


@pytest.fixture
def engine(knowledge, store) -> Engine:
    return Engine(knowledge, store, Config())


def assert_shows_step(citizen: Citizen, guide, step_id: str) -> None:
    assert citizen.replies, "no reply"
    assert_step_text(citizen.replies[-1].text, guide, step_id)


# --- the basics -------------------------------------------------------------------------------------------
def test_commands_for_telegram_menu():
    names = [c for c, _ in COMMANDS]
    assert {"start", "help", "thutuc", "huy", "tieptuc"} <= set(names)
    assert all(desc and c.islower() and c.isascii() for c, desc in COMMANDS)


async def test_start_welcomes_and_offers_common_topics(engine, kb):
    citizen = Citizen(engine)
    await citizen.says("/start")
    assert "Trợ lý Dịch vụ công" in citizen.sees
    for label in ("Tạm trú", "Thường trú", "Căn cước", "Khai sinh", "Chữ ký số", "Nộp hồ sơ trực tuyến"):
        assert label in citizen.buttons
    assert not citizen.has_button("Tiếp tục")

    await citizen.presses("Tạm trú")
    assert kb.get("dang-ky-tam-tru").title in citizen.sees


@pytest.mark.parametrize("question", ["Đăng ký tạm trú làm thế nào?", "dang ky tam tru"])
async def test_question_gets_a_procedure_card(engine, store, kb, question):
    p = kb.get("dang-ky-tam-tru")
    citizen = Citizen(engine)
    await citizen.says(question)
    card = citizen.sees
    assert p.title in card
    assert len(card) <= 700  # one phone screen; the details are one tap away
    for heading in ("Nơi làm", "Thời gian", "Lệ phí", "Làm trực tuyến"):
        assert heading in card
    assert p.where[0].place.name in card
    assert f"Nguồn: {p.sources[0].title}" in card
    assert f"Cập nhật: {p.reviewed:%d/%m/%Y}" in card
    assert "<b>" not in card and "**" not in card  # plain text
    assert citizen.has_button("Các bước làm") and citizen.has_button("👍") and citizen.has_button("👎")
    assert citizen.has_button(texts.BTN_FAQ) == bool(p.faq or p.notes)
    assert citizen.has_button(texts.BTN_GUIDE) == (p.guide is not None)

    logged = await store.recent_questions(citizen.key)
    assert [(q.decision, q.procedure) for q in logged] == [("answer", p.id)]
    assert logged[0].text == question

    await citizen.presses(texts.BTN_DOCUMENTS)
    assert all(d in citizen.sees for d in p.documents)
    await citizen.presses(texts.BTN_CARD)
    await citizen.presses("Các bước làm")
    assert first_line(p.steps[0]) in citizen.sees


@pytest.mark.parametrize("question", ["Đăng ký tạm trú cần gì?", "dang ky tam tru can gi"])
async def test_what_is_needed_gets_the_documents_in_a_short_answer(engine, store, kb, question):
    p = kb.get("dang-ky-tam-tru")
    citizen = Citizen(engine)
    await citizen.says(question)
    answer = citizen.sees
    assert answer.startswith(texts.CARD_TITLE.format(title=p.title))
    assert len(answer) <= 600
    assert p.documents[0] in answer
    assert "Lệ phí" not in answer  # the aspect asked about, not the whole card
    assert citizen.buttons[:2] == [texts.BTN_STEPS, texts.BTN_CARD]
    await citizen.presses(texts.BTN_CARD)
    assert "Lệ phí" in citizen.sees


async def test_thumbs_down_is_stored_and_offers_a_volunteer(engine, store, kb):
    citizen = Citizen(engine)
    await citizen.says("dang ky tam tru can gi")
    await citizen.presses("👎")
    assert citizen.has_button("Gửi cho tình nguyện viên")
    fb = await store.list_feedback()
    assert [(f.procedure, f.useful) for f in fb] == [("dang-ky-tam-tru", False)]
    await citizen.presses("Gửi cho tình nguyện viên")
    assert "tình nguyện viên" in citizen.sees.lower()
    await citizen.presses(texts.BTN_CONSENT_YES)
    assert (await store.recent_questions(citizen.key))[0].decision == "unresolved"


async def test_card_of_a_procedure_with_a_guide_offers_it(engine, kb):
    p = kb.get("chu-ky-so-ca-nhan")
    citizen = Citizen(engine)
    await citizen.says("/start chu-ky-so-ca-nhan")
    assert p.title in citizen.sees
    await citizen.presses("Hướng dẫn từng bước")
    assert_shows_step(citizen, p.guide, p.guide.start.id)


# --- clarifying, not knowing ----------------------------------------------------------------------------------
CLARIFY_TRIES = ["đăng ký", "giấy tờ xe", "xe", "căn cước", "xác nhận", "đất", "đổi", "làm lại giấy", "cấp lại",
                 "đăng ký xe", "giấy phép", "hồ sơ", "chứng nhận", "khai báo", "sổ", "thủ tục giấy tờ"]


def a_clarified_question(knowledge) -> tuple[str, tuple[str, ...]]:
    for q in CLARIFY_TRIES:
        route = knowledge.matcher.route(q)
        if route.decision == "clarify":
            return q, route.candidates
    raise AssertionError("none of the vague questions is clarified by the matcher")


async def test_vague_question_offers_choices(engine, store, knowledge, kb):
    question, candidates = a_clarified_question(knowledge)
    citizen = Citizen(engine)
    await citizen.says(question)
    titles = [kb.get(c).title for c in candidates]
    assert citizen.buttons[: len(titles)] == titles
    assert "Không phải" in citizen.buttons

    await citizen.presses(titles[1])
    assert titles[1] in citizen.sees and "Nguồn:" in citizen.sees
    # The choice is used up: the old clarify buttons are stale now.
    stale = citizen.history[-2]
    await citizen.press_data(stale[-1].buttons[0][0].data)
    assert "Nút này đã cũ" in citizen.sees


async def test_none_of_these_leads_to_a_volunteer(engine, store, knowledge):
    question, _ = a_clarified_question(knowledge)
    citizen = Citizen(engine)
    await citizen.says(question)
    await citizen.presses("Không phải")
    assert "không đoán" in citizen.sees
    assert citizen.has_button("Gửi cho tình nguyện viên")
    await citizen.presses("Gửi cho tình nguyện viên")
    assert "tình nguyện viên" in citizen.sees.lower()
    await citizen.presses(texts.BTN_CONSENT_YES)
    logged = await store.recent_questions(citizen.key)
    assert logged[0].decision == "unresolved" and logged[0].text == question


async def test_unknown_question_is_not_guessed(engine, store, kb):
    citizen = Citizen(engine)
    await citizen.says("làm hộ chiếu đi nước ngoài ở đâu")  # passports are out of scope
    assert not any(p.title in citizen.sees for p in kb.procedures)
    neighbour = kb.neighbour(engine.knowledge.matcher.route("làm hộ chiếu đi nước ngoài ở đâu").out_of_scope)
    assert citizen.sees.startswith(texts.OUT_OF_SCOPE_SERVICE.format(go=neighbour.go))  # where to go instead
    assert neighbour.title not in citizen.sees
    assert citizen.buttons == ["Gửi cho tình nguyện viên"]
    await citizen.presses("Gửi cho tình nguyện viên")
    assert "tình nguyện viên" in citizen.sees.lower()
    await citizen.presses(texts.BTN_CONSENT_YES)
    assert [q.decision for q in await store.recent_questions(citizen.key)] == ["unresolved", "none"]
    # Pressing again does not send it twice.
    await citizen.press_data(citizen.history[-3][-1].buttons[0][0].data)
    assert [q.decision for q in await store.recent_questions(citizen.key)] == ["unresolved", "none"]


async def test_small_talk_is_friendly_and_not_a_procedure(engine, store, kb):
    citizen = Citizen(engine)
    await citizen.says("xin chào")
    greeting = citizen.sees
    await citizen.says("cảm ơn nhé")
    thanks = citizen.sees
    assert greeting != thanks
    for seen in (greeting, thanks):
        assert not any(p.title in seen for p in kb.procedures)
        assert "không đoán" not in seen
    assert {q.decision for q in await store.recent_questions(citizen.key)} == {"small_talk"}


async def test_empty_message_gets_a_prompt(engine):
    citizen = Citizen(engine)
    await citizen.says("   ")
    assert citizen.sees == texts.EMPTY_TEXT


async def test_very_long_message_is_handled(engine, store, kb):
    citizen = Citizen(engine)
    text = "Dạ cho em hỏi đăng ký tạm trú cần giấy tờ gì ạ. " + "Em cảm ơn nhiều lắm ạ. " * 220
    assert len(text) >= 5000
    await citizen.says(text)
    assert texts.TOO_LONG in citizen.sees
    assert kb.get("dang-ky-tam-tru").title in citizen.sees
    assert all(len(r.text) < 4096 for r in citizen.replies)
    assert (await store.recent_questions(citizen.key))[0].procedure == "dang-ky-tam-tru"


async def test_secrets_are_warned_about_and_not_stored(engine, store):
    citizen = Citizen(engine)
    await citizen.says("ma otp cua em la 482913 sao khong dang nhap duoc")
    assert "OTP" in citizen.sees and ".gov.vn" in citizen.sees
    assert texts.SENSITIVE_WARNING in citizen.sees
    await citizen.says("can cuoc cua toi so 001203004567 lam tam tru o dau")
    assert texts.SENSITIVE_WARNING in citizen.sees
    await citizen.says("mat khau cua em la Abc1234 dung khong")
    assert texts.SENSITIVE_WARNING in citizen.sees
    for harmless in ("đăng ký tạm trú cần gì", "mã OTP là gì", "quên mật khẩu VNeID thì làm sao",
                     "số điện thoại 0912 345 678 có dùng được không"):
        await citizen.says(harmless)
        assert texts.SENSITIVE_WARNING not in citizen.sees, harmless
    stored = " ".join(q.text + " " + q.normalised for q in await store.recent_questions(citizen.key))
    assert "482913" not in stored and "001203004567" not in stored and "Abc1234" not in stored
    assert "0912 345 678" not in stored
    assert texts.PRIVACY_TAGS["secret"] in stored and texts.PRIVACY_TAGS["id_card"] in stored


# --- media --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("media", ["sticker", "voice", "photo", "location", "document"])
async def test_media_gets_a_polite_text_only_answer(engine, media):
    citizen = Citizen(engine)
    await citizen.sends(media)
    assert "gõ" in citizen.sees
    if media == "photo":
        assert citizen.has_button("Gửi cho tình nguyện viên")


async def test_sticker_in_a_walkthrough_loses_nothing(engine, store, kb):
    guide = kb.get("nop-ho-so-truc-tuyen").guide
    citizen = Citizen(engine)
    await citizen.says("/start guide-nop-ho-so-truc-tuyen")
    step_message = citizen.replies
    before = await store.load_session(citizen.key)
    await citizen.sends("sticker")
    assert "chữ" in citizen.sees
    after = await store.load_session(citizen.key)
    assert (after.state, after.step, after.data) == (before.state, before.step, before.data)
    # The step's buttons still work.
    citizen.replies = step_message
    first = guide.start
    if first.choices:
        await citizen.presses(first.choices[0].label)
        assert_shows_step(citizen, guide, first.choices[0].goto)
    else:
        await citizen.presses("Tiếp")
        assert_shows_step(citizen, guide, guide.next_of(first.id))


# --- walkthroughs ---------------------------------------------------------------------------------------------------
def choose(step, visited: set[str]):
    """Prefer the last choice (usually the "not yet" branch) that leads somewhere new."""
    for choice in reversed(step.choices):
        if choice.goto not in visited:
            return choice
    return step.choices[0]


async def test_full_walkthrough_of_digital_signature_with_branch_and_back(engine, store, kb):
    p = kb.get("chu-ky-so-ca-nhan")
    guide = p.guide
    citizen = Citizen(engine)
    await citizen.says("chữ ký số cá nhân")
    assert p.title in citizen.sees
    await citizen.presses("Hướng dẫn từng bước")

    current, path, visited, went_back, chose = guide.start.id, [], set(), False, []
    assert not citizen.has_button("Quay lại")  # not on the first step
    for _ in range(60):
        assert_shows_step(citizen, guide, current)
        # "Bước N" counts the path actually taken: up one per step, down one on "Quay lại".
        assert step_number(citizen.replies[-1].text)[0] == len(path) + 1
        assert citizen.has_button("Tôi bị vướng") and citizen.has_button("Dừng")
        assert citizen.replies[-1].text.count("Bước") >= 1
        visited.add(current)
        step = guide.step(current)
        if path and not went_back and len(path) >= 2:
            # Go back once, along the real path, then forward again.
            await citizen.presses("Quay lại")
            assert_shows_step(citizen, guide, path[-1])
            assert citizen.replies[-1].edit
            went_back = True
            current = path.pop()
            continue
        if step.choices:
            choice = choose(step, visited)
            chose.append(choice.label)
            await citizen.presses(choice.label)
            path.append(current)
            current = choice.goto
            continue
        nxt = guide.next_of(current)
        if nxt is None:
            await citizen.presses("Xong")
            break
        await citizen.presses("Tiếp")
        path.append(current)
        current = nxt
    else:
        raise AssertionError("walkthrough did not end")
    assert went_back and chose
    assert "Xong" in citizen.sees and p.title in citizen.sees
    assert citizen.has_button("👍")
    await citizen.presses("👍")
    assert [(f.procedure, f.useful) for f in await store.list_feedback()] == [(p.id, True)]
    session = await store.load_session(citizen.key)
    assert session.state == "idle"
    await citizen.says("/tieptuc")
    assert citizen.sees == texts.GUIDE_NONE


async def test_back_follows_the_branch_actually_taken(engine, kb):
    guide = kb.get("chu-ky-so-ca-nhan").guide
    # A step reached by a choice: "Quay lại" from it returns to the step with the choice,
    # even when that is not the previous step in the file.
    branching = next(s for s in guide.steps if s.choices)
    route_to = _path_to(guide, branching.id)
    citizen = Citizen(engine)
    await citizen.says("/start guide-chu-ky-so-ca-nhan")
    for _sid, action in route_to:
        await citizen.presses(action)
    assert_shows_step(citizen, guide, branching.id)
    choice = branching.choices[-1]
    await citizen.presses(choice.label)
    assert_shows_step(citizen, guide, choice.goto)
    await citizen.presses("Quay lại")
    assert_shows_step(citizen, guide, branching.id)


def _path_to(guide, target: str) -> list[tuple[str, str]]:
    """Button labels to press from the start to reach `target` (breadth-first)."""
    from collections import deque

    queue = deque([(guide.start.id, [])])
    seen = {guide.start.id}
    while queue:
        sid, actions = queue.popleft()
        if sid == target:
            return actions
        step = guide.step(sid)
        moves = [(c.goto, c.label) for c in step.choices] or (
            [(guide.next_of(sid), "Tiếp")] if guide.next_of(sid) else [])
        for goto, label in moves:
            if goto not in seen:
                seen.add(goto)
                queue.append((goto, actions + [(sid, label)]))
    raise AssertionError(f"{target} unreachable")


def _advance(guide, current: str) -> tuple[str, str]:
    """(label to press, next step) going forward from `current` (first choice if any)."""
    step = guide.step(current)
    if step.choices:
        return step.choices[0].label, step.choices[0].goto
    return "Tiếp", guide.next_of(current)


async def test_stuck_offers_a_volunteer_and_keeps_the_position(engine, store, kb):
    guide = kb.get("nop-ho-so-truc-tuyen").guide
    citizen = Citizen(engine)
    await citizen.says("/start guide-nop-ho-so-truc-tuyen")
    label, current = _advance(guide, guide.start.id)
    await citizen.presses(label)
    await citizen.presses("Tôi bị vướng")
    n = guide.depths()[current] + 1
    assert f"Bước {n}" in citizen.sees
    assert citizen.has_button("Gửi cho tình nguyện viên")
    await citizen.presses("Gửi cho tình nguyện viên")
    await citizen.presses(texts.BTN_CONSENT_YES)
    logged = await store.recent_questions(citizen.key)
    assert logged[0].decision == "unresolved" and logged[0].procedure == "nop-ho-so-truc-tuyen"
    await citizen.presses(f"Tiếp tục hướng dẫn (Bước {n})")
    assert_shows_step(citizen, guide, current)


async def test_question_during_walkthrough_then_continue(engine, kb):
    guide = kb.get("nop-ho-so-truc-tuyen").guide
    citizen = Citizen(engine)
    await citizen.says("/start guide-nop-ho-so-truc-tuyen")
    label, current = _advance(guide, guide.start.id)
    await citizen.presses(label)
    await citizen.says("dang ky tam tru can giay to gi")
    assert kb.get("dang-ky-tam-tru").title in citizen.sees
    n = guide.depths()[current] + 1
    assert f"Tiếp tục hướng dẫn (Bước {n})" in citizen.buttons
    await citizen.presses("Tiếp tục hướng dẫn")
    assert_shows_step(citizen, guide, current)
    # A greeting in the middle offers to continue too.
    await citizen.says("chào bạn")
    assert f"Tiếp tục (Bước {n})" in citizen.buttons


async def test_typing_tiep_moves_on(engine, kb):
    guide = kb.get("nop-ho-so-truc-tuyen").guide
    plain = [s for s in guide.steps if not s.choices and guide.next_of(s.id)]
    citizen = Citizen(engine)
    await citizen.says("/start guide-nop-ho-so-truc-tuyen")
    current = guide.start.id
    while guide.step(current).choices:
        label, current = _advance(guide, current)
        await citizen.presses(label)
    assert plain
    await citizen.says("tiếp")
    assert_shows_step(citizen, guide, guide.next_of(current))


async def test_stop_and_resume(engine, store, kb):
    guide = kb.get("nop-ho-so-truc-tuyen").guide
    citizen = Citizen(engine)
    await citizen.says("/start guide-nop-ho-so-truc-tuyen")
    label, current = _advance(guide, guide.start.id)
    await citizen.presses(label)
    await citizen.presses("Dừng")
    n = guide.depths()[current] + 1
    assert f"Bước {n}" in citizen.sees
    await citizen.says("/start")
    assert f"Tiếp tục (Bước {n})" in citizen.buttons
    await citizen.presses(f"Tiếp tục (Bước {n})")
    assert_shows_step(citizen, guide, current)


async def test_stale_button_changes_nothing(engine, store, kb):
    guide = kb.get("nop-ho-so-truc-tuyen").guide
    citizen = Citizen(engine)
    await citizen.says("/start guide-nop-ho-so-truc-tuyen")
    label, second = _advance(guide, guide.start.id)
    old = citizen.data_of(label)
    await citizen.press_data(old)
    assert_shows_step(citizen, guide, second)
    before = await store.load_session(citizen.key)

    await citizen.press_data(old)  # the same button again, from the old message
    assert "Nút này đã cũ" in citizen.sees
    n = guide.depths()[second] + 1
    assert citizen.buttons == [f"Tiếp tục (Bước {n})"]
    after = await store.load_session(citizen.key)
    assert (after.step, after.version, after.data) == (before.step, before.version, before.data)
    await citizen.presses("Tiếp tục")
    assert_shows_step(citizen, guide, second)


@pytest.mark.parametrize("forge", [
    "", "garbage", "g", "g:zzzz:next", "{n}", "g:{n}", "g:{n}:jump:xong", "g:{n}:c:99", "g:{n}:c:-1",
    "p:{n}:khong-co-thu-tuc-nay", "gs:{n}:chung-thuc-ban-sao", "gs:{n}:../../etc", "c:{n}:0", "c:{n}:x",
    "fb:{n}:khong-co:1", "fb:{n}:dang-ky-tam-tru:7", "v:{n}:stuck:extra", "t:{n}:khong-co-chu-de",
    "g:{n}:next:next", "x" * 64, "g:{n}:back",
])
async def test_forged_button_data_is_refused(engine, store, kb, forge):
    citizen = Citizen(engine)
    await citizen.says("/start guide-chu-ky-so-ca-nhan")
    nonce = citizen.replies[-1].buttons[0][0].data.split(":")[1]
    before = await store.load_session(citizen.key)
    await citizen.press_data(forge.replace("{n}", nonce))
    assert "Nút này đã cũ" in citizen.sees
    after = await store.load_session(citizen.key)
    assert (after.state, after.step, after.version, after.data) == (
        before.state, before.step, before.version, before.data)


async def test_button_data_fits_telegram(engine, kb):
    citizen = Citizen(engine)
    seen: list[str] = []
    for line in ["/start", "/thutuc", "/start guide-chu-ky-so-ca-nhan", "/start guide-nop-ho-so-truc-tuyen"]:
        await citizen.says(line)
        seen += [b.data for r in citizen.replies for row in r.buttons for b in row]
    for p in kb.procedures:
        await citizen.says(f"/start {p.id}")
        seen += [b.data for r in citizen.replies for row in r.buttons for b in row]
    assert seen and all(len(d.encode("utf-8")) <= 64 for d in seen)


async def test_walkthrough_survives_a_restart(sqlite_database_url, knowledge, kb):
    guide = kb.get("nop-ho-so-truc-tuyen").guide
    store1 = await Storage.open(sqlite_database_url)
    citizen = Citizen(Engine(knowledge, store1, Config()))
    await citizen.says("/start guide-nop-ho-so-truc-tuyen")
    current = guide.start.id
    for _ in range(3):  # to step 4
        label, current = _advance(guide, current)
        await citizen.presses(label)
    assert_shows_step(citizen, guide, current)
    await store1.close()

    # A new process: new Storage, new Engine, same database.
    store2 = await Storage.open(sqlite_database_url)
    try:
        again = Citizen(Engine(LiveKnowledge.load(KB_PATH), store2, Config()), key=citizen.key)
        await again.says("/start")
        n = guide.depths()[current] + 1
        assert f"Tiếp tục (Bước {n})" in again.buttons
        await again.says("/tieptuc")
        assert_shows_step(again, guide, current)
        await again.presses("Quay lại")  # the history survived too
        assert again.replies[-1].text.startswith("Bước")
    finally:
        await store2.close()


# --- commands --------------------------------------------------------------------------------------------------------
async def test_help_lists_commands(engine):
    citizen = Citizen(engine)
    await citizen.says("/help")
    for command, _ in COMMANDS:
        assert f"/{command}" in citizen.sees


async def test_unknown_command_lists_the_commands(engine):
    citizen = Citizen(engine)
    await citizen.says("/hochieu")
    assert "/hochieu" in citizen.sees
    for command, _ in COMMANDS:
        assert f"/{command}" in citizen.sees


@pytest.mark.parametrize("payload", ["dang-ky-khai-sinh", "guide-nop-ho-so-truc-tuyen", "khong-co-gi", ""])
async def test_deep_links(engine, kb, payload):
    citizen = Citizen(engine)
    await citizen.says(f"/start {payload}".strip())
    if payload == "dang-ky-khai-sinh":
        assert kb.get(payload).title in citizen.sees and "Nguồn:" in citizen.sees
    elif payload.startswith("guide-"):
        guide = kb.get(payload.removeprefix("guide-")).guide
        assert_shows_step(citizen, guide, guide.start.id)
    else:
        assert "Trợ lý Dịch vụ công" in citizen.sees


async def test_browse_topics_then_procedures(engine, kb):
    citizen = Citizen(engine)
    await citizen.says("/thutuc")
    topics = [t for t in kb.topics if kb.by_topic(t.id)]
    assert topics, "the knowledge base has topics"
    for t in topics:
        assert t.title in citizen.buttons
    topic = topics[0]
    await citizen.presses(topic.title)
    procs = kb.by_topic(topic.id)
    for p in procs:
        assert p.title in citizen.buttons
    await citizen.presses(procs[-1].title)
    assert procs[-1].title in citizen.sees and "Nguồn:" in citizen.sees
    # And from /start, "all procedures" leads to the same topics.
    await citizen.says("/start")
    await citizen.presses("Xem tất cả thủ tục")
    assert topic.title in citizen.buttons


async def test_cancel(engine, store, kb):
    citizen = Citizen(engine)
    await citizen.says("/huy")
    assert citizen.sees == texts.NOTHING_TO_CANCEL
    await citizen.says("/start guide-chu-ky-so-ca-nhan")
    step_message = citizen.replies
    await citizen.says("/huy")
    assert "Đã hủy" in citizen.sees and kb.get("chu-ky-so-ca-nhan").title in citizen.sees
    assert (await store.load_session(citizen.key)).state == "idle"
    await citizen.says("/tieptuc")
    assert citizen.sees == texts.GUIDE_NONE
    citizen.replies = step_message  # the old step's buttons are dead now
    await citizen.presses("Dừng")
    assert "Nút này đã cũ" in citizen.sees


# --- robustness ------------------------------------------------------------------------------------------------
async def test_a_session_saved_by_another_instance_during_the_turn(database_url, knowledge, kb):
    """Another instance saves the citizen's session while our turn runs (after our load,
    before our save). PostgreSQL: our save finds the session changed (StaleSession) and the
    turn is redone on the fresh copy. SQLite: the turn holds the write lock from its first
    statement, so the other instance's write waits until the turn is stored, and then finds
    the session changed under it (its own turn would be redone)."""
    from bot.storage.ports import StaleSession

    store, other = await Storage.open(database_url), await Storage.open(database_url)

    class Racing:
        """Our repository; the other instance writes during our first save_turn."""

        def __init__(self, inner):
            self.inner, self.saves, self.write = inner, 0, None

        def __getattr__(self, name):
            return getattr(self.inner, name)

        async def save_turn(self, session, writes, update_id=None):
            self.saves += 1
            if self.write is None and session is not None:
                theirs = await other.load_session(session.citizen)
                self.write = asyncio.create_task(other.save_session(theirs))
                await asyncio.wait({self.write}, timeout=0.5)
            await self.inner.save_turn(session, writes, update_id)

    try:
        repo = Racing(store)
        citizen = Citizen(Engine(knowledge, repo, Config()))
        await citizen.says("/start guide-chu-ky-so-ca-nhan")  # the race is in this turn
        assert repo.write is not None
        if store.dialect == "postgresql":
            assert repo.write.done() and repo.write.exception() is None
            assert repo.saves == 2  # redone once, on the copy the other instance saved
        else:
            assert repo.saves == 1  # never overtaken...
            with pytest.raises(StaleSession):  # ...the other instance was
                await repo.write
        await citizen.says("/tieptuc")
        guide = kb.get("chu-ky-so-ca-nhan").guide
        assert_shows_step(citizen, guide, guide.start.id)
        assert (await store.load_session(citizen.key)).procedure == "chu-ky-so-ca-nhan"
    finally:
        await store.close()
        await other.close()


async def test_two_citizens_do_not_share_sessions(engine, kb):
    a, b = Citizen(engine, "tg:1"), Citizen(engine, "tg:2")
    await a.says("/start guide-chu-ky-so-ca-nhan")
    await b.says("/tieptuc")
    assert b.sees == texts.GUIDE_NONE
    await asyncio.gather(a.says("dang ky tam tru"), b.says("lam can cuoc"))


async def test_knowledge_reload_keeps_the_old_base_when_the_new_one_is_invalid(tmp_path, store):
    path = tmp_path / "procedures.yaml"
    shutil.copy(KB_PATH, path)
    live = LiveKnowledge.load(path)
    old = live.current
    citizen = Citizen(Engine(live, store, Config()))

    path.write_text("procedures: 5\n", encoding="utf-8")
    problems = live.reload()
    assert problems and all(str(p).startswith(f"{path}:") for p in problems)
    assert live.current is old
    await citizen.says("dang ky tam tru")
    assert old.kb.get("dang-ky-tam-tru").title in citizen.sees

    text = KB_PATH.read_text(encoding="utf-8")
    p = old.kb.get("dang-ky-tam-tru")
    edited, count = re.subn(rf"(\n\s+title: [\"']?){re.escape(p.title)}", rf"\g<1>{p.title} (mới)", text, count=1)
    assert count == 1
    path.write_text(edited, encoding="utf-8")
    assert live.reload() == []
    assert live.current is not old and isinstance(live.matcher, Matcher)
    await citizen.says("dang ky tam tru")
    assert f"{p.title} (mới)" in citizen.sees


def test_knowledge_reload_if_changed(tmp_path):
    path = tmp_path / "procedures.yaml"
    shutil.copy(KB_PATH, path)
    live = LiveKnowledge.load(path)
    first = live.current
    assert live.reload_if_changed() is None  # nothing changed
    path.write_text("procedures: 5\n", encoding="utf-8")
    os.utime(path, (1_000_000_000, 1_000_000_000))
    assert live.reload_if_changed()  # problems reported once ...
    assert live.reload_if_changed() is None  # ... not on every poll
    assert live.current.kb is first.kb
    shutil.copy(KB_PATH, path)
    os.utime(path, (1_000_000_100, 1_000_000_100))
    assert live.reload_if_changed() == []
    assert live.current.kb is not first.kb


async def test_walkthrough_whose_step_disappeared_restarts(knowledge, store, kb):
    citizen = Citizen(Engine(knowledge, store, Config()))
    await citizen.says("/start guide-chu-ky-so-ca-nhan")
    session = await store.load_session(citizen.key)
    session.step = "buoc-da-bi-xoa"
    await store.save_session(session)
    await citizen.says("/tieptuc")
    guide = kb.get("chu-ky-so-ca-nhan").guide
    assert_shows_step(citizen, guide, guide.start.id)


async def test_replies_never_exceed_telegram_limits(engine, kb):
    citizen = Citizen(engine)
    for p in kb.procedures:
        await citizen.says(f"/start {p.id}")
        assert all(len(r.text) < 4096 for r in citizen.replies)
        await citizen.presses("Các bước làm")
        assert all(len(r.text) < 4096 for r in citizen.replies)
