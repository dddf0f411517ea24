"""Trademark, patent and copyright registration (neighbour so-huu-tri-tue): the IP office,
not a procedure of ours, and not the business registration.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "muốn đăng ký nhãn hiệu cho nước mắm nhà làm thì nộp ở đâu",
    "tiệm bánh của tui bị người ta lấy tên xài, đăng ký bảo hộ thương hiệu sao",
    "em chế ra cái máy tách hạt điều, muốn xin cấp bằng sáng chế",
])
def test_intellectual_property_goes_to_its_office(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "so-huu-tri-tue"), route


def test_control_a_household_business_is_still_the_business_registration(matcher):
    route = matcher.route("mở tiệm bánh ở nhà có cần đăng ký hộ kinh doanh không")
    assert (route.decision, route.out_of_scope) == ("none", "dang-ky-kinh-doanh"), route
