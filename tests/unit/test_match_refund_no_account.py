"""The VNeID account holds no money (vocabulary `contrary`, '!' phrases of vneid-dinh-danh-muc-2):
money refunded to an account after a cancelled order ("tiền chưa hoàn về tài khoản") is the shop's
or the bank's, though "tài khoản" is one of the account's cues; the account's own questions that
say "tài khoản" stay the account's, and a fee refunded is still the online payment.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "đặt hàng trên mạng bị hủy đơn mà tiền chưa hoàn về tài khoản, giờ hỏi ai",
    "Tui mua đôi giày trên Tiktok, trả tiền rồi mà shop hủy đơn, tới giờ tiền chưa được hoàn về tài khoản, "
    "liên hệ đâu",
    "mua điện thoại online bị hủy đơn, bên bán hứa hoàn tiền mà tài khoản chưa thấy",
])
def test_refund_of_an_order_is_out_of_scope(matcher, text):
    route = matcher.route(text)
    assert route.decision == "none" and route.kind == "out_of_scope", route


@pytest.mark.parametrize("text", [
    "tài khoản vneid của tôi bị khóa, làm sao mở lại",
    "tài khoản định danh của má tui đăng nhập không được, quên mật khẩu",
    "tài khoản vneid mới mức 1, muốn lên mức 2 thì làm sao",
])
def test_controls_the_accounts_own_questions_stay(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route


def test_control_a_fee_refunded_is_the_payment(matcher):
    route = matcher.route("đóng lệ phí qua cổng dịch vụ công rồi mà hồ sơ bị hủy, tiền có hoàn lại không")
    assert (route.decision, route.procedure) == ("answer", "thanh-toan-truc-tuyen"), route
