"""'Đứa nhỏ' (a small child) holds 'nhỏ', which folds to 'nho' like the request 'nhờ': it asks no
favour (not_markers: 'dua nho'), and a request is not read inside a look-alike, as the other
clause markers are not (knowledge.clauses).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

_FUNERAL = ("Khai tử cho ông ngoại với xin trợ cấp mai táng một lần, nhà có 3 đứa nhỏ đang tuổi đi học, "
            "tui lớn tuổi không rành mong cô chỉ giùm")


def test_the_children_told_of_are_no_request(matcher):
    clauses = matcher._finder.clauses(_FUNERAL)
    children = [c for c in clauses if any(t.text == "dua" for t in c.tokens)]
    assert children and all(c.focus < 1.0 for c in children), clauses
    route = matcher.route(_FUNERAL)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-tu"), route


def test_control_a_favour_asked_stays_a_request(matcher):
    clauses = matcher._finder.clauses("em nhờ ad chỉ giùm cách làm giấy khai sinh cho bé, nhà có 2 đứa nhỏ")
    assert clauses[0].focus == 1.0
    route = matcher.route("em nhờ ad chỉ giùm cách làm giấy khai sinh cho bé, nhà có 2 đứa nhỏ")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route
