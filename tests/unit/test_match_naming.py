"""Cues that name a service ("!đăng kiểm" under vocabulary `cues`), the words that deny one,
and how far behind a neighbour may be to win on its cues.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.match_cues import CueTable
from knowledge.matching import MatchConfig, Matcher
from knowledge.models import KnowledgeBase
from knowledge.normalise import Normaliser, Vocabulary

INSPECTION = "ô tô mới mua lần đầu đi đăng kiểm cần mang gì"


def _plain_cues(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base with every naming cue made an ordinary one."""
    cues = {k: [str(c).lstrip("!") for c in v] for k, v in kb.vocabulary["cues"].items()}
    return replace(kb, vocabulary={**kb.vocabulary, "cues": cues})


def test_a_naming_cue_beats_the_situation_cues_of_a_procedure(kb):
    # "ô tô mới", "lần đầu" are the first registration's cues; "đăng kiểm" names the inspection.
    route = Matcher(kb).route(INSPECTION)
    assert (route.decision, route.kind, route.out_of_scope) == ("none", "out_of_scope", "dang-kiem"), route
    plain = Matcher(_plain_cues(kb)).route(INSPECTION)
    assert (plain.decision, plain.procedure) == ("answer", "dang-ky-xe"), plain


def test_a_neighbour_far_behind_does_not_win_on_its_cues(kb):
    near = Matcher(kb, MatchConfig.defaults().updated({"cue_neighbour_reach": 0})).route(INSPECTION)
    assert near.out_of_scope is None, near


KNOWN = ["tranh", "chap", "dat", "lan", "dau", "khong", "phai"]


def _said(vocabulary: Vocabulary, text: str) -> tuple[bool, bool]:
    """Whether the dispute's naming cue and the first card's ordinary cue are said in text."""
    normaliser = Normaliser(vocabulary, known=KNOWN)
    table = CueTable({"dispute": ["!tranh chap"], "first": ["lan dau"]}, ["dispute", "first"], normaliser)
    found = table.found([t.text for t in normaliser.tokens(text)])
    return found.says(0), found.says(1)


@pytest.mark.parametrize("text, dispute", [
    ("đất có tranh chấp với hàng xóm", True),
    ("đất không tranh chấp gì, làm sổ lần đầu", False),
])
def test_a_naming_cue_after_a_negation_is_not_said(text, dispute):
    vocabulary = Vocabulary.builtin()
    assert _said(vocabulary, text)[0] is dispute
    # Without negations in the vocabulary the denied name is said too.
    assert _said(replace(vocabulary, negations=frozenset()), text)[0]


def test_an_ordinary_cue_after_a_negation_still_counts():
    assert _said(Vocabulary.builtin(), "không lần đầu") == (False, True)


def test_every_neighbour_of_the_catalogue_has_cues(kb):
    # The systematic pass over NEIGHBOURS.md gave each service (not the chit-chat) the words
    # that tell it apart; a new neighbour without any is a gap staff should fill.
    cues = kb.vocabulary["cues"]
    missing = [o.id for o in kb.out_of_scope if o.kind == "service" and not cues.get(o.id)]
    assert missing == []


def test_a_neighbour_the_procedure_takes_care_of_does_not_win_when_it_is_named(kb):
    # vocabulary `includes`: the birth registration's liên thông gives the health insurance card
    both = "khai sinh cho thằng út xong thì làm thẻ bhyt cho nó luôn"
    route = Matcher(kb).route(both)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route
    alone = Matcher(replace(kb, vocabulary={k: v for k, v in kb.vocabulary.items() if k != "includes"}))
    assert alone.route(both).procedure != "dang-ky-khai-sinh" or alone.route(both).decision != "answer"
    # the neighbour's own question is still the neighbour's
    route = Matcher(kb).route("thẻ bhyt của thằng út hết hạn, gia hạn ở đâu")
    assert (route.decision, route.kind, route.out_of_scope) == ("none", "out_of_scope", "bao-hiem-y-te"), route


@pytest.mark.parametrize("text, by_a_nose", [
    ("Thằng cu nhà em mới sinh được 2 tuần ở trạm y tế xã. Em muốn đăng ký khai sinh cho nó, mà nghe nói"
     " làm trên mạng thì có luôn thẻ bảo hiểm y tế. Em làm trên mạng kiểu gì, cần chụp giấy gì?", True),
    # Since the focus is no longer cut inside "thẻ | bảo hiểm y tế" (a cue), the birth
    # registration leads here outright: no margin is needed.
    ("Nhà em mới có em bé được 1 tháng. Em muốn làm khai sinh cho bé, nghe nói làm online thì được cấp"
     " luôn thẻ bảo hiểm y tế trẻ em. Làm trên điện thoại thế nào, cần chụp giấy gì ạ", False),
])
def test_a_neighbour_the_procedure_takes_care_of_does_not_win_by_a_nose(kb, text, by_a_nose):
    # The health insurance card's words weigh a little more than the birth registration's
    # (within oos_margin): the birth registration is still what is asked, liên thông gives the card.
    route = Matcher(kb).route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route
    strict = Matcher(kb, MatchConfig.defaults().updated({**kb.matching, "oos_margin": 0}))
    assert (strict.route(text).decision == "none") is by_a_nose


def test_a_neighbour_behind_the_best_one_wins_when_the_request_names_it(kb):
    # The inspection is not the best-scoring neighbour (a temporary registration is), but the
    # request names it ("!đăng kiểm"): the vehicle's registration is the story.
    text = "Em mới đăng ký xe ô tô xong, giờ muốn đăng kiểm thì làm sao"
    route = Matcher(kb).route(text)
    assert (route.decision, route.kind, route.out_of_scope) == ("none", "out_of_scope", "dang-kiem"), route
    only_best = Matcher(kb, MatchConfig.defaults().updated({"neighbours_checked": 1})).route(text)
    assert only_best.decision == "answer", only_best


@pytest.mark.parametrize("text, shown, by_score", [
    # a driving-school phrasing says "xe máy bị ..."; "mất cắp" is the police's cue
    ("xe máy bị mất cắp báo ai", "trinh-bao-to-giac", "hoc-lai-xe"),
    # "cắt điện cắt nước" by a landlord is a dispute to settle, not the power company's
    ("chủ nhà cắt điện cắt nước", "hoa-giai-co-so", "dien"),
])
def test_the_neighbour_shown_is_the_one_the_cues_speak_for(kb, text, shown, by_score):
    route = Matcher(kb).route(text)
    assert (route.decision, route.kind, route.out_of_scope) == ("none", "out_of_scope", shown), route
    # Without the cues, the best scoring neighbour's line would be shown.
    bare = Matcher(replace(kb, vocabulary={**kb.vocabulary, "cues": {}})).route(text)
    assert (bare.decision, bare.out_of_scope) == ("none", by_score), bare
