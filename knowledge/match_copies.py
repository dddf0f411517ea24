"""The paper a citizen has copied and certified is the object of the certification, not the
service that issued it.

"chứng thực bản sao hộ chiếu", "bản sao hộ chiếu có chứng thực", "photo công chứng bằng tốt
nghiệp" ask for a certified copy (the commune certifies a copy of any paper held in the
original): the passport, the diploma are what is copied. A neighbour's cue said as the paper
certified is not said (knowledge.match_cues), whether it follows a word of certifying
(vocabulary `certifying`: "chứng thực", "công chứng", "sao y") or lies between the copy
(vocabulary `copies`: "bản sao", "bản photo") and such a word after it; nor is the cue of one of our
procedures that issued it ("công chứng bản sao trích lục khai tử": the extract), unless that
procedure certifies (a word of certifying is among its cues). A copy issued without
certifying ("bằng tốt nghiệp bị mất, xin cấp bản sao") is the issuer's: a copy word alone
leaves the paper's own service spoken of.
"""
from __future__ import annotations

from collections.abc import Sequence

from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet

_REACH = 8  # words of the paper certified after a word of certifying, or between a copy and it


class Copies:
    """Where a message names the paper it has certified."""

    def __init__(self, normaliser: Normaliser):
        vocabulary = normaliser.vocabulary
        self._certifying = PhraseSet(map(normaliser.glued, vocabulary.certifying))
        self._copies = PhraseSet(map(normaliser.glued, vocabulary.copies))

    def spans(self, texts: Sequence[str], bounds: Sequence[int] = ()) -> list[tuple[int, int]]:
        """The (start, end) ranges of the texts that name a paper certified; `bounds`: where
        the clauses of the message start."""
        certified = self._certifying.spans(texts)
        if not certified:
            return []
        starts = sorted({0, *bounds})

        def stop(at: int) -> int:
            return min([s for s in starts if s > at] + [len(texts)])

        out = [(end, min(stop(start), end + _REACH)) for start, end in certified]
        for start, end in self._copies.spans(texts):
            after = next((s for s, _ in certified if end <= s <= min(stop(start), end + _REACH)), None)
            if after is not None:
                out.append((end, after))
            elif any(e <= start <= e + 1 for _, e in certified):  # "chứng thực bản sao | giấy phép kinh doanh"
                out.append((end, min(stop(start), end + _REACH)))
        return out
