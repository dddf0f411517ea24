"""Paying the land-use levy the notice asks for is a step of the first land registration: told
paid ("đã nộp tiền sử dụng đất theo thông báo") and asking when the certificate comes, the
message is that procedure's (sample question; "tiền sử dụng đất" is one of its cues), not the
tax's nor the land price's. How the levy is computed, or converting land, stays theirs.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


def test_the_levy_paid_then_the_certificate_is_the_first_registration(matcher):
    route = matcher.route("đã nộp tiền sử dụng đất theo thông báo rồi, bao giờ mới có sổ đỏ lần đầu")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-dat-dai-lan-dau"), route


@pytest.mark.parametrize("text, neighbour", [
    ("tiền sử dụng đất tính theo bảng giá nào", "gia-dat"),
    ("chuyển đất vườn lên thổ cư phải đóng tiền sử dụng đất bao nhiêu", "chuyen-muc-dich-su-dung-dat"),
])
def test_controls_the_levy_s_price_and_conversion_stay_neighbours(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route
