"""Words typed together or apart (knowledge.normalise uses both before repairing a word).

Together: "dangkytamtru" is four words, "lamcccd" two (knowledge.normalise already splits two
words of two syllables, "tamtru"). Apart: "c c c d" is one abbreviation spelt letter by letter,
"t am tru" a word broken by a stray space. Only words the knowledge base or the vocabulary
knows are made, so a name or a foreign word stays as typed.
"""
from __future__ import annotations

import re
from collections.abc import Container

_VOWELS = frozenset("aeiouy")
_RUN3 = re.compile(r"([a-z])\1{2,}")
# One Vietnamese syllable once folded (as knowledge.gibberish reads it): a word the knowledge
# base lacks ("rang", "khan", "ngai"), never an abbreviation glued to a piece ("ra ng", "kh an").
_ONE_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
                           r"[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?")
# A number glued to a word of two letters or more; not a code ("b2", "q8", "ct01" are known or
# one letter), nor an abbreviation ("cmt8" is a street).
_NUMBER_AND_WORD = re.compile(r"(\d+)([a-z]{2,})|([a-z]{2,})(\d+)")
# A glued word of more pieces than this is not tried (random text must stay cheap).
MAX_PIECES = 6
# Letters spelt apart: at least this many ("c k" is "chị không", not "ck").
MIN_SPELT = 3


def _syllable(piece: str) -> bool:
    """One group of vowels: the shape of one Vietnamese syllable ("tam", "khai", "nguoi")."""
    groups = 0
    previous = False
    for ch in piece:
        vowel = ch in _VOWELS
        groups += vowel and not previous
        previous = vowel
    return groups == 1


def pieces(word: str, known: Container[str], abbreviations: Container[str]) -> list[str] | None:
    """The fewest known pieces (two or more) that make up `word`, or None.

    A piece is a known syllable of two letters or more, or an abbreviation without vowels
    ("cd", "dk", "gplx"); no cut falls between two vowels, so one syllable is never cut
    ("muoi" is not "mu oi"). Of two ways with as many pieces, the one whose first pieces are
    longer wins ("thanh toan", not "than htoan")."""
    number = _NUMBER_AND_WORD.fullmatch(word)  # "14tuoi", "du14", "3thang": a number and a word
    if number:
        parts = [p for p in number.groups() if p]
        letters = parts[0] if parts[0].isalpha() else parts[1]
        return parts if letters in known and letters not in abbreviations else None
    n = len(word)
    if n < 4 or n > 8 * MAX_PIECES or not word.isalpha() or _ONE_SYLLABLE.fullmatch(word):
        return None
    # best[i]: the pieces of word[:i], fewest first; None when word[:i] cannot be cut.
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(2, n + 1):
        if i < n and word[i - 1] in _VOWELS and word[i] in _VOWELS:
            continue
        for j in range(max(0, i - 8), i - 1):
            before = best[j]
            if before is None or len(before) >= MAX_PIECES:
                continue
            piece = word[j:i]
            if not (piece in abbreviations and not _VOWELS.intersection(piece)
                    or piece in known and _syllable(piece)):
                continue
            candidate = [*before, piece]
            current = best[i]
            if current is None or (len(candidate), [-len(p) for p in candidate]) < (
                    len(current), [-len(p) for p in current]):
                best[i] = candidate
    found = best[n]
    return found if found is not None and len(found) >= 2 else None


def rejoined(ws: list[str], known: Container[str], stop: Container[str] = ()) -> list[str]:
    """Words typed apart joined again, when what they make is known: letters spelt one by one
    into an abbreviation ("c c c d" -> "cd", the folded "cccd"); a stray initial consonant
    and the rest of its word ("t am tru" -> "tam tru"), unless the rest is a stopword or one
    letter ("c oi" is "chị ơi", "t o xa" "tôi ở xa"); and a syllable and its stray final
    consonants ("si nh" -> "sinh")."""
    out: list[str] = []
    i, n = 0, len(ws)
    while i < n:
        j = i
        while j < n and len(ws[j]) == 1 and ws[j].isalpha():
            j += 1
        if j - i >= MIN_SPELT:
            spelt = _RUN3.sub(r"\1", "".join(ws[i:j]))
            if spelt in known:
                out.append(spelt)
                i = j
                continue
        if i + 1 < n and _broken(ws[i], ws[i + 1], known, stop):
            out.append(ws[i] + ws[i + 1])
            i += 2
            continue
        out.append(ws[i])
        i += 1
    return out


def _broken(left: str, right: str, known: Container[str], stop: Container[str]) -> bool:
    """Whether `left right` is one word broken by a stray space (see `rejoined`)."""
    joined = left + right
    if not joined.isalpha() or joined not in known or not _syllable(joined):
        return False
    if len(left) == 1 and left not in _VOWELS and left not in known:
        return len(right) >= 2 and right not in stop
    return len(right) <= 2 and right not in known and not _VOWELS.intersection(right)
