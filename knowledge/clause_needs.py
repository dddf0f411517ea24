"""A paper asked about as a requirement (knowledge.clauses): "có cần giấy ủy quyền gì không",
"cần giấy xác nhận độc thân không" asks whether the act named before it needs that paper. Typed
after a clause that names the act ("dắt cháu đi làm thẻ được không, có cần giấy ủy quyền gì của
mẹ nó không", "đăng ký kết hôn cần giấy độc thân không"), the question is asked of that act: the
act is the request and the paper supports it, as a condition does. The paper is what is asked
for only when the citizen names no other act ("cho hỏi cần giấy xác nhận cư trú không" stays it).
The words of such a question are the staff's (vocabulary.yaml `need_words`, `need_before`,
`need_papers`, `need_fillers`, `need_endings`).
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

from knowledge.normalise import Normaliser

_GAP = 3  # filler words at most between the need and the paper


class NeedAsk:
    """Where a clause's words ask whether a paper is needed (a yes/no question to its end)."""

    def __init__(self, normaliser: Normaliser, trailing: Collection[str]):
        vocabulary = normaliser.vocabulary

        def read(phrases: Collection[tuple[str, ...]]) -> set[tuple[str, ...]]:
            return {normaliser.phrase(" ".join(p)) for p in phrases} - {()}

        def single(phrases: Collection[tuple[str, ...]]) -> set[str]:
            return {w for p in read(phrases) for w in p}

        # Longest first: where two need phrases start at one word, the longer is said.
        self._need = sorted(read(vocabulary.need_words), key=lambda p: (-len(p), p))
        self._precede = single(vocabulary.need_before)
        self._papers = read(vocabulary.need_papers)
        self._fillers = single(vocabulary.need_fillers)
        self._yes_no = single(vocabulary.need_endings)
        self._trailing = frozenset(trailing) - self._yes_no

    def start(self, texts: Sequence[str]) -> int | None:
        """Where the question of need starts ("có cần ..."), None when the words ask none."""
        end = len(texts)
        while end > 0 and texts[end - 1] in self._trailing:
            end -= 1
        if end == 0 or texts[end - 1] not in self._yes_no:
            return None
        for i in range(end):
            need = next((len(p) for p in self._need if tuple(texts[i:i + len(p)]) == p), 0)
            if need and self._paper_follows(texts, i + need, end):
                return i - 1 if i > 0 and texts[i - 1] in self._precede else i
        return None

    def asked_of(self, texts: Sequence[str], before: Sequence[str], acting: bool, objects: int) -> bool:
        """Whether texts ask whether the act of the clause before them (`before`, which does
        something, `acting`, and names `objects` object words) needs a paper."""
        return acting and objects >= 1 and self.start(texts) == 0 and self.start(before) is None

    def _paper_follows(self, texts: Sequence[str], k: int, end: int) -> bool:
        for j in range(k, min(k + _GAP, end) + 1):
            if any(tuple(texts[j:j + len(p)]) == p for p in self._papers):
                return True
            if j < end and texts[j] not in self._fillers:
                return False
        return False
