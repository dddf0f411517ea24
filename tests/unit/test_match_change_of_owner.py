""""Đổi tên" of a thing, the vehicle, its owner or the land title ("đổi tên chủ xe sang con",
"đổi tên sổ hồng qua cháu"), is a change of owner (sang tên), not a change of a person's name
in the civil-status register (vocabulary.yaml synonyms).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, expected", [
    ("mẹ cho chiếc xe, muốn đổi tên chủ xe sang con thì làm sao", "sang-ten-xe"),
    ("mảnh đất ông bà cho, giờ đổi tên sổ hồng qua cháu được không", "dang-ky-bien-dong-dat-dai"),
])
def test_renaming_a_thing_is_a_change_of_owner(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route


def test_control_renaming_a_person_is_the_civil_status_correction(matcher):
    route = matcher.route("con tôi muốn đổi tên khai sinh vì tên xấu")
    assert (route.decision, route.procedure) == ("answer", "cai-chinh-ho-tich"), route
