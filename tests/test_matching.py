"""Matcher decisions on the shipped knowledge base, and the accuracy floor on our labelled set."""
from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.evaluation import evaluate, load_cases
from knowledge.loader import load_knowledge
from knowledge.matching import MatchConfig, Matcher
from knowledge.models import KnowledgeBase, OutOfScope

REPO = Path(__file__).resolve().parents[1]
LABELLED = REPO / "tests" / "data" / "labelled-questions.yaml"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(REPO / "procedures.yaml")


@pytest.fixture(scope="module")
def matcher(kb) -> Matcher:
    return Matcher(kb)


@pytest.mark.parametrize("text, expected", [
    ("dang ky tam tru can gi", "dang-ky-tam-tru"),
    ("Đăng ký tạm trú cần giấy tờ gì?", "dang-ky-tam-tru"),
    ("DANG KY TAM TRU", "dang-ky-tam-tru"),
    ("dnag ky tamtru", "dang-ky-tam-tru"),
    ("chuw kys soos", "chu-ky-so-ca-nhan"),
    ("khai sinhh cho con!!!", "dang-ky-khai-sinh"),
])
def test_answers_the_way_citizens_write(matcher, text, expected):
    route = matcher.route(text)
    assert route.decision == "answer", route
    assert route.procedure == expected and route.candidates == (expected,)


@pytest.mark.parametrize("text", ["đăng ký kinh doanh", "học lái xe", "làm hộ chiếu"])
def test_out_of_scope_neighbours_are_not_answered(matcher, text):
    route = matcher.route(text)
    assert route.decision == "none" and route.procedure is None and route.candidates == ()


@pytest.mark.parametrize("text, kind", [("xin chào", "small_talk"), ("cảm ơn nhé", "small_talk"),
                                        ("123456", "noise"), ("???", "noise"), ("", "noise"),
                                        ("con mèo nhà tôi màu vàng", "unknown")])
def test_none_says_why(matcher, text, kind):
    route = matcher.route(text)
    assert (route.decision, route.kind) == ("none", kind)


def test_ambiguous_message_offers_two_or_three_candidates(matcher):
    # Form CT01 serves both permanent and temporary residence.
    route = matcher.route("mẫu CT01")
    assert route.decision == "clarify"
    assert 2 <= len(route.candidates) <= 3
    assert {"dang-ky-thuong-tru", "dang-ky-tam-tru"} <= set(route.candidates)
    assert route.procedure == route.candidates[0]


def test_huge_message_is_routed_without_error(matcher):
    route = matcher.route("dang ky tam tru " + "a" * 5000)
    assert route.decision in ("answer", "clarify", "none")


def test_out_of_scope_entries_come_from_the_knowledge_base(kb):
    # Remove the passport entry and a passport question is no longer "out of scope" by name:
    # the rejection is data, not code.
    trimmed = KnowledgeBase(procedures=kb.procedures, topics=kb.topics,
                            out_of_scope=tuple(o for o in kb.out_of_scope if o.id != "ho-chieu"))
    extra = KnowledgeBase(procedures=kb.procedures, topics=kb.topics,
                          out_of_scope=(*trimmed.out_of_scope, OutOfScope("ho-chieu-2", "Hộ chiếu", ("làm hộ chiếu",))))
    assert Matcher(extra).route("làm hộ chiếu").out_of_scope == "ho-chieu-2"
    assert Matcher(trimmed).route("làm hộ chiếu").out_of_scope != "ho-chieu"


def test_thresholds_are_configuration(kb):
    strict = Matcher(kb, MatchConfig.defaults().updated({"answer_min": 101, "clarify_min": 101}))
    assert strict.route("dang ky tam tru can gi").decision == "none"


def test_accuracy_floor_on_our_labelled_set(matcher, kb):
    report = evaluate(matcher, load_cases(LABELLED), {p.id for p in kb.procedures})
    f = report.figures
    assert f["in_scope"] >= 200 and f["out_of_scope"] >= 40
    # Floors a little under what the matcher measures, so CI catches regressions.
    assert f["right"] >= 0.94, report.as_text()
    assert f["answered_right"] >= 0.88, report.as_text()
    assert f["wrong"] <= 0.02, report.as_text()
    assert f["oos_rejected"] >= 0.94, report.as_text()


def test_nearest_ranks_procedures_even_when_the_assistant_would_not_answer(matcher):
    assert matcher.route("cho em hỏi chút").decision == "none"
    ranked = matcher.nearest("tạm trú cho con thuê trọ", 3)
    assert ranked[0][0] == "dang-ky-tam-tru"
    assert len(ranked) == 3 and ranked[0][1] >= ranked[1][1] >= ranked[2][1]
    assert matcher.nearest("???") == []
