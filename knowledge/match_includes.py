"""What a procedure takes care of too (vocabulary `includes`): the birth registration's
liên thông gives the child's health insurance card, so "khai sinh cho bé, làm bảo hiểm y tế
luôn" asks for the birth registration, though the insurance's words weigh a little more.

That holds only when the message names the procedure: says one of its aliases ("khai sinh",
"làm giấy khai sinh") or one of its cues ("mới sinh", "sinh bé"). A message that only shares
its words ("sinh ở bệnh viện thì có được bảo hiểm không") asks about the insurance alone.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from knowledge.match_cues import Found
from knowledge.normalise import Normaliser


class Includes:
    """Per procedure (position), the neighbours it takes care of too and the aliases that name it."""

    def __init__(self, includes: Mapping[int, Iterable[int]], aliases: Mapping[int, Iterable[str]],
                 normaliser: Normaliser):
        self._of = {p: frozenset(ns) for p, ns in includes.items() if ns}
        # first word -> (alias, procedure): a message is scanned once, not once per alias
        self._by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for p in self._of:
            for a in aliases.get(p, ()):
                t = tuple(x.text for x in normaliser.tokens(str(a)))
                if t:
                    self._by_first.setdefault(t[0], []).append((t, p))

    def __bool__(self) -> bool:
        return bool(self._of)

    def said(self, texts: Sequence[str], found: Found) -> frozenset[tuple[int, int]]:
        """The (procedure, neighbour) pairs where the message names the procedure, which takes
        care of the neighbour too."""
        named = self._named(texts)
        return frozenset((p, n) for p, ns in self._of.items() if found.says(p) or p in named for n in ns)

    def _named(self, texts: Sequence[str]) -> set[int]:
        """The procedures one of whose aliases the texts say."""
        return {p for i, text in enumerate(texts) for a, p in self._by_first.get(text, ())
                if tuple(texts[i:i + len(a)]) == a}
