"""The thing that changes hands is not one of ours (vocabulary `owned_elsewhere`).

"Sang tên", "bán", "cho lại" are said of a fishing boat, a SIM or an electricity contract as of a
motorbike or a plot of land, and the words of the transfer pull the message to our owner-change
procedures (the vehicle transfer, the land change). A reader goes by the thing: "bán chiếc ghe
đánh cá cho người xã bên, giờ sang tên tàu cá" changes the owner of a fishing vessel, which no
procedure of ours registers, however much it asks whether it is "like a motorbike's". Staff
list, per out-of-scope service, the things whose owner changes there:

    vocabulary:
      owned_elsewhere:
        sim-chinh-chu: [sim, thue bao]
        dien: [hop dong dien, dong ho dien]

When the best procedure is one that changes an owner (`owned`), the message says a change of
hands (vocabulary `hands`, `owner_changes`) and the first thing it names, of all the things of
both tables, is a service's, that service's line is shown: the thing the citizen starts from is
the one whose owner changes ("... có giống sang tên xe máy không" compares).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from knowledge.match_owned import Owned
from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet, phrase_sets


class Unowned:
    """The service elsewhere whose thing the message says changes hands."""

    def __init__(self, owned: Owned, elsewhere: Mapping[str, Iterable[str]],
                 changes: Iterable[tuple[str, ...]], position: Mapping[str, int], normaliser: Normaliser):
        """`owned`: our procedures' things (vocabulary `owned`, knowledge.match_owned); `elsewhere`:
        the services' things (`owned_elsewhere`); `changes`: the phrases of a change of hands
        (`hands`, `owner_changes`)."""
        self._ours = owned.things
        self._elsewhere = phrase_sets(elsewhere, position, normaliser)
        read = [normaliser.phrase(" ".join(p)) for p in changes]
        self._changes = PhraseSet(p for p in read if p)

    def neighbour(self, best: int, texts: Sequence[str]) -> int | None:
        """The service whose thing is the first the message names, when the best procedure changes
        an owner and the message says a change of hands; None else."""
        if best not in self._ours or not self._elsewhere or not self._changes.found_in(texts):
            return None
        firsts = [(starts[0], 1, doc) for doc, things in self._elsewhere.items() if (starts := things.starts_in(texts))]
        if not firsts:
            return None
        firsts += [(starts[0], 0, doc) for doc, things in self._ours.items() if (starts := things.starts_in(texts))]
        _, elsewhere, doc = min(firsts)
        return doc if elsewhere else None
