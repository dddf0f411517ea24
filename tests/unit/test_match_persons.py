"""What the citizen is is not the service asked (vocabulary `persons`, knowledge.match_cues):
"khuyết tật", "hộ nghèo", "thương binh", "đơn thân" said beside one of our procedures tell who
asks; the neighbour that certifies or supports such persons is asked by its own words
("giấy xác nhận khuyết tật", "công nhận hộ nghèo", "trợ cấp").

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, procedure", [
    ("tôi là thương binh, làm thủ tục sang tên xe máy có được giảm lệ phí", "sang-ten-xe"),
    ("nhà tui hộ nghèo, đăng ký khai tử cho ba có mất tiền không", "dang-ky-khai-tu"),
    ("mẹ đơn thân làm khai sinh cho con được không", "dang-ky-khai-sinh"),
    ("con tôi khuyết tật nặng không đi được, đăng ký tạm trú cho cháu thế nào", "dang-ky-tam-tru"),
])
def test_who_asks_is_not_what_is_asked(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


@pytest.mark.parametrize("text, neighbour", [
    # Controls: the neighbour's own service named, with or without one of our procedures beside it.
    ("xin giấy xác nhận khuyết tật ở đâu", "xac-nhan-khuyet-tat"),
    ("người khuyết tật làm giấy xác nhận khuyết tật có cần mang căn cước không", "xac-nhan-khuyet-tat"),
    ("nhà tui hộ nghèo, xin giấy xác nhận hộ nghèo để làm khai sinh cho con được miễn phí không", "ho-ngheo"),
    ("làm sao để được công nhận hộ nghèo", "ho-ngheo"),
    ("thương binh hạng 4 xin trợ cấp ở đâu", "nguoi-co-cong"),
])
def test_controls_the_service_for_such_persons_asked(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route


@pytest.mark.parametrize("text, neighbour", [
    # A person word right after the name of a paper (vocabulary `papers_of`) says whose paper it
    # is: the neighbour's own paper is asked, even beside words our procedures share ("mất", "xin lại").
    ("bà nội là thương binh, làm mất giấy chứng nhận thương binh, xin lại chỗ nào", "nguoi-co-cong"),
    ("con trai tôi khuyết tật, bị mất thẻ khuyết tật rồi xin cấp lại thế nào", "xac-nhan-khuyet-tat"),
    ("nhà em hộ nghèo mà làm mất sổ hộ nghèo, đi xin lại ở đâu", "ho-ngheo"),
])
def test_a_persons_paper_is_the_neighbours_paper(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route


def test_control_a_person_word_not_after_a_paper_still_tells_who_asks(matcher):
    route = matcher.route("bà nội là thương binh, mất giấy khai sinh rồi xin lại ở đâu")
    assert route.decision == "answer" and route.out_of_scope is None, route
