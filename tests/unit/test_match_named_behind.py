"""Behind a procedure the message names by its naming cue ('!khai tử'), a neighbour does not win
on the words the request says of it: "làm khai tử ..., có cần giấy gì của trạm y tế không" asks
what the death registration needs, not for the health station's services.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.clause_needs import NeedAsk
from knowledge.matching import Matcher
from knowledge.models import KnowledgeBase


def _plain(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base with the procedures' naming cues made ordinary ones (no guard)."""
    procedures = {p.id for p in kb.procedures}
    cues = {k: [str(c).lstrip("!") if k in procedures else c for c in v] for k, v in kb.vocabulary["cues"].items()}
    return replace(kb, vocabulary={**kb.vocabulary, "cues": cues})

NAMED = [
    "Bà nội mất ở nhà tuần trước, thường trú ở xóm 5, nay con cháu muốn đi đăng ký khai tử cho bà, "
    "phải nộp ở đâu, có cần giấy gì của trạm y tế không?",
    "Ông ngoại tôi mất ở nhà hôm thứ ba, ông 92 tuổi. Gia đình lo hậu sự xong, giờ muốn làm khai tử cho ông "
    "thì tới xã nào, có cần trạm y tế xác nhận gì không ạ",
]


@pytest.mark.parametrize("text", NAMED)
def test_a_neighbour_behind_the_named_procedure_does_not_win(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-tu"), route


@pytest.mark.parametrize("text", NAMED)
def test_control_without_the_naming_cues_the_neighbour_wins(kb, text, monkeypatch):
    # The paper asked as a requirement ("có cần giấy gì ... không") is asked of the act before it
    # (knowledge.clause_needs) too: left out here, to see the naming cues alone.
    monkeypatch.setattr(NeedAsk, "start", lambda self, texts: None)
    route = Matcher(_plain(kb)).route(text)
    assert route.decision == "none", route


@pytest.mark.parametrize("text", [
    # the death registration is told as done: what is asked is the social insurance's
    "Ba tôi mất tháng trước, nhà đã làm khai tử xong rồi, giờ muốn lãnh tiền tử tuất bên bảo hiểm xã hội "
    "thì nộp hồ sơ ở đâu?",
])
def test_a_procedure_told_as_done_does_not_keep_the_neighbour_off(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "bao-hiem-xa-hoi"), route
