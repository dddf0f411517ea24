"""The one text splitter: a text too long for one Telegram message, in parts that fit.

Used for every message the bot sends or puts in the outbox (the engine's replies, volunteers'
answers, the group's and staff's long lists). Telegram counts a message's length in UTF-16 code
units (an emoji outside the BMP counts twice), so this does too; citizens' quotes
(bot.dialogue.citizen_quote) cut by a split are closed and reopened, so each part shows its
piece of the quote as a quote.
"""
from __future__ import annotations

from bot.dialogue.citizen_quote import QUOTE_CLOSE, QUOTE_OPEN, balance, utf16_len

MAX_MESSAGE = 4000  # UTF-16 units; Telegram allows 4096
_SEPARATORS = ("\n\n", "\n", " ")


def _fitting(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units (at least one)."""
    size = 0
    for i, ch in enumerate(text):
        size += 2 if ord(ch) > 0xFFFF else 1
        if size > limit:
            return max(i, 1)
    return len(text)


def split(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """`text` in parts of at most `limit` UTF-16 units, cut at a paragraph, then a line, then a
    space in the second half of the allowed length (mid-word only when there is none); the
    blanks at a cut are dropped, nothing else. A text that fits comes back unchanged."""
    if utf16_len(text) <= limit:
        return [text]
    marked = QUOTE_OPEN in text or QUOTE_CLOSE in text
    room = max(1, limit - 2) if marked else limit  # (balancing adds at most two markers)
    parts: list[str] = []
    rest = text
    while utf16_len(rest) > room:
        fit = _fitting(rest, room)
        window = rest[:fit]
        cut = -1
        for sep in _SEPARATORS:
            cut = window.rfind(sep)
            if cut > fit // 2:
                break
        if cut <= 0:
            cut = fit
        head = rest[:cut].rstrip()
        if head:
            parts.append(head)
        rest = rest[cut:].lstrip()
    if rest.strip():
        parts.append(rest.rstrip())
    parts = parts or [text.strip()[:1] or " "]
    return balance(parts) if marked else parts


__all__ = ["MAX_MESSAGE", "split"]
