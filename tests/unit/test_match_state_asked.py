"""Whether a dossier sent online was received or when it will be through ('xã nhận chưa', 'bao
giờ xong') asks its state: cues of the lookup (tra-cuu-ho-so) as 'xong chưa', 'duyệt chưa' are.
The submission's cue said beside it ('nộp hồ sơ online') no longer makes the submission answered
alone: the lookup, which scores best, is offered first.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

_STATE = [  # both were answered as the online submission
    "tui nộp hồ sơ online hôm thứ hai rồi mà không biết bên xã nhận chưa, coi ở chỗ nào",
    "hồ sơ em nộp online bao giờ xong, xem ở chỗ nào",
]


@pytest.mark.parametrize("text", _STATE)
def test_the_state_of_a_dossier_sent_is_the_lookup_first(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("clarify", "tra-cuu-ho-so"), route
    assert "nop-ho-so-truc-tuyen" in route.candidates, route


@pytest.mark.parametrize("text, expected", [
    ("nộp hồ sơ online ở đâu, cần những gì", "nop-ho-so-truc-tuyen"),  # the submission asked
    ("làm căn cước bao giờ xong, có lâu không", "cap-the-can-cuoc"),  # how long a procedure takes
])
def test_control_the_submission_and_a_procedure_s_delay_stay(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route


def test_control_without_the_cues_the_submission_is_answered(kb):
    cues = dict(kb.vocabulary["cues"])
    cues["tra-cuu-ho-so"] = [c for c in cues["tra-cuu-ho-so"] if c not in ("nhan chua", "bao gio xong")]
    route = Matcher(replace(kb, vocabulary={**kb.vocabulary, "cues": cues})).route(_STATE[1])
    assert (route.decision, route.procedure) == ("answer", "nop-ho-so-truc-tuyen"), route
