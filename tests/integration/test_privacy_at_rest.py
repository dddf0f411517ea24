"""Personal data at rest and in error logs (issue 12, item 3).

A copy of the database must not give away a citizen's ID or phone number: what is kept only
for the claiming volunteer's "Xem số đã ẩn" is sealed with DVCBOT_SECRET_KEY (bot.dialogue.vault), or
not kept without one; the question waiting in the session is masked. A database error is
logged without the statement's parameters (citizens' texts).
"""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.dialogue import texts
from bot.dialogue.vault import Vault, new_key
from bot.storage import Storage, create_engine, tables, upgrade
from helpers.world import UNKNOWN_QUESTION, labels, start_world, volunteer_config

CCCD, PHONE = "079203004567", "0912345678"
SPACED_PHONE = "0987 654 321"


def raw_bytes(sqlite_url: str) -> bytes:
    """The database file and its write-ahead log, as a copy of them would hold them."""
    path = Path(sqlite_url.split("///", 1)[1])
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def in_clear(data: bytes) -> list[str]:
    found = []
    for number in (CCCD, PHONE, SPACED_PHONE, SPACED_PHONE.replace(" ", "")):
        for encoding in ("utf-8", "utf-16-le"):
            if number.encode(encoding) in data:
                found.append(f"{number} ({encoding})")
    return found


async def conversation_with_numbers(world) -> dict[str, str]:
    """A citizen shares an ID and a phone number three ways: in a question the assistant does
    not know (then asks a volunteer), in /hoinguoi (then declines), in a follow-up. A volunteer
    claims the question and presses "Xem số đã ẩn"; what each step showed is returned."""
    lan, minh = world.citizen(), world.volunteer(777, "Minh")
    hoa = world.citizen(1002, "Hoa")
    await hoa.send(f"/hoinguoi {UNKNOWN_QUESTION}, CCCD {CCCD}, sđt {SPACED_PHONE}")
    await hoa.press(texts.BTN_CONSENT_NO)
    await lan.send(f"{UNKNOWN_QUESTION}, CCCD của em {CCCD}, sđt {PHONE}")
    await lan.press(texts.BTN_VOLUNTEER)
    await lan.press(texts.BTN_CONSENT_YES)
    await lan.send(f"em gọi lại số {SPACED_PHONE} được không")
    await world.deliver()
    card = world.card(1)
    shown = {"card": card["text"], "buttons": " ".join(labels(card))}
    await minh.press(texts.BTN_CLAIM, card)
    card = world.card(1)
    if texts.BTN_REVEAL in labels(card):
        await minh.press(texts.BTN_REVEAL, card)
        shown["reveal"] = " ".join(c.get("text") or "" for c in minh.calls if c.method == "answerCallbackQuery")
    return shown


async def test_a_copy_of_the_database_holds_no_id_or_phone_number_in_clear(sqlite_database_url, knowledge):
    world = await start_world(sqlite_database_url, knowledge)  # with a DVCBOT_SECRET_KEY
    try:
        shown = await conversation_with_numbers(world)
        # The claiming volunteer still sees the numbers (unsealed with the key) ...
        assert CCCD in shown["reveal"] and PHONE in shown["reveal"]
        assert CCCD not in shown["card"] and PHONE not in shown["card"]
        # ... but the database file and its log hold them only sealed.
        assert in_clear(raw_bytes(sqlite_database_url)) == []
    finally:
        await world.close()
    assert in_clear(raw_bytes(sqlite_database_url)) == []  # after the last checkpoint too


async def test_without_a_key_no_original_is_kept_and_nothing_can_be_revealed(sqlite_database_url, knowledge):
    world = await start_world(sqlite_database_url, knowledge, volunteer_config(secret_keys=()))
    try:
        shown = await conversation_with_numbers(world)
        assert texts.BTN_REVEAL not in shown["buttons"] and "reveal" not in shown
        assert not (await world.storage.get_escalation(1)).has_original
        assert in_clear(raw_bytes(sqlite_database_url)) == []
    finally:
        await world.close()


