"""Whose name a thing stands in, said twice, tells it changes hands (knowledge.match_hands):
"chiếc xe vẫn đứng tên ảnh, giờ muốn để con trai đứng tên" asks the change of owner of the thing
named, as "bán", "mua lại" or "để lại" would. Said once ("sổ đỏ đứng tên ba, vay ngân hàng") it is
only whose the thing is.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "procedure"), [
    ("Chồng chị mất năm kia, chiếc xe máy vẫn còn đứng tên ảnh, giờ chị muốn để con trai đứng tên thì làm giấy gì",
     "sang-ten-xe"),
    # Control: answered already, it stays so.
    ("Má tui mất rồi, giấy khai tử có rồi, lô đất ở quê còn đứng tên má, anh chị em đồng ý để ba tui đứng tên "
     "thì giờ làm sao", "dang-ky-bien-dong-dat-dai"),
])
def test_the_name_said_twice_changes_the_owner(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


def test_control_the_name_said_once_is_whose_it_is(matcher):
    route = matcher.route("sổ đỏ đang đứng tên ba em, ba muốn vay ngân hàng thì cần giấy gì")
    assert route.decision == "none", route
