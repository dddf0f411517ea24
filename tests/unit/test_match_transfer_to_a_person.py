"""Money transferred to a person (a friend, a relative, the landlord: '!' contrary phrases of
thanh-toan-truc-tuyen, "chuyển khoản cho bạn", "chuyển tiền cho người quen") is no fee paid online,
whatever the payment's cues the message says ("app ngân hàng", "trừ tiền"); a fee transferred to the
office stays the payment.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "chuyển khoản cho bạn mà người nhận chưa thấy tiền, tài khoản em bị trừ rồi",
    "tui chuyển tiền cho con trai qua ví điện tử, ví trừ tiền rồi mà nó báo chưa có",
    "chuyển tiền cho người quen bằng app ngân hàng, bị trừ tiền mà không thấy giao dịch",
    "chuyen khoan cho me qua app bi tru tien 2 lan thi lay lai sao",
])
def test_money_sent_to_a_person_is_no_fee(matcher, text):
    route = matcher.route(text)
    assert route.decision == "none" and route.kind == "out_of_scope", route


@pytest.mark.parametrize("text", [
    "chuyển khoản lệ phí cho xã qua app ngân hàng mà hồ sơ vẫn báo chưa thanh toán",
    "chuyển khoản lệ phí hồ sơ rồi mà xã báo chưa nhận được tiền",
])
def test_controls_a_fee_sent_to_the_office_is_the_payment(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "thanh-toan-truc-tuyen"), route
