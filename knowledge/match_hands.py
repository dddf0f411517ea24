"""A thing that changes hands asks for the change of its owner (vocabulary `hands` and `owned`).

"bán chiếc xe cũ cho hàng xóm rồi phải làm giấy gì", "ba cho lại chiếc xe cho con trai thì đổi
chủ sao", "mua lại chiếc Future cũ, giấy tay thôi, giờ muốn đứng tên tui": whatever the citizen
asks after it (which papers, how to change the owner, how the vehicle stops standing in the
seller's name), a thing sold, given, left to an heir or bought second-hand is a thing whose owner
is to change, and the procedure that changes the owner of that thing is what is needed. The words
score the first registration of a vehicle ("đứng tên", "giấy", "xe") as well as the transfer, and
each under the bar; a reader goes by the change of hands.

When the message says a change of hands (vocabulary `hands`, or whose name the thing stands in said
twice, vocabulary `owner_markers`: "miếng đất đứng tên ba, mấy anh em thống nhất để mẹ đứng tên"), names
the things of exactly one owner-change procedure (vocabulary `owned`), that procedure is among the best ones, scores
hands_min (MatchConfig) and more than every neighbour that says a cue of its own (one that says
none scores on shared words: "bán xe cho hàng xóm" is no neighbours' dispute), and no other of them is told apart
from it by a cue of its own ("xe mới" is the first registration, "mất cà vẹt" the reissue
of the papers, "chưa có sổ" the first land registration), it leads them and is answered.
A neighbour whose cues are said only beside the clause that asks, when that clause names the thing
("bán chiếc xe rồi, nay giấy phạt nguội gửi về nhà, giờ làm sao để chiếc xe không còn đứng tên tôi"),
is what happened to the thing afterwards, not what is asked: it is not weighed against it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from knowledge.match_cues import Found
from knowledge.match_owned import Owned
from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet


class Hands:
    """The owner-change procedure a message asks for by telling its thing changes hands."""

    def __init__(self, hands: Iterable[tuple[str, ...]], owned: Owned, normaliser: Normaliser):
        read = [normaliser.phrase(" ".join(p)) for p in hands]
        self._hands = PhraseSet(p for p in read if p)
        self._owned = owned
        owners = (normaliser.phrase(" ".join(p)) for p in normaliser.vocabulary.owner_markers)
        self._owners = PhraseSet(p for p in owners if p)

    def _changes(self, texts: Sequence[str]) -> bool:
        """Whether the message tells the thing changes hands: a word of `hands`, or whose name it
        stands in said twice ("miếng đất đứng tên ba, mấy anh em thống nhất để mẹ đứng tên")."""
        return self._hands.found_in(texts) or len(self._owners.spans(texts)) >= 2

    def handed(self, order: list[int], neighbours: list[int], scores: np.ndarray, texts: Sequence[str],
               found: Found, floor: float) -> int | None:
        """The procedure of `order` whose thing the message says changes hands, when it scores
        `floor` and more than every neighbour saying a cue of its own, none of the other
        procedures is told apart from it by a cue of its own, and its own cues are not all said
        where the citizen tells what is done ("mới mua lại căn nhà, sổ hồng đã sang tên xong rồi,
        giờ hợp đồng điện ..."); None else."""
        if not order or not self._changes(texts):
            return None
        named = self._owned.named(texts)
        if len(named) != 1 or named[0] not in order:
            return None
        doc = named[0]
        score = float(scores[doc])
        if score < floor or any(float(scores[n]) >= score and found.says(n) for n in neighbours):
            return None
        return None if any(found.tells_apart(d, doc) for d in order if d != doc) else doc

    def first(self, order: list[int], neighbours: list[int], scores: np.ndarray, texts: Sequence[str],
              found: Found, floor: float) -> tuple[list[int], int | None, list[int]]:
        """order as the thing named puts it (knowledge.match_owned), then with the procedure whose
        thing changes hands first; that procedure (None when there is none); and the neighbours
        left to weigh against it. A neighbour whose cues the message says only beside the clause
        that asks is what happened to the thing after it changed hands ("bán chiếc xe rồi, nay bị
        phạt nguội gửi giấy về nhà tôi, giờ làm sao để xe không còn đứng tên mình"), why the
        citizen asks, not what, when the clause that asks names the thing itself: it neither keeps the
        procedure from leading nor wins over it. A question that names no thing ("giờ muốn sang tên qua
        em thì làm sao" after "hợp đồng điện vẫn đứng tên chủ cũ") refers back to what was told."""
        order = self._owned.first(order, scores, texts)
        if not order or not self._changes(texts):
            return order, None, neighbours
        asking = [w for lo, hi in found.asking for w in texts[lo:hi]]
        weighed = [n for n in neighbours if not found.aside(n)] if self._owned.named(asking) else neighbours
        doc = self.handed(order, weighed, scores, texts, found, floor)
        if doc is None:
            return order, None, neighbours
        return [doc, *(d for d in order if d != doc)], doc, weighed
