"""The papers certified run on across a cut the focus makes only for weight ("... bắt nộp 2 bản
sao công chứng học bạ với | bằng tốt nghiệp THCS, ..."): a neighbour's cue said there (the school's
"bằng tốt nghiệp") is still the paper certified (knowledge.match_copies, match_spans._cuts), not
what is asked. A cut at punctuation still ends it.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

_LIST = ("Dạ tuần sau con em nhập học lớp 10 mà trường bắt nộp 2 bản sao công chứng học bạ với bằng tốt "
         "nghiệp THCS, em mang bản chính ra xã làm trong buổi sáng có kịp không ạ")  # on main: the school (none)


def test_papers_certified_across_a_focus_cut_are_the_certification(matcher):
    route = matcher.route(_LIST)
    assert (route.decision, route.procedure) == ("answer", "chung-thuc-ban-sao"), route


def test_control_a_neighbour_asked_after_the_comma_stays_the_neighbour(matcher):
    route = matcher.route("hồ sơ xin việc cần bản sao công chứng bằng tốt nghiệp đại học với giấy khám sức khỏe, "
                          "khám sức khỏe ở đâu vậy")
    assert (route.decision, route.out_of_scope) == ("none", "y-te"), route


def test_control_every_cut_a_bound_the_school_is_named(matcher, monkeypatch):
    import knowledge.matching as matching
    monkeypatch.setattr(matching, "_cuts", lambda clauses: frozenset())
    route = matcher.route(_LIST)
    assert route.decision == "none", route
