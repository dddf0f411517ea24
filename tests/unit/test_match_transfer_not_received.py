"""Money sent to another person through a bank app that has not reached them ("bên kia chưa nhận",
"người nhận chưa nhận") is the bank's (cues of the neighbour ngan-hang), not a fee paid online,
though the message says the payment's cues "app ngân hàng", "trừ tiền"; a fee the office has not
received stays the online payment.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "chuyển tiền cho em gái qua app ngân hàng, tài khoản bị trừ rồi mà bên kia chưa nhận được",
    "chuyển khoản mua hàng qua app ngân hàng, bị trừ tiền rồi mà bên kia chưa nhận",
    "chuyển tiền qua app ngân hàng bị trừ tiền mà người nhận chưa nhận",
])
def test_transfer_not_received_is_the_banks(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "ngan-hang"), route


@pytest.mark.parametrize("text", [
    "đóng lệ phí qua app ngân hàng bị trừ tiền rồi mà bên kia chưa nhận được",
    "chuyển khoản lệ phí hồ sơ rồi mà xã báo chưa nhận được tiền",
    "thanh toán lệ phí trên cổng dịch vụ công bị trừ tiền mà hồ sơ vẫn báo chưa thanh toán",
])
def test_controls_a_fee_the_office_has_not_received_is_the_payment(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "thanh-toan-truc-tuyen"), route
