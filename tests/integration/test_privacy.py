"""Privacy: personal data is masked before it is stored, and never logged.

bot.dialogue.privacy on its own (what is masked, and the numbers citizens write about procedures that
must stay readable), then the engine's question log, then the logs of a running Application.
"""
from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.engine import Engine, Event
from bot.dialogue.privacy import Finding, find_personal, looks_like_secret, mask_personal
from bot.storage import Storage
from bot.telegram.app import build_application
from helpers.fake_telegram import FAKE_TOKEN, FakeBotApi
from helpers.telegram_chats import TelegramChat

T = texts.PRIVACY_TAGS
ID, PHONE, EMAIL, BANK, SECRET = T["id_card"], T["phone"], T["email"], T["bank_account"], T["secret"]


# --- what is masked ----------------------------------------------------------------------------
@pytest.mark.parametrize("text, masked", [
    # ID cards: 12-digit CCCD, 9-digit CMND, plain or grouped
    ("CCCD của tôi là 001203004567", f"CCCD của tôi là {ID}"),
    ("số căn cước 001 203 004 567 nhé", f"số căn cước {ID} nhé"),
    ("cccd 001.203.004.567", f"cccd {ID}"),
    ("cccd 001-203-004-567", f"cccd {ID}"),
    ("CCCD:001203004567", f"CCCD:{ID}"),
    ("CMND cũ 123456789 còn dùng được không", f"CMND cũ {ID} còn dùng được không"),
    ("cmnd 123 456 789", f"cmnd {ID}"),
    # phones: mobile, landline, +84, 84
    ("sđt em 0912345678", f"sđt em {PHONE}"),
    ("gọi 0912 345 678 giúp em", f"gọi {PHONE} giúp em"),
    ("gọi 0912.345.678 giúp em", f"gọi {PHONE} giúp em"),
    ("gọi 091-234-5678", f"gọi {PHONE}"),
    ("sdt0912345678", f"sdt{PHONE}"),
    ("máy bàn 02438251234", f"máy bàn {PHONE}"),
    ("máy bàn (024) 3825 1234", f"máy bàn {PHONE}"),
    ("máy bàn 0243.825.1234", f"máy bàn {PHONE}"),
    ("+84912345678", PHONE),
    ("liên hệ +84 912 345 678.", f"liên hệ {PHONE}."),
    ("(+84) 912-345-678", PHONE),
    ("84912345678 là số zalo", f"{PHONE} là số zalo"),
    ("0912345678/0987654321", f"{PHONE}/{PHONE}"),
    # e-mail
    ("gửi vào nguyenvana@gmail.com được không", f"gửi vào {EMAIL} được không"),
    ("email: Tran.Thi-B+dvc@so.hanoi.gov.vn.", f"email: {EMAIL}."),
    # bank accounts: other runs of 6+ digits, and numbers after account words
    ("stk 0123456789 vietcombank", f"stk {BANK} vietcombank"),
    ("chuyển khoản vào 1903 6677 8899 01", f"chuyển khoản vào {BANK}"),
    ("STK Techcombank: 19036677889901", f"STK Techcombank: {BANK}"),
    ("số tài khoản 123456789", f"số tài khoản {BANK}"),
    ("mã 4567891", f"mã {BANK}"),
    # secrets
    ("ma otp cua em la 482913 sao khong dang nhap duoc", f"ma otp cua em la {SECRET} sao khong dang nhap duoc"),
    ("mật khẩu của em là Abc1234.", f"mật khẩu của em là {SECRET}."),
    ("OTP 4829 nhé", f"OTP {SECRET} nhé"),
    # several at once
    ("Tôi tên Lan, CCCD 001203004567, sđt 0912 345 678, email lan@yahoo.com",
     f"Tôi tên Lan, CCCD {ID}, sđt {PHONE}, email {EMAIL}"),
])
def test_personal_data_is_masked(text, masked):
    assert mask_personal(text) == masked


