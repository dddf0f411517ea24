""""Giấy tờ tùy thân" (identity papers) is said of any ID, as "bị mất" is of any paper: a school or
a shop demanding them of a teenager without a card asks for the first ID card, not the papers of
a person of Vietnamese origin without nationality (giay-chung-nhan-can-cuoc, whose cue is now
"giấy tùy thân" as such people ask it, beside "quốc tịch", "gốc Việt").

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

TEEN = ("thằng cháu 15 tuổi chưa có căn cước, đi học nghề hàn người ta đòi giấy tờ tùy thân, "
        "ra công an xã làm được không")


def test_identity_papers_demanded_of_a_teenager_are_the_first_card(matcher):
    route = matcher.route(TEEN)
    assert (route.decision, route.procedure) == ("answer", "cap-the-can-cuoc"), route


@pytest.mark.parametrize("text", [
    # Controls: the stateless person's papers.
    "ko co quoc tich xin giay tuy than o dau",
    "người gốc Việt từ Campuchia về, không có giấy tờ tùy thân, xin giấy gì",
])
def test_controls_a_stateless_person_s_papers_stay_the_neighbour_s(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "giay-chung-nhan-can-cuoc"), route


def test_control_with_the_bare_cue_the_neighbour_wins(kb):
    cues = {**kb.vocabulary["cues"], "giay-chung-nhan-can-cuoc": ["!quoc tich", "goc viet", "campuchia", "tuy than"]}
    plain = Matcher(replace(kb, vocabulary={**kb.vocabulary, "cues": cues}))
    assert plain.route(TEEN).out_of_scope == "giay-chung-nhan-can-cuoc"
