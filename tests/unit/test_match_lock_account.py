"""Locking the VNeID account when the phone is lost ("khóa vneid", "khóa tài khoản vneid") is the
account's cue (vneid-dinh-danh-muc-2, vocabulary `cues`): the SIM lost with the phone is the story,
not the SIM service asked for.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


def test_locking_the_account_after_losing_the_phone_is_the_account(matcher):
    route = matcher.route("rot dien thoai xuong song mat sim luon, khoa vneid giup chau")  # on main: the SIM (none)
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route


@pytest.mark.parametrize("text", ["sim không chính chủ, chuẩn hóa ở đâu"])
def test_control_the_sim_itself_stays_the_sim_service(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "sim-chinh-chu"), route


@pytest.mark.parametrize("text", ["sim bị khóa một chiều rồi, mở ở đâu", "mất sim muốn làm lại sim ở đâu"])
def test_control_a_sim_locked_or_lost_is_not_the_account(matcher, text):
    route = matcher.route(text)
    assert route.decision == "none", route
