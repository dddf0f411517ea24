"""A dossier the portal shows as waiting for approval ("chờ phê duyệt") is its progress, read in
the look-up (tra-cuu-ho-so: a sample question with the portal's status words), not the VNeID
account, whose own "chưa phê duyệt" is said of the account.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_a_dossier_waiting_for_approval_is_the_lookup(matcher):
    route = matcher.route("hồ sơ của tui đứng ở bước chờ phê duyệt gần tuần lễ là sao")
    assert (route.decision, route.procedure) == ("answer", "tra-cuu-ho-so"), route


def test_control_the_account_waiting_for_approval_stays_vneid(matcher):
    route = matcher.route("tài khoản định danh mức 2 báo chờ phê duyệt hoài")
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route
