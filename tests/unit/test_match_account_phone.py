"""The phone number and the one-time codes of the VNeID account are the account's
(vneid-dinh-danh-muc-2 cues "đổi số điện thoại", "otp"), though the citizen tells the story of
the SIM card ("sim cũ mất"); the SIM card itself stays the network's (neighbour sim-chinh-chu).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_changing_the_accounts_phone_number_is_the_account(matcher):
    route = matcher.route("đổi sđt vneid sang sim mới ở đâu")
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route


def test_control_the_sim_card_itself_is_the_networks(matcher):
    route = matcher.route("sim chưa chính chủ, đổi sim sang tên mình ở đâu")
    assert (route.decision, route.out_of_scope) == ("none", "sim-chinh-chu"), route
