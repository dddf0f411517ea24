"""Telex leftovers: what a word typed with the Telex marks left in may have been meant as.

A phone or computer without a Vietnamese keyboard leaves the marks as letters: "w" for a
horn or breve ("chuw" for "chữ"), a doubled letter for a circumflex or "đ" ("soos", "ddi"),
and a tone key s, f, r, x or j, at the end ("kys") or, as many people type it, right after
the vowel ("tajm" for "tạm", "ddoori" for "đổi"), sometimes twice ("truss"). No Vietnamese
syllable has one of these five letters after its vowel, so removing them there is safe - unless
two syllables were typed together: the letter then starts the second ("hoso" is "hồ sơ", not
"hoo"; inside_only tells such a reading).
"""
from __future__ import annotations

import re

_TONE_KEYS = "sfrxj"
_DOUBLE = re.compile(r"([a-z])\1")
# A tone key after a vowel, or after the final consonant(s) at the end of the word.
_TONE_AFTER_VOWEL = re.compile(r"(?<=[aeiouy])[sfrxj]+|(?<=[aeiouy][cmnptgh])[sfrxj]+$|(?<=[aeiouy]ng)[sfrxj]+$"
                               r"|(?<=[aeiouy][cn]h)[sfrxj]+$")


def telex_variants(word: str) -> list[str]:
    """The words `word` may stand for, the likeliest first; `word` itself is not among them."""
    variants = []
    base = word.replace("w", "") if "w" in word else word
    stripped = base[:-1] if len(base) > 2 and base[-1] in _TONE_KEYS else base
    bare = _TONE_AFTER_VOWEL.sub("", base)
    for cand in (base, stripped, bare):
        variants.append(cand)
        variants.append(_DOUBLE.sub(r"\1", cand))
    # Each variant once, in the order first met.
    return list(dict.fromkeys(v for v in variants if v and v != word))


def inside_only(word: str, variant: str) -> bool:
    """Whether `variant` reads `word` only by removing tone keys inside it, before another vowel
    ("hoso" -> "hoo", "ho"): no horn, no doubled letter, no tone key at the end."""
    bare = _TONE_AFTER_VOWEL.sub("", word)
    return ("w" not in word and not _DOUBLE.search(word) and word[-1] not in _TONE_KEYS
            and variant in (bare, _DOUBLE.sub(r"\1", bare)))