@pytest.mark.parametrize("text", [
    "đăng ký tạm trú năm 2025 cần gì",
    "tôi 65 tuổi, sinh năm 1960",
    "các năm 2023 2024 2025",
    "từ 2020-2025",
    "lệ phí 15.000đ",
    "lệ phí 15.000 đ một bản",
    "hết 200000 đồng",
    "200000đ",
    "200000 VND",
    "lệ phí là 200000",
    "phí 1.500.000 hả",
    "khoảng 1.500.000 thôi",
    "2,000,000 đồng",
    "tiền phạt 5 triệu",
    "giá 1.500.000.000",
    "nộp tờ khai CT01 và CT02",
    "hẹn ngày 27/11/2026",
    "hẹn ngày 27.11.2026 lúc 08:30",
    "ngày 2026-11-27",
    "ngày 27-11-2026",
    "mã thủ tục 1.004194",
    "thủ tục 2.000123 ở đâu",
    "theo Nghị định 123/2015/NĐ-CP",
    "Quyết định 123456/QĐ-UBND",
    "mã hồ sơ H12.34-240315-0001",
    "mã hồ sơ 000.00.12.H12-240315-0001",
    "nhà số 12 ngõ 345",
    "mất 5 đến 7 ngày làm việc",
    "trong 30 ngày",
    "mã OTP là gì",
    "quên mật khẩu VNeID thì làm sao",
    "mật khẩu phải có 8 ký tự",
])
def test_numbers_about_procedures_stay_readable(text):
    assert find_personal(text) == []
    assert mask_personal(text) == text


# --- numbers as people type them (issue 12, item 2) ------------------------------------------------
@pytest.mark.parametrize("text, masked", [
    # a texting "k" (không), "d", "tr" after the number does not make it an amount
    ("sđt 0355111222 k được", f"sđt {PHONE} k được"),
    ("sđt 0355111222k được", f"sđt {PHONE}k được"),
    ("cccd 079203004567 k hợp lệ", f"cccd {ID} k hợp lệ"),
    ("cmnd 123456789 k hợp lệ", f"cmnd {ID} k hợp lệ"),
    ("số em 0912345678 d ạ", f"số em {PHONE} d ạ"),
    ("0912345678 tr", f"{PHONE} tr"),
    # a price word before it neither
    ("phí 079203004567 là sao", f"phí {ID} là sao"),
    ("giá: 0912345678", f"giá: {PHONE}"),
    ("tiền 0355111222", f"tiền {PHONE}"),
    # separators: two spaces, a tab, / , _ , zero-width space, one digit at a time
    ("gọi 0912  345  678", f"gọi {PHONE}"),
    ("gọi 0912\t345\t678", f"gọi {PHONE}"),
    ("gọi 0912/345/678", f"gọi {PHONE}"),
    ("gọi 0912,345,678", f"gọi {PHONE}"),
    ("gọi 0912_345_678", f"gọi {PHONE}"),
    ("gọi 0912\u200b345\u200b678", f"gọi {PHONE}"),
    ("gọi 0 9 1 2 3 4 5 6 7 8 nhé", f"gọi {PHONE} nhé"),
    ("sđt: 09 12 34 56 78", f"sđt: {PHONE}"),
    ("cccd 0 7 9 2 0 3 0 0 4 5 6 7", f"cccd {ID}"),
    ("cccd 079\t203\t004\t567", f"cccd {ID}"),
    ("cccd 079_203_004_567", f"cccd {ID}"),
    # a letter prefix
    ("zalo0912345678", f"zalo{PHONE}"),
    ("Zalo:0912345678", f"Zalo:{PHONE}"),
    # international, other countries, full-width digits
    ("+84 (0) 912 345 678", PHONE),
    ("số bên Mỹ +1 415 555 2671 nhé", f"số bên Mỹ {PHONE} nhé"),
    ("０９１２３４５６７８", PHONE),
    # two numbers side by side stay two
    ("0912 345 678 và 0987 654 321", f"{PHONE} và {PHONE}"),
    ("ngày 01/02/2024 gọi 0912345678", f"ngày 01/02/2024 gọi {PHONE}"),
])
def test_numbers_as_people_type_them_are_masked(text, masked):
    assert mask_personal(text) == masked


