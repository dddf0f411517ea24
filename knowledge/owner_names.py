"""Whose name a thing stands in (knowledge.clauses): "đổi tên" followed by who is to stand as the
owner ("xe cha cho con, muốn đổi tên con đứng tên", "đổi tên cho vợ đứng tên sổ đỏ") changes the
owner's name on the thing - a change of owner ("sang tên"), not the correction of a person's
own name (cai chính hộ tịch), which never says who "đứng tên". Read so, "đổi tên" becomes the
words of "sang tên" and the thing named around it (xe, sổ đỏ, sim, chủ hộ) decides which.
The words are the staff's: vocabulary.yaml `owner_renames` (the act -> what it then reads as)
and `owner_markers` (who stands as the owner).
"""
from __future__ import annotations

from collections.abc import Sequence

from knowledge.normalise import Normaliser, Token

_WINDOW = 6  # words between the act and who stands as the owner


class OwnerChange:
    """Rewrites "đổi tên ... đứng tên" in a clause's tokens as "sang tên ... đứng tên"."""

    def __init__(self, normaliser: Normaliser):
        vocabulary = normaliser.vocabulary
        renames = {normaliser.phrase(" ".join(act)): tuple(normaliser.tokens(" ".join(reads)))
                   for act, reads in vocabulary.owner_renames.items()}
        # Longest first: where two acts start at one word, the longer is said.
        self._renames = sorted(((act, reads) for act, reads in renames.items() if act),
                               key=lambda item: (-len(item[0]), item[0]))
        self._owners = {p for p in (normaliser.phrase(" ".join(m)) for m in vocabulary.owner_markers) if p}

    def __call__(self, tokens: Sequence[Token]) -> list[Token]:
        texts = [t.text for t in tokens]
        out = list(tokens)
        limit = len(texts)  # texts[limit:] are rewritten already
        for i in range(len(texts) - 1, -1, -1):  # from the end: replacing keeps earlier positions
            for act, reads in self._renames:
                n = len(act)
                if i + n <= limit and tuple(texts[i:i + n]) == act and self._owner_after(texts, i + n):
                    out[i:i + n] = reads
                    limit = i
                    break
        return out

    def _owner_after(self, texts: Sequence[str], k: int) -> bool:
        """Whether who stands as the owner is said within _WINDOW words from texts[k]."""
        for owner in self._owners:
            m = len(owner)
            if any(tuple(texts[j:j + m]) == owner for j in range(k, min(len(texts) - m, k + _WINDOW) + 1)):
                return True
        return False
