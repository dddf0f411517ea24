"""A father's name added later to a birth certificate left blank there is his recognition
(nhận cha, mẹ, con, out of scope), not the correction's "bổ sung" of a missing item: the
neighbour's cues name the father's part ("bổ sung tên cha", "để trống phần cha"), longer than
the correction's "bổ sung tên" said at the same place.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "giấy khai sinh của cháu để trống phần cha, giờ muốn bổ sung tên bố vào làm sao",
    "Khai sinh của thằng nhỏ hồi đó bỏ trống phần cha, nay ba nó về ở chung rồi, muốn bổ sung tên cha vô thì sao",
])
def test_adding_the_fathers_name_is_his_recognition(matcher, text):
    route = matcher.route(text)
    assert route.decision == "none" and route.out_of_scope == "nhan-cha-me-con", route


def test_control_a_missing_birth_place_is_still_the_correction(matcher):
    route = matcher.route("giấy khai sinh của con thiếu quê quán, muốn bổ sung thông tin vào thì làm sao")
    assert (route.decision, route.procedure) == ("answer", "cai-chinh-ho-tich"), route
