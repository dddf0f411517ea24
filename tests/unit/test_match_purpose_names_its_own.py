"""A request typed on as the purpose of the clause before it, without a comma ("muốn nhập khẩu cho
cháu | để sang năm đi học thì làm thế nào"), asks about that clause; one that names a service of its
own ("... để chữa bệnh chắc phải mấy năm | tổ trưởng kêu làm tạm trú ... làm ở đâu") asks about that
service: the clause before it (knowledge.clauses) is the story ("hộ khẩu ở Nghệ An").

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

_NAMED = ("ba tôi hộ khẩu ở Nghệ An vào Bình Dương ở với tôi để chữa bệnh lâu dài chắc phải mấy năm "
          "tổ trưởng kêu làm tạm trú cho ông vậy làm ở đâu")  # on main: clarified, the permanent residence first

_CONTROLS = [
    ("tui muốn nhập khẩu cho cháu nội về nhà tui để sang năm cháu đi học gần thì làm thế nào", "dang-ky-thuong-tru"),
    ("con trai tui muốn tách hộ ra riêng để sau này vay vốn làm ăn thì cần giấy gì", "tach-ho"),
]


@pytest.mark.parametrize(("text", "expected"), [(_NAMED, "dang-ky-tam-tru"), *_CONTROLS])
def test_a_purpose_request_that_names_a_service_asks_about_it(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route


def test_control_naming_nothing_the_clause_before_is_asked_about(matcher, monkeypatch):
    monkeypatch.setattr(matcher._finder._names, "named", lambda texts: False)
    route = matcher.route(_NAMED)
    assert route.decision != "answer" or route.procedure != "dang-ky-tam-tru", route
