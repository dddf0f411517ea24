"""A visit that lasts: a visit word ("lên chơi", "ở chơi"; vocabulary `stays`, visits) said close to a
length of min_days or more ("ở chơi ... 2 tháng nay", "gần 1 năm nay ở chơi") tells someone who has
come to live here, whose stay is a temporary residence (knowledge.match_stay), not a guest notified.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

_LIVING = [
    # both were the guests' notification on main (none)
    "má tui dưới quê lên ở chơi với tui cũng được 2 tháng nay rồi chắc ở luôn, có phải đăng ký tạm trú cho má không",
    "ba má tui lên chơi ở với vợ chồng tui 1 năm nay rồi có cần đăng ký tạm trú cho ông bà không",
]

_GUESTS = [
    "em gái lên chơi 1 tuần có phải đăng ký tạm trú không",
    # the long length is the host's, told in another clause
    "tui ở đây 3 năm rồi, cuối tuần mẹ lên chơi có phải đăng ký tạm trú cho mẹ không",
    "em họ qua chơi ngủ lại vài đêm có cần khai báo tạm trú không",
]


@pytest.mark.parametrize("text", _LIVING)
def test_a_visit_that_lasts_is_a_temporary_residence(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route


@pytest.mark.parametrize("text", _GUESTS)
def test_control_a_short_visit_stays_the_guests_notification(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "thong-bao-luu-tru"), route
