"""Answers citizens can trust, as conversations: short answers to one aspect, a card that fits
one phone screen with its details one tap away, expired facts never shown, staff notes never
shown, neighbours sent where they belong, walkthroughs offered.

Most tests use a small knowledge base (tests/data/answers-kb.yaml) whose facts are made up for
the tests, so that they hold while the shipped content is rewritten; the tests at the end
check the shipped procedures.yaml. Expected texts are derived from the knowledge base and
bot.dialogue.texts, never copied from them.
"""
from __future__ import annotations

import re
from datetime import date

import pytest

from bot.config import Config
from bot.dialogue import cards, texts
from bot.dialogue.engine import Engine
from bot.dialogue.live_knowledge import LiveKnowledge
from helpers import REPO
from helpers.citizen import Citizen

SMALL_KB = REPO / "tests" / "data" / "answers-kb.yaml"
SHIPPED_KB = REPO / "procedures.yaml"
TODAY = date(2026, 12, 6)
CARD_LIMIT, FACET_LIMIT = 700, 600
# Buttons that do not show knowledge (they rate, or hand over to a volunteer).
NOT_DETAILS = (texts.BTN_USEFUL, texts.BTN_NOT_USEFUL, texts.BTN_VOLUNTEER)


@pytest.fixture(scope="module")
def small() -> LiveKnowledge:
    return LiveKnowledge.load(SMALL_KB)


@pytest.fixture
def engine(small, store) -> Engine:
    return Engine(small, store, Config(), today=lambda: TODAY)


@pytest.fixture
def shipped_engine(knowledge, store) -> Engine:
    return Engine(knowledge, store, Config())


def one_reply(citizen: Citizen) -> str:
    assert len(citizen.replies) == 1, [r.text for r in citizen.replies]
    return citizen.replies[0].text


def place_lines_of(place) -> list[str]:
    return [label.format(value=v) for v, label in (
        (place.address, texts.PLACE_ADDRESS), (place.hours, texts.PLACE_HOURS),
        (place.phone, texts.PLACE_PHONE), (place.map, texts.PLACE_MAP)) if v]


async def everything_reachable(citizen: Citizen, question: str) -> list[str]:
    """The texts of the answer to `question` and of every detail one or two taps away."""
    await citizen.says(question)
    seen = [citizen.sees]
    first = [(b.label, b.data) for r in citizen.replies for row in r.buttons for b in row]
    for label, data in first:
        if label in NOT_DETAILS or data.startswith("gs:"):
            continue
        await citizen.press_data(data)
        seen.append(citizen.sees)
        for r in list(citizen.replies):
            for row in r.buttons:
                for b in row:
                    if b.label not in NOT_DETAILS and not b.data.startswith(("gs:", "p:")):
                        await citizen.press_data(b.data)
                        seen.append(citizen.sees)
        await citizen.says(question)  # back to the answer (the buttons' nonce is unchanged)
    return seen


# --- short answers: one aspect, a few lines ------------------------------------------------------------
async def test_fee_question_gets_the_fee_and_its_source_in_a_few_lines(engine, small):
    p = small.kb.get("dang-ky-tam-tru")
    citizen = Citizen(engine)
    await citizen.says("đăng ký tạm trú mất bao nhiêu tiền")
    text = one_reply(citizen)
    assert len(text) <= FACET_LIMIT
    assert text.splitlines()[0] == texts.CARD_TITLE.format(title=p.title)
    for fact in p.fee:
        assert fact.text in text
    fee_source = p.sources_for("fee")[0]
    assert fee_source.text in text and f"{p.reviewed:%d/%m/%Y}" in text and p.code in text
    # nothing about the other aspects
    assert p.where[0].place.name not in text and p.documents[0] not in text and p.time[0].text not in text
    assert citizen.has_button(texts.BTN_STEPS) and citizen.has_button(texts.BTN_CARD)
    assert citizen.has_button(texts.BTN_GUIDE)  # the procedure has a walkthrough

    await citizen.presses(texts.BTN_CARD)
    assert p.where[0].place.name in citizen.sees and len(citizen.sees) <= CARD_LIMIT
    await citizen.says("đăng ký tạm trú mất bao nhiêu tiền")
    await citizen.presses(texts.BTN_STEPS)
    assert all(s in citizen.sees for s in p.steps)


