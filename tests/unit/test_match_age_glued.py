"""An age typed with "t" glued to the number ("14t", "con 15t") is the number and "tuổi"
(vocabulary units, read by knowledge.units): "14t làm căn cước" is a 14-year-old's first
card, the cue "14 tuổi" said. "t" alone stays "tôi".

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "con 14t đi làm căn cước mất tiền hông",
    "mới 14t làm căn cước có bị thu phí không",
])
def test_an_age_glued_to_t_is_the_first_card(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "cap-the-can-cuoc"), route


def test_the_unit_reads_as_its_word(matcher):
    assert matcher.normalise("con 15t") == "con 15 tuoi"


def test_control_t_alone_is_no_age(matcher):
    route = matcher.route("t muốn hỏi làm lại căn cước bị mất ở đâu")
    assert (route.decision, route.procedure) == ("answer", "cap-doi-cap-lai-can-cuoc"), route
