""""Xin bản khác" (another copy) of a civil-status paper damaged is the extract's (trich-luc-ho-tich
cue 'bản khác'); a land title damaged stays the land title's neighbour.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_another_copy_of_a_damaged_paper_is_the_extract(matcher):
    route = matcher.route("giấy khai sinh của con bị nước làm nhòe hết chữ, giờ xin bản khác ở đâu")
    assert (route.decision, route.procedure) == ("answer", "trich-luc-ho-tich"), route  # was clarified


def test_control_another_copy_of_a_land_title_is_no_extract(matcher):
    route = matcher.route("sổ đỏ bị mối ăn, xin bản khác được không")
    assert route.decision == "none", route


def test_a_paper_eaten_by_termites_is_damage_like_one_gnawed_by_rats(matcher):
    # 'mối ăn' is the extract's cue as 'chuột cắn' is (and the land title's neighbour's)
    route = matcher.route("giấy đăng ký kết hôn của ba má cất trong rương bị mối ăn mất chữ, giờ làm sao")
    assert (route.decision, route.procedure) == ("answer", "trich-luc-ho-tich"), route  # was clarified


def test_control_a_land_title_eaten_by_termites_is_no_extract(matcher):
    route = matcher.route("sổ đỏ bị mối ăn rồi làm sao")
    assert route.decision == "none", route
