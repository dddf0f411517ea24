"""A request that asks how something already done is going ("coi tới đâu rồi", "vậy là xong chưa",
vocabulary `progress_markers`) and names no thing of its own asks about what the message tells as
done ("hôm trước em nộp hồ sơ tạm trú trên mạng rồi mà chưa thấy gì, coi tới đâu rồi"): that clause
is not what the citizen no longer needs, it is what they ask about (knowledge.clauses weighs it as
the rest of the story). A request that names its own thing ("hồ sơ đã giải quyết xong chưa" after
"vneid lên mức 2 rồi") asks about that thing: what is told as done stays behind it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from knowledge.normalise import Token
from knowledge.phrases import PhraseSet


def asks_after_told(progress: PhraseSet, tokens: Sequence[Token], objects: Callable[[list[Token]], int]) -> bool:
    """Whether the request (its tokens) asks how something goes and, outside those words, names
    no object: fewer than two words that can name what a clause is about (`objects` counts them), as
    RequestFinder.names_object reads a request."""
    spans = progress.spans([t.text for t in tokens])
    if not spans:
        return False
    inside = {k for start, end in spans for k in range(start, end)}
    return objects([t for k, t in enumerate(tokens) if k not in inside]) < 2