async def test_time_question(engine, small):
    p = small.kb.get("dang-ky-tam-tru")
    citizen = Citizen(engine)
    await citizen.says("đăng ký tạm trú mất bao lâu")
    text = one_reply(citizen)
    assert len(text) <= FACET_LIMIT
    assert texts.CARD_TIME.format(value=p.time[0].text) in text
    assert p.fee[0].text not in text
    assert p.sources_for("time")[0].text in text


async def test_documents_question(engine, small):
    p = small.kb.get("dang-ky-tam-tru")
    citizen = Citizen(engine)
    await citizen.says("đăng ký tạm trú cần giấy tờ gì")
    text = one_reply(citizen)
    assert len(text) <= FACET_LIMIT
    assert texts.CARD_DOCUMENTS in text
    assert all(texts.CARD_BULLET.format(item=d) in text for d in p.documents)
    assert p.fee[0].text not in text


async def test_where_question_shows_the_places_with_what_the_file_gives(engine, small):
    p = small.kb.get("dang-ky-tam-tru")
    place = p.where[0].place
    citizen = Citizen(engine)
    await citizen.says("dang ky tam tru o dau")
    text = one_reply(citizen)
    assert len(text) <= FACET_LIMIT
    assert texts.CARD_BULLET.format(item=p.where[0].text) in text
    for line in place_lines_of(place):
        assert line in text
    assert p.online.channels[0] in text  # it can also be done online
    assert p.sources_for("agency")[0].text in text

    # A place whose optional fields are empty: its name only, no empty "Địa chỉ:" line.
    q = small.kb.get("cap-the-can-cuoc")
    await citizen.says("làm căn cước ở đâu")
    text = one_reply(citizen)
    assert all(texts.CARD_BULLET.format(item=ref.text) in text for ref in q.where)
    assert text.count(texts.PLACE_ADDRESS.split("{")[0]) == 1  # only the commune police's


async def test_who_question(engine, small):
    p = small.kb.get("dang-ky-tam-tru")
    citizen = Citizen(engine)
    await citizen.says("ai phải đăng ký tạm trú")
    text = one_reply(citizen)
    assert len(text) <= FACET_LIMIT
    assert p.who[0].text in text
    assert p.fee[0].text not in text


async def test_online_question_without_a_guide_says_how_it_stands(engine, small):
    p = small.kb.get("cap-the-can-cuoc")
    citizen = Citizen(engine)
    await citizen.says("làm căn cước online được không")
    text = one_reply(citizen)
    assert len(text) <= FACET_LIMIT
    assert texts.CARD_ONLINE_NONE in text
    assert p.title in text


# --- walkthroughs from questions, cards and /thutuc -------------------------------------------------------
async def test_online_question_starts_the_walkthrough(engine, small):
    p = small.kb.get("dang-ky-tam-tru")
    citizen = Citizen(engine)
    await citizen.says("đăng ký tạm trú online thế nào")
    assert citizen.replies[-1].text.startswith(texts.GUIDE_STEP_HEADER_TITLED.format(
        n=1, m=len(p.guide.steps), title=p.guide.start.title))
    assert p.guide.start.text in citizen.sees
    await citizen.presses(texts.BTN_NEXT)
    assert p.guide.steps[1].text in citizen.sees


async def test_every_card_of_a_procedure_with_a_guide_offers_it(engine, small):
    citizen = Citizen(engine)
    await citizen.says("/start dang-ky-tam-tru")
    assert citizen.has_button(texts.BTN_GUIDE)
    await citizen.says("/start cap-the-can-cuoc")
    assert not citizen.has_button(texts.BTN_GUIDE)


async def test_thutuc_lists_the_walkthroughs(engine, small):
    guides = [p for p in small.kb.procedures if p.guide is not None]
    citizen = Citizen(engine)
    await citizen.says("/thutuc")
    await citizen.presses(texts.BTN_BROWSE_GUIDES.format(n=len(guides)))
    assert citizen.sees == texts.BROWSE_GUIDES
    assert [b for b in citizen.buttons if b != texts.BTN_BACK_TO_TOPICS] == [p.title for p in guides]
    await citizen.presses(guides[0].title)
    assert guides[0].guide.start.text in citizen.sees