@pytest.mark.parametrize("text", [
    "năm 2025 lệ phí 200.000đ",
    "lệ phí 200.000 đồng, mã thủ tục 1.004222, tờ khai CT01",
    "nộp trước 31/12/2025, hết 500000 k",
    "tổng đài 1900 1234 có phải của công an không",
    "gọi 1800 1091 miễn phí",
    "các số 1, 2, 3, 4, 5, 6",
    "chọn 1 2 3 4 5 6",
    "mã hồ sơ H01-240315-0001",
    "giá 2,000,000 đồng",
    "các năm 2023, 2024, 2025",
    "từ 2020 - 2025",
])
def test_ordinary_numbers_typed_loosely_stay_readable(text):
    assert mask_personal(text) == text


# --- properties: personal numbers however written are masked; ordinary numbers never -----------------
MOBILE_PREFIXES = ["032", "035", "038", "039", "056", "058", "070", "077", "079", "081", "083", "085",
                   "086", "088", "090", "091", "093", "094", "096", "097", "098", "099"]
SEPARATORS = [" ", "  ", "\t", ".", "-", "/", ",", "_", "\u200b", " - "]
BEFORE = ["", "sđt ", "số em ", "phí ", "giá: ", "tiền ", "zalo", "gọi ", "liên hệ ", "cccd ", "CCCD: ",
          "căn cước ", "số ", "Tôi tên Lan, "]
AFTER = ["", " k được", "k", " d", " tr", " nhé", ".", " ạ", ", cảm ơn", " k hợp lệ"]


@st.composite
def typed(draw, digits: str) -> str:
    """`digits` as someone might type them: in one piece, one digit at a time, or in groups of
    two or more separated by one of the separators people use, between words."""
    how = draw(st.sampled_from(["whole", "one-by-one", "groups"]))
    if how == "whole":
        body = digits
    elif how == "one-by-one":
        body = draw(st.sampled_from([" ", "\u200b", "  "])).join(digits)
    else:
        cuts = sorted(draw(st.sets(st.integers(2, len(digits) - 2), max_size=4)))
        cuts = [c for k, c in enumerate(cuts) if k == 0 or c - cuts[k - 1] >= 2]
        groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
        body = draw(st.sampled_from(SEPARATORS)).join(groups)
    return draw(st.sampled_from(BEFORE)) + body + draw(st.sampled_from(AFTER))


phones = st.builds(lambda p, rest: p + rest, st.sampled_from(MOBILE_PREFIXES),
                   st.text("0123456789", min_size=7, max_size=7))
cccds = st.builds(lambda province, rest: f"{province:03d}{rest}", st.integers(1, 96),
                  st.text("0123456789", min_size=9, max_size=9))


@given(st.one_of(phones, cccds).flatmap(typed))
def test_a_phone_or_cccd_however_typed_leaves_no_digit(text):
    masked = mask_personal(text)
    assert not any(c.isdigit() for c in masked), (text, masked)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


ordinary = st.one_of(
    st.integers(1950, 2030).map(lambda y: f"năm {y}"),
    st.integers(1, 10_000).map(lambda k: _thousands(k * 1000)).flatmap(
        lambda fee: st.sampled_from([f"{fee}đ", f"{fee} đồng", f"{fee} VND", f"phí {fee}"])),
    st.builds(lambda a, b: f"mã thủ tục {a}.{b:06d}", st.integers(1, 3), st.integers(0, 999_999)),
    st.builds(lambda a, n: f"tờ khai {a}{n:02d}", st.sampled_from(["CT", "TK", "HK", "DK"]), st.integers(0, 99)),
    st.builds(lambda d, m, y, sep: f"ngày {d}{sep}{m}{sep}{y}", st.integers(1, 31), st.integers(1, 12),
              st.integers(1990, 2030), st.sampled_from(["/", ".", "-"])),
    st.builds(lambda d, m: f"ngày {d:02d}/{m:02d}", st.integers(1, 31), st.integers(1, 12)),
    st.integers(1, 99).map(lambda n: f"{n} ngày làm việc"),
)


@given(st.lists(ordinary, min_size=1, max_size=5), st.sampled_from([" ", ", ", " và ", "; "]))
def test_years_fees_codes_forms_and_dates_stay_readable(parts, glue):
    text = glue.join(parts)
    assert mask_personal(text) == text


def test_findings_give_kind_and_place():
    text = "sđt 0912 345 678, CCCD 001203004567, mail a.b@c.vn"
    found = find_personal(text)
    assert [f.kind for f in found] == ["phone", "id_card", "email"]
    assert [text[f.start:f.end] for f in found] == ["0912 345 678", "001203004567", "a.b@c.vn"]
    assert all(isinstance(f, Finding) for f in found)


