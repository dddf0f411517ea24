"""Whose owner changes decides which change of owner (vocabulary `owned`): the thing named.

"Sang tên", "đứng tên", "thừa kế", "cho", "mua bán" are said of a motorbike as of a plot of land:
the way the owner changes (sold, given, inherited after a death) tells nothing of which
procedure does it. The thing does: "ba mất, chiếc xe máy vẫn đứng tên ba, má muốn sang tên qua
cho em, có cần giấy thừa kế không" changes the owner of a motorbike (sang tên xe), however much
the death and the inheritance read like the land transfer. Staff list, per procedure that
changes an owner, the words of the things it changes the owner of:

    vocabulary:
      owned:
        sang-ten-xe: [xe, oto, ca vet]
        dang-ky-bien-dong-dat-dai: [so do, manh dat, nha dat]

When the best procedure is one of them, the message names none of its things and names the
things of exactly one other, that other is put first, however far behind it scores ("sang tên",
the death and the inheritance can push the vehicle under the land and the death registration);
the bars an answer must reach are then its own.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet, phrase_sets


class Owned:
    """Per procedure (position) that changes an owner, the phrases of the things it changes."""

    def __init__(self, owned: Mapping[str, Iterable[str]], position: Mapping[str, int], normaliser: Normaliser):
        self._of = phrase_sets(owned, position, normaliser)

    @property
    def things(self) -> Mapping[int, PhraseSet]:
        """Per procedure (position), the phrases of the things whose owner it changes."""
        return self._of

    def named(self, texts: Sequence[str]) -> list[int]:
        """The procedures whose things the message names."""
        return [d for d, things in self._of.items() if things.found_in(texts)]

    def first(self, order: list[int], scores: np.ndarray, texts: Sequence[str]) -> list[int]:
        """order with the procedure whose things the message names first, when the best one's
        are not named and that procedure, scoring, is the only other one named."""
        if len(order) < 2 or order[0] not in self._of or self._of[order[0]].found_in(texts):
            return order
        named = [d for d in self._of if d != order[0] and self._of[d].found_in(texts)]
        if len(named) != 1 or float(scores[named[0]]) <= 0:
            return order
        return [named[0], *(d for d in order if d != named[0])][:len(order)]
