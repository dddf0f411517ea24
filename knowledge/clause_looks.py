"""Look-alikes of the clause markers (knowledge.clauses): where a word that ends a clause or tells
what is done ("rồi", "xong") does neither.

- The listed look-alikes (vocabulary `not_markers`: "Cần Thơ" holds "cần", "tháng rồi" is last
  month).
- "rồi" typed right before the next act ("bấm đăng ký online rồi chờ biển gửi về", "nộp rồi
  đợi"): "then", a sequence of steps the citizen asks about, not a story told as done. "X rồi"
  with no act after it ("nộp rồi", "mất rồi, giờ ...") stays done, and so does a clause that
  tells its act of the past (vocabulary `past_words`, "đã chứng thực hết rồi nộp hồ sơ"; not as
  its first word, where "da" is the polite "dạ").
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from knowledge.phrases import PhraseSet


class LookAlikes:
    """Spans of a clause's token texts where the markers say nothing (see the module)."""

    def __init__(self, listed: PhraseSet, thens: Iterable[str], next_acts: PhraseSet, negations: Iterable[str],
                 pasts: Iterable[str] = ()):
        """`listed`: the not_markers; `thens`: words that read "then" before an act ("rồi");
        `next_acts`: the acts that may follow; `negations`: words that make "rồi ..." a question
        ("rồi chưa"); `pasts`: words that tell an act of the past ("đã")."""
        self._listed = listed
        self._thens = frozenset(thens)
        self._acts = next_acts
        self._negations = frozenset(negations)
        self._pasts = frozenset(pasts)

    def spans(self, texts: Sequence[str]) -> list[tuple[int, int]]:
        """(start, end) of the look-alikes, left to right."""
        out = self._listed.spans(texts)
        if self._thens.isdisjoint(texts) or not self._pasts.isdisjoint(texts[1:]):
            return out
        acts = set(self._acts.starts_in(texts))
        thens = [(i, i + 1) for i, text in enumerate(texts[:-1]) if text in self._thens and i + 1 in acts
                 and texts[i + 1] not in self._negations and not any(s <= i < e for s, e in out)]
        return sorted(out + thens)
