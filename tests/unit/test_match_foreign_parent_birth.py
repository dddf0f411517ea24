"""A child born in Việt Nam of a foreign parent is registered by the birth registration (with a
foreign element, at the commune since 7/2025): its cues ("khai sinh có yếu tố nước ngoài", "bé sinh
ở Việt Nam", "cha người nước ngoài") speak for it over the marriage with a foreigner and over the
recording of a birth registered abroad, which share the foreign parent's words.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "Chồng em người Hàn, bé sinh ở Việt Nam, khai sinh có yếu tố nước ngoài cần giấy gì của chồng",
    "Ba của bé là người nước ngoài, bé sinh tại Việt Nam thì khai sinh ở đâu",
])
def test_a_child_born_here_of_a_foreign_parent_is_the_birth_registration(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route


def test_control_marrying_a_foreigner_stays_the_marriage(matcher):
    route = matcher.route("muốn đăng ký kết hôn với chồng người Hàn Quốc cần giấy gì")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-ket-hon"), route
