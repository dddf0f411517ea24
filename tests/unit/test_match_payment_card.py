"""A "thẻ Visa", "thẻ Master" is a payment card (vocabulary synonyms: read as "thẻ ATM"), not
the entry visa (thị thực) of the foreigners' residence neighbour: paying a fee online with one
is the online payment. "visa" alone, or a visa extended, stays the neighbour's.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "nộp lệ phí trên cổng dịch vụ công bằng thẻ visa của con gửi từ nước ngoài được không",
    "thanh toán phí hồ sơ trực tuyến bằng thẻ master được ko",
])
def test_a_payment_card_pays_the_fee_online(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "thanh-toan-truc-tuyen"), route


@pytest.mark.parametrize("text", [
    # Controls: the entry visa itself.
    "xin visa cho bạn người nước ngoài qua chơi",
    "chồng em người Hàn sắp hết hạn visa, gia hạn ở đâu",
])
def test_controls_the_entry_visa_stays_the_neighbour_s(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "nguoi-nuoc-ngoai-cu-tru"), route
