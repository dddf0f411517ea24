"""Vietnamese text normalisation for matching citizens' messages.

Citizens type on phones: without diacritics, in capitals, with Telex leftovers ("chuw kys"),
repeated letters ("sinhh!!!"), merged words ("tamtru"), typos ("dnag") and abbreviations
("cccd", "dk", "ko"). Everything is folded to lower-case ASCII words; then, against the set of
words the knowledge base knows, unknown words are repaired. Abbreviations, everyday synonyms,
stopwords and small-talk phrases come from data (knowledge/data/vocabulary.yaml, extendable in
the knowledge base file), not from code.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable, Mapping

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

_NON_WORD = re.compile(r"[^a-z0-9]+")
_RUN3 = re.compile(r"([a-z])\1{2,}")
_DOUBLE = re.compile(r"([a-z])\1")
_TELEX_TONE = "sfrxj"  # Vietnamese syllables never end in these letters: Telex tone keys


def fold(text: str) -> str:
    """NFC/NFD-insensitive, lower-case, diacritics removed, đ -> d; other characters kept."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    # Combining marks (tones, hats, horns) go; NFD of "đ" has none, hence the replace above.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", text)


def words(text: str) -> list[str]:
    """Folded words: punctuation and symbols split words; runs of 3+ equal letters collapse."""
    folded = _RUN3.sub(r"\1", fold(text))
    return [w for w in _NON_WORD.split(folded) if w]


