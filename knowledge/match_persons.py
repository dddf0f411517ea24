"""Who the citizen is, said beside one of our procedures, is not the service asked.

"tôi là thương binh, làm sang tên xe có được giảm phí" tells who asks (vocabulary `persons`):
knowledge.match_cues does not count a neighbour's cue said only there. A person word that
follows the name of a paper (vocabulary `papers_of`: "giấy chứng nhận", "thẻ", "sổ") says
whose paper it is: "mất giấy chứng nhận thương binh", "thẻ khuyết tật", "sổ hộ nghèo" name the
neighbour's own paper, which is what is asked, not who asks.
"""
from __future__ import annotations

from collections.abc import Sequence

from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet


class Persons:
    """Where a message says who the citizen is."""

    def __init__(self, normaliser: Normaliser):
        vocabulary = normaliser.vocabulary
        self._persons = PhraseSet(normaliser.phrase(" ".join(p)) for p in vocabulary.persons)
        self._papers = frozenset(normaliser.phrase(" ".join(p)) for p in vocabulary.papers_of)
        self._longest = max(map(len, self._papers), default=0)

    def spans(self, texts: Sequence[str]) -> list[tuple[int, int]]:
        """The (start, end) ranges of the texts that say who the citizen is (not whose paper)."""
        return [(s, e) for s, e in self._persons.spans(texts)
                if not any(tuple(texts[s - k:s]) in self._papers for k in range(1, min(s, self._longest) + 1))]
