"""The birth registration is done on VNeID too (its guide walks through the app): a question
whether it can be done there is the birth registration, not the population data's correction
that VNeID's name brings near.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "co lam khai sinh tren app vneid duoc khong",
    "làm giấy khai sinh trên vneid được không ta",
])
def test_birth_registration_on_vneid_is_the_birth_registration(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route


def test_control_vneid_showing_a_wrong_birth_place_stays_the_data_correction(matcher):
    route = matcher.route("vneid ghi sai nơi sinh, khai sinh thì ghi đúng, sửa ở đâu")
    assert route.decision == "none" and route.out_of_scope == "dieu-chinh-csdl-dan-cu", route
