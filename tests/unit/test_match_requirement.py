"""What a citizen asks must be done for a procedure (knowledge.match_requirement): "cấp lại bằng
lái có phải thi lại không" asks whether the re-issue requires a new test; the driving school's
"thi lại" is not what is asked for. A service named by its own naming cue inside the question
("ô tô mới mua có phải đăng kiểm không") is asked about, and so is a requirement asked of
nothing named before it ("rớt sa hình có phải thi lại không").

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "Bằng lái ô tô của tôi bị mất trong lúc dọn nhà, giờ làm lại bằng có phải thi lại không",
    "Hôm trước tôi làm rớt bằng lái xe máy ở chợ, giờ cấp lại bằng lái có phải thi lại không",
    "ba tôi mất bằng lái ô tô, làm lại bằng có bắt thi lại không",
    "giấy phép lái xe bị rách, xin cấp lại có bị bắt thi lại không",
])
def test_a_test_asked_of_the_licence_re_issue_is_the_re_issue(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "doi-giay-phep-lai-xe"), route


@pytest.mark.parametrize("text, neighbour", [
    ("rớt sa hình có phải thi lại không", "hoc-lai-xe"),
    ("học bằng lái B2 có phải thi lại lý thuyết không", "hoc-lai-xe"),
    ("ô tô mới mua có phải đăng kiểm không", "dang-kiem"),
])
def test_controls_the_requirement_itself_is_asked(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route
