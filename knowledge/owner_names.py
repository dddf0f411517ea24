"""Whose name a thing stands in (knowledge.clauses): "đổi tên" followed by who is to stand as the
owner ("xe cha cho con, muốn đổi tên con đứng tên", "đổi tên cho vợ đứng tên sổ đỏ") changes the
owner's name on the thing - a change of owner ("sang tên"), not the correction of a person's
own name (cai chính hộ tịch), which never says who "đứng tên". Read so, "đổi tên" becomes the
words of "sang tên" and the thing named around it (xe, sổ đỏ, sim, chủ hộ) decides which.
"""
from __future__ import annotations

from collections.abc import Sequence

from knowledge.normalise import Normaliser, Token

_RENAME = "đổi tên"  # the act, as citizens type it
_OWNER = "đứng tên"  # who stands as the owner, said after it
_READS = "sang tên"  # what the act then reads as
_WINDOW = 6  # words between the act and who stands as the owner


class OwnerChange:
    """Rewrites "đổi tên ... đứng tên" in a clause's tokens as "sang tên ... đứng tên"."""

    def __init__(self, normaliser: Normaliser):
        self._rename, self._owner = normaliser.phrase(_RENAME), normaliser.phrase(_OWNER)
        self._reads = tuple(normaliser.tokens(_READS))

    def __call__(self, tokens: Sequence[Token]) -> list[Token]:
        texts = [t.text for t in tokens]
        out = list(tokens)
        n, m = len(self._rename), len(self._owner)
        if not n or not m:
            return out
        for i in range(len(texts) - n, -1, -1):  # from the end: replacing keeps earlier positions
            if tuple(texts[i:i + n]) != self._rename:
                continue
            after = range(i + n, min(len(texts) - m, i + n + _WINDOW) + 1)
            if any(tuple(texts[j:j + m]) == self._owner for j in after):
                out[i:i + n] = self._reads
        return out
