"""A confirmation of temporary residence ("giấy xác nhận tạm trú") is the residence
confirmation (CT07, xac-nhan-thong-tin-cu-tru, its naming cue '!xác nhận tạm trú'), not the
registration of a temporary residence, however much it says "tạm trú".

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

CONFIRMATIONS = [
    "cho tôi xin giấy xác nhận tạm trú để nộp cho công ty",
    "con đi học xa cần giấy xác nhận tạm trú, làm online được không",
]


@pytest.mark.parametrize("text", CONFIRMATIONS)
def test_a_confirmation_of_temporary_residence_is_the_confirmation(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "xac-nhan-thong-tin-cu-tru"), route


def test_control_registering_a_temporary_residence_stays_the_registration(matcher):
    route = matcher.route("em mới thuê phòng trọ, đăng ký tạm trú online được không")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route


def test_control_without_the_cue_the_registration_is_answered(kb):
    cues = dict(kb.vocabulary["cues"])
    cues["xac-nhan-thong-tin-cu-tru"] = [c for c in cues["xac-nhan-thong-tin-cu-tru"] if c != "!xac nhan tam tru"]
    route = Matcher(replace(kb, vocabulary={**kb.vocabulary, "cues": cues})).route(CONFIRMATIONS[0])
    assert route.procedure == "dang-ky-tam-tru", route
