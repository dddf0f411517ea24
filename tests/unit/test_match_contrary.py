"""What a procedure is not (vocabulary `contrary`, knowledge.match_contrary): money the citizen
receives (a pension, an allowance paid into a bank account) is no fee paid online; a payment
question that says what is paid still is the payment.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "bà ngoại tui đang lãnh tiền hưu tiền mặt, giờ đổi qua nhận qua tài khoản ngân hàng thì làm sao",
    "má tui lãnh tiền trợ cấp người già, giờ muốn nhận qua tài khoản ngân hàng thì đăng ký ở đâu",
])
def test_money_received_is_no_fee_paid(matcher, text):
    route = matcher.route(text)
    assert route.decision == "none" and route.kind == "out_of_scope", route
    assert route.out_of_scope != "thanh-toan-truc-tuyen"


@pytest.mark.parametrize("text", [
    "đóng lệ phí hồ sơ bằng tài khoản ngân hàng được không",
    "thanh toán lệ phí xong mà chưa nhận được biên lai",
    "trả phí trên dịch vụ công bị trừ tiền 2 lần, có nhận tiền lại không",
])
def test_controls_a_fee_paid_is_the_payment(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "thanh-toan-truc-tuyen"), route
