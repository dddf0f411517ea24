"""A citizen cannot fake the bot's posts in the volunteers' group.

Their words (question, follow-ups, captions, recent exchanges, the queue, reminders, the
"Thêm vào kho" menu) are shown inside Telegram blockquote entities, on lines of their own (one
line each in lists), without bidi overrides or zero-width characters, with command links and
@mentions defused; everything outside the quotes is the bot's. Link previews are off on every
post and edit (check_invariants), and no parse_mode is ever used.
"""
from __future__ import annotations

import re
from datetime import timedelta

from bot.dialogue import texts
from bot.dialogue.citizen_quote import QUOTE_CLOSE, QUOTE_OPEN, clean, plain, quote, render
from bot.storage.ports import utcnow
from helpers.fake_telegram import outside_quotes, quotes_of
from helpers.world import UNKNOWN_QUESTION, open_escalation

# A question that dresses up as the bot: a status line, the how-to line, a fake follow-up
# header, a command link, a mention, a URL, a right-to-left override and zero-width spaces.
FAKE = (f"{UNKNOWN_QUESTION} 🇻🇳\n\n"
        f"{texts.VOL_STATUS_OPEN}\n"
        f"{texts.VOL_CARD_HOWTO.format(id=1)}\n"
        "#1 · công dân hỏi thêm:\n"
        "/xong 1 @to_truong_xa https://lua-dao.example/x\n"
        "tôi \u202eđâu ở\u202c nộp\u200b\u200bhồ sơ\u2028dòng mới")
# What Telegram turns into a tappable command or a notification.
TAPPABLE = re.compile(r"(?<![\w/:.])/[A-Za-z0-9_]|(?<![\w@])@[A-Za-z0-9_]")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\ue000\ue001]")


def assert_only_quoted(message: dict, *fakes: str) -> list[str]:
    """The message's citizen parts are quotes; none of `fakes` is outside them."""
    quoted = quotes_of(message)
    assert quoted, f"no quote in {message.get('text') or message.get('caption')!r}"
    own = outside_quotes(message)
    for fake in fakes:
        assert fake not in own, f"{fake!r} outside a quote in {own!r}"
    for q in quoted:
        assert not TAPPABLE.search(q), q
        assert not INVISIBLE.search(q), ascii(q)
    assert not INVISIBLE.search(message.get("text") or message.get("caption") or "")
    return quoted


async def test_the_card_shows_the_question_as_a_quote(world):
    lan = world.citizen()
    escalation = await open_escalation(world, lan, FAKE)
    await world.deliver()
    card = world.card(escalation)
    quoted = assert_only_quoted(card, "#1 · công dân hỏi thêm", "lua-dao", "to_truong_xa", "xong 1")
    own = outside_quotes(card)
    assert own.count(texts.VOL_STATUS_OPEN) == 1  # the bot's own status line, once
    assert own.count("/traloi") == 1  # the bot's own how-to line
    question = quoted[0]
    assert question.startswith(UNKNOWN_QUESTION + " 🇻🇳")  # (UTF-16 offsets right past the flag)
    assert "∕xong 1 ＠to_truong_xa https://lua-dao.example/x" in question  # readable, not tappable
    assert "tôi đâu ở nộphồ sơ\ndòng mới" in question

    # Claimed: the edited card keeps the quote (and its previews off).
    minh = world.volunteer()
    await minh.press(texts.BTN_CLAIM, card)
    card = world.card(escalation)
    assert texts.VOL_STATUS_CLAIMED.format(name="Minh") in outside_quotes(card)
    assert quotes_of(card)[0] == question
    assert "Chưa ai nhận" not in outside_quotes(card)


async def test_follow_ups_captions_queue_reminders_and_menu_quote_the_citizen(world):
    lan = world.citizen()
    escalation = await open_escalation(world, lan, "làm hộ chiếu ở đâu\n✅ Đã xong.")
    await lan.send(f"em hỏi thêm\n{texts.VOL_STATUS_RESOLVED}\n/nhan {escalation}")
    await lan.send_media("photo", caption=f"ảnh màn hình\n{texts.VOL_CITIZEN_THANKS.format(id=escalation)}")
    await world.deliver()
    followup = world.last_in_group("công dân hỏi thêm")
    assert_only_quoted(followup, "Đã xong", "/nhan")
    assert outside_quotes(followup).strip() == texts.VOL_FOLLOWUP.format(id=escalation, text="").strip()
    photo = world.last_in_group("ảnh màn hình")
    assert_only_quoted(photo, "công dân đã hiểu")

    # The reminder and the queue: the question on one line.
    await world.desk.remind(utcnow() + timedelta(minutes=31))
    await world.deliver()
    reminder = world.last_in_group("chưa có ai nhận")
    assert_only_quoted(reminder, "Đã xong")
    minh = world.volunteer()
    await minh.send("/hangdoi")
    queue = minh.replies[-1]["message"]
    [line] = assert_only_quoted(queue, "Đã xong")
    assert line == "làm hộ chiếu ở đâu ✅ Đã xong." and "\n" not in line

    # "Thêm vào kho" after an answer: the menu quotes the question too.
    card = world.card(escalation)
    await minh.reply(card, "Bạn đến công an tỉnh nhé.")
    await world.deliver()
    await minh.press(texts.BTN_ADD_TO_KB, world.card(escalation))
    menu = world.last_in_group("vào kho kiến thức")
    assert_only_quoted(menu, "Đã xong")


async def test_recent_exchanges_are_one_quoted_line_each(world):
    lan = world.citizen()
    fake = texts.VOL_STATUS_CLAIMED.format(name="Minh")
    await lan.send(f"xin chào\n{fake}")
    escalation = await open_escalation(world, lan)
    await world.deliver()
    card = world.card(escalation)
    quoted = assert_only_quoted(card, "Minh đang xử lý")
    assert f"xin chào {fake}" in quoted[1:]  # the context line, folded to one line
    assert outside_quotes(card).count(texts.VOL_STATUS_OPEN) == 1


def test_quotes_render_to_entities_with_utf16_offsets():
    text = "Câu hỏi:\n" + quote("👨‍👩‍👧 a\u202eb\n\n\n\nc", 100) + "\n" + quote("x" * 500, 1000) + "\nhết"
    shown, entities = render(text)
    assert QUOTE_OPEN not in shown and QUOTE_CLOSE not in shown
    units = shown.encode("utf-16-le")
    spans = [(kind, units[2 * o: 2 * (o + n)].decode("utf-16-le")) for kind, o, n in entities]
    # (the zero-width joiners of the family emoji are dropped with the other invisible characters)
    assert spans == [("blockquote", "👨👩👧 ab\n\nc"), ("expandable_blockquote", "x" * 500)]
    assert plain(text) == "Câu hỏi:\n│ 👨👩👧 ab\n│ \n│ c\n│ " + "x" * 500 + "\nhết"
    assert clean("a/b https://x.vn/a /start e@mail.vn @ban") == "a/b https://x.vn/a ∕start e@mail.vn ＠ban"
    assert quote("", 10) == f"{QUOTE_OPEN}…{QUOTE_CLOSE}"


def test_a_quote_cut_by_a_split_is_closed_and_reopened():
    from bot.dialogue.splitting import split

    text = "Các câu hỏi:\n" + "\n".join(quote(f"câu hỏi số {i} " + "chữ " * 40, 300) for i in range(60))
    parts = split(text, 1000)
    assert len(parts) > 1
    for part in parts:
        shown, entities = render(part)
        assert part.count(QUOTE_OPEN) == part.count(QUOTE_CLOSE)
        assert entities and all(n > 0 for _, _, n in entities)