@dataclass(frozen=True)
class Vocabulary:
    abbreviations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    synonyms: Mapping[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    # kind ("greeting", "thanks", ...) -> whole folded messages
    small_talk: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def builtin(cls) -> "Vocabulary":
        text = resources.files("knowledge").joinpath("data/vocabulary.yaml").read_text(encoding="utf-8")
        return cls.from_mapping(yaml.safe_load(text) or {})

    @classmethod
    def from_mapping(cls, data: Mapping) -> "Vocabulary":
        return cls().extended(data)

    def extended(self, data: Mapping | None) -> "Vocabulary":
        """A new vocabulary with `data` (same sections as vocabulary.yaml) merged over this one."""
        if not data:
            return self
        abbreviations = dict(self.abbreviations)
        for key, value in (data.get("abbreviations") or {}).items():
            key_words = words(str(key))
            if len(key_words) == 1:
                abbreviations[key_words[0]] = tuple(words(str(value)))
        synonyms = dict(self.synonyms)
        for key, value in (data.get("synonyms") or {}).items():
            key_words = tuple(words(str(key)))
            if key_words:
                synonyms[key_words] = tuple(words(str(value)))
        stopwords = set(self.stopwords)
        for word in data.get("stopwords") or ():
            stopwords.update(words(str(word)))
        small_talk = {k: tuple(v) for k, v in self.small_talk.items()}
        for kind, phrases in (data.get("small_talk") or {}).items():
            folded = tuple(" ".join(words(str(p))) for p in phrases or ())
            small_talk[str(kind)] = small_talk.get(str(kind), ()) + tuple(f for f in folded if f)
        return Vocabulary(abbreviations, synonyms, frozenset(stopwords), small_talk)

    def known_words(self) -> set[str]:
        out = set(self.abbreviations) | set(self.stopwords)
        for expansion in self.abbreviations.values():
            out.update(expansion)
        for key, value in self.synonyms.items():
            out.update(key)
            out.update(value)
        for phrases in self.small_talk.values():
            for phrase in phrases:
                out.update(phrase.split())
        return out


@dataclass(frozen=True)
class Token:
    text: str
    # 1.0 for a word as typed (or repaired with certainty); lower for a fuzzy guess.
    confidence: float = 1.0
    known: bool = True


class Normaliser:
    """Turns text into tokens, repairing unknown words against `known` words.

    Build one per knowledge base (it caches repairs); it holds no global state.
    """

    def __init__(self, vocabulary: Vocabulary, known: Iterable[str] = (), fuzzy_confidence: float = 0.8):
        self.vocabulary = vocabulary
        self.known = set(known) | vocabulary.known_words()
        self.fuzzy_confidence = fuzzy_confidence
        self._by_length: dict[int, list[str]] = {}
        for word in self.known:
            self._by_length.setdefault(len(word), []).append(word)
        self._repairs: dict[str, tuple[Token, ...]] = {}
        self._max_synonym = max((len(k) for k in vocabulary.synonyms), default=0)

    # -- whole pipeline -------------------------------------------------------------
    def tokens(self, text: str, repair: bool = True) -> list[Token]:
        out: list[Token] = []
        for word in words(text):
            for token in (self._repair(word) if repair else (Token(word, 1.0, word in self.known),)):
                expansion = self.vocabulary.abbreviations.get(token.text)
                if expansion:
                    out.extend(Token(w, token.confidence) for w in expansion)
                else:
                    out.append(token)
        return self._apply_synonyms(out)

    def normalise(self, text: str) -> str:
        return " ".join(t.text for t in self.tokens(text))

    def content(self, tokens: list[Token]) -> list[Token]:
        return [t for t in tokens if t.text not in self.vocabulary.stopwords]

    def small_talk_kind(self, text: str) -> str | None:
        """"greeting", "thanks", ... when the whole message is small talk."""
        folded = " ".join(t.text for t in self.tokens(text))
        if not folded:
            return None
        for kind, phrases in self.vocabulary.small_talk.items():
            if folded in phrases:
                return kind
        return None

    # -- repairs --------------------------------------------------------------------
    def _apply_synonyms(self, tokens: list[Token]) -> list[Token]:
        if not self.vocabulary.synonyms:
            return tokens
        out: list[Token] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self._max_synonym, len(tokens) - i), 0, -1):
                key = tuple(t.text for t in tokens[i:i + size])
                value = self.vocabulary.synonyms.get(key)
                if value is not None:
                    conf = min(t.confidence for t in tokens[i:i + size])
                    out.extend(Token(w, conf) for w in value)
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def _repair(self, word: str) -> tuple[Token, ...]:
        if word in self.known or word.isdigit():
            return (Token(word, 1.0, True),)
        cached = self._repairs.get(word)
        if cached is None:
            cached = self._repairs[word] = self._find_repair(word)
        return cached

    def _find_repair(self, word: str) -> tuple[Token, ...]:
        # Telex leftovers and doubled letters: "chuw" -> "chu", "kys" -> "ky", "soos" -> "so".
        for candidate in _telex_variants(word):
            if candidate in self.known:
                return (Token(candidate),)
        # Two words typed together: "tamtru" -> "tam tru".
        for i in range(2, len(word) - 1):
            left, right = word[:i], word[i:]
            if left in self.known and right in self.known and len(right) >= 2:
                return (Token(left), Token(right))
        # Typos: one edit (two for long words), transpositions count as one ("dnag").
        if len(word) >= 4 and not word.isdigit():
            max_edits = 1 if len(word) < 7 else 2
            pool: list[str] = []
            for n in range(len(word) - max_edits, len(word) + max_edits + 1):
                pool.extend(self._by_length.get(n, ()))
            best = process.extract(word, pool, scorer=OSA.distance, score_cutoff=max_edits, limit=3)
            if best:
                best.sort(key=lambda m: (m[1], m[0]))
                return (Token(best[0][0], self.fuzzy_confidence),)
        return (Token(word, 1.0, False),)


def _telex_variants(word: str) -> list[str]:
    variants = []
    base = word.replace("w", "") if "w" in word else word
    stripped = base[:-1] if len(base) > 2 and base[-1] in _TELEX_TONE else base
    for cand in (base, stripped):
        variants.append(cand)
        variants.append(_DOUBLE.sub(r"\1", cand))
    # A tone key typed before the final consonant: "tams" is covered above; "tasm" is rare.
    seen: set[str] = set()
    return [v for v in variants if v and v != word and not (v in seen or seen.add(v))]
