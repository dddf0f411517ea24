"""A child born at the commune health station ("sanh em bé ở trạm y tế xã") whose birth is not
registered yet ("chưa đi khai sinh") or is registered by a grandparent ("khai sinh cho cháu") asks
for the birth registration: the health station is where the birth took place, not the health
neighbour's matter (cues of dang-ky-khai-sinh in procedures.yaml).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    # main: none, the health neighbour ('trạm y tế')
    "nhà em sanh em bé ở trạm y tế xã, tới nay ba tuần mà bận mùa chưa đi khai sinh được, lên xã làm giờ còn kịp không",
    "bé sanh ở trạm y tế xã được 40 ngày, ông nội muốn đi khai sinh cho cháu thì được không",
])
def test_a_birth_at_the_health_station_is_registered(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route


def test_control_the_health_station_asked_for_itself(matcher):
    route = matcher.route("trạm y tế xã tiêm ngừa cho bé ở đâu")
    assert (route.decision, route.out_of_scope) == ("none", "y-te"), route
