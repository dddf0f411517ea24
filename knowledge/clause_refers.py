"""A request that names nothing refers back past the story of what went wrong.

Citizens often name what they were doing, tell what happened on the way, then ask without
naming it again: "hồi sáng em lên công an xã làm tài khoản định danh mà quên mang căn cước,
phải về lấy rồi quay lại thì hết giờ, mai đi lại thì cần mang theo những gì cho đủ ạ". The
request ("cần mang theo những gì cho đủ") names no service; it asks about the one named by the
nearest clause before it that names one ("làm tài khoản định danh"). The clauses between, which
name none ("phải về lấy rồi", "quay lại thì hết giờ"), tell what happened on the way: they are
story, not what is asked, however many rare words they hold.

A service is named by the words of a procedure's title or aliases, or of an out-of-scope
service's title (the staff's names for them): an alias of one word after the generic ones
("đăng ký cưới": "cưới"), otherwise two words said together ("tạm trú", "khai sinh"). A question
phrase ("ở đâu") names nothing.

The referent must do or need something (an act), not tell the citizen's situation, what is done,
a denied act ("chưa đăng ký kết hôn") or a purpose; no clause between may ask or request
(then the request is not only the last clause), and one at least must stand between.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence, Set

from knowledge.phrases import PhraseSet


class ServiceNames:
    """Where a clause names a service by the words staff use for it."""

    def __init__(self, names: Iterable[Sequence[str]], skipped: Set[str],
                 topical: Callable[[str], bool] | None,
                 questions: PhraseSet):
        """`names`: titles and aliases, each as the texts of its tokens (Normaliser.tokens: the
        matcher tokenises them once and keeps them with its index, knowledge.match_index);
        `skipped`: stop and generic words, never names themselves; `topical`: words rare enough
        to name something alone (None: any)."""
        self._questions = questions
        singles: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        for tokens in names:
            words = [w for w in tokens if w not in skipped]
            if len(words) == 1 and len(tokens) <= 2 and (topical is None or topical(words[0])):
                singles.add(words[0])
            pairs.update(zip(words, words[1:], strict=False))
        self._singles = frozenset(singles)
        self._pairs = frozenset(pairs)

    def named(self, texts: Sequence[str]) -> bool:
        """Whether the words name a service (outside a question phrase)."""
        if any(p in self._pairs for p in zip(texts, texts[1:], strict=False)):
            return True
        if self._singles.isdisjoint(texts):
            return False
        asked = {k for start, end in self._questions.spans(texts) for k in range(start, end)}
        return any(w in self._singles and k not in asked for k, w in enumerate(texts))


def referred(request: int, names: Sequence[bool], acts: Sequence[bool], side: Sequence[bool],
             asks: Sequence[bool], pending: Sequence[bool]) -> tuple[int, range] | None:
    """The clause a request naming nothing refers back to and the story between them, or None.
    `names`, `acts`: whether each clause names a service, does or needs something; `side`: tells
    the situation, what is done, a denied act or a purpose; `asks`: asks or requests; `pending`:
    tells what is still to do ("nghe nói tới 60 là phải đổi"), part of what is asked."""
    if names[request]:
        return None
    referent = next((i for i in range(request - 1, -1, -1) if names[i]), None)
    if referent is None or referent == request - 1 or not acts[referent] or side[referent]:
        return None
    between = range(referent + 1, request)
    if any(asks[i] or pending[i] for i in between) or not any(acts[i] for i in between):
        return None
    return referent, between
