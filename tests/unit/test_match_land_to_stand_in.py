"""Someone else to stand as the owner of a piece of land ("cho cháu đứng tên miếng đất") is the
land passing to them: a change registration (dang-ky-bien-dong-dat-dai), told apart by its cues
from the first registration, which shares the words of the land.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "bà nội muốn cho cháu nội 4 tuổi đứng tên miếng đất vườn được không",
    "ông bà muốn để cháu đứng tên miếng đất hương hỏa được không",
])
def test_another_to_stand_as_the_owner_is_the_change_registration(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-bien-dong-dat-dai"), route


def test_control_a_first_book_for_reclaimed_land_stays_the_first_registration(matcher):
    route = matcher.route("nhà tui có miếng đất khai hoang chưa có sổ, giờ làm sổ lần đầu cho ai đứng tên cũng được hả")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-dat-dai-lan-dau"), route