def test_a_placeholder_replaces_every_finding():
    assert (mask_personal("CCCD 001203004567, sđt 0912345678, a@b.vn", placeholder="***")
            == "CCCD ***, sđt ***, ***")


def test_masking_twice_changes_nothing():
    once = mask_personal("CCCD 001203004567, sđt 0912 345 678, stk 0123456789 vcb, mật khẩu: Ab12cd")
    assert mask_personal(once) == once


@pytest.mark.parametrize("text", [
    "mã OTP của em là 482913",
    "ma otp la 482913",
    "OTP 4829",
    "mật khẩu là Abc1234",
    "mat khau cua em la Abc1234 dung khong",
    "pass: hoa2024!",
    "mã PIN 1234",
])
def test_shared_secrets_are_recognised(text):
    assert looks_like_secret(text)


@pytest.mark.parametrize("text", [
    "mã OTP là gì",
    "không nhận được mã OTP",
    "quên mật khẩu VNeID thì làm sao",
    "quên mật khẩu năm 2025",
    "đổi mật khẩu thế nào",
    "đăng ký tạm trú cần gì",
    "CCCD 001203004567",
])
def test_ordinary_questions_are_not_secrets(text):
    assert not looks_like_secret(text)


# --- the engine stores masked text -------------------------------------------------------------
async def stored_texts(store: Storage, citizen: str) -> str:
    return "\n".join(q.text + "\n" + q.normalised for q in await store.recent_questions(citizen, limit=50))


async def test_the_question_log_keeps_masked_text_and_the_routing(knowledge, store):
    engine = Engine(knowledge, store, Config())
    citizen = "tg:2001"
    await engine.handle(Event.message(citizen, "đăng ký tạm trú cần gì, CCCD của tôi 001203004567"))
    await engine.handle(Event.message(citizen, "sđt em 0912 345 678, email lan@gmail.com, stk 0123456789 vcb"))
    log = await store.recent_questions(citizen)
    assert log[1].procedure == "dang-ky-tam-tru" and log[1].decision == "answer"
    assert knowledge.kb.get("dang-ky-tam-tru") is not None
    assert log[1].text == f"đăng ký tạm trú cần gì, CCCD của tôi {ID}"
    assert log[0].text == f"sđt em {PHONE}, email {EMAIL}, stk {BANK} vcb"
    everything = await stored_texts(store, citizen)
    for secret in ("001203004567", "0912 345 678", "345", "lan@gmail", "gmail", "0123456789"):
        assert secret not in everything


async def test_questions_for_volunteers_are_logged_masked(knowledge, store):
    engine = Engine(knowledge, store, Config())
    citizen = "tg:2002"
    replies = await engine.handle(Event.message(citizen, "con mèo nhà tôi bị lạc, gọi tôi 0987654321"))
    volunteer = [b for r in replies for row in r.buttons for b in row if b.data.startswith("v:")]
    assert volunteer, "the citizen is offered a volunteer"
    await engine.handle(Event.button(citizen, volunteer[0].data))
    everything = await stored_texts(store, citizen)
    assert "0987654321" not in everything and "987" not in everything
    assert "con mèo" in everything


async def test_an_engine_failure_logs_no_citizen_text(knowledge, store, caplog):
    class BrokenMatcher:
        def route(self, text):
            raise RuntimeError("matcher broke")

    broken = SimpleNamespace(current=SimpleNamespace(kb=knowledge.kb, matcher=BrokenMatcher(), facet_detector=None))
    engine = Engine(broken, store, Config())  # type: ignore[arg-type]
    with caplog.at_level(logging.DEBUG):
        replies = await engine.handle(Event.message("tg:2003", "tạm trú, CCCD 001203004567 chị Lan"))
    assert [r.text for r in replies] == [texts.ERROR]
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "matcher broke" in caplog.text  # the failure is logged ...
    assert "001203004567" not in caplog.text and "chị Lan" not in caplog.text  # ... not the text
    assert "001203004567" not in logged


