"""A reason typed on after the question ("... được không vì cả hai đều có tạm trú ở đây"; vocabulary
reason_markers, knowledge.clauses) tells the situation the question rests on: unlike a purpose
("phải làm gì | để sửa lại"), it does not carry the request on, so its words weigh as the story
and the question keeps its own object.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

_ASKED = [
    # on main: none (the reason's "tạm trú" took the request)
    ("em với anh nhà quen nhau ở công ty mấy năm rồi, giờ đăng ký kết hôn ở xã này luôn được không "
     "vì hai đứa đều có tạm trú ở đây", "dang-ky-ket-hon"),
    # on main: the temporary residence
    ("cho hỏi bà nội tui mất rồi, làm khai tử ở xã đây luôn được không vì bà có đăng ký tạm trú ở nhà tui "
     "mấy năm nay", "dang-ky-khai-tu"),
]

_CONTROLS = [
    # the question names the same thing the reason leans on
    ("tui ở nhà trọ gần công ty, đăng ký tạm trú online được không vì chủ trọ đi vắng hoài", "dang-ky-tam-tru"),
    ("hai vợ chồng quê Thanh Hóa vào đây làm ăn, bé mới sinh được 2 tuần, làm khai sinh cho bé ở xã này "
     "được không vì tụi em chỉ có tạm trú ở đây", "dang-ky-khai-sinh"),
]


@pytest.mark.parametrize(("text", "expected"), _ASKED + _CONTROLS)
def test_a_reason_after_the_question_is_the_situation(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route


def test_control_without_reason_markers_the_reason_carries_the_request(matcher, monkeypatch):
    from knowledge.phrases import PhraseSet
    monkeypatch.setattr(matcher._finder._markers, "reasons", PhraseSet(()))
    route = matcher.route(_ASKED[0][0])
    assert route.procedure != "dang-ky-ket-hon", route
