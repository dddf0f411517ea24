"""Telling keyboard mashing ("asdkjh qwe") from a question, without a dictionary.

A word is plausible when it is a Vietnamese syllable once its diacritics are folded away
(an initial consonant, one to three vowels, a final consonant: "nghieng", "tru", "khoa"),
also when typed with Telex marks left in ("chuw kys soos" for "chữ ký số"), when it
holds a digit ("ct01", "b2"), or is known to the caller (abbreviations such as "cccd",
"vneid", words of the knowledge base). A text is gibberish when fewer than half of its
words are plausible; a text without words is not (the matcher calls it noise already).
"""
from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from knowledge.normalise import words

_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_RHYME = r"[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
_SYLLABLE = re.compile(_INITIAL + _RHYME)
_DIGIT = re.compile(r"\d")
# Telex leftovers: a tone letter after the vowels, "w" for a horn or breve, doubled a/e/o/d.
_TELEX_TONE = re.compile(r"(?<=[aeiouy])[sfrxj]|(?<=[aeiouy][cmnptgh])[sfrxj]$")
_TELEX_DOUBLE = re.compile(r"([aeod])\1")


def plausible(word: str, known: Collection[str] = ()) -> bool:
    """Whether a folded word could be meant: a Vietnamese syllable (also with Telex marks
    left in), a number or code, or known."""
    if word in known or _DIGIT.search(word) or _SYLLABLE.fullmatch(word):
        return True
    bare = _TELEX_DOUBLE.sub(r"\1", _TELEX_TONE.sub("", word).replace("w", ""))
    return bare != word and bool(_SYLLABLE.fullmatch(bare))


def looks_like_gibberish(text: str, known: Collection[str] = ()) -> bool:
    """Fewer than half of the words of `text` are plausible (see `plausible`)."""
    ws = words(text)
    if not ws:
        return False
    good = sum(1 for w in ws if plausible(w, known))
    return good * 2 < len(ws)


def known_words(texts: Iterable[str]) -> frozenset[str]:
    """The folded words of `texts` (e.g. every phrasing of a knowledge base)."""
    out: set[str] = set()
    for text in texts:
        out.update(words(text))
    return frozenset(out)


__all__ = ["known_words", "looks_like_gibberish", "plausible"]