# --- logs of a running bot ------------------------------------------------------------------------
async def test_the_bot_logs_no_citizen_text_or_token_at_info(knowledge, store, caplog):
    api = FakeBotApi()
    app = build_application(Config(telegram_token=FAKE_TOKEN), store, knowledge,
                            request=api, get_updates_request=api)
    await app.initialize()
    said = ["CCCD của tôi 001203004567 đăng ký tạm trú", "gọi em 0912345678 nhé chị Hoa",
            "con mèo nhà tôi bị lạc ở Phú Thọ"]
    try:
        with caplog.at_level(logging.INFO):
            chat = TelegramChat(app, api, user_id=3001)
            await chat.send(said[0])
            api.fail("sendMessage", status=400, description="Bad Request: something")
            await chat.send(said[1])  # the reply fails: the error is logged
            api.fail("sendMessage", status=403, description="Forbidden: bot was blocked by the user")
            await chat.send(said[2])
            await chat.press_data("g:zzzz:next")
    finally:
        await app.shutdown()
    assert caplog.records, "something was logged"
    logged = "\n".join(r.getMessage() + "\n" + (r.exc_text or "") for r in caplog.records
                       if r.levelno >= logging.INFO)
    logged += caplog.text
    assert FAKE_TOKEN not in logged
    for text in said:
        for fragment in (text, text[:12], text[-12:]):
            assert fragment not in logged, fragment
    for number in ("001203004567", "0912345678"):
        assert number not in logged


async def test_a_question_waiting_for_a_volunteer_is_kept_masked_its_numbers_sealed(tmp_path, knowledge):
    """The pending question is masked in the session; with a secret key its numbers are kept
    sealed beside it (for "Xem số đã ẩn"), without one not at all; an OTP never."""
    import json

    from bot.config import Config
    from bot.dialogue.engine import Engine, Event
    from bot.dialogue.vault import Vault, new_key
    from bot.storage import Storage

    key = new_key()
    store = await Storage.open(f"sqlite+aiosqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        for citizen, keys in (("tg:77", (key,)), ("tg:78", ())):
            engine = Engine(knowledge, store, Config(secret_keys=keys))
            await engine.handle(Event.message(citizen, "con mèo nhà tôi bị lạc, sđt 0912345678, mã OTP là 482913"))
            data = (await store.load_session(citizen)).data
            assert data["pending"] == f"con mèo nhà tôi bị lạc, sđt {PHONE}, mã OTP là {SECRET}"
            text = json.dumps(data, ensure_ascii=False)
            assert "0912345678" not in text and "482913" not in text
            if keys:
                original = f"con mèo nhà tôi bị lạc, sđt 0912345678, mã OTP là {SECRET}"
                assert Vault(keys).unseal(data["pending_o"]) == original
            else:
                assert "pending_o" not in data
    finally:
        await store.close()


# --- numbers as people type them never reach the log, the group, the escalation or the outbox -----
async def test_numbers_typed_loosely_are_masked_everywhere_they_are_kept(world):
    """Issue 12, item 2: the question log, the volunteers' card, the escalation's messages and
    the outbox carried these numbers in clear."""
    import re

    import sqlalchemy as sa

    from bot.storage import tables

    numbers = ["0355111222", "079203004567", "0912345678", "0987654321"]
    lan = world.citizen()
    await lan.send("làm hộ chiếu đi nước ngoài ở đâu, sđt 0355111222 k được, cccd 079203004567 k hợp lệ")
    await lan.press(texts.BTN_VOLUNTEER)
    await lan.press(texts.BTN_CONSENT_YES)
    await lan.send("zalo0912345678 hoặc giá: 0 9 8 7 6 5 4 3 2 1")
    await world.deliver()

    stored: list[str] = []
    async with world.storage.engine.connect() as conn:
        stored += [r.text for r in await conn.execute(sa.select(tables.questions.c.text))]
        stored += [r.question + str(r.context) for r in await conn.execute(sa.select(tables.escalations))]
        stored += [r.text for r in await conn.execute(sa.select(tables.escalation_messages.c.text))]
        stored += [r.text for r in await conn.execute(sa.select(tables.outbox.c.text))]
    posted = [m.get("text") or m.get("caption") or "" for m in world.group()]
    assert any("hộ chiếu" in t for t in posted) and len(stored) >= 6
    for text in stored + posted:
        digits = re.sub(r"\D", "", text)
        for number in numbers:
            assert number not in digits, text
