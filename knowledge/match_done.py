"""Where a message tells what is already done (knowledge.match_cues): the story up to the last
done marker of the clauses told as done ("bị mất trộm, đã trình báo xong rồi").

A clause before them that wants something ("muốn chạy tạm về quê", "xin làm lại") is no part
of that story: the citizen still wants it. The part told as done then starts at the first
clause told as done after it ("xe mới mua chưa có biển muốn chạy tạm về quê, tài khoản vneid
lên mức 2 rồi": only the account is done with).

What is still to fix is no story done with, though "rồi" ends it (vocabulary `pending_markers`:
"bằng tốt nghiệp bị mất rồi giờ xin bản sao", "hết hạn rồi giờ làm lại"): the paper lost or
expired is what the request is about.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from knowledge.phrases import PhraseSet


class DoneParts:
    """The part of a message told as done, from its token texts."""

    def __init__(self, done: Iterable[str], breaks: Iterable[tuple[str, ...]], wants: Iterable[tuple[str, ...]],
                 pending: Iterable[tuple[str, ...]] = ()):
        """`done`: one-word done markers ("rồi", "xong"); `breaks`: clause breaks; `wants`:
        request markers ("muốn", "xin"); `pending`: what is still to do ("bị mất rồi", "hết
        hạn"), as the matcher's token texts."""
        self._done = frozenset(done)
        self._breaks = PhraseSet(b for b in breaks if b)
        self._wants = PhraseSet(w for w in wants if w)
        self._pending = PhraseSet(p for p in pending if p)

    def __call__(self, texts: Sequence[str], told: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Its start (or the first clause told as done after the last clause that wants
        something) up to the last done marker of the clauses told as done; in a message read as
        one clause (no `told`), its start up to a done marker right before a clause break
        ("bị trộm xe trình báo rồi giờ xin cấp lại cà vẹt")."""
        marks = [i for i, text in enumerate(texts) if text in self._done]
        if not told:
            breaks = set(self._breaks.starts_in(texts))
            ends = [i + 1 for i in marks if i + 1 in breaks]
            # ... not after what is still to fix ("bị mất rồi | giờ xin bản sao")
            ends = [e for k, e in enumerate(ends) if not self._pending.found_in(texts[ends[k - 1] if k else 0:e])]
            return [(0, max(ends))] if ends else []
        ends = [i + 1 for i in marks if any(lo <= i < hi for lo, hi in told)]
        if not ends:
            return []
        end = max(ends)
        wanted = [i for i in self._wants.starts_in(texts) if i < end and not any(lo <= i < hi for lo, hi in told)]
        start = 0
        if wanted:
            after = [lo for lo, _ in told if lo > wanted[-1] and lo < end]
            start = min(after) if after else 0
        return [(start, end)]
