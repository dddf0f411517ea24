"""A cue is not said across a word of two syllables (vocabulary `compounds`, knowledge.match_cues):
"bổ sung" folds to "bo sung", yet its "sung" is not the weapons' "súng"; "kiểm tra" is not "kiếm".

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "khai sinh ông nội tui thiếu chữ Đình, bổ sung được hông",
    "giấy khai sinh ông nội thiếu quê, bổ sung được hông",
])
def test_adding_to_a_birth_certificate_is_not_a_gun(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "cai-chinh-ho-tich"), route


@pytest.mark.parametrize("text, neighbour", [
    # Controls: the cue said as a word of its own still names the neighbour.
    ("nhà có khẩu súng hơi cũ muốn giao nộp cho công an", "vu-khi-cong-cu-ho-tro"),
    ("ông nội để lại thanh kiếm, có phải khai báo không", "vu-khi-cong-cu-ho-tro"),
    ("bị lừa đảo mất tiền qua điện thoại thì báo ai", "trinh-bao-to-giac"),
])
def test_controls_the_cue_as_a_word_of_its_own(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route
