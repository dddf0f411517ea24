"""What a procedure takes care of too (vocabulary `includes`): the birth registration's
liên thông gives the child's health insurance card, so "khai sinh cho bé, làm bảo hiểm y tế
luôn" asks for the birth registration, though the insurance's words weigh a little more.

That holds only when the message names the procedure: says one of its aliases ("khai sinh",
"làm giấy khai sinh") or one of its cues ("mới sinh", "sinh bé"). A message that only shares
its words ("sinh ở bệnh viện thì có được bảo hiểm không") asks about the insurance alone; so does
one that names it as done before ("đã làm khai sinh", "hồi làm khai sinh"): the liên thông was
then, the insurance is asked now.

What a procedure needs from a neighbour (vocabulary `needs`: the licence exchange's health
certificate, from a clinic) is a step of it, asked with it: "bằng lái hết hạn, có cần thi lại
không hay chỉ đi đổi, khám sức khỏe ở đâu" asks how to get the licence exchanged. It holds only
when the message asks for the procedure, not when it tells it done ("đã đổi xong rồi, giờ khám
sức khỏe ở đâu" asks the clinic alone). A needed procedure of ours that the message names by a
naming cue of its own is asked itself: "chứng thực hợp đồng mua bán xe ở xã mấy tiền" is the
certification, though the vehicle transfer needs the certified contract; "muốn sang tên qua em,
có phải công chứng gì trước không" asks a step of the transfer.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from knowledge.match_cues import Found
from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet

# Words right before an alias that tell it was done before (vocabulary `earlier_markers`).
_EARLIER_REACH = 2


class Includes:
    """Per procedure (position), the neighbours it takes care of too and the aliases that name it."""

    def __init__(self, includes: Mapping[int, Iterable[int]], aliases: Mapping[int, Iterable[str]],
                 normaliser: Normaliser, needs: Mapping[int, Iterable[int]] | None = None):
        self._of = {p: frozenset(ns) for p, ns in includes.items() if ns}
        self._needs = {p: frozenset(ns) for p, ns in (needs or {}).items() if ns}
        self._aliases = {p: PhraseSet(t for t in (normaliser.phrase(str(a))
                                                  for a in aliases.get(p, ())) if t) for p in {*self._of, *self._needs}}
        # "đã / hồi / lúc làm khai sinh": the procedure was done before (up to _EARLIER_REACH words before)
        self._earlier = frozenset(w[0] for w in normaliser.vocabulary.earlier_markers if len(w) == 1)

    @classmethod
    def of(cls, vocabulary: Mapping[str, Any], position: Mapping[str, int], aliases: Mapping[int, Iterable[str]],
           normaliser: Normaliser) -> Includes:
        """From the vocabulary's `includes` and `needs` tables (ids), the docs' positions and
        the procedures' aliases."""
        def table(name: str) -> dict[int, list[int]]:
            return {position[p]: [position[n] for n in ns or () if n in position]
                    for p, ns in (vocabulary.get(name) or {}).items() if p in position}
        return cls(table("includes"), aliases, normaliser, table("needs"))

    def __bool__(self) -> bool:
        return bool(self._of or self._needs)

    def said(self, texts: Sequence[str], found: Found) -> frozenset[tuple[int, int]]:
        """The (procedure, neighbour) pairs where the message names the procedure, which takes
        care of the neighbour too."""
        named = self._named(texts)
        out = {(p, n) for p, ns in self._of.items() if found.says(p) or p in named for n in ns}
        # What it needs: only when the procedure is asked, not told done ("đã đổi xong rồi"), and
        # not a procedure of ours the message names by its own name ("chứng thực hợp đồng mua bán xe").
        out.update((p, n) for p, ns in self._needs.items() if p in named or found.says(p)
                   and not found.told_only(p) and not found.denies(p) for n in ns if not found.guarded(n))
        return frozenset(out)

    def _named(self, texts: Sequence[str]) -> set[int]:
        """The procedures one of whose aliases the texts say."""
        return {p for p, said in self._aliases.items()
                if any(not self._earlier.intersection(texts[max(0, s - _EARLIER_REACH):s])
                       for s, _ in said.spans(texts))}
