"""The paper a citizen has certified is the object of the certification, not the service that
issued it (vocabulary `certifying`, `copies`; knowledge.match_copies): "chứng thực bản sao hộ
chiếu" is a certified copy, which the commune makes of any paper held in the original.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from knowledge.match_copies import Copies
from knowledge.matching import Matcher

CERTIFIED = [
    "cho hỏi chứng thực bản sao hộ chiếu ở xã được không",
    "bản sao hộ chiếu có công chứng thì làm ở đâu nhanh",
    # the paper after the copy that follows the word of certifying, a long name ("kinh doanh" is its 5th, 6th word)
    "chứng thực bản sao giấy phép kinh doanh ở xã được không",
]


@pytest.mark.parametrize("text", CERTIFIED)
def test_a_certified_copy_is_ours(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "chung-thuc-ban-sao"), route


@pytest.mark.parametrize("text, neighbour", [
    ("hộ chiếu hết hạn làm lại ở đâu", "ho-chieu"),
    ("xin cấp bản sao bằng tốt nghiệp ở đâu", "giao-duc"),  # a copy issued, not certified
])
def test_controls_the_paper_itself_stays_its_neighbours(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route


def test_control_without_the_rule_the_passport_wins(kb, monkeypatch):
    monkeypatch.setattr(Copies, "spans", lambda self, texts, bounds=(): [])
    route = Matcher(kb).route(CERTIFIED[0])
    assert (route.decision, route.out_of_scope) == ("none", "ho-chieu"), route
