"""What was done, named by a neighbour's naming cue in the story, is what a question about its
consequence asks ("bán ve chai rồi, cà vẹt có phải đem nộp lại không" is the revocation of a
scrapped vehicle's registration), when no procedure's cue is said outside that story
(knowledge.match_cues: Found.told_beside). Beside a request that says a procedure's cues
("giờ mua xe mới"), the story stays the story.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from knowledge.match_cues import Found
from knowledge.matching import Matcher

SCRAPPED = [
    "ô tô cũ của công ty bán sắt vụn rồi, giờ biển số với giấy đăng ký còn cất, có phải đem trả không",
    "chiếc xe máy của ông nội hư nát bán ve chai rồi, giờ cà vẹt với biển số có cần đem nộp lại không",
]


@pytest.mark.parametrize("text", SCRAPPED)
def test_a_scrapped_vehicles_papers_are_handed_back(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "thu-hoi-dang-ky-xe"), route


@pytest.mark.parametrize("text", [
    "chiếc xe cũ bán ve chai rồi, giờ mua xe mới thì đăng ký biển số ở đâu",
    "xe máy cũ bán phế liệu rồi, giờ mua chiếc mới ở cửa hàng thì bấm biển ở đâu",
])
def test_controls_a_new_vehicle_asked_after_the_story_is_ours(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-xe"), route


def test_control_a_paper_only_described_in_the_story_stays_the_story(matcher):
    route = matcher.route("bé nhà em giấy khai sinh với thẻ bảo hiểm y tế có hết rồi, "
                          "giờ làm căn cước cho bé được không")
    assert (route.decision, route.procedure) == ("answer", "cap-the-can-cuoc"), route


def test_control_with_any_story_kept_out_the_registration_is_offered(kb, monkeypatch):
    monkeypatch.setattr(Found, "told_beside", lambda self, doc, procedures: self.told_only(doc))
    route = Matcher(kb).route(SCRAPPED[1])
    assert route.decision != "none", route
