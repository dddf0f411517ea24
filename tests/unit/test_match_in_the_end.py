"""'Rốt cuộc' (so in the end) leads a question after a story of trips to the office and names
nothing; folded, its 'cuộc' is the 'cước' of 'căn cước' (an ID card), which pulled a request
that names no service towards the card procedures. It reads as 'vậy' (vocabulary synonyms).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

from knowledge.matching import Matcher

_TRIPS = ("vợ chồng tui cưới 4 năm mới đi đăng ký, lên xã bị kêu thiếu giấy, về lấy rồi lên lại thì bị kêu thiếu "
          "cái khác, rốt cuộc cần đem theo những gì cho đủ")


def _words(matcher, text: str) -> set[str]:
    return {t.text for c in matcher._finder.clauses(text) for t in c.tokens}


def test_in_the_end_names_no_card(matcher):
    assert "cuoc" not in _words(matcher, _TRIPS)
    route = matcher.route(_TRIPS)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-ket-hon"), route


def test_control_the_card_is_still_named(matcher):
    route = matcher.route("mất ví rồi, rốt cuộc làm lại căn cước ở xã hay lên tỉnh")
    assert route.procedure == "cap-doi-cap-lai-can-cuoc", route


def test_control_without_the_synonym_the_card_pulls(kb):
    plain = Matcher(replace(kb, vocabulary={**kb.vocabulary, "synonyms": {"rot cuoc": "rot cuoc"}}))
    assert "cuoc" in _words(plain, _TRIPS)
    route = plain.route(_TRIPS)
    assert (route.decision, route.procedure) != ("answer", "dang-ky-ket-hon"), route
