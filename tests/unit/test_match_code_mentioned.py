"""A one-time code (OTP) is every app's and every bank's, not the VNeID account's: a message that
only mentions one, about something else entirely, is not answered as the account. The citizen's
numbers reach the matcher masked ("***", bot.dialogue.types.mask).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "nhà tôi lạc mất con chó vàng, ai thấy gọi sđt ***, mã OTP là ***",
    "bà con ai nhặt được con vịt xiêm nhà tôi thì báo giùm, mã otp ***",
])
def test_a_code_mentioned_beside_another_matter_is_not_the_account(matcher, text):
    route = matcher.route(text)
    assert route.decision != "answer", route


@pytest.mark.parametrize("text", ["quên mật khẩu vneid đăng nhập không được", "vneid bị khóa tài khoản mở lại sao"])
def test_control_the_account_asked_for_is_still_answered(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route
