"""The thing whose owner changes decides which change of owner (vocabulary `owned`,
knowledge.match_owned): a motorbike left by the dead is a vehicle transfer, however much the death
and the inheritance read like the land transfer; the way of transfer decides nothing.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

_BIKE = "Ông nội mất năm kia, chiếc xe máy Honda vẫn đứng tên ông. Bà nội muốn sang tên qua cho chú út"


def test_the_motorbike_of_the_dead_is_the_vehicle_transfer(matcher):
    route = matcher.route(_BIKE + ", có phải làm thừa kế trước không")
    assert route.decision != "answer" or route.procedure == "sang-ten-xe", route
    route = matcher.route(_BIKE)
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route


@pytest.mark.parametrize("text", [
    "chồng tôi mất, cái xe tải vẫn đứng tên ảnh, giờ muốn chuyển qua tên tôi thì có cần khai nhận thừa kế không",
    _BIKE + ", có phải làm thừa kế trước không",
])
def test_an_inherited_vehicle_is_never_answered_as_land(matcher, text):
    assert matcher.route(text).procedure != "dang-ky-bien-dong-dat-dai"


def test_control_without_the_things_the_inheritance_reads_as_land(kb):
    plain = Matcher(replace(kb, vocabulary={k: v for k, v in kb.vocabulary.items() if k != "owned"}))
    route = plain.route("chồng tôi mất, cái xe tải vẫn đứng tên ảnh, giờ muốn chuyển qua tên tôi thì có cần "
                        "khai nhận thừa kế không")
    assert route.procedure == "dang-ky-bien-dong-dat-dai", route


@pytest.mark.parametrize("text", [
    "Ông nội mất năm kia, mảnh đất vườn vẫn đứng tên ông. Bà nội muốn sang tên qua cho chú út, "
    "có phải làm thừa kế trước không",
    "đi xe máy lên huyện sang tên sổ đỏ cho con thì mang gì",  # both things named: unchanged
])
def test_control_land_stays_land(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-bien-dong-dat-dai"), route
