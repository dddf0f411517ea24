"""A denied act after a one-word subject ('trển không đăng ký tạm trú', 'ảnh chưa làm') is a
condition of the request, like one typed without it ('không đăng ký tạm trú'): it is not what is
asked (knowledge.clauses, denied).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

_AWAY = ("má tui lên Đà Lạt giữ cháu cho chị hai cả năm, trển không đăng ký tạm trú, ở nhà có phải khai gì "
         "với xã không")


def test_a_residence_not_registered_there_is_not_what_is_asked(matcher):
    route = matcher.route(_AWAY)
    assert route.procedure != "dang-ky-tam-tru", route


def test_the_denied_clause_weighs_less(matcher):
    clauses = matcher._finder.clauses(_AWAY)
    denied = [c for c in clauses if any(t.text == "tam" for t in c.tokens)]
    assert denied and all(c.focus < 1.0 for c in denied), clauses


def test_control_a_refusal_asked_about_stays_the_residence(matcher):
    route = matcher.route("em ở trọ gần chợ 2 năm nay, chủ trọ không cho đăng ký tạm trú, giờ em phải làm sao")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route


def test_control_a_birth_not_yet_registered_stays_the_birth_registration(matcher):
    route = matcher.route("bé nhà em 6 tháng, em chưa làm giấy khai sinh, giờ làm có bị phạt không")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route
