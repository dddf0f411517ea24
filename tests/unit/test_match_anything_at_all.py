""""Gì hết", "gì cả" after a denial ("chưa làm giấy tờ gì cả", "không nhớ gì hết") say "nothing at
all": a look-alike of the question word "gì" (vocabulary not_markers), so such a clause tells
the situation and asks nothing; "sao cho" ("khai tử trễ sao cho đúng") asks how (question_markers).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_nothing_at_all_is_no_question_and_how_so_that_asks(matcher):
    route = matcher.route("ba tui mất năm ngoái, nhà chưa làm giấy tờ gì cả, khai tử trễ sao cho đúng")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-tu"), route


def test_control_what_papers_is_still_asked(matcher):
    route = matcher.route("mẹ mất tháng trước, khai tử cho mẹ cần giấy tờ gì hả em")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-tu"), route
