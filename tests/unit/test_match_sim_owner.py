"""A SIM not in one's own name told as why the identity account fails is the carrier's matter
(out of scope: sim-chinh-chu); asked whether such a SIM is allowed, it is the account's
requirement (vneid-dinh-danh-muc-2). Vocabulary `contrary`, '!' phrases read across a clause
break ("không chính chủ | nên ...").

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "cái sim em đang xài không chính chủ nên đăng ký vneid không được, giờ làm sao",
    "vì sim chưa chính chủ nên em kích hoạt vneid hoài không được",
    "app vneid báo số điện thoại không chính chủ, em phải làm sao",
])
def test_a_sim_not_ones_own_told_as_the_cause_is_the_carriers(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "sim-chinh-chu"), route


@pytest.mark.parametrize("text", [
    "sim không chính chủ có làm vneid mức 2 được không",
    "số điện thoại đứng tên chồng thì có kích hoạt vneid được không",
    "ba tui 70 tuổi xài sim của tui, sim không chính chủ thì có kích hoạt định danh cho ổng được không",
])
def test_control_asking_whether_it_is_allowed_is_the_account(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route
