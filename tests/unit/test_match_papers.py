"""The paper to issue again decides who issues it (vocabulary `papers`, knowledge.match_papers):
"bị mất", "chuột cắn", "làm lại", "xin bản sao" are said of any paper; the commune's extract of a
civil status record cannot issue a savings book or a school record again.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

SAVINGS = "cuốn sổ tiết kiệm của má bị chuột cắn, xin làm lại được không"


@pytest.mark.parametrize("text, neighbour", [
    (SAVINGS, "ngan-hang"),
    ("học bạ cấp 2 của con tôi bị mất rồi, giờ xin bản sao ở đâu", "giao-duc"),
])
def test_a_neighbours_paper_is_issued_again_by_it(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route


@pytest.mark.parametrize("text, expected", [
    ("giấy khai sinh bị chuột cắn, xin làm lại", "trich-luc-ho-tich"),
    ("căn cước với thẻ ATM bị mất hết rồi, làm lại sao", "cap-doi-cap-lai-can-cuoc"),  # its own paper named too
])
def test_controls_our_papers_stay_ours(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route


def test_control_without_the_table_the_extract_is_answered(kb):
    plain = Matcher(replace(kb, vocabulary={k: v for k, v in kb.vocabulary.items() if k != "papers"}))
    assert plain.route(SAVINGS).procedure == "trich-luc-ho-tich"
