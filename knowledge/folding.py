"""Folding Vietnamese text to the lower-case ASCII words the matcher compares: "Đăng ký" and
"dang ky", NFC or NFD, read the same. Below knowledge.normalise and knowledge.vocabulary, which
both fold (it imports neither)."""
from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
_NON_WORD_LINE = re.compile(r"[^a-z0-9\n]+")
_RUN3 = re.compile(r"([a-z])\1{2,}")


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics -> base letter; combining marks -> removed; đ -> d."""
    table: dict[int, str] = {}
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
        if base != ch and base:
            table[code] = base.lower()
    for code in range(0x0300, 0x0370):  # combining marks of NFD input
        table[code] = ""
    table[ord("đ")] = table[ord("Đ")] = "d"
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """NFC/NFD-insensitive, lower-case, diacritics removed, đ -> d; other characters kept."""
    return text.lower().translate(_FOLD)


def words(text: str) -> list[str]:
    """Folded words: punctuation and symbols split words; runs of 3+ equal letters collapse."""
    folded = _RUN3.sub(r"\1", fold(text))
    return [w for w in _NON_WORD.split(folded) if w]


def word_lines(text: str) -> str:
    """The folded words of each line of text, as `words` finds them, joined by spaces; the
    line breaks kept (many texts folded in one pass)."""
    return _NON_WORD_LINE.sub(" ", _RUN3.sub(r"\1", fold(text)))


def text_keys(texts: list[str]) -> list[str]:
    """Folded words joined by spaces, one key per text, computed in one pass: two texts with
    the same key read the same to the matcher."""
    joined = _NON_WORD_LINE.sub(" ", fold("\n".join(t.replace("\n", " ") for t in texts)))
    return [line.strip() for line in joined.split("\n")]
