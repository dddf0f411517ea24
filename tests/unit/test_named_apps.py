"""An account of a named app that is not ours is that app's business: a VssID password is the
social insurance's, an eTax one the tax office's, a Facebook one the social network's; the
identification account's cues ("mật khẩu", "đăng nhập", "bị khóa") are about whatever app is named
(procedures.yaml: "!vssid", "!etax", "!facebook" name their neighbours).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, neighbour", [
    ("vssid đăng nhập không được báo sai mật khẩu", "bao-hiem-xa-hoi"),
    ("tài khoản vssid bị khóa mở sao", "bao-hiem-xa-hoi"),
    ("app etax quên mật khẩu", "thue"),
    ("facebook bị khóa tài khoản mở lại thế nào", "mang-xa-hoi"),
])
def test_the_named_app_owns_its_account(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route


def test_control_the_vneid_password_is_ours(matcher):
    route = matcher.route("quên mật khẩu vneid lấy lại sao")
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route
