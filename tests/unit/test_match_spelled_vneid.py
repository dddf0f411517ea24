"""Voice typing spells the app's name out as said: "vi en ai đi" is VNeID (vocabulary synonyms).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_the_spelled_name_is_the_account(matcher):
    route = matcher.route("cái vi en ai đi của ông nội bị khóa rồi, mở lại sao")
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route
    assert "vneid" in route.normalised


def test_control_the_same_words_apart_are_no_name(matcher):
    route = matcher.route("ai đi làm căn cước cho ông vì en không đi được")
    assert "vneid" not in route.normalised, route
