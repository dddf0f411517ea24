"""Citizens' words inside the bot's posts in the volunteers' group, so that they can never pass
for the bot's own lines.

A citizen's question used to be pasted into the card as plain lines: newlines could carry a
fake status line ("⏳ Chưa ai nhận."), a fake "#12 · công dân hỏi thêm" header, command links
that a volunteer's tap would send ("/xong 12"), @mentions that ping people, and bidi
overrides or zero-width characters that reorder or hide what is shown. Now:

  * `quote(text, limit)` cleans the text (control, format and private-use characters dropped:
    bidi overrides, zero-width characters, soft hyphens; line separators become newlines),
    defuses command links ("/xong" -> "∕xong") and mentions ("@ban" -> "＠ban"), optionally
    folds it to one line (lists), shortens it, and wraps it in two private-use markers;
  * every post is built with the quotes on lines of their own, and `render(text)` turns the
    markers into Telegram `blockquote` entities (`expandable_blockquote` for long ones):
    the citizen's words are shown as a quote, the bot's lines are outside it. Entities, never
    parse_mode: nothing of the citizen's text is read as markup;
  * `plain(text)` shows the same in a terminal: each quoted line starts with "│ ".

Pure functions; bot.telegram.outbound and bot.telegram.volunteers render just before sending, and
disable link previews on every post and edit.
"""
from __future__ import annotations

import re
import unicodedata

QUOTE_OPEN, QUOTE_CLOSE = "\ue000", "\ue001"  # private use: stripped from every citizen text
EXPAND_AFTER = 400  # UTF-16 units: a longer quote is an expandable one (collapsed at first)
_LINE_BREAKS = {"\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"}
_DROPPED = {"Cc", "Cf", "Co", "Cs"}  # control, format (bidi, zero-width, ...), private use, surrogates
# "/xong 12" would be a tappable command: a division slash looks the same and is not one. Not
# inside URLs or paths ("https://…", "a/b").
_COMMAND = re.compile(r"(?<![\w/:.\\])/(?=[A-Za-z0-9_])")
_MENTION = re.compile(r"(?<![\w@])@(?=[A-Za-z0-9_])")  # "a@b.vn" (an e-mail) stays
_BLANKS = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")

Entity = tuple[str, int, int]  # (Telegram entity type, offset, length) in UTF-16 code units


def visible(text: str, one_line: bool = False) -> str:
    """`text` without invisible or reordering characters (controls, format characters such as
    bidi overrides and zero-width ones, private use, surrogates); every line break a "\n", or
    with one_line a space; tabs a space."""
    out = []
    for ch in (text or "").replace("\r\n", "\n"):
        if ch in _LINE_BREAKS:
            out.append(" " if one_line else "\n")
        elif ch == "\t":
            out.append(" ")
        elif unicodedata.category(ch) not in _DROPPED:
            out.append(ch)
    return "".join(out)


def clean(text: str, one_line: bool = False) -> str:
    """The citizen's text without invisible or reordering characters, command links and
    mentions defused; one_line folds every line break into a space."""
    cleaned = visible(text, one_line)
    cleaned = _MENTION.sub("＠", _COMMAND.sub("∕", cleaned))
    lines = [_BLANKS.sub(" ", line).strip() for line in cleaned.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-16 units, with "…" when cut."""
    text = text.strip()
    if utf16_len(text) <= limit:
        return text
    size, end = 0, 0
    for i, ch in enumerate(text):
        size += 2 if ord(ch) > 0xFFFF else 1
        if size > limit - 1:
            end = i
            break
    return text[:end].rstrip() + "…"


def quote(text: str, limit: int, one_line: bool = False) -> str:
    """The citizen's words as a marked quote (see the module docstring); "…" when empty."""
    body = shorten(clean(text, one_line), limit) or "…"
    return f"{QUOTE_OPEN}{body}{QUOTE_CLOSE}"


def render(text: str) -> tuple[str, list[Entity]]:
    """The text to send and its quote entities (markers removed; an unclosed quote ends with
    the text, e.g. after a cut)."""
    out: list[str] = []
    entities: list[Entity] = []
    position, start = 0, -1
    for ch in text:
        if ch == QUOTE_OPEN:
            if start < 0:
                start = position
            continue
        if ch == QUOTE_CLOSE:
            if start >= 0:
                _add(entities, start, position)
                start = -1
            continue
        out.append(ch)
        position += 2 if ord(ch) > 0xFFFF else 1
    if start >= 0:
        _add(entities, start, position)
    return "".join(out), entities


def _add(entities: list[Entity], start: int, end: int) -> None:
    if end > start:
        kind = "expandable_blockquote" if end - start > EXPAND_AFTER else "blockquote"
        entities.append((kind, start, end - start))


def plain(text: str) -> str:
    """The post for a terminal: quoted lines start with "│ "."""
    out: list[str] = []
    inside = False
    for ch in text:
        if ch == QUOTE_OPEN:
            inside = True
            out.append("│ ")
        elif ch == QUOTE_CLOSE:
            inside = False
        else:
            out.append(ch)
            if ch == "\n" and inside:
                out.append("│ ")
    return "".join(out)


def balance(parts: list[str]) -> list[str]:
    """Parts of one marked text split for sending: a quote cut by the split is closed at the
    end of its part and reopened at the start of the next."""
    out = []
    inside = False
    for part in parts:
        fixed = (QUOTE_OPEN if inside else "") + part
        for ch in part:
            if ch == QUOTE_OPEN:
                inside = True
            elif ch == QUOTE_CLOSE:
                inside = False
        out.append(fixed + (QUOTE_CLOSE if inside else ""))
    return out


__all__ = ["QUOTE_CLOSE", "QUOTE_OPEN", "balance", "clean", "plain", "quote", "render", "shorten",
           "utf16_len"]
