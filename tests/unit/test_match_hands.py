"""A thing said to change hands asks for the change of its owner (vocabulary `hands` and `owned`,
knowledge.match_hands): a vehicle sold, given or bought second-hand is the vehicle transfer, however
the question is put ("giấy tờ làm sao", "đổi chủ", "để xe không còn đứng tên em"), where its words
score the first registration higher or leave every procedure under the bar.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.match_config import MatchConfig
from knowledge.matching import Matcher

_HANDED = [
    "bán chiếc xe cho thằng em họ rồi thì giấy tờ làm sao",  # the first registration was answered
    "mới bán chiếc xe cho anh bạn, giờ làm sao để xe không còn đứng tên em",  # clarified, the registration first
    "dì Hai bán chiếc xe tay ga cho người cùng xóm, giờ giấy tờ tính sao",  # nothing was answered
]


@pytest.mark.parametrize("text", _HANDED)
def test_a_vehicle_that_changes_hands_is_the_transfer(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route


@pytest.mark.parametrize("text", [
    "bán xe cho ông hàng xóm rồi thì giờ phải làm giấy gì nữa",  # the neighbours' land dispute was shown
    "bán xe cho hàng xóm rồi phải làm giấy gì",  # the ride-hailing company was shown
])
def test_a_neighbour_that_says_none_of_its_words_does_not_block_the_transfer(matcher, text):
    # 'hàng xóm', 'xe', 'giấy' score the neighbours a little ahead on shared words; none of their cues is said.
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route


@pytest.mark.parametrize("text, expected", [
    ("mới mua chiếc xe máy mới cho con, bấm biển ở đâu", "dang-ky-xe"),  # 'cho' is no giving away
    ("bán chiếc xe cũ rồi, giờ mua xe mới tinh ở cửa hàng thì đăng ký biển ở đâu", "dang-ky-xe"),  # its cue
    ("mua lại chiếc xe cũ của người quen mà bị mất cà vẹt, làm lại sao", "doi-cap-lai-dang-ky-xe"),
    ("để lại chiếc xe ở nhà rồi đi làm xa, giờ làm mất cà vẹt làm lại sao", "doi-cap-lai-dang-ky-xe"),
])
def test_control_another_procedure_told_apart_by_its_cues_keeps_it(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route


@pytest.mark.parametrize("text", [
    "mua lại chiếc xe cũ rồi, giờ mua bảo hiểm bắt buộc ở đâu",
    "bán chiếc xe cũ rồi mà bị phạt nguội, nộp phạt ở đâu",
    "mua lại chiếc xe cũ, giờ muốn đi học bằng lái thì đăng ký ở đâu",
])
def test_control_a_neighbour_that_scores_higher_is_still_shown(matcher, text):
    route = matcher.route(text)
    assert route.decision == "none" and route.kind == "out_of_scope", route


def test_control_without_the_mechanism_the_vehicle_sold_is_not_the_transfer(kb):
    off = Matcher(kb, replace(MatchConfig.defaults(), hands_min=100.0))
    routes = [off.route(text) for text in _HANDED]
    assert all((r.decision, r.procedure) != ("answer", "sang-ten-xe") for r in routes), routes


# What happened to the thing after it changed hands, told beside the question (a fine sent to the
# seller), is why the citizen asks; the question names the thing and asks how it stops standing in
# the seller's name.
_AFTERWARDS = [
    # the traffic-fine neighbour was shown on main
    "Năm ngoái tôi bán chiếc Vision cho đứa cháu, viết giấy tay thôi, nay giấy phạt nguội gửi về nhà tôi, "
    "giờ tôi phải làm gì để chiếc xe không còn đứng tên tôi",
    "ba tôi đã bán chiếc xe tải cho người quen từ hồi Tết, tuần rồi lại bị camera chụp vượt đèn đỏ gửi giấy về, "
    "giờ làm sao để chiếc xe đó sang tên người mua",
]


@pytest.mark.parametrize("text", _AFTERWARDS)
def test_a_neighbour_told_beside_the_question_does_not_keep_the_transfer(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route


@pytest.mark.parametrize("text", [
    # the fine is what the question asks about
    "Tôi bán chiếc Vision cho đứa cháu năm ngoái, nay giấy phạt nguội gửi về nhà tôi, giờ tôi phải nộp phạt ở đâu "
    "để xe không còn bị phạt",
    # the question names no thing: it refers back to the water meter told before it
    "Em mới mua lại căn nhà của ông chú, sổ hồng sang tên xong rồi, còn đồng hồ nước vẫn đứng tên ổng, "
    "giờ em muốn sang tên qua em thì làm sao",
])
def test_control_a_neighbour_the_question_asks_about_is_still_shown(matcher, text):
    route = matcher.route(text)
    assert route.decision == "none" and route.kind == "out_of_scope", route


def test_control_without_the_mechanism_a_fine_told_beside_keeps_the_transfer_away(kb):
    off = Matcher(kb, replace(MatchConfig.defaults(), hands_min=100.0))
    routes = [off.route(text) for text in _AFTERWARDS]
    assert all((r.decision, r.procedure) != ("answer", "sang-ten-xe") for r in routes), routes
