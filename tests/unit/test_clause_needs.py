"""A paper asked about as a requirement ('có cần giấy ủy quyền không') after a clause that names an
act is asked of that act: the act is the request, the paper supports it (knowledge.clause_needs).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from knowledge.clause_needs import NeedAsk

_CARD = "Con gái tôi 14 tuổi, tôi là dì ruột dẫn nó lên công an làm thẻ căn cước được không"


@pytest.mark.parametrize("text, procedure", [
    (_CARD + ", có cần giấy ủy quyền của ba mẹ nó không?", "cap-the-can-cuoc"),
    ("đi đăng ký kết hôn với người nước ngoài có cần giấy xác nhận tình trạng hôn nhân không ạ",
     "dang-ky-ket-hon"),
])
def test_the_act_named_before_the_paper_is_the_request(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


def test_the_paper_weighs_less_than_the_act(matcher):
    clauses = matcher._finder.clauses(_CARD + ", có cần giấy ủy quyền của ba mẹ nó không?")
    paper = [c for c in clauses if any(t.text == "uy" for t in c.tokens)]
    assert len(paper) == 1 and paper[0].focus < 1.0 and not paper[0].asks


def test_control_without_the_rule_the_paper_wins(matcher, monkeypatch):
    monkeypatch.setattr(NeedAsk, "start", lambda self, texts: None)
    route = matcher.route(_CARD + ", có cần giấy ủy quyền của ba mẹ nó không?")
    assert route.procedure != "cap-the-can-cuoc", route


@pytest.mark.parametrize("text, procedure", [
    ("cho hỏi có cần giấy xác nhận cư trú không", "xac-nhan-thong-tin-cu-tru"),  # no other act named
    (_CARD, "cap-the-can-cuoc"),  # the act alone
])
def test_control_the_paper_alone_or_the_act_alone(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route
