"""The one text splitter (bot.dialogue.splitting): Telegram's UTF-16 length, cuts at breaks,
citizens' quotes closed and reopened across parts."""
from __future__ import annotations

from bot.dialogue.citizen_quote import QUOTE_CLOSE, QUOTE_OPEN, quote, render, utf16_len
from bot.dialogue.splitting import MAX_MESSAGE, split


def test_a_text_that_fits_is_unchanged():
    assert split("ngắn  ") == ["ngắn  "]
    assert split("") == [""]


def test_emoji_count_twice_and_nothing_is_lost():
    text = "😀 " * 1500 + "hết"  # 4503 characters, 6003 UTF-16 units
    parts = split(text)
    assert len(parts) == 2 and all(utf16_len(p) <= MAX_MESSAGE for p in parts)
    assert " ".join(parts) == text


def test_a_quote_with_emoji_cut_in_two_stays_a_quote_on_both_sides():
    text = "Câu hỏi:\n" + quote("🙏 xin hỏi " * 400, 6000) + "\nhết"
    parts = split(text, 1000)
    assert len(parts) > 2
    for part in parts:
        assert utf16_len(part) <= 1000
        assert part.count(QUOTE_OPEN) == part.count(QUOTE_CLOSE) == 1
        shown, entities = render(part)
        assert entities and shown.strip()
    assert parts[0].startswith("Câu hỏi:\n" + QUOTE_OPEN) and parts[-1].endswith(QUOTE_CLOSE + "\nhết")


def test_whitespace_only_text_over_the_limit_is_one_blank_part():
    assert split(" " * 5000) == [" "]
