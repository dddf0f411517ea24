"""A procedure's name said again after the message named it inside another doc's longer cue
("bản sao giấy chứng tử ..., bà mất năm 2010 khai tử ở phường cũ"): it tells where that
registration was made, it neither guards the procedure nor tells it apart from the copy
(knowledge.match_echo).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

import knowledge.match_cues as match_cues

COPIES = [
    "Em cần bản sao giấy chứng tử của bà nội để lo giấy tờ thừa kế căn nhà, bà mất năm 2010 khai tử ở phường "
    "cũ trước khi nhập phường, giờ em xin ở đâu",
    "Cho hỏi xin bản sao giấy chứng tử của mẹ tôi, mẹ tôi mất năm 2018, khai tử ở xã quê ngoài Quảng Ngãi, "
    "nay tôi ở Đồng Nai thì xin được không",
]


@pytest.mark.parametrize("text", COPIES)
def test_the_registration_named_again_does_not_take_the_copy_over(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) != ("answer", "dang-ky-khai-tu"), route
    assert "trich-luc-ho-tich" in route.candidates, route


def test_control_without_the_rule_the_registration_is_answered(matcher, monkeypatch):
    monkeypatch.setattr(match_cues, "echoed", lambda spans: frozenset())
    route = matcher.route(COPIES[1])
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-tu"), route


def test_control_the_registration_asked_for_is_still_answered(matcher):
    route = matcher.route("Ông nội em mới mất tuần trước, giờ đi khai tử ở xã cũ hay xã mới sau sáp nhập ạ")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-tu"), route
