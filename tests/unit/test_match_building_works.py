"""Works on a house (a tin roof re-laid, the floor raised) asked about with "xin phép" are the
building permit's question (out_of_scope giay-phep-xay-dung: its phrasings and cues 'mái tôn',
'lợp mái', 'nâng nền'), not the land change registration whose words ("nền nhà") the message
shares. A house plot sold or put in one's name stays the land registration.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

RAISED = "nhà hay ngập, muốn nâng nền lên nửa mét thì có phải xin giấy phép"


@pytest.mark.parametrize("text", [
    RAISED,
    "thay mái tôn cho nhà bếp có cần xin phép xã không",
    "lợp lại mái nhà bị dột có phải xin phép xã không",
    "đổ sàn gác lửng trong nhà phải xin phép không",
])
def test_works_on_a_house_are_the_permit_s(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "giay-phep-xay-dung"), route


@pytest.mark.parametrize("text", [
    # Controls: the plot itself changes hands.
    "nền nhà này đứng tên ba, giờ sang tên cho tui",
    "mua nền nhà trong khu dân cư, làm sổ sao",
])
def test_controls_a_house_plot_changing_hands_is_the_land_s(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-bien-dong-dat-dai"), route


def test_control_without_the_new_phrasings_and_cues_the_land_registration_is_answered(kb):
    added = {"mai ton", "lop mai", "thay mai", "nang nen", "do san"}
    cues = {**kb.vocabulary["cues"],
            "giay-phep-xay-dung": [c for c in kb.vocabulary["cues"]["giay-phep-xay-dung"] if c not in added]}
    said = ("lợp mái, thay mái nhà có cần xin giấy phép không", "nâng nền, đổ sàn trong nhà có phải xin phép")
    neighbours = [replace(o, phrasings=[p for p in o.phrasings if p not in said]) if o.id == "giay-phep-xay-dung"
                  else o for o in kb.out_of_scope]
    plain = Matcher(replace(kb, out_of_scope=neighbours, vocabulary={**kb.vocabulary, "cues": cues}))
    assert plain.route(RAISED).procedure == "dang-ky-bien-dong-dat-dai"
