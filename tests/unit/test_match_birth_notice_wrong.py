"""The birth notice (giấy chứng sinh) is the hospital's or clinic's paper (vocabulary `records`:
y-te): told wrong before the birth is registered, the place to correct it is where it was
issued, not the commune's correction of a civil-status record. A birth certificate told wrong
against the notice is still the correction.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "giấy chứng sinh bệnh viện ghi sai ngày sinh của bé, sửa ở đâu",
    "giay chung sinh ghi sai ten me, chua lam khai sinh cho be, sua o benh vien hay o xa",
])
def test_a_wrong_birth_notice_is_corrected_where_it_was_issued(matcher, text):
    route = matcher.route(text)
    assert route.decision == "none" and route.out_of_scope == "y-te", route


def test_control_a_birth_certificate_wrong_against_the_notice_is_the_correction(matcher):
    route = matcher.route("giấy khai sinh ghi sai tên bé so với giấy chứng sinh, sửa sao")
    assert (route.decision, route.procedure) == ("answer", "cai-chinh-ho-tich"), route
