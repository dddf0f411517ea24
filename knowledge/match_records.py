"""Wrong here, right there: the record the message tells wrong is the one to correct
(vocabulary `records`).

The same date of birth is written in several records: the birth certificate, the ID card, the
population database (shown in VNeID), the social-insurance book. A citizen who finds it wrong
in one tells which one, and often which one is right: "trên VNeID ghi sai quê quán, giấy khai
sinh thì đúng" asks to correct the database, not the birth certificate; "sổ bảo hiểm xã hội
ghi sai ngày sinh so với căn cước" asks the social insurance, not the ID card; "khai sinh ghi
ngày sinh khác với căn cước" asks to correct the birth certificate. Staff list, per procedure or
out-of-scope service, the names of the record it corrects:

    vocabulary:
      records:
        cai-chinh-ho-tich: [khai sinh, giay ket hon]
        dieu-chinh-csdl-dan-cu: [vneid, du lieu dan cu]

A record is told wrong when a word of wrong follows it ("ghi sai", "khác với", "không khớp"),
right when a word of right does ("thì đúng", "không sai"), before the next "mà", "nhưng" (the
other side of a contrast) and within a few words; a record after "so với", "khác (với)" is
what the other is compared with: the right one. When the message tells one record right and
names one other without saying, the other is the wrong one ("VNeID ghi Thanh Hóa mà khai sinh
ghi Nghệ An mới đúng").
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet, by_doc

# Words that tell a record wrong or right, as the normaliser folds them; a comparison word
# ("so với", "khác với") also makes the record after it the one compared with.
_WRONG = PhraseSet(tuple(p.split()) for p in (
    "sai", "ghi sai", "bi sai", "khac voi", "khac nhau", "khong khop", "khong trung khop", "khong giong",
    "lech", "nham", "ghi nham", "bi nham"))
_RIGHT = PhraseSet(tuple(p.split()) for p in (
    "dung", "khong sai", "chinh xac", "khop", "trung khop"))
_AGAINST = PhraseSet(tuple(p.split()) for p in (
    "so voi", "khac voi", "khac", "khac nhu", "giong voi", "lech voi", "khop voi"))
_CONTRAST = frozenset({"ma", "nhung"})
# A one-word right ("đúng", "khớp") is a state after these words only ("giấy khai sinh thì đúng",
# "ghi đúng"): not "đang dùng", "đứng tên", "sửa cho đúng, cho khớp" (what is wanted).
_STATE_BEFORE = frozenset({"thi", "ghi", "van", "deu", "moi", "la", "lai", "cung", "toan", "hien"})
_REACH = 8  # words between a record and what is said of it
_AGAINST_REACH = 6  # words between a comparison word and the record compared with


class Records:
    """Per doc (position), the names of the record it corrects; which ones a message tells
    wrong and right."""

    def __init__(self, records: Mapping[str, Iterable[str]], position: Mapping[str, int], normaliser: Normaliser):
        self._doc_of: dict[tuple[str, ...], int] = {}
        for doc, names in by_doc(records, position):
            for name in names:
                words = normaliser.phrase(name)
                if words:
                    self._doc_of[words] = doc
        self._names = PhraseSet(self._doc_of)
        self.docs = frozenset(self._doc_of.values())

    def __bool__(self) -> bool:
        return bool(self._doc_of)

    def fixing(self, best: int, texts: Sequence[str], named: Callable[[int], bool]) -> int | None:
        """The doc correcting the record the message tells wrong (wrong_one), when the best
        procedure corrects a record too and the message does not name it by a naming cue of its
        (`named`: "muốn cải chính lại giấy khai sinh" asks for it, whatever else it tells), or
        is that doc; None else."""
        if best not in self.docs:
            return None
        fix = self.wrong_one(texts)
        return fix if fix == best or not named(best) else None

    def wrong_one(self, texts: Sequence[str]) -> int | None:
        """The doc correcting the one record the message tells wrong, when it tells another
        right, or tells no other record anything; None else (no record told wrong, or two)."""
        wrong, right, silent = self.told(texts)
        wrong -= right
        if not wrong and right and len(silent - right) == 1:
            wrong = silent - right
        return next(iter(wrong)) if len(wrong) == 1 else None

    def told(self, texts: Sequence[str]) -> tuple[set[int], set[int], set[int]]:
        """The docs whose record the message tells wrong, those it tells right, and those it
        names without saying either."""
        wrong: set[int] = set()
        right: set[int] = set()
        silent: set[int] = set()
        against = [e for _, e in _AGAINST.spans(texts)]
        wrongs = _WRONG.spans(texts)
        rights = [(s, e) for s, e in _RIGHT.spans(texts)
                  if texts[s] == "khong" or s > 0 and texts[s - 1] in _STATE_BEFORE]
        marks = sorted([(s, True) for s, _ in wrongs] + [(s, False) for s, _ in rights])
        names = self._names.spans(texts)
        # "so với căn cước": the first record after a comparison word is the one compared with.
        compared = {next((s for s, _ in names if s >= a), -1) for a in against}
        for start, end in names:
            doc = self._doc_of[tuple(texts[start:end])]
            if any(a <= start <= a + _AGAINST_REACH and not _marked_between(marks, a, start) for a in against) \
                    and start in compared:
                right.add(doc)
                continue
            said = next((w for at, w in marks if end <= at < end + _REACH
                         and not any(t in _CONTRAST for t in texts[end:at])), None)
            (silent if said is None else wrong if said else right).add(doc)
        return wrong, right, silent


def _marked_between(marks: Sequence[tuple[int, bool]], lo: int, hi: int) -> bool:
    return any(lo <= at < hi for at, _ in marks)
