"""Another answer the citizen offers to their own question ("làm ở xã nơi tạm trú được không |
hay phải về quê một trong hai người"): it says where else the citizen thinks they might go, not
what they ask about. When the focus of a long request is cut to its last topical words
(knowledge.clauses), they are counted from before that offer: the offer's words ("về quê", "hai
người") would otherwise crowd the object of the question ("đăng ký kết hôn") out of the focus.
The offer itself stays in the focus, after the cut.
"""
from __future__ import annotations

from collections.abc import Sequence, Set

from knowledge.normalise import Token
from knowledge.phrases import PhraseSet


def offered_before(tokens: Sequence[Token], questions: PhraseSet, alternatives: PhraseSet,
                   endings: Set[tuple[str, ...]]) -> Sequence[Token]:
    """The tokens up to another answer offered right after a question phrase or ending
    ("được không | hay ..."); all of them when none is offered. (Fewer than n topical words
    before it: the whole request is the focus.)"""
    texts = [t.text for t in tokens]
    asked_ends = {end for _, end in questions.spans(texts)}
    offer = next((s for s in alternatives.starts_in(texts)
                  if s > 0 and (s in asked_ends or (texts[s - 1],) in endings)), None)
    if offer is None:
        return tokens
    return tokens[:offer]
