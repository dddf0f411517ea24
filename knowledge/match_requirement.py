"""What a citizen asks must be done for a procedure is not another service.

"giờ cấp lại bằng lái có phải thi lại không" asks whether the licence's re-issue requires a
new test: the driving school's "thi lại" is what the re-issue might demand, not what is asked
for; so is the health check in "đổi bằng lái có cần khám sức khỏe không", the fine in "đăng ký
xe trễ có bị phạt không". A requirement question (vocabulary `requirement_markers`: "có phải",
"có cần", "có bắt") closed by a question ending ("không", "ko") in the same clause, after
words naming what it is asked of, holds a requirement: knowledge.match_cues does not count a
neighbour's cue said inside it. A question that names nothing before it ("có phải thi lại
không") asks about the requirement itself.
"""
from __future__ import annotations

from collections.abc import Sequence

from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet

_BEFORE = 2  # words of the clause that must name what the requirement is asked of
_LONGEST = 6  # words between the requirement marker and the question ending


class Requirements:
    """Where a message asks whether something is required."""

    def __init__(self, normaliser: Normaliser):
        vocabulary = normaliser.vocabulary
        self._markers = PhraseSet(map(normaliser.glued, vocabulary.requirement_markers))
        self._endings = frozenset(p[0] for p in vocabulary.question_endings if len(p) == 1)

    def spans(self, texts: Sequence[str], bounds: Sequence[int] = ()) -> list[tuple[int, int]]:
        """The (start, end) ranges of the texts that a requirement question asks about; `bounds`:
        where the clauses of the message start."""
        marked = self._markers.spans(texts)
        if not marked:
            return []
        starts = sorted({0, *bounds})
        out = []
        for start, end in marked:
            clause = max(s for s in starts if s <= start)
            if start - clause < _BEFORE:
                continue
            stop = min([s for s in starts if s > start] + [len(texts)])
            ending = next((k for k in range(end + 1, min(stop, end + _LONGEST + 1)) if texts[k] in self._endings), None)
            if ending is not None:
                out.append((end, ending))
        return out
