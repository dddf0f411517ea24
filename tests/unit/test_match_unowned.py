"""The thing that changes hands is not one of ours (vocabulary `owned_elsewhere`,
knowledge.match_unowned): a fishing boat sold, given or left to an heir is no vehicle transfer,
however the message compares it with a motorbike's; the first thing named decides.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from knowledge.match_owned import Owned
from knowledge.match_unowned import Unowned

_BOATS = [
    "mua lại chiếc ghe máy của ông Tư, giờ muốn đứng tên ghe thì sang tên ở đâu, như xe máy hả",  # was sang-ten-xe
    "cho thằng em chiếc ghe đánh cá, có phải sang tên như xe không",  # was sang-ten-xe
    "mua lại tàu cá của ông chú, đổi chủ tàu ở đâu",  # was sang-ten-xe
]


@pytest.mark.parametrize("text", _BOATS)
def test_a_boat_that_changes_hands_is_no_vehicle_transfer(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.kind, route.out_of_scope) == ("none", "out_of_scope", "nong-nghiep"), route


@pytest.mark.parametrize("text, expected", [
    ("mới bán chiếc xe honda, sim trong điện thoại vẫn tên em, sang tên xe trước hay sao", "sang-ten-xe"),
    ("bán chiếc xe cho anh họ, giờ sang tên xe thì làm ở đâu", "sang-ten-xe"),
    ("ghé xã hỏi sang tên xe máy cho con", "sang-ten-xe"),  # "ghé" is no boat
    ("ba mất để lại mảnh đất, sang tên sổ đỏ cho con", "dang-ky-bien-dong-dat-dai"),
])
def test_our_thing_named_first_stays_ours(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route


def test_without_the_services_things_the_boat_is_the_vehicle_transfer(matcher, monkeypatch):
    monkeypatch.setattr(matcher, "_unowned", Unowned(Owned({}, {}, matcher.normaliser), {}, (), {}, matcher.normaliser))
    route = matcher.route(_BOATS[0])
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route
