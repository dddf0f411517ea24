"""Who stays, and for how long, decides which residence service a stay asks for
(vocabulary `stays`).

Temporary residence (đăng ký tạm trú) is for someone who comes to live somewhere for 30 days
or more. A guest who stays a few days or weeks ("về ăn Tết", "lên chơi", "ngủ lại vài đêm",
"ở chừng 2 tuần rồi về") is notified instead (thông báo lưu trú), and a foreigner's stay,
however long, is declared on the foreigners' form; citizens call both "khai báo tạm trú",
so the words they use do not tell these apart, the stay they tell of does:

    vocabulary:
      stays:
        dang-ky-tam-tru:
          min_days: 30
          shorter: thong-bao-luu-tru                      # a stay shorter than min_days
          foreigner: khai-bao-tam-tru-nguoi-nuoc-ngoai    # its cues say the guest is a foreigner
          visits: [ve choi, len choi, an tet, ngu lai]    # a visit is a short stay

A stay is short when the message says a visit, or a length under min_days right after a word
of staying ("ở nhà chừng 1 tuần", "tới ở 5 ngày", "ngủ lại ba bốn đêm", "ở mấy bữa"), that word
possibly ending the clause before ("vô thăm cháu ở | phòng trọ chừng 10 ngày"); a length that is a
deadline, a delay or time already spent is no stay ("trễ vài tuần", "quá 30 ngày", "ở được 2
tuần rồi", "mấy ngày thì xong"). A visit said close to a length of min_days or more is someone
come to live here ("gần 1 năm nay ở chơi trong vườn", "lên chơi ở với con 2 tháng nay"). Renting
a room does not make a visit a residence: the landlord's guests who sleep over are notified too.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.match_cues import Found
from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet

# Days per unit of a stay ("nam" is also five: read as a unit only after a number).
_UNITS = {"ngay": 1, "hom": 1, "bua": 1, "dem": 1, "tuan": 7, "thang": 30, "nam": 365}
_NUMBERS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
            "chin": 9, "muoi": 10, "vai": 3, "it": 3, "dam": 5, "may": 3}
# Words of staying a length follows ("ở", "ngủ", "chơi", "về", "lên" ... "chừng 2 tuần").
_STAYING = frozenset({"o", "ngu", "choi", "tham", "ve", "len", "xuong", "toi", "den", "ghe", "lai"})
_REACH = 6  # words between the word of staying and the length
# Right before a length: a delay, a deadline, time spent ("trễ vài tuần", "trong 30 ngày").
_NOT_BEFORE = frozenset({"duoc", "truoc", "mat", "tre", "qua", "hon", "sau", "trong", "vong", "han", "cach",
                         "tren", "du"})
# Right after: time spent up to now, or a question of how long ("2 tuần nay", "5 ngày thì xong").
_NOT_AFTER = frozenset({"nay", "thi", "la", "moi", "co", "xong", "ma"})
_THEN = frozenset({"di", "ve", "lai"})
# Before the length, moving in or time so far ("mới dọn tới 2 tuần", "mới sinh bé được 3 tuần"): no visit.
_SETTLING = frozenset({"don", "chuyen", "moi"})  # "... 1 tuần rồi về": a planned stay, not time spent


@dataclass(frozen=True)
class _Stay:
    min_days: int
    shorter: int | None
    foreigner: int | None
    visits: PhraseSet


class Stays:
    """Per procedure (position), the neighbours a short stay or a foreigner's stay asks for."""

    def __init__(self, stays: Mapping[str, Any], position: Mapping[str, int], normaliser: Normaliser):
        self._of: dict[int, _Stay] = {}
        for proc_id, entry in (stays or {}).items():
            if proc_id not in position or not isinstance(entry, Mapping):
                continue
            visits = PhraseSet(t for t in (normaliser.phrase(str(v))
                                           for v in entry.get("visits") or ()) if t)
            self._of[position[proc_id]] = _Stay(int(entry.get("min_days", 30)), position.get(str(entry.get("shorter"))),
                                                position.get(str(entry.get("foreigner"))), visits)

    def __bool__(self) -> bool:
        return bool(self._of)

    def neighbour(self, best: int, clauses: Sequence[Sequence[str]], found: Found) -> int | None:
        """The neighbour the stay the message tells asks for, when the best procedure is one
        of the stays' (a foreigner's stay first, then a short one); None else."""
        stay = self._of.get(best)
        if stay is None:
            return None
        if stay.foreigner is not None and found.says(stay.foreigner) and not found.denies(stay.foreigner):
            return stay.foreigner
        # The words of staying may end the clause before the length ("ở | phòng trọ chừng 10 ngày").
        leads = [(), *clauses[:-1]]
        if stay.shorter is not None and any(_visit(c, stay.visits, stay.min_days)
                                            or _short([*lead, *c], stay.min_days, len(lead))
                                            for lead, c in zip(leads, clauses, strict=True)):
            return stay.shorter
        return None


def _visit(texts: Sequence[str], visits: PhraseSet, min_days: int) -> bool:
    """Whether the clause tells a visit that no length of min_days or more said close to it makes a
    residence ("gần 1 năm nay ở chơi trong vườn", "lên chơi rồi ở luôn 3 tháng")."""
    long = [(j, i) for j, i, days in _lengths(texts) if days >= min_days]
    return any(not any(start - _REACH <= i and j < end + _REACH for j, i in long) for start, end in visits.spans(texts))


def _lengths(texts: Sequence[str]) -> list[tuple[int, int, int]]:
    """The lengths of time the clause says: (where the count starts, where its unit is, days)."""
    out = []  # the count before the unit: digits, number words, "vài", "ba bốn" (the larger counts)
    for i, text in enumerate(texts):
        days = _UNITS.get(text)
        if days is None or i == 0:
            continue
        j, count = i, 0
        while j > 0 and (texts[j - 1].isdigit() or texts[j - 1] in _NUMBERS):
            j -= 1
            word = texts[j]
            count = max(count, int(word) if word.isdigit() else _NUMBERS[word])
        if j == i or (text == "nam" and j == i - 1 and texts[j] == "nam"):
            continue
        out.append((j, i, count * days))
    return out


def _short(texts: Sequence[str], min_days: int, start: int = 0) -> bool:
    """Whether the clause tells a stay shorter than min_days right after a word of staying;
    `start`: where the clause begins among the texts (the clause before it leads in)."""
    for j, i, length in _lengths(texts):
        if i <= start or length >= min_days or (j > 0 and texts[j - 1] in _NOT_BEFORE):
            continue
        after = texts[i + 1] if i + 1 < len(texts) else ""
        if after in _NOT_AFTER or (after == "roi" and (i + 2 >= len(texts) or texts[i + 2] not in _THEN)):
            continue
        before = texts[max(0, j - _REACH):j]
        if any(w in _STAYING for w in before) and not any(w in _SETTLING for w in before):
            return True
    return False
