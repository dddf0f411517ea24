"""A vehicle that has no plate yet ("chưa có biển số") is one to register for the first time: the
cue "chưa có biển" of dang-ky-xe was never said with "số", as "biển số" reads "đăng ký xe"; now
"chưa có biển số" is a cue of its own. Wanting to drive it home first stays the temporary
registration, a second-hand one with its plate the transfer.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "chiếc ô tô cũ ông nội để lại chưa có biển số bao giờ",
    "xe điện của con chưa có biển số có bị phạt không",
])
def test_no_plate_yet_is_the_first_registration(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-xe"), route


def test_control_driving_it_home_first_stays_the_temporary_registration(matcher):
    route = matcher.route("xe mới mua chưa có biển số, muốn chạy về quê thì xin biển tạm ở đâu")
    assert (route.decision, route.out_of_scope) == ("none", "dang-ky-xe-tam-thoi"), route


def test_control_a_second_hand_one_with_its_plate_stays_the_transfer(matcher):
    route = matcher.route("mua lại chiếc xe máy cũ của hàng xóm, xe có biển số rồi, giờ làm sao đứng tên mình")
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route
