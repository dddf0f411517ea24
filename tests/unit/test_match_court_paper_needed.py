"""A court's paper asked about as a requirement ("đăng ký kết hôn ... có cần bản án ly hôn không",
"cần quyết định ly hôn không"; vocabulary need_papers, knowledge.clause_needs) is asked of the act
before it: the divorce it names is no divorce asked for.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

_NEEDED = [
    "dang ky ket hon lan hai can ban an ly hon khong a",  # on main: the divorce neighbour (none)
    ("chồng cũ với em ly hôn ở tòa xong lâu rồi, giờ em đăng ký kết hôn với người khác có cần mang quyết định "
     "ly hôn theo không"),  # on main: answered, at 55.1 only
]

_DIVORCE = ["muốn ly hôn thì nộp đơn ở đâu", "bản án ly hôn bị mất xin lại ở đâu"]


@pytest.mark.parametrize("text", _NEEDED)
def test_a_court_paper_needed_by_the_marriage_is_the_marriage(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-ket-hon"), route
    assert route.score >= 70, route


@pytest.mark.parametrize("text", _DIVORCE)
def test_control_the_divorce_asked_stays_the_neighbour(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "ly-hon"), route
