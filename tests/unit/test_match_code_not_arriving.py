"""A VNeID one-time code that does not arrive is the account's business (vneid-dinh-danh-muc-2
questions: "không nhận được mã OTP VNeID"); a bank's code stays the bank's.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_a_vneid_code_not_arriving_is_the_account(matcher):
    route = matcher.route("mã otp vneid không về máy")
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route


def test_control_a_banks_code_is_no_vneid(matcher):
    route = matcher.route("mã otp ngân hàng không về máy")
    assert route.decision == "none", route