# --- the card: one screen, details one tap away ------------------------------------------------------------
async def test_card_fits_one_screen_with_code_sources_and_date(engine, small):
    p = small.kb.get("dang-ky-tam-tru")
    citizen = Citizen(engine)
    await citizen.says("/start dang-ky-tam-tru")
    card = one_reply(citizen)
    assert len(card) <= CARD_LIMIT
    assert card.splitlines()[0] == texts.CARD_TITLE.format(title=p.title)
    assert texts.CARD_WHERE.format(where=p.where_text) in card
    assert p.code in card
    footer = card.splitlines()[-1]
    assert p.sources[0].title in footer and f"{p.reviewed:%d/%m/%Y}" in footer
    for label in (texts.BTN_STEPS, texts.BTN_DOCUMENTS, texts.BTN_FAQ, texts.BTN_SOURCES, texts.BTN_GUIDE):
        assert citizen.has_button(label), label
    assert citizen.buttons[0] == texts.BTN_STEPS

    await citizen.presses(texts.BTN_DOCUMENTS)
    assert all(d in citizen.sees for d in p.documents)
    await citizen.presses(texts.BTN_CARD)
    await citizen.presses(texts.BTN_SOURCES)
    for s in p.sources:
        assert s.text in citizen.sees
        if s.url:
            assert s.url in citizen.sees
    assert texts.SOURCES_CODE.format(code=p.code) in citizen.sees
    await citizen.presses(texts.BTN_CARD)
    await citizen.presses(texts.BTN_FAQ)
    assert p.faq[0].q in citizen.sees and p.faq[0].a in citizen.sees
    assert p.notes[0].text in citizen.sees


async def test_a_long_card_is_shortened_and_offers_the_details(small, store, tmp_path):
    text = SMALL_KB.read_text(encoding="utf-8")
    long_fee = "Mức thu rất dài để thử: " + "một hai ba bốn năm sáu bảy tám chín mười " * 20
    path = tmp_path / "long.yaml"
    path.write_text(text.replace('"30.000đ khi nộp tại quầy."', f'"{long_fee.strip()}"'), encoding="utf-8")
    engine = Engine(LiveKnowledge.load(path), store, Config(), today=lambda: TODAY)
    citizen = Citizen(engine)
    await citizen.says("/start dang-ky-tam-tru")
    card = one_reply(citizen)
    assert len(card) <= CARD_LIMIT and "…" in card
    await citizen.presses(texts.BTN_DETAILS)
    assert " ".join(long_fee.split()) in citizen.sees  # the details are never shortened

    await citizen.says("đăng ký tạm trú mất bao nhiêu tiền")
    assert len(one_reply(citizen)) <= FACET_LIMIT
    assert citizen.has_button(texts.BTN_DETAILS)


async def test_forged_and_stale_detail_buttons_are_refused_politely(engine, store):
    citizen = Citizen(engine)
    await citizen.says("/start dang-ky-tam-tru")
    data = citizen.data_of(texts.BTN_DOCUMENTS)
    action, nonce, pid = data.split(":")
    for forged in (f"{action}:{nonce}:khong-co", f"{action}:zzzz:{pid}", f"{action}:{nonce}",
                   f"sr:{nonce}:{pid}:x", f"dt:{nonce}:../etc"):
        await citizen.press_data(forged)
        assert citizen.sees == texts.STALE_BUTTON, forged
    await citizen.press_data(data)  # the genuine button still works
    assert texts.DOCUMENTS_HEADER.format(title="Đăng ký tạm trú") in citizen.sees


# --- expired facts --------------------------------------------------------------------------------------------
async def test_expired_fee_is_not_shown_and_the_counter_is_named(engine, small):
    p = small.kb.get("cap-the-can-cuoc")
    expired = [f for f in p.fee if f.valid_until and f.valid_until < TODAY]
    current = [f for f in p.fee if not f.valid_until]
    assert expired and current  # what this test is about
    citizen = Citizen(engine)
    await citizen.says("làm căn cước mất bao nhiêu tiền")
    text = one_reply(citizen)
    assert expired[0].text not in text
    assert current[0].text in text
    assert texts.FACT_EXPIRED.format(what=texts.FACT_WHAT["fee"]) in text


