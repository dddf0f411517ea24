"""What a message tells as done (knowledge.match_done): a clause that still wants something,
said before a clause told as done, is no part of the story behind the citizen.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from knowledge.match_done import DoneParts


def _parts() -> DoneParts:
    return DoneParts(["roi", "xong"], [("gio",)], [("muon",), ("xin",)])


def test_a_wanting_clause_before_the_done_one_stays_asked():
    texts = "xe chua co bien muon chay tam , vneid len muc 2 roi , cam on".split()
    told = [(8, 13)]
    assert _parts()(texts, told) == [(8, 13)]


def test_a_story_before_the_done_clause_is_still_done():
    # no clause wants anything before "trình báo xong rồi": all of it is behind the citizen
    texts = "bi mat trom xe , da trinh bao xong roi , gio lam lai".split()
    assert _parts()(texts, [(5, 10)]) == [(0, 10)]


def test_one_clause_read_before_a_break():
    texts = "bi trom xe trinh bao roi gio xin lam lai".split()
    assert _parts()(texts, []) == [(0, 6)]


@pytest.mark.parametrize("text", [
    "Xe mới mua chưa có biển muốn chạy tạm về quê, căn cước em làm rồi, em ở trọ chung với đồng nghiệp, cảm ơn chị",
    "Xe mới mua chưa có biển muốn chạy tạm về quê, em đăng ký tạm trú rồi, em ở trọ với bạn, cảm ơn chị",
    "Xe mới mua chưa có biển muốn chạy tạm về quê, vneid em kích hoạt mức 2 rồi, em đang ở trọ gần chợ, cảm ơn nha",
])
def test_the_wanted_neighbour_is_not_done_with(matcher, text):
    # Before: everything up to the last "rồi" counted as done, so the temporary registration
    # (named in the first clause) was refused and the first registration answered.
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "dang-ky-xe-tam-thoi"), route


@pytest.mark.parametrize("text, procedure", [
    ("bị mất trộm xe máy, đã trình báo công an xong rồi, giờ xin cấp lại cà vẹt", "doi-cap-lai-dang-ky-xe"),
    ("Xe mới mua chưa có biển, em lên mức 2 vneid rồi, giờ đăng ký biển số ở đâu", "dang-ky-xe"),
])
def test_controls_the_story_told_as_done_is_still_the_story(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route
