"""Where a thing is kept ("cà vẹt để trong cốp") is no purpose: "để" there puts, it does not tell
why (vocabulary not_purpose: "để trong cốp", "để trong tủ", "để trong bóp"...; typed with
diacritics, "để trong" reads "ở trong": the accented table). Read as a purpose, the paper's name
was cut off alone before it and the worn paper to replace was answered as a new vehicle to
register. "Để trồng", "để trông" (to plant, to look after) fold alike and stay purposes.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "chiếc dream của ba chạy chở hàng ra chợ mỗi ngày, cà vẹt để trong cốp bị nước mưa ngấm nát hết chữ, "
    "giờ xin cái mới ở đâu",
    "chiếc wave của má chạy chở rau ra chợ hoài, cà vẹt để trong túi xách bị ướt nát hết chữ, giờ xin cái mới ở đâu",
])
def test_a_paper_kept_somewhere_is_no_purpose(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "doi-cap-lai-dang-ky-xe"), route


def test_control_to_plant_stays_a_purpose(matcher):
    route = matcher.route("ong ba lam ho so vay von ngan hang de trong lua, ngan hang doi giay xac nhan cu tru "
                          "thi xin o dau")
    assert (route.decision, route.procedure) == ("answer", "xac-nhan-thong-tin-cu-tru"), route
