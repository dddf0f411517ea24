"""Privacy: personal data is masked before it is stored, and never logged.

bot.dialogue.privacy on its own (what is masked, and the numbers citizens write about procedures that
must stay readable), then the engine's question log, then the logs of a running Application.
"""
from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.dialogue import texts
from bot.config import Config
from bot.dialogue.engine import Engine, Event
from bot.dialogue.privacy import Finding, find_personal, looks_like_secret, mask_personal
from bot.storage import Storage
from bot.telegram.app import build_application
from telegram_fakes import FAKE_TOKEN, FakeBotApi, TelegramChat

REPO = Path(__file__).resolve().parents[1]
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

    broken = SimpleNamespace(current=SimpleNamespace(kb=knowledge.kb, matcher=BrokenMatcher()))
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


async def test_a_question_waiting_for_a_volunteer_keeps_numbers_but_never_a_secret(tmp_path):
    """The pending question keeps the phone number (the claiming volunteer may reveal it)
    but an OTP shared with it is masked before anything is stored."""
    import json

    from bot.config import Config
    from bot.dialogue.engine import Engine, Event
    from bot.dialogue.live_knowledge import LiveKnowledge
    from bot.storage import Storage

    store = await Storage.open(f"sqlite+aiosqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        engine = Engine(LiveKnowledge.load(Path(__file__).resolve().parents[1] / "procedures.yaml"), store, Config())
        await engine.handle(Event.message("tg:77", "con mèo nhà tôi bị lạc, sđt 0912345678, mã OTP là 482913"))
        data = json.dumps((await store.load_session("tg:77")).data, ensure_ascii=False)
        assert "0912345678" in data
        assert "482913" not in data
    finally:
        await store.close()
