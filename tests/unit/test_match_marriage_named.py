"""The marriage registration is named by the wish or the act ('!muốn đăng ký kết hôn', '!đi đăng
ký kết hôn', '!muốn kết hôn', '!kết hôn với người nước ngoài'), not by the paper ("giấy đăng ký
kết hôn" is also what a copy is asked of); and "cho đàng hoàng" is a wish, not a done story.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "Tui 70 tuổi, vợ mất lâu rồi, giờ muốn đăng ký kết hôn với bà hàng xóm cho đàng hoàng, con cháu đồng ý hết. "
    "Người già làm có khác gì không, làm ở đâu",
    "anh ấy người Đài Loan sắp sang, nghe nói đăng ký kết hôn với người nước ngoài giờ làm ở xã, bên anh cần giấy gì",
])
def test_the_act_of_marrying_names_the_marriage_registration(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-ket-hon"), route


@pytest.mark.parametrize("text, expected", [
    ("mất giấy đăng ký kết hôn xin lại bản sao ở đâu", "trich-luc-ho-tich"),
    ("tui đã kết hôn với vợ được 10 năm, giờ xin giấy xác nhận tình trạng hôn nhân để vay ngân hàng",
     "xac-nhan-tinh-trang-hon-nhan"),
])
def test_control_the_paper_or_a_marriage_told_as_done_names_no_registration(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route


def test_control_a_marriage_registered_abroad_is_the_recording(matcher):
    route = matcher.route("hai vợ chồng đã đăng ký kết hôn bên Hàn rồi, về Việt Nam ghi vào sổ ở xã thế nào")
    assert (route.decision, route.out_of_scope) == ("none", "ghi-chu-ho-tich-nuoc-ngoai"), route


@pytest.mark.parametrize("text", [
    "vợ mất 3 năm rồi, giờ tui muốn kết hôn lại với người khác thì làm sao",
    "ly dị rồi lấy chồng lại có cần giấy gì không",
])
def test_marrying_again_is_the_marriage_registration(matcher, text):
    # "lại" after marrying is "again", not a re-issue ("xin lại giấy kết hôn")
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-ket-hon"), route


def test_control_a_lost_register_is_still_the_re_registration(matcher):
    route = matcher.route("sổ hộ tịch bị cháy, đăng ký lại kết hôn ở đâu")
    assert (route.decision, route.out_of_scope) == ("none", "dang-ky-lai-ket-hon-khai-tu"), route


@pytest.mark.parametrize("text", [
    "cưới vợ người Trung Quốc thì đăng ký ở đâu",
    "cưới người nước ngoài cần giấy tờ gì",
])
def test_marrying_a_person_is_the_marriage_registration(matcher, text):
    # "cưới" + the person married: the marriage, not the foreigner's residence declaration
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-ket-hon"), route


def test_control_a_marriage_abroad_told_as_done_is_the_recording(matcher):
    route = matcher.route("đã cưới vợ bên Hàn, về ghi vào sổ ở xã sao")
    assert (route.decision, route.out_of_scope) == ("none", "ghi-chu-ho-tich-nuoc-ngoai"), route
    assert "cuoi tuan" in matcher.normalise("cuối tuần xã có làm việc không")
