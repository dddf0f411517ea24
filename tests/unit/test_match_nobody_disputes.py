"""Nobody does it ("không ai tranh chấp gì", "chưa ai tranh chấp"; vocabulary `nobody`): a cue that
names a service right after such a phrase is denied, as one right after a negation is
(knowledge.match_cues): the land dispute no one raises is not the service asked for.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

_NOBODY = [
    # both were the land dispute neighbour on main (none)
    ("miếng đất vườn ba cho tui mấy năm rồi, anh em chưa ai tranh chấp, giờ muốn sang tên sổ hồng qua tên tui "
     "thì cần giấy gì"),
    "ruộng của ông nội chia cho ba tui lâu rồi, cả họ chưa ai tranh chấp gì hết, sang tên sổ đỏ mất bao lâu",
]

_DISPUTES = [
    "anh em tranh chấp miếng đất ông bà để lại, nộp đơn hòa giải ở đâu",
    "hàng xóm lấn ranh đất nhà tui, tranh chấp hoài, báo ai",
]


@pytest.mark.parametrize("text", _NOBODY)
def test_a_dispute_nobody_raises_leaves_the_land_change(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-bien-dong-dat-dai"), route


@pytest.mark.parametrize("text", _DISPUTES)
def test_control_a_dispute_told_stays_the_neighbour(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "tranh-chap-dat-dai"), route
