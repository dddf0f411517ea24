"""Who stays and how long (vocabulary `stays`, knowledge.match_stay): a guest's few days or
weeks is the stay notification, a foreigner's stay the foreigners' declaration, even when the
citizen calls it "đăng ký / khai báo tạm trú"; someone who comes to live, rents a room or
asks about the procedure's own delays is still answered with the temporary residence.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from knowledge.match_stay import _short


@pytest.mark.parametrize("text", [
    "em gái với em rể ở Long An lên nhà tui ở chơi chừng năm ngày, có phải đăng ký tạm trú cho tụi nó không",
    "tết này mấy đứa cháu ở Bình Dương về ngủ lại nhà ông bà, khai báo tạm trú ở đâu",
    "ba má dưới quê lên thăm, ở 10 ngày rồi về, có cần làm tạm trú không ạ",
])
def test_a_guests_short_stay_is_notified(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "thong-bao-luu-tru"), route


def test_a_foreigners_stay_is_the_foreigners_declaration(matcher):
    route = matcher.route("ban trai nguoi Nhat qua tham em 1 tuan, dang ky tam tru cho anh ay sao")
    assert (route.decision, route.out_of_scope) == ("none", "khai-bao-tam-tru-nguoi-nuoc-ngoai"), route


@pytest.mark.parametrize("text", [
    "em lên Biên Hòa làm công nhân, thuê phòng trọ ở lâu dài, đăng ký tạm trú thế nào",
    "em mới dọn tới phòng trọ được 2 tuần, đăng ký tạm trú trễ có sao không",
    "đăng ký tạm trú online mấy ngày thì có kết quả",
    "tạm trú hết hạn trễ vài tuần có bị phạt không",
    "em ở nhà chị gái được 3 tuần rồi, tính ở luôn để đi làm, đăng ký tạm trú sao",
    "cho em hỏi đăng ký tạm trú cho người thuê nhà cần giấy gì",
])
def test_controls_coming_to_live_is_temporary_residence(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route


@pytest.mark.parametrize("words, short", [
    ("o nha chung 2 tuan roi ve", True),
    ("ngu lai ba bon dem", True),
    ("o 2 thang", False),  # a month or more is a residence
    ("o duoc 2 tuan roi", False),  # time spent so far
    ("tre vai tuan", False),  # a delay, no staying
    ("o xa may ngay thi xong", False),  # a question of how long
])
def test_short_reads_lengths_of_stay(words, short):
    assert _short(words.split(), 30) is short


@pytest.mark.parametrize("text", [
    # the word of staying ends the clause before the length ("ở | phòng trọ chừng 10 ngày")
    ("ba chồng em ở Quảng Nam vô thăm cháu nội ở phòng trọ chừng 9 ngày rồi về, chủ trọ nói phải báo công an, "
     "có phải đăng ký tạm trú cho ổng không"),
    "bà ngoại xuống ở nhà tụi con mấy bữa rồi về, công an khu vực hỏi có phải đăng ký tạm trú hông",
])
def test_a_guests_length_told_across_a_clause_or_as_a_few_days_is_notified(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "thong-bao-luu-tru"), route


@pytest.mark.parametrize("words, short", [
    ("o may tuan roi ve", True),  # "mấy": a few
    ("o may thang", False),  # a few months: a residence
])
def test_short_reads_a_few(words, short):
    assert _short(words.split(), 30) is short


@pytest.mark.parametrize("text", [
    "nhà tui cho hai ông chuyên gia Đài Loan thuê căn phòng trên lầu, khai báo tạm trú cho mấy ổng ở đâu",
    "chuyen gia nhat thue nha cua minh o gan kcn, dang ky tam tru cho ho lam sao",
])
def test_an_expert_renting_is_a_foreigner(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "khai-bao-tam-tru-nguoi-nuoc-ngoai"), route


def test_control_a_worker_renting_is_temporary_residence(matcher):
    route = matcher.route("em làm công nhân, mới thuê phòng trọ gần khu công nghiệp, khai báo tạm trú cho em ở đâu")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route
