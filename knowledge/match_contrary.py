"""What a procedure is not (vocabulary `contrary`): words that tell the opposite of what it does.

Paying a fee online (thanh-toan-truc-tuyen) shares its words with every money matter: "tài
khoản ngân hàng", "chuyển", "tiền". A citizen who receives money ("lãnh lương hưu", "nhận trợ
cấp qua tài khoản", "tiền chi trả") pays no fee: the pension, the allowance, the bank are asked,
not the payment. Staff list such words per procedure:

    vocabulary:
      contrary:
        thanh-toan-truc-tuyen: [lanh luong, nhan qua tai khoan, chi tra]

When the best procedure is one of them, the message says one of its contrary phrases and none of
its cues ("trả phí", "lệ phí"...), it is not what is asked: the neighbour the message speaks
of (the best one whose cues it says, else the best neighbour) is shown instead.

A phrase written with a leading "!" says the procedure cannot be done at all, whatever else
the message says of it: an extract of a birth record is copied from the commune's register, so
"xã mất sổ gốc" leaves the re-registration, however much "bản chính cũng làm mất" sounds like
asking for an extract; an identity account needs a number in one's own name, so "sim không
chính chủ nên không kích hoạt được vneid" is the carrier's (a '!' phrase may run across a clause
break, as "nên" is one).

A neighbour has its opposite too: who tells they already go to work ("con trai đi làm khu công
nghiệp, ở trọ mấy tháng rồi") is not looking for a job. Told so (in a clause that neither asks
nor requests: "xin vô làm công nhân ... nộp ở đâu" does look for one), with none of the
neighbour's cues, the neighbour is no candidate (Contrary.unsaid): its words in the story do not
send the citizen to the job centre.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from knowledge.match_cues import Found
from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet, by_doc


class Contrary:
    """Per procedure (position), the phrases that tell the message is about its opposite."""

    def __init__(self, contrary: Mapping[str, Iterable[str]], position: Mapping[str, int], normaliser: Normaliser):
        self._of: dict[int, PhraseSet] = {}
        self._excluding: dict[int, PhraseSet] = {}  # the '!' phrases: the procedure cannot be done
        for doc, phrases in by_doc(contrary, position):
            read = [(p.startswith("!"), normaliser.phrase(p.lstrip("!"))) for p in phrases]
            self._of[doc] = PhraseSet(p for _, p in read if p)
            self._excluding[doc] = PhraseSet(p for strong, p in read if strong and p)

    def neighbour(self, best: int, clauses: Sequence[Sequence[str]], found: Found,
                  neighbours: Sequence[int]) -> int | None:
        """The neighbour to show instead of the best procedure when the message says the
        opposite of what it does and none of its cues, or says it cannot be done (a '!' phrase);
        None else (or when no neighbour scores)."""
        phrases = self._of.get(best)
        if phrases is None or not neighbours:
            return None
        # A '!' phrase may run across a clause break ("sim không chính chủ | nên không kích hoạt
        # được"): the message's words are read as one for them.
        excluded = self._excluding[best].found_in([t for c in clauses for t in c])
        if not excluded and (found.says(best) or not any(phrases.found_in(c) for c in clauses)):
            return None
        return next((n for n in neighbours if found.says(n)), neighbours[0])

    def unsaid(self, neighbours: Sequence[int], told: Sequence[Sequence[str]], found: Found,
               said: Sequence[Sequence[str]] = ()) -> list[int]:
        """The neighbours (best first) but those whose opposite a clause that tells (`told`: the
        texts of the clauses that neither ask nor request) says while the message says none of
        their cues ("đi làm khu công nghiệp" of the job search), and those the message (`said`: its
        texts, whole or by parts) says cannot be done (a '!' phrase: "chưa từng có giấy khai
        sinh" leaves nothing to register again), whatever else it says of them."""
        return [n for n in neighbours
                if n not in self._of or not any(self._excluding[n].found_in(c) for c in said)
                and (found.says(n) or not any(self._of[n].found_in(c) for c in told))]
