"""Sessions stored before SessionData existed are read by the new code and the conversation goes
on: the rows in tests/data/sessions_before_sessiondata/ were written by the engine as it was
(make_samples.py there ran it through five conversations). Also: the codec keeps the stored
form, keeps unknown keys, and malformed session data never breaks a turn.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.config import Config
from bot.dialogue import callbacks as cb
from bot.dialogue import session_data, texts
from bot.dialogue.engine import Engine, Event, Reply
from bot.dialogue.session_data import Consent, Media, SessionData
from bot.dialogue.types import NONCE
from bot.storage.ports import Session
from helpers.walkthrough import assert_step_text

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "sessions_before_sessiondata"
GROUP = -100123


def sample(citizen: str) -> dict:
    return json.loads((SAMPLES / f"{citizen.replace(':', '_')}.json").read_text())


async def restore(store, citizen: str) -> dict:
    """Store the row as the old engine left it; return its data."""
    row = sample(citizen)
    await store.save_session(Session(row["citizen"], row["state"], row["procedure"], row["step"], row["data"]))
    return row["data"]


@pytest.fixture
def engine(knowledge, store) -> Engine:
    return Engine(knowledge, store, Config(volunteer_chat_id=GROUP))


async def press(engine: Engine, citizen: str, button, nonce: str) -> list[Reply]:
    return await engine.handle(Event.button(citizen, button.pack().replace(NONCE, nonce, 1)))


def seen(replies: list[Reply]) -> str:
    return "\n\n".join(r.text for r in replies)


def labels(replies: list[Reply]) -> list[str]:
    return [b.label for r in replies for row in r.buttons for b in row]


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_old_rows_decode_and_encode_back_unchanged(path):
    data = json.loads(path.read_text())["data"]
    decoded = session_data.decode(data)
    assert decoded.nonce == data["n"] and not decoded.extra
    assert session_data.encode(decoded) == data


async def test_mid_walkthrough_continues_after_the_upgrade(engine, store):
    data = await restore(store, "tg:2001")
    guide = engine.knowledge.kb.get("nop-ho-so-truc-tuyen").guide
    step = guide.step("chon-cong")
    target = step.choices[0].goto
    replies = await press(engine, "tg:2001", cb.GuideNav("c", 0), data["n"])
    assert_step_text(replies[-1].text, guide, target)
    nonce = (await store.load_session("tg:2001")).data["n"]
    assert texts.BTN_NEXT in labels(replies)
    replies = await press(engine, "tg:2001", cb.GuideNav("next"), nonce)
    assert_step_text(replies[-1].text, guide, guide.next_of(target))
    # The stored path is the old one extended: "Quay lại" twice leads back to the first step.
    for expected in (target, "chon-cong", "chuan-bi"):
        nonce = (await store.load_session("tg:2001")).data["n"]
        replies = await press(engine, "tg:2001", cb.GuideNav("back"), nonce)
        assert_step_text(replies[-1].text, guide, expected)


async def test_typed_tiep_works_on_an_old_walkthrough(engine, store):
    row = sample("tg:2001")
    guide = engine.knowledge.kb.get("nop-ho-so-truc-tuyen").guide
    row["step"] = next(s.id for s in guide.steps if not s.choices and guide.next_of(s.id))
    await store.save_session(Session(row["citizen"], row["state"], row["procedure"], row["step"], row["data"]))
    replies = await engine.handle(Event.message("tg:2001", "tiếp"))
    assert_step_text(replies[-1].text, guide, guide.next_of(row["step"]))


async def test_pending_consent_is_honoured(engine, store):
    data = await restore(store, "tg:2002")
    replies = await press(engine, "tg:2002", cb.Volunteer("yes"), data["n"])
    opened = await store.active_escalation("tg:2002")
    assert opened is not None and opened.question == data["consent"]["q"]
    assert str(opened.id) in seen(replies)
    stored = (await store.load_session("tg:2002")).data
    assert "consent" not in stored and "pending" not in stored and "pending_o" not in stored
    assert stored["handed"] is True and stored["esc"] == opened.id


async def test_declined_old_consent_is_forgotten(engine, store):
    data = await restore(store, "tg:2002")
    replies = await press(engine, "tg:2002", cb.Volunteer("no"), data["n"])
    assert seen(replies) == texts.ESC_DECLINED
    assert "consent" not in (await store.load_session("tg:2002")).data
    assert await store.active_escalation("tg:2002") is None


async def test_old_photo_consent_sends_the_photo(engine, store):
    data = await restore(store, "tg:2005")
    await press(engine, "tg:2005", cb.Volunteer("yes"), data["n"])
    opened = await store.active_escalation("tg:2005")
    assert opened is not None and opened.question.startswith(texts.VOLUNTEER_PHOTO_NOTE)
    messages = await store.escalation_messages(opened.id)
    assert [(m.kind, m.file_id) for m in messages if m.kind == "photo"] == [("photo", data["consent"]["m"]["f"])]
    posts = await store.list_outbox(escalation_id=opened.id)
    assert any(p.kind == "photo" and p.file_id == data["consent"]["m"]["f"] for p in posts)


async def test_old_rating_still_counts(engine, store):
    data = await restore(store, "tg:2005")
    replies = await press(engine, "tg:2005", cb.Feedback("dang-ky-tam-tru", False), data["n"])
    assert seen(replies) == texts.FEEDBACK_ALREADY


async def test_old_clarify_choice_is_answered(engine, store):
    data = await restore(store, "tg:2003")
    kb = engine.knowledge.kb
    replies = await press(engine, "tg:2003", cb.Clarify(1), data["n"])
    assert kb.get(data["clarify"][1]).title in seen(replies)
    stored = (await store.load_session("tg:2003")).data
    assert "clarify" not in stored and "pending" not in stored


async def test_open_escalation_mark_survives(engine, store):
    data = await restore(store, "tg:2004")
    escalation, _ = await store.open_escalation("tg:2004", "câu hỏi cũ", procedure="nop-ho-so-truc-tuyen")
    assert escalation.id == data["esc"]
    replies = await engine.handle(Event.message("tg:2004", "tôi gửi thêm: đã thử lại mà vẫn lỗi"))
    assert seen(replies) == texts.ESC_FORWARDED.format(id=escalation.id)
    messages = await store.escalation_messages(escalation.id)
    assert messages[-1].text == "tôi gửi thêm: đã thử lại mà vẫn lỗi"
    stored = (await store.load_session("tg:2004")).data
    assert stored["esc"] == escalation.id and stored["fwd"] and stored["history"] == ["chuan-bi"]


def test_unknown_keys_are_kept():
    raw = {"n": "ab12", "later": {"x": [1, 2]}, "flag": True}
    decoded = session_data.decode(raw)
    assert decoded.extra == {"later": {"x": [1, 2]}, "flag": True}
    decoded.pending = "câu hỏi"
    assert session_data.encode(decoded) == {**raw, "pending": "câu hỏi"}


async def test_unknown_keys_survive_a_turn(engine, store):
    await store.save_session(Session("tg:3001", data={"n": "ab12", "later": {"x": 1}}))
    await engine.handle(Event.message("tg:3001", "đăng ký tạm trú cần giấy tờ gì"))
    assert (await store.load_session("tg:3001")).data["later"] == {"x": 1}


def test_typed_values_encode_to_the_old_keys():
    d = SessionData(nonce="ab12", escalation=3, follow=4, forward="x", followup_times=[10],
                    media=Media("photo", "F", "c"), ask_person=True,
                    consent=Consent("q", "p", "s", None, ["a"], "sealed"))
    assert session_data.encode(d) == {
        "n": "ab12", "esc": 3, "follow": 4, "fwd": "x", "ft": [10], "ask_person": True,
        "media": {"k": "photo", "f": "F", "c": "c"},
        "consent": {"q": "q", "p": "p", "s": "s", "m": None, "h": ["a"], "o": "sealed"}}
    assert session_data.decode(session_data.encode(d)) == d


MALFORMED = [
    None, [], "text", 5,
    {"n": 5, "history": "chuan-bi", "clarify": {"a": 1}, "pending": 3, "consent": [1, 2]},
    {"esc": "1", "follow": True, "ft": "x", "media": {"k": 1}, "rated": None, "answers_seen": "9"},
    {"consent": {"q": 1, "m": "photo", "h": "abc"}, "history": [None, 3, "chuan-bi"], "ft": [1, "2", None]},
]


@pytest.mark.parametrize("raw", MALFORMED)
def test_malformed_data_decodes_without_raising(raw):
    decoded = session_data.decode(raw)
    assert isinstance(decoded, SessionData)
    session_data.encode(decoded)


@pytest.mark.parametrize("raw", [r for r in MALFORMED if isinstance(r, dict)])
async def test_malformed_data_never_breaks_a_turn(engine, store, raw):
    await store.save_session(Session("tg:3002", state="guide", procedure="nop-ho-so-truc-tuyen",
                                     step="chon-cong", data=raw))
    for event in (Event.message("tg:3002", "tiếp"), Event.button("tg:3002", cb.Volunteer("yes").pack("abcd")),
                  Event.message("tg:3002", "đăng ký tạm trú cần giấy tờ gì")):
        replies = await engine.handle(event)
        assert replies and texts.ERROR not in seen(replies)
