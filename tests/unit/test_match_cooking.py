"""Cooking chit-chat after a story of papers already done (neighbour nau-an-meo-vat, with the
cues of a dish being cooked: "cách kho", "kho thịt", "thịt kho").

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "chu ky so em lam ben VNPT roi. tui moi tach ho ra rieng. cach kho thit ba chi",
    "vneid em len muc 2 roi, cach kho thit voi trung cut",
    "hồ sơ tạm trú nộp trên mạng xong rồi, giờ hỏi cách nấu thịt kho tàu cho ngon",
])
def test_a_dish_asked_after_the_story_is_cooking(matcher, text):
    # Before: the first two were refused without a line (no neighbour explained the dish).
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "nau-an-meo-vat"), route


def test_control_the_state_treasury_is_no_dish(matcher):
    route = matcher.route("kho bạc nhà nước ở đâu để nộp tiền sử dụng đất")
    assert (route.decision, route.out_of_scope) == ("none", "gia-dat"), route
