"""The Southern "dzậy" is "vậy", a question's particle (vocabulary abbreviations): read as an unknown
word it counted against the procedure asked ("ký số là sao dzậy" scored 77.6 on main).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    ("ký số là sao dzậy", "chu-ky-so-ca-nhan"),  # 77.6 on main
    ("con tui 14 tuổi làm căn cước sao dzậy", "cap-the-can-cuoc"),  # 88.5 on main
])
def test_dzay_is_a_particle_not_an_unknown_word(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route
    assert route.score >= 95, route


def test_dzay_reads_as_vay(matcher):
    assert matcher.normalise("làm ở đâu dzậy") == matcher.normalise("làm ở đâu vậy")
