"""The household book is gone ("sổ hộ khẩu bỏ rồi"): asked what paper now proves where one lives,
the citizen wants the residence confirmation (xac-nhan-thong-tin-cu-tru, CT07), though "giấy tờ
chứng minh chỗ ở" is also a paper the permanent residence registration asks for. Its sample
questions (procedures.yaml) say so.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "ho khau bo roi lay giay gi chung minh cho o de vay tien",
    "sổ hộ khẩu bỏ rồi nay lấy giấy chi chứng minh chỗ ở",
])
def test_proving_where_one_lives_without_the_book_is_the_confirmation(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "xac-nhan-thong-tin-cu-tru"), route


def test_control_the_proof_of_residence_for_registering_stays_the_registration(matcher):
    route = matcher.route("giấy tờ chứng minh chỗ ở hợp pháp để nhập hộ khẩu cho con là giấy gì")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-thuong-tru"), route
