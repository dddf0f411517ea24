"""A wallet (MoMo, ZaloPay, VNPay) names the online payment: asked how a fee is paid with one,
the payment is answered or offered beside the procedure whose fee it is (naming cues
'!momo', '!zalopay', '!vnpay' of thanh-toan-truc-tuyen, and a sample question without any
procedure's name). The fee's amount stays the procedure's.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "lệ phí khai tử trả bằng vnpay đc k",
    "lệ phí đăng ký kết hôn trả momo được hông",
])
def test_a_fee_paid_with_a_wallet_offers_the_online_payment(matcher, text):
    route = matcher.route(text)
    assert "thanh-toan-truc-tuyen" in route.candidates, route


def test_control_the_fee_s_amount_stays_the_procedure_s(matcher):
    route = matcher.route("trích lục khai sinh lệ phí bao nhiêu")
    assert (route.decision, route.procedure) == ("answer", "trich-luc-ho-tich"), route
