"""How a dossier already sent is going is the lookup's, whatever procedure it was (vocabulary
`follow_ups`).

"vừa xin cấp lại căn cước xong, làm sao biết khi nào có", "đã nộp lý lịch tư pháp rồi tra hồ sơ ở
đâu", "nộp hồ sơ khai tử trên mạng mấy bữa rồi mà chưa thấy gì": the procedure named is done with;
what is asked is the state of its dossier, which the lookup of dossiers (tra-cuu-ho-so) answers.
The procedure's name scores far higher than the few words of the question, so staff list, per
procedure that follows up a dossier, the words that ask how it is going:

    vocabulary:
      follow_ups:
        tra-cuu-ho-so: [tra ho so, chua thay gi, biet khi nao co]

When the message tells something done (a clause end, "rồi", "xong") and right after it
(within `reach` words) asks with one of them, that procedure is answered, unless the message goes
on to ask for something else: a request marker ("giờ muốn đăng ký thường trú luôn") or two words
that name a thing (`topical`: "xin thêm bản sao trích lục") after them. How long the procedure
itself takes ("làm xong bao lâu thì có") is the procedure's: list no such words.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet, phrase_sets


class FollowUps:
    """Per doc (position), the words that ask how a dossier sent is going."""

    def __init__(self, table: Mapping[str, Iterable[str]], position: Mapping[str, int], normaliser: Normaliser,
                 topical: Callable[[str], bool] = lambda _: False, reach: int = 4):
        """`topical`: whether a word can name what is asked; `reach`: the most words between the
        end of what is told done and the asking words."""
        self._of = phrase_sets(table, position, normaliser)
        vocabulary = normaliser.vocabulary
        self._done = frozenset(p[0] for p in map(normaliser.glued, vocabulary.clause_ends) if len(p) == 1)
        self._requests = PhraseSet(normaliser.glued(p) for p in vocabulary.request_markers)
        self._topical = topical
        self._reach = reach

    def __bool__(self) -> bool:
        return bool(self._of)

    def asked(self, texts: Sequence[str]) -> int | None:
        """The doc whose words ask, right after something told done, how it is going; None when
        none does (or more than one)."""
        found = {doc for doc, phrases in self._of.items()
                 for start, end in phrases.spans(texts) if self._told_before(texts, start) and self._last(texts, end)}
        return next(iter(found)) if len(found) == 1 else None

    def _last(self, texts: Sequence[str], end: int) -> bool:
        """Whether what follows the asking words (from `end`) asks for nothing else: no request
        marker, fewer than two words that name a thing."""
        rest = texts[end:]
        return not self._requests.found_in(rest) and sum(1 for t in rest if self._topical(t)) < 2

    def _told_before(self, texts: Sequence[str], start: int) -> bool:
        """Whether a done word ends what comes before `start`, told of something (not the
        message's first word), at most `reach` words before it."""
        return any(texts[i] in self._done for i in range(max(1, start - self._reach - 1), start))
