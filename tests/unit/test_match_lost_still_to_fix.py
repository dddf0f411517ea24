"""A paper lost is what the request fixes, not a story done with (vocabulary `pending_markers`:
"bị mất rồi", knowledge.match_done): "rồi" ends the loss, but the citizen still needs the paper,
so the neighbour that issues it is still spoken of.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher
from knowledge.normalise import Vocabulary

LOST_DIPLOMAS = [
    "bằng tốt nghiệp cấp 2 của con tui bị mất rồi giờ xin bản sao được không",
    "bằng tốt nghiệp đại học bị mất rồi, làm bản sao ở đâu",
]


@pytest.mark.parametrize("text", LOST_DIPLOMAS)
def test_a_lost_diploma_is_the_schools(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.kind, route.out_of_scope) == ("none", "out_of_scope", "giao-duc"), route


@pytest.mark.parametrize("text, expected", [
    ("giấy chứng nhận kết hôn bị mất rồi, xin bản sao ở đâu", "trich-luc-ho-tich"),
    ("cà vẹt xe bị mất rồi, xin cấp lại ở đâu", "doi-cap-lai-dang-ky-xe"),
])
def test_controls_our_lost_papers_stay_ours(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route


def test_control_read_as_done_the_loss_leaves_the_school(kb, monkeypatch):
    builtin = Vocabulary.builtin()
    lost = {("bi", "mat", "roi"), ("lam", "mat", "roi"), ("danh", "mat", "roi")}
    plain = replace(builtin, pending_markers=builtin.pending_markers - lost)
    monkeypatch.setattr(Vocabulary, "builtin", classmethod(lambda cls: plain))
    route = Matcher(kb).route(LOST_DIPLOMAS[0])
    assert route.out_of_scope != "giao-duc", route
