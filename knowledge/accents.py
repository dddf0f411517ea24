"""Words that fold to another word: read by their diacritics when the message has them.

Folding drops diacritics, so "đòi" (to ask for, demand) reads as "đổi" (to change, renew):
"người ta đòi căn cước" would be a renewal. When a message is typed with diacritics, the
words of vocabulary.yaml's `accented` table are replaced by what they mean ("đòi" -> "yêu
cầu") before folding; a message typed without diacritics is read as before. Staff add
entries under `vocabulary: accented:` in procedures.yaml (checked by knowledge.check_vocabulary);
an entry may be a phrase, and the longest entry found at a place is the one replaced.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping


class AccentTable:
    """Replaces whole words, as typed with their diacritics, by other words."""

    def __init__(self, table: Mapping[str, str]):
        self._table = {unicodedata.normalize("NFC", k).lower(): v for k, v in table.items() if k and v}
        # Longest first, whole words only: "đòi" but not the "đòi" inside another word.
        keys = sorted(self._table, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, keys))
        self._pattern = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)") if keys else None

    def replaced(self, text: str) -> str:
        """text with the table's words replaced (lower-cased and NFC when any is found)."""
        if self._pattern is None or text.isascii():
            return text
        lowered = unicodedata.normalize("NFC", text).lower()
        if self._pattern.search(lowered) is None:
            return text
        return self._pattern.sub(lambda m: self._table[m.group(0)], lowered)
