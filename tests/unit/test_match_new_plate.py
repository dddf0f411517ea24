""""Đổi biển số mới" is a new plate for a worn one, the reissue (vocabulary cues of
doi-cap-lai-dang-ky-xe): "biển số" reads "đăng ký xe", so its "mới" read "xe mới", the first
registration's cue, and a rusty or broken plate to replace was answered as a new vehicle to
register. A new vehicle's plate, and a plate asked about after buying second-hand, stay theirs.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "biển số xe tôi bị rỉ sét mờ hết số, xin đổi biển số mới ở đâu",
    "bảng số xe bị bể mất một góc, cho hỏi đổi bảng số mới có phải dắt xe lên không",
])
def test_a_new_plate_for_a_worn_one_is_the_reissue(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "doi-cap-lai-dang-ky-xe"), route


@pytest.mark.parametrize(("text", "expected"), [
    # Controls: a new vehicle's plate; a plate after buying second-hand.
    ("xin biển số mới cho xe mới mua ở đại lý", "dang-ky-xe"),
    ("mua xe cũ biển tỉnh khác về, có phải đổi biển số không", "sang-ten-xe"),
])
def test_controls_a_new_vehicle_and_a_second_hand_one_stay_theirs(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route
