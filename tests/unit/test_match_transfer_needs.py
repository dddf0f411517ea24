"""The vehicle transfer's dossier needs a notarised or certified paper of the sale or gift (vocabulary
`needs`: sang-ten-xe -> chung-thuc-ban-sao): "muốn sang tên qua tui, có cần công chứng gì trước
không" asks a step of the transfer, not the certification (knowledge.match_includes). A needed
procedure of ours the message names by its own naming cue ("chứng thực hợp đồng ...") is asked
itself.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

STEP = "Má mới cho tui chiếc xe tay ga của má, giờ sang tên qua tui thì sao, có cần công chứng giấy tờ gì trước không"


@pytest.mark.parametrize("text", [
    STEP,
    "ông ngoại mất để lại chiếc xe cub cho cậu út, giờ cậu muốn sang tên qua cậu, có phải công chứng gì trước không",
])
def test_notarising_first_is_a_step_of_the_transfer(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route


@pytest.mark.parametrize("text", [
    # Controls: the certification named by its own name stays the certification.
    "chứng thực hợp đồng tặng cho xe máy ở xã bao nhiêu tiền",
    "photo công chứng cà vẹt ở xã được không",
])
def test_controls_the_certification_named_stays_it(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "chung-thuc-ban-sao"), route


def test_control_without_the_need_the_certification_wins(kb):
    needs = {p: ns for p, ns in kb.vocabulary["needs"].items() if p != "sang-ten-xe"}
    plain = Matcher(replace(kb, vocabulary={**kb.vocabulary, "needs": needs}))
    route = plain.route(STEP)
    assert (route.decision, route.procedure) == ("answer", "chung-thuc-ban-sao"), route
