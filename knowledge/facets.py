"""Which ONE aspect of a procedure a citizen's question asks about.

"làm căn cước mất bao nhiêu tiền" asks about the fee, "lý lịch tư pháp làm ở đâu" about the
place, "đi xuất khẩu lao động có phải khai tạm vắng không" about who must do it. The bot then
answers that aspect in a few lines instead of sending the whole card. A general question
("đăng ký tạm trú như thế nào") or one asking several things at once gets None.

The cue phrases live in knowledge/data/facets.yaml (staff can add to it; see its header).
Matching is on folded words (accents and case ignored) after expanding the vocabulary's
abbreviations ("bn" -> "bao nhieu", "ko" -> "khong"), so "bn tiền", "mat bao lau" and
"nộp online dc ko" are understood. Rules, in order:

1. A cue may hold `*` (up to MAX_GAP words): such a cue is a question frame ("có phải * không").
2. A cue contained in a longer cue's match counts for nothing ("bao nhiêu" in "bao nhiêu ngày").
3. A frame yields to a plain cue of another aspect inside it ("có phải nộp phí không" is about
   the fee), and to a frame of another aspect with more words over the same words.
4. A `general` cue ("như thế nào") right after an aspect's cue belongs to it ("lệ phí như thế
   nào"); elsewhere it makes the question general.
5. Exactly one aspect left: that aspect; none, several, or a general cue: None.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal, cast

import yaml

from knowledge.normalise import Vocabulary, words

Facet = Literal["fee", "time", "documents", "where", "online", "who"]
FACETS: tuple[Facet, ...] = ("fee", "time", "documents", "where", "online", "who")
GENERAL = "general"
# The most words a `*` stands for.
MAX_GAP = 6


class FacetTableError(ValueError):
    """A cue table that cannot be used; the message says what and where, in Vietnamese."""


@dataclass(frozen=True)
class Cue:
    facet: str  # one of FACETS, or GENERAL
    text: str  # as written in the table
    # Folded, abbreviation-expanded words; None stands for `*`.
    pattern: tuple[str | None, ...]

    @property
    def is_frame(self) -> bool:
        return None in self.pattern

    @property
    def weight(self) -> int:
        return sum(w is not None for w in self.pattern)


@dataclass(frozen=True)
class CueMatch:
    cue: Cue
    start: int  # index of the first matched word
    end: int  # one past the last matched word

    def within(self, other: CueMatch) -> bool:
        return other.start <= self.start and self.end <= other.end


class FacetDetector:
    """Detects the one aspect a question asks about; `FacetDetector.load()` for the built-in table."""

    def __init__(self, table: Mapping[str, Sequence[str]],
                 abbreviations: Mapping[str, tuple[str, ...]] | None = None):
        self._abbreviations: Mapping[str, tuple[str, ...]] = abbreviations or {}
        cues: list[Cue] = []
        for facet, phrases in table.items():
            if facet not in FACETS and facet != GENERAL:
                raise FacetTableError(
                    f"bảng dấu hiệu: mục '{facet}' không hợp lệ (cho phép: {', '.join((*FACETS, GENERAL))})")
            if isinstance(phrases, str) or not isinstance(phrases, Sequence):
                raise FacetTableError(f"bảng dấu hiệu: mục '{facet}' phải là một danh sách cụm từ")
            for phrase in phrases:
                pattern = self._pattern(str(phrase))
                if not any(w is not None for w in pattern):
                    raise FacetTableError(f"bảng dấu hiệu: cụm '{phrase}' của mục '{facet}' không có chữ nào")
                if pattern[0] is None or pattern[-1] is None:
                    raise FacetTableError(f"bảng dấu hiệu: cụm '{phrase}' của mục '{facet}' không được bắt đầu "
                                          "hay kết thúc bằng *")
                cues.append(Cue(facet, str(phrase), pattern))
        self._by_first: dict[str, list[Cue]] = {}
        for cue in cues:
            first = cue.pattern[0]
            assert first is not None  # checked above
            self._by_first.setdefault(first, []).append(cue)

    @classmethod
    def load(cls, path: str | Path | None = None, vocabulary: Vocabulary | None = None,
             extra: Mapping[str, Sequence[str]] | None = None) -> FacetDetector:
        """The table at `path` (default: the built-in knowledge/data/facets.yaml), with `extra`
        cues added per aspect; abbreviations from `vocabulary` (default: the built-in one)."""
        if path is None:
            text = resources.files("knowledge").joinpath("data/facets.yaml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise FacetTableError(f"bảng dấu hiệu không đọc được: {exc}") from None
        if not isinstance(data, dict):
            raise FacetTableError("bảng dấu hiệu phải là một bảng: mỗi khía cạnh một danh sách cụm từ")
        table: dict[str, list[str]] = {str(k): list(v or ()) for k, v in data.items()}
        for facet, phrases in (extra or {}).items():
            table.setdefault(facet, []).extend(phrases)
        vocab = vocabulary if vocabulary is not None else Vocabulary.builtin()
        return cls(table, vocab.abbreviations)

    def detect(self, text: str) -> Facet | None:
        """The one aspect `text` asks about, or None (general question, several aspects, none)."""
        kept = self._resolve(self.matches(text))
        general = [m for m in kept if m.cue.facet == GENERAL]
        aspects = [m for m in kept if m.cue.facet != GENERAL]
        facets = {m.cue.facet for m in aspects}
        if len(facets) != 1:
            return None
        for g in general:
            if not any(a.end <= g.start <= a.end + 1 for a in aspects):
                return None
        return cast(Facet, facets.pop())

    def matches(self, text: str) -> list[CueMatch]:
        """Every cue found in `text` (first occurrence of each), before the rules are applied."""
        tokens = self._words(text)
        out: list[CueMatch] = []
        seen: set[Cue] = set()
        for i, word in enumerate(tokens):
            for cue in self._by_first.get(word, ()):
                if cue in seen:
                    continue
                end = _match_at(cue.pattern, tokens, 0, i)
                if end is not None:
                    seen.add(cue)
                    out.append(CueMatch(cue, i, end))
        return out

    def cues(self) -> list[Cue]:
        """Every cue of the table, grouped by first word."""
        return [cue for cues in self._by_first.values() for cue in cues]

    # -- internals -----------------------------------------------------------------------

    def _words(self, text: str) -> list[str]:
        out: list[str] = []
        for w in words(text):
            out.extend(self._abbreviations.get(w, (w,)))
        return out

    def _pattern(self, phrase: str) -> tuple[str | None, ...]:
        out: list[str | None] = []
        for part in phrase.split():
            if part == "*":
                if out and out[-1] is None:
                    continue
                out.append(None)
            else:
                out.extend(self._words(part))
        return tuple(out)

    @staticmethod
    def _resolve(found: list[CueMatch]) -> list[CueMatch]:
        plain = [m for m in found if not m.cue.is_frame]
        frames = [m for m in found if m.cue.is_frame]
        # Rule 2: a plain cue inside a longer plain cue's match counts for nothing.
        plain = [m for m in plain
                 if not any(o is not m and m.within(o) and (o.end - o.start) > (m.end - m.start) for o in plain)]
        # Rule 3: frames yield to plain cues of another aspect inside them...
        frames = [f for f in frames if not any(p.cue.facet != f.cue.facet and p.within(f) for p in plain)]
        # ...and to heavier frames of another aspect overlapping them.
        frames = [f for f in frames
                  if not any(o.cue.facet != f.cue.facet and o.cue.weight > f.cue.weight and _overlap(o, f)
                             for o in frames)]
        # A plain cue inside a frame of its own aspect adds nothing new; keep both (same facet).
        return [*plain, *frames]


def _overlap(a: CueMatch, b: CueMatch) -> bool:
    return a.start < b.end and b.start < a.end


def _match_at(pattern: tuple[str | None, ...], tokens: Sequence[str], p: int, t: int) -> int | None:
    """End (exclusive) of the shortest match of pattern[p:] beginning at tokens[t], or None.

    A plain recursive function, not a closure: a self-referencing closure is a reference cycle
    that only the garbage collector frees, and this runs for every cue on every question."""
    if p == len(pattern):
        return t
    word = pattern[p]
    if word is None:
        for skip in range(1, MAX_GAP + 1):  # `*` is at least one word
            if t + skip > len(tokens):
                break
            end = _match_at(pattern, tokens, p + 1, t + skip)
            if end is not None:
                return end
        return None
    if t < len(tokens) and tokens[t] == word:
        return _match_at(pattern, tokens, p + 1, t + 1)
    return None

