"""A number with an abbreviation glued to it is no abbreviation: "50cc" is a motorbike's engine size
(vocabulary units: "50 phân khối"), not "50 căn cước" ("cc" alone is the card's abbreviation). A
number and a word typed together are cut as before ("15tuoi" is "15 tuổi").

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "mua xe 50cc cho con 15 tuổi chạy đi học có phải đăng ký biển số không",
    "xe 50cc mới toanh mua cho cháu, đi làm biển số ở công an xã được không",
])
def test_an_engine_size_is_no_id_card(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-xe"), route


def test_the_engine_size_is_one_word(matcher):
    assert matcher.normalise("xe 50cc") == "xe 50 phan khoi"


def test_control_a_number_and_a_word_typed_together_are_still_cut(matcher):
    assert matcher.normalise("con 15tuoi") == "con 15 tuoi"
    route = matcher.route("làm căn cước cho con 15tuoi ở đâu")
    assert (route.decision, route.procedure) == ("answer", "cap-the-can-cuoc"), route
