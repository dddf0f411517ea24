"""Another answer the citizen offers to their own question ("làm ở xã nơi tạm trú được không |
hay phải về quê một trong hai người"): it says where else the citizen thinks they might go, not
what they ask about. When the focus of a long request is cut to its last topical words
(knowledge.clauses), they are counted from before that offer: the offer's words ("về quê", "hai
người") would otherwise crowd the object of the question ("đăng ký kết hôn") out of the focus.
The offer itself stays in the focus, after the cut.

A polite particle may come between the question and the offer ("được không ạ | hay phải có nhà
riêng"): the offer follows the question all the same.
"""
from __future__ import annotations

from collections.abc import Sequence, Set

from knowledge.normalise import Token
from knowledge.phrases import PhraseSet


def offer_start(texts: Sequence[str], questions: PhraseSet, alternatives: PhraseSet,
                endings: Set[tuple[str, ...]], particles: Set[str] = frozenset()) -> int | None:
    """Where another answer is offered right after a question phrase or ending, polite
    particles (`particles`) between them or not ("được không ạ | hay ..."); None when none is."""
    asked_ends = {end for _, end in questions.spans(texts)}
    for s in alternatives.starts_in(texts):
        k = s
        while k > 0 and texts[k - 1] in particles and (texts[k - 1],) not in endings:
            k -= 1
        if k > 0 and (k in asked_ends or (texts[k - 1],) in endings):
            return s
    return None


def offered_before(tokens: Sequence[Token], questions: PhraseSet, alternatives: PhraseSet,
                   endings: Set[tuple[str, ...]], particles: Set[str] = frozenset()) -> Sequence[Token]:
    """The tokens up to another answer offered right after a question phrase or ending
    ("được không | hay ..."); all of them when none is offered. (Fewer than n topical words
    before it: the whole request is the focus.)"""
    offer = offer_start([t.text for t in tokens], questions, alternatives, endings, particles)
    return tokens if offer is None else tokens[:offer]
