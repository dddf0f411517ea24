"""The paper to issue again decides who issues it (vocabulary `papers`).

"bị mất", "bị chuột cắn", "làm lại", "xin bản sao" are said of any paper: the commune's extract of
a civil status record (trich-luc-ho-tich) shares them with a savings book, a school record, a
diploma. The paper named does not: "cuốn sổ tiết kiệm bị chuột cắn, xin làm lại" is the bank's,
"học bạ bị mất, xin bản sao" the school's. Staff list, per procedure that issues a paper again and
per neighbour that issues its own, the names of the papers:

    vocabulary:
      papers:
        trich-luc-ho-tich: [khai sinh, khai tu, giay ket hon]
        ngan-hang: [so tiet kiem, the atm]

When the best procedure is one of them, the message names none of its papers and names those of
exactly one neighbour, the neighbour is shown instead: the procedure cannot issue that paper. When
they are the papers of exactly one other procedure among the three best, and the best one alone
would be answered, that procedure is answered instead: "cà vẹt còn ghi địa chỉ cũ sau sáp nhập, có
phải đổi không" is the registration's, though "sáp nhập" and "đổi" are cues of the ID card's renewal.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from knowledge.normalise import Normaliser
from knowledge.phrases import phrase_sets


class Papers:
    """Per doc (position), the names of the papers it issues."""

    def __init__(self, papers: Mapping[str, Iterable[str]], position: Mapping[str, int], normaliser: Normaliser):
        self._of = phrase_sets(papers, position, normaliser)

    def issuer(self, best: int, texts: Sequence[str]) -> int | None:
        """The doc that issues the paper the message names, when the best procedure issues
        papers, none of which it names, and it names the papers of exactly one other doc."""
        if best not in self._of or self._of[best].found_in(texts):
            return None
        named = [d for d, names in self._of.items() if d != best and names.found_in(texts)]
        return named[0] if len(named) == 1 else None
