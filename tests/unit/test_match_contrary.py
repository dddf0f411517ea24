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


@pytest.mark.parametrize("text", [
    "Giấy khai sinh của mẹ tôi bị mất, lên xã hỏi thì xã nói không còn sổ gốc, giờ xin lại giấy khai sinh "
    "cho mẹ bằng cách nào",
    "Ông nội tôi sinh năm 1940, giấy khai sinh cũ rách hết, xã nói sổ gốc bị cháy hồi chiến tranh, giờ có lại "
    "giấy khai sinh cho ông thì làm sao",
    "Cha tôi mất giấy khai sinh, hỏi ủy ban thì bảo không còn sổ lưu, làm sao để có lại giấy khai sinh",
])
def test_no_extract_without_the_register(matcher, text):
    # '!' contrary phrases of the extract: the register it is copied from is lost, so the birth is
    # registered again, though the citizen's own lost paper ("bị mất") is the extract's cue.
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "dang-ky-lai-khai-sinh"), route


@pytest.mark.parametrize("text", [
    "bản chính giấy khai sinh bị mất, xin trích lục khai sinh ở đâu",
    "sổ gốc ở xã vẫn còn, em làm mất bản chính khai sinh thì xin bản sao ở đâu",
])
def test_control_with_the_register_kept_the_extract_stays(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "trich-luc-ho-tich"), route
