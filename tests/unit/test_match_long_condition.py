"""A denied act told as a condition ("mà ba mẹ chưa đăng ký kết hôn", "chủ nhà không cho đăng ký
tạm trú") is no request, and "phải có X mới nhận Y" tells a purpose (knowledge.clauses).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher
from knowledge.models import KnowledgeBase
from knowledge.phrases import PhraseSet


@pytest.fixture(scope="module")
def plain(kb: KnowledgeBase) -> Matcher:
    """The matcher with the procedures' naming cues made ordinary ones (no guard)."""
    procedures = {p.id for p in kb.procedures}
    cues = {k: [str(c).lstrip("!") if k in procedures else c for c in v] for k, v in kb.vocabulary["cues"].items()}
    return Matcher(replace(kb, vocabulary={**kb.vocabulary, "cues": cues}))


def _read(matcher: Matcher, text: str) -> dict[str, tuple[float, bool]]:
    """Each clause's words -> (weight, asks)."""
    return {" ".join(t.text for t in c.tokens): (c.focus, c.asks) for c in matcher._finder.clauses(text)}


@pytest.mark.parametrize("text", [
    "làm khai sinh cho bé mà bố mẹ chưa đăng ký kết hôn có được không",  # asks at the end of the condition
    "đăng ký khai sinh cho bé khi ba mẹ chưa đăng ký kết hôn",  # asks nothing
])
def test_a_denied_act_is_the_condition_not_the_request(matcher, plain, monkeypatch, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route
    read = _read(matcher, text)
    denied = next(words for words in read if words.startswith("chua dang_ky ket hon"))
    assert read[denied][0] < 1.0 and not read[denied][1], read
    # Without the birth registration's naming cue ('!đăng ký khai sinh', which guards it too),
    # read as one clause, the marriage the condition names leads.
    assert (plain.route(text).decision, plain.route(text).procedure) == ("answer", "dang-ky-khai-sinh")
    monkeypatch.setattr(plain._finder._markers, "denials", PhraseSet(()))
    off = plain.route(text)
    assert (off.decision, off.procedure) != ("answer", "dang-ky-khai-sinh"), off


def test_a_landlord_who_does_not_let_register_is_the_story(matcher, monkeypatch):
    text = ("Tháng sau tui vào Cà Mau phụ hồ hơn một năm, chỗ trọ bên đó chủ nhà không cho đăng ký tạm trú, "
            "vậy trước khi đi tui phải khai báo gì với công an xã nhà mình")
    read = _read(matcher, text)
    assert read["khong cho dang_ky tam tru"][0] < 1.0, read
    route = matcher.route(text)
    assert route.procedure == "khai-bao-tam-vang", route  # answered or offered first
    monkeypatch.setattr(matcher._finder._markers, "denials", PhraseSet(()))
    assert matcher.route(text).procedure != "khai-bao-tam-vang"


@pytest.mark.parametrize("text, whole", [
    ("hồ sơ cấp căn cước của tui nộp xong chưa làm sao biết", True),  # "xong chưa" asks
    ("em nộp lệ phí rồi mà trên cổng vẫn báo chưa thanh toán", False),  # what was said, not a condition
])
def test_a_negation_that_asks_or_reports_denies_nothing(matcher, text, whole):
    read = _read(matcher, text)
    assert not any(words.startswith(("chua ", "khong ")) for words in read), read
    if whole:
        assert len(read) == 1


def test_what_the_citizen_gets_once_it_is_done_is_a_purpose(matcher):
    text = ("bà nội 70 tuổi, con cháu bảo phải có tài khoản định danh mức 2 mới nhận lương hưu qua điện thoại "
            "được, bà không rành, vậy bà phải ra đâu làm")
    read = _read(matcher, text)
    purpose = next(words for words in read if words.startswith("moi nhan luong huu"))
    assert read[purpose][0] < 1.0, read
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route


@pytest.mark.parametrize("text", [
    "sang năm tôi đi làm ăn ở tỉnh khác chừng một năm rưỡi, nhà ở quê vắng người thì có phải báo công an không",
    "vắng nhà đi làm ăn xa lâu ngày thì có cần báo với công an xã không",
])
def test_everyday_words_of_a_temporary_absence(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "khai-bao-tam-vang"), route


def test_a_lost_birth_notice_is_no_lost_extract(matcher):
    # "bị mất" is a cue of the extract (trích lục); the birth notice (giấy chứng sinh) is a cue of
    # the birth registration it is needed for: the lost extract is not answered.
    route = matcher.route("Tui có sổ hộ nghèo, giấy chứng sinh bị mất thì làm giấy khai sinh sao")
    assert route.procedure == "dang-ky-khai-sinh" and route.decision in ("answer", "clarify"), route