async def test_a_value_with_every_item_expired_sends_to_the_counter(engine, small):
    p = small.kb.get("cap-the-can-cuoc")
    assert p.time and all(f.valid_until < TODAY for f in p.time)
    citizen = Citizen(engine)
    await citizen.says("/start cap-the-can-cuoc")
    card = one_reply(citizen)
    assert p.time[0].text not in card
    assert texts.CARD_TIME.format(value=texts.FACT_ALL_EXPIRED.format(what=texts.FACT_WHAT["time"])) in card
    await citizen.says("làm căn cước mất bao lâu")
    assert p.time[0].text not in citizen.sees
    assert texts.FACT_ALL_EXPIRED.format(what=texts.FACT_WHAT["time"]) in citizen.sees


async def test_the_same_fact_shows_until_its_last_day(small, store):
    p = small.kb.get("cap-the-can-cuoc")
    last_day = p.time[0].valid_until
    engine = Engine(small, store, Config(), today=lambda: last_day)
    citizen = Citizen(engine)
    await citizen.says("làm căn cước mất bao lâu")
    assert p.time[0].text in citizen.sees
    assert texts.FACT_WHAT["time"] not in citizen.sees


async def test_expired_notes_are_not_shown(engine, small):
    p = small.kb.get("cap-the-can-cuoc")
    expired = [n for n in p.notes if n.valid_until and n.valid_until < TODAY]
    assert expired
    citizen = Citizen(engine)
    seen = "\n".join(await everything_reachable(citizen, "làm căn cước ở đâu"))
    assert p.notes[-1].text in seen  # the valid note is there
    assert expired[0].text not in seen


# --- staff notes never reach a citizen --------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "đăng ký tạm trú", "đăng ký tạm trú mất bao nhiêu tiền", "dang ky tam tru o dau",
    "đăng ký tạm trú cần giấy tờ gì", "ai phải đăng ký tạm trú", "làm căn cước", "làm căn cước mất bao nhiêu tiền",
    "lam ho chieu o dau",
])
async def test_staff_notes_are_never_shown(engine, small, question):
    notes = [n for p in small.kb.procedures for n in p.staff_notes]
    notes += [n for o in small.kb.out_of_scope for n in o.staff_notes]
    assert len(notes) == 3
    citizen = Citizen(engine)
    for text in await everything_reachable(citizen, question):
        for note in notes:
            assert note not in text
        assert "GHI-CHU-NOI-BO" not in text and "[verify]" not in text


async def test_shipped_staff_notes_never_shown_on_any_card_or_detail(shipped_engine, knowledge):
    kb = knowledge.kb
    notes = [n for p in kb.procedures for n in p.staff_notes] + [n for o in kb.out_of_scope for n in o.staff_notes]
    citizen = Citizen(shipped_engine)
    for p in kb.procedures:
        seen = await everything_reachable(citizen, f"/start {p.id}")
        today = date.today()
        seen += [s.text for f in cards.FACETS if (s := cards.facet_answer(p, f, today)) is not None]
        seen.append(cards.details(p, today))
        for text in seen:
            for note in notes:
                assert note not in text, (p.id, note)


# --- neighbours and chitchat ---------------------------------------------------------------------------------
async def test_neighbouring_service_gets_where_to_go_and_a_volunteer(engine, small, store):
    neighbour = small.kb.neighbour("ho-chieu")
    citizen = Citizen(engine)
    await citizen.says("lam ho chieu o dau")
    text = one_reply(citizen)
    assert text.startswith(texts.OUT_OF_SCOPE_SERVICE.format(go=neighbour.go))
    assert neighbour.title not in text
    assert citizen.buttons == [texts.BTN_VOLUNTEER]
    await citizen.presses(texts.BTN_VOLUNTEER)
    assert citizen.has_button(texts.BTN_CONSENT_YES)  # the usual hand-off, with the question


async def test_chitchat_gets_one_polite_line_and_nothing_else(engine, small, store):
    neighbour = small.kb.neighbour("gia-vang")
    citizen = Citizen(engine)
    await citizen.says("giá vàng hôm nay bao nhiêu")
    assert citizen.sees == texts.OUT_OF_SCOPE_CHITCHAT
    assert citizen.buttons == []
    assert neighbour.title not in citizen.sees
    assert "một cửa" not in citizen.sees and "tình nguyện viên" not in citizen.sees
    logged = await store.recent_questions(citizen.key)
    assert [q.decision for q in logged] == ["none"]


