"""Land transfers and first registrations told in Southern farmers' words reach the land
procedures; vehicle transfers and land neighbours keep their own.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, expected", [
    # "nền" typed with diacritics is a house plot, not the clause break "nên"
    ("tôi vừa mua cái nền nhà ở cuối ấp, công chứng xong rồi, giờ sang tên nộp chỗ nào",
     "dang-ky-bien-dong-dat-dai"),
    # land units: "công", "sào", "mẫu" of rice fields
    ("bán hai sào ruộng cho ông chú, giờ ổng biểu đi làm sang tên", "dang-ky-bien-dong-dat-dai"),
    ("tui cho thằng con mấy công đất rẫy, làm giấy cho nó đứng tên ra sao", "dang-ky-bien-dong-dat-dai"),
    ("mấy công ruộng ông bà để lại chưa từng có sổ đỏ, giờ xin cấp sổ lần đầu", "dang-ky-dat-dai-lan-dau"),
    # the vehicle words keep a vehicle transfer the vehicle's
    ("mua lại chiếc xe máy cũ của thằng bạn, giờ sang tên xe qua tui nộp ở đâu", "sang-ten-xe"),
])
def test_land_in_farmers_words(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected)


@pytest.mark.parametrize("text", [
    # "đất thổ cư" is a kind of land; the conversion is "lên thổ cư", "lên đất ở"
    "mấy công đất ruộng của tui muốn xin lên đất ở để cất nhà thì sao",
    "hàng xóm dời cọc ranh lấn qua ruộng tui, làm đơn ở đâu",
])
def test_land_neighbours_are_not_taken(matcher, text):
    assert matcher.route(text).decision != "answer"


def test_a_shared_cue_does_not_answer_over_the_runner_up_the_cues_speak_for(matcher):
    # "sang tên" is the land transfer's cue and the vehicle's; "ô tô" only the vehicle's, and the
    # land book's transfer is told as done: the land transfer is not answered, the vehicle is offered.
    route = matcher.route("Nhà em ở ấp 3, sổ đỏ đã sang tên cho thằng út hồi tết rồi, sang tên ô tô cần những gì, "
                          "em cảm ơn")
    assert route.decision != "answer" or route.procedure == "sang-ten-xe", route
    assert "sang-ten-xe" in route.candidates, route


@pytest.mark.parametrize("text", [
    "mua lai cai nen cua chu Ba, sang ten o xa duoc khong",
    "ban mieng nen cho nguoi ta, gio sang ten nop dau",
])
def test_a_plot_typed_without_diacritics_is_no_clause_break(matcher, text):
    # "cái nen", "miếng nen" is a plot ("nền"), not the break "nên" (vocabulary not_markers)
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-bien-dong-dat-dai"), route
