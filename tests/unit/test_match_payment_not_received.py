"""A fee paid online that the office says it has not received ("chưa nhận được tiền", "chưa
thấy tiền") is the online payment's trouble: its receipt (biên lai điện tử) is the proof.
Those words are cues of thanh-toan-truc-tuyen and a sample question says the case. Money the
citizen is waiting to receive (a pension) stays its neighbour's.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "nộp phí hồ sơ qua ví điện tử xong rồi mà bên xã nói chưa nhận được tiền thì làm sao",
    "chuyển khoản lệ phí trên cổng rồi mà cán bộ bảo chưa thấy tiền, chứng minh bằng gì",
])
def test_a_fee_the_office_has_not_received_is_the_online_payment(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "thanh-toan-truc-tuyen"), route


def test_control_a_pension_not_received_stays_the_social_insurance(matcher):
    route = matcher.route("lãnh lương hưu tháng này chưa nhận được tiền")
    assert (route.decision, route.out_of_scope) == ("none", "bao-hiem-xa-hoi"), route