# --- one register ------------------------------------------------------------------------------------------------
def test_citizen_texts_say_ba_con_never_ban():
    offenders = []
    for name, value in vars(texts).items():
        if name.startswith(("VOL_", "DESK_", "_")):  # volunteers (group, terminal desk) are colleagues
            continue
        values = value.values() if isinstance(value, dict) else [value] if isinstance(value, str) else []
        offenders += [name for v in values if isinstance(v, str) and re.search(r"\bbạn\b", v, re.I)]
    assert offenders == []


# --- the card and short answers of every shipped procedure --------------------------------------------------------
async def test_every_shipped_card_fits_one_screen(shipped_engine, knowledge):
    citizen = Citizen(shipped_engine)
    for p in knowledge.kb.procedures:
        await citizen.says(f"/start {p.id}")
        card = one_reply(citizen)
        assert len(card) <= CARD_LIMIT, (p.id, len(card))
        assert card.startswith(texts.CARD_TITLE.format(title=p.title))
        assert f"{p.reviewed:%d/%m/%Y}" in card.splitlines()[-1]
        assert (p.code in card) if p.code else True
        assert citizen.has_button(texts.BTN_GUIDE) == (p.guide is not None)


def test_every_shipped_short_answer_fits(knowledge):
    for p in knowledge.kb.procedures:
        for facet in cards.FACETS:
            shown = cards.facet_answer(p, facet, date.today())
            if shown is not None:
                assert len(shown.text) <= FACET_LIMIT, (p.id, facet, len(shown.text))
                assert shown.text.startswith(texts.CARD_TITLE.format(title=p.title))


# --- done when (issue 10, 14), on the shipped content ---------------------------------------------------------------
async def test_criminal_record_is_done_by_the_police_and_vneid(shipped_engine):
    citizen = Citizen(shipped_engine)
    await citizen.says("lý lịch tư pháp làm ở đâu")
    text = citizen.sees
    assert len(text) <= FACET_LIMIT
    assert "Công an" in text and "VNeID" in text
    places = [line for line in text.splitlines() if line.startswith(texts.CARD_BULLET.format(item=""))]
    assert places and not any(line.startswith(texts.CARD_BULLET.format(item="Sở Tư pháp")) for line in places)


async def test_going_abroad_to_work_needs_no_temporary_absence(shipped_engine):
    citizen = Citizen(shipped_engine)
    await citizen.says("đi xuất khẩu lao động có phải khai tạm vắng không")
    text = citizen.sees.lower()
    assert "khai báo tạm vắng" in text or "tạm vắng" in text
    assert re.search(r"\bkhông (phải|cần)\b", text), text
    assert "nước ngoài" in text or "xuất cảnh" in text, text  # the reason


async def test_id_card_fee_is_a_short_answer_with_exemptions(shipped_engine, knowledge):
    id_cards = [p for p in knowledge.kb.procedures if p.topic == knowledge.kb.get("cap-the-can-cuoc").topic]
    citizen = Citizen(shipped_engine)
    await citizen.says("làm căn cước mất bao nhiêu tiền")
    text = one_reply(citizen)
    assert len(text) <= FACET_LIMIT
    assert any(text.startswith(texts.CARD_TITLE.format(title=p.title)) for p in id_cards)
    assert texts.CARD_FEE.split("{")[0].strip() in text
    assert "miễn" in text.lower()
    assert texts.CARD_WHERE.split("{")[0] not in text  # the fee, not the whole card


async def test_temporary_residence_online_starts_its_walkthrough(shipped_engine, knowledge):
    p = knowledge.kb.get("dang-ky-tam-tru")
    assert p.guide is not None
    citizen = Citizen(shipped_engine)
    await citizen.says("đăng ký tạm trú online thế nào")
    assert p.guide.start.text.strip() in citizen.sees


async def test_asking_how_to_do_it_online_starts_each_shipped_walkthrough(shipped_engine, knowledge):
    guided = [p for p in knowledge.kb.procedures if p.guide is not None]
    assert guided
    for p in guided:
        citizen = Citizen(shipped_engine, key=f"tg:{p.id}")
        await citizen.says(f"{p.title} online thế nào")
        assert p.guide.start.text.strip() in citizen.sees, p.id
        assert citizen.has_button(texts.BTN_STUCK)
