"""Why the citizen wants what they ask for is not what they ask for.

"mới mua ô tô để chở ông bà đi khám bệnh, ... đăng ký ô tô ở công an xã được không" asks for
the vehicle registration; the health service's words ("khám bệnh") tell why. "muốn xin bản
sao để làm hồ sơ vay ngân hàng thì lên đâu xin" asks for the copy, not the bank's loan.
A purpose starts at a purpose marker (vocabulary `purpose_markers`: "để", "nhằm") and runs to
the end of its clause, or to what comes after it ("thì lên đâu xin": vocabulary `purpose_ends`,
a question phrase, a word that starts a new clause). It tells why only when something is asked or done before it: a
purpose at the start of the message ("để làm thẻ bảo hiểm y tế thì cần gì") or right after a
question or a request for guidance ("làm sao để", "chỉ cách để") is what is asked.
knowledge.match_cues does not count a neighbour's cue said inside such a purpose.
"""
from __future__ import annotations

from collections.abc import Sequence

from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet

_LONGEST = 10  # words a purpose runs at most (a message read as one clause has no clause ends)
_BEFORE = 2  # words that must come before a purpose for it to tell why


class Purposes:
    """Where a message tells why the citizen asks."""

    def __init__(self, normaliser: Normaliser):
        vocabulary = normaliser.vocabulary
        self._starts = PhraseSet(map(normaliser.glued, vocabulary.purpose_markers))
        self._not = PhraseSet(map(normaliser.glued, vocabulary.not_purpose))
        # What asks for the purpose itself when said right before it ("làm sao để", "chỉ cách để").
        self._asking = PhraseSet(map(normaliser.glued, (*vocabulary.question_markers, *vocabulary.request_markers)))
        # What ends a purpose said within a clause ("để làm hồ sơ vay | thì lên đâu xin").
        self._ends = PhraseSet(map(normaliser.glued, (*vocabulary.purpose_ends, *vocabulary.question_markers,
                                                      *vocabulary.clause_breaks)))

    def spans(self, texts: Sequence[str], bounds: Sequence[int] = ()) -> list[tuple[int, int]]:
        """The (start, end) ranges of the texts that tell why the citizen asks; `bounds`: where
        the clauses of the message start."""
        starts = set(self._starts.starts_in(texts)) - set(self._not.starts_in(texts))
        if not starts:
            return []
        asked_at = {end for _, end in self._asking.spans(texts)}
        ends = sorted({*self._ends.starts_in(texts), *bounds, len(texts)})
        out = []
        for start in sorted(starts):
            if start < _BEFORE or start in asked_at:
                continue
            end = min(next(e for e in ends if e > start), start + _LONGEST)
            out.append((start, end))
        return out
