"""A neighbour a little ahead (within cue_window) of a procedure under the bar, when the clause
that asks speaks for the procedure and the message says none of the neighbour's cues
(knowledge.match_neighbours: Neighbours.asked_past): the payment step that lists banks ('tới
bước thanh toán nó hiện ra mấy ngân hàng ..., đóng tiền kiểu gì') asks how to pay the fee, and
the procedure is answered on its cues as if it led. The winning rules already passed such a
neighbour over; now it no longer keeps the procedure from being answered on its cues either.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

_PAYING = [  # both went to a neighbour (the bank's, the electricity bill's) on the banks listed
    "Em đăng ký kết hôn trên mạng, tới chỗ thanh toán nó đưa ra một loạt ngân hàng mà em chỉ xài thẻ Sacombank,"
    " vậy đóng tiền kiểu khác được không",
    "làm khai sinh cho con trên mạng tới bước thanh toán nó hiện ra danh sách ngân hàng, tui không có ngân hàng"
    " nào trong đó, đóng tiền kiểu gì",
]


@pytest.mark.parametrize("text", _PAYING)
def test_the_payment_asked_past_the_banks_listed(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "thanh-toan-truc-tuyen"), route


def test_control_the_bank_named_by_its_cues_stays_the_bank(matcher):
    route = matcher.route("app ngân hàng bị khóa do nhập sai mật khẩu, làm sao mở lại")
    assert (route.decision, route.out_of_scope) == ("none", "ngan-hang"), route


def test_control_without_passing_over_the_neighbour_keeps_it(matcher, monkeypatch):
    monkeypatch.setattr(matcher._neighbours, "asked_past", lambda *args: False)
    route = matcher.route(_PAYING[0])
    assert (route.decision, route.out_of_scope) == ("none", "ngan-hang"), route
