"""The paper certified is the object of the certification, whoever issued it: a procedure's cues said
only as the paper a word of certifying names ("công chứng bản sao trích lục ...", "công chứng giấy
khai tử ..."; knowledge.match_copies) are not said, as a neighbour's are not. The docs that certify
(a word of certifying is among their cues: chung-thuc-ban-sao) keep theirs.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

_CERTIFIED = [
    "công chứng giấy khai tử của ông 6 bản mất bao lâu",  # on main: the death registration
    # on main: clarified, the extract first
    "chứng thực bản sao trích lục kết hôn 3 bản nộp cho công ty hết bao nhiêu",
    # on main: clarified, the certified copy first
    "công chứng bản sao giấy chứng tử của ông nội 5 bản lấy liền được không",
]

_CONTROLS = [
    ("xin bản sao trích lục khai tử của ba ở đâu", "trich-luc-ho-tich"),
    ("mất giấy khai sinh xin trích lục lại ở đâu", "trich-luc-ho-tich"),
    ("chứng thực giấy kết hôn 2 bản làm ở đâu", "chung-thuc-ban-sao"),
]


@pytest.mark.parametrize("text", _CERTIFIED)
def test_a_paper_of_ours_certified_is_the_certification(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "chung-thuc-ban-sao"), route


@pytest.mark.parametrize(("text", "expected"), _CONTROLS)
def test_control_a_copy_asked_without_certifying_stays(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route