async def test_key_rotation_and_a_key_that_was_removed(sqlite_database_url, knowledge):
    """DVCBOT_SECRET_KEY="new,old": what the old key sealed still opens; with the old key
    gone the volunteer is told the numbers are unavailable, and no reveal is recorded."""
    old, new = new_key(), new_key()
    world = await start_world(sqlite_database_url, knowledge, volunteer_config(secret_keys=(old,)))
    try:
        lan, minh = world.citizen(), world.volunteer(777, "Minh")
        await lan.send(f"/hoinguoi {UNKNOWN_QUESTION}, CCCD {CCCD}")
        await lan.press(texts.BTN_CONSENT_YES)
        await world.deliver()
        await minh.press(texts.BTN_CLAIM, world.card(1))
        card = world.card(1)  # the card in the group outlives the restarts below
    finally:
        await world.close()
    for keys, expected in (((new, old), f"CCCD: {CCCD}"), ((new,), texts.VOL_REVEAL_UNAVAILABLE.format(id=1))):
        world = await start_world(sqlite_database_url, knowledge, volunteer_config(secret_keys=keys))
        try:
            minh = world.volunteer(777, "Minh")
            await minh.press(texts.BTN_REVEAL, card)
            assert [(c.get("text"), c.get("show_alert")) for c in minh.calls
                    if c.method == "answerCallbackQuery"] == [(expected, True)]
            audits = [m for m in await world.storage.escalation_messages(1) if m.kind == "reveal"]
            assert len(audits) == 1  # the reveal that showed the numbers only
        finally:
            await world.close()


def test_a_malformed_secret_key_is_refused_naming_the_variable():
    from bot.config import Config

    with pytest.raises(ValueError, match="DVCBOT_SECRET_KEY") as refused:
        Config.from_env({"DVCBOT_SECRET_KEY": f"{new_key()},not-a-key"}, dotenv=Path("/nonexistent"))
    assert "not-a-key" not in str(refused.value)  # a secret is never echoed back
    key1, key2 = new_key(), new_key()
    config = Config.from_env({"DVCBOT_SECRET_KEY": f" {key1} , {key2} "}, dotenv=Path("/nonexistent"))
    assert config.secret_keys == (key1, key2)
    assert key1 not in repr(config)
    assert Vault(config.secret_keys).unseal(Vault([key2]).seal("x")) == "x"


async def test_a_database_error_logs_no_citizen_text(database_url, knowledge, caplog):
    """A failing statement is logged with the update id and the error, not its parameters."""
    world = await start_world(database_url, knowledge)
    try:
        lan = world.citizen()
        await lan.send("xin chào")
        async with world.storage.engine.begin() as conn:
            await conn.execute(sa.text("DROP TABLE questions"))
        said = f"con mèo tam thể nhà Lan bị lạc ở Phú Thọ, sđt {PHONE}"
        with caplog.at_level(logging.DEBUG):
            await lan.send(said)
        assert lan.last_text() == texts.ERROR
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert errors, "the failure is logged"
        logged = "\n".join(r.getMessage() + "\n" + (r.exc_text or "") + "\n" + _traceback(r)
                           for r in caplog.records) + caplog.text
        assert "questions" in logged  # the statement is named ...
        for fragment in ("mèo tam thể", "Phú Thọ", PHONE, texts.PRIVACY_TAGS["phone"]):
            assert fragment not in logged, fragment  # ... its values are not
    finally:
        await world.close()


def _traceback(record: logging.LogRecord) -> str:
    if not record.exc_info:
        return ""
    return logging.Formatter().formatException(record.exc_info)


async def test_the_upgrade_drops_clear_originals_and_masks_pending_questions(database_url):
    """Revision 0005: a database written by the previous version holds the originals in clear;
    after the upgrade it holds none."""
    engine = create_engine(database_url)
    await upgrade(engine, "0004")
    now = sa.func.now()
    async with engine.begin() as conn:
        await conn.execute(tables.escalations.insert().values(
            citizen="tg:1", question="CCCD [số CCCD]", context=[], original=f"CCCD {CCCD}",
            status="open", created_at=now, version=1))
        await conn.execute(tables.sessions.insert().values(
            citizen="tg:1", state="idle", version=3, updated=now,
            data={"n": "abcd", "pending": f"sđt {PHONE} hỏi", "consent": {"q": "CCCD [số CCCD]", "o": f"CCCD {CCCD}"}}))
    await upgrade(engine, "head")
    storage = Storage(engine)
    try:
        e = await storage.get_escalation(1)
        assert not e.has_original and e.question == "CCCD [số CCCD]"
        session = await storage.load_session("tg:1")
        assert session.data == {"n": "abcd", "pending": f"sđt {texts.PRIVACY_TAGS['phone']} hỏi",
                                "consent": {"q": "CCCD [số CCCD]"}}
        assert session.version == 4
    finally:
        await storage.close()
