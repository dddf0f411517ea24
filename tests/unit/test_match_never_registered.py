"""Re-registering a birth (đăng ký lại khai sinh, out of scope) presupposes a registration whose
record is lost; a person who never had one ("chưa từng có giấy khai sinh", at any age) needs a
first registration. The re-registration's `contrary` '!' phrases say so wherever the message
says them (the request's focus may cut a clause inside "khai | sinh", so the whole message is
read), and they are cues of the birth registration.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "Bà nội tôi 80 tuổi, cả đời chưa bao giờ có giấy khai sinh, giờ đi làm căn cước người ta hỏi, "
    "làm khai sinh cho người già được không",
    "ông tôi 68 tuổi chưa từng được làm giấy khai sinh, có làm khai sinh cho người lớn tuổi được không",
])
def test_never_registered_is_the_birth_registration(matcher, text):
    route = matcher.route(text)
    assert route.decision in ("answer", "clarify") and route.procedure == "dang-ky-khai-sinh", route


@pytest.mark.parametrize("text", [
    "ba tôi 70 tuổi mất giấy khai sinh, xã cũng không còn lưu sổ, giờ làm lại sao",
    "ông ngoại mất bản khai sinh, ủy ban không còn giữ sổ gốc, đăng ký lại khai sinh cho người lớn cần gì",
])
def test_control_a_lost_record_is_still_the_re_registration(matcher, text):
    route = matcher.route(text)
    assert route.decision == "none" and route.out_of_scope == "dang-ky-lai-khai-sinh", route
