"""'Tốn bao nhiêu tiền' asks the fee of what is named before it (act_words: 'tốn', like 'hết',
'mất'): it names no object of its own, so the clause before it, which passes a land book on
('sang sổ ...', act_words 'sang sổ'), is what is asked about.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_the_fee_of_passing_a_land_book_on_is_the_land_transfer(matcher):
    route = matcher.route("sang so do manh vuon cho con gai, ton bao nhieu tien vay")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-bien-dong-dat-dai"), route


def test_the_clause_before_the_fee_question_is_the_focus(matcher):
    clauses = matcher._finder.clauses("sang so do manh vuon cho con gai, ton bao nhieu tien vay")
    assert all(c.focus == 1.0 for c in clauses), clauses


def test_control_a_fee_asked_with_its_object_stays(matcher):
    route = matcher.route("làm căn cước cho con 14 tuổi tốn bao nhiêu tiền")
    assert (route.decision, route.procedure) == ("answer", "cap-the-can-cuoc"), route
    route = matcher.route("sang tên xe máy cho em trai, tốn bao nhiêu tiền")
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route
