"""Neighbouring services (out_of_scope) that everyday wordings used to route to one of our
procedures: a stolen bike's registration revoked, a temporary registration, papers added to
VNeID, a wrong home town in the population data, vehicle insurance, a driving-test retake,
tuition waivers, timber origin papers, policy-bank loans, inheritance division at a notary,
help with Zalo. Each has a control that the procedure next to it is still answered.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from knowledge.matching import Matcher


def _neighbour(matcher: Matcher, text: str) -> str | None:
    route = matcher.route(text)
    assert route.decision == "none", route
    return route.out_of_scope


@pytest.mark.parametrize("text", [
    "chiếc xe tay ga bị kẻ gian lấy mất từ tết, tìm hoài không ra, giờ làm sao thu hồi đăng ký",
    "xe máy bị mất cắp hai tháng rồi, có cần thu hồi biển số không",
    "xe bị ăn trộm, làm thủ tục thu hồi đăng ký ở đâu",
    "lỡ gây tai nạn, xe bị trộm mất, có phải nộp lại cà vẹt không",
])
def test_a_stolen_vehicle_is_revoked_not_transferred(matcher, text):
    # "thu hồi" is also the seller's step (sang-ten-xe): the theft decides.
    assert _neighbour(matcher, text) == "thu-hoi-dang-ky-xe"


def test_selling_the_vehicle_is_still_its_transfer(matcher):
    route = matcher.route("bán chiếc xe cho người quen rồi, có phải làm thu hồi đăng ký không")
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route


def test_a_broken_plate_is_still_its_reissue(matcher):
    # 'gãy' stays a cue of the re-issue as 'bị gãy'; the bare word also read "gây (tai nạn)".
    route = matcher.route("biển số xe bị gãy làm lại")
    assert (route.decision, route.procedure) == ("answer", "doi-cap-lai-dang-ky-xe"), route


def test_a_temporary_registration_is_the_neighbours(matcher):
    text = "mới nhận xe ở đại lý, xin đăng ký tạm cho xe để chạy về nhà ngoài tỉnh"
    assert _neighbour(matcher, text) == "dang-ky-xe-tam-thoi"


def test_going_home_for_the_papers_is_no_temporary_registration(matcher):
    route = matcher.route("mua xe máy mới, phải chạy về quê làm biển số hay làm ở đây được")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-xe"), route


@pytest.mark.parametrize(("text", "neighbour"), [
    ("làm sao cho giấy phép lái xe hiện lên vneid", "tich-hop-thong-tin-can-cuoc"),
    ("thông tin trên vneid ghi sai quê quán của mẹ, khai sinh thì ghi đúng", "dieu-chinh-csdl-dan-cu"),
    ("bh xe máy của tôi quá hạn rồi mua ở đâu", "bao-hiem-xe-phi-duong-bo"),
    ("thi trượt sa hình bằng B2 thì mấy tuần thi lại", "hoc-lai-xe"),
    ("xin giảm học phí cho con học cao đẳng thì cần những giấy gì", "giao-duc"),
    ("bán gỗ bạch đàn rừng trồng cho lái buôn có cần giấy nguồn gốc không", "lam-san-go-rung-trong"),
    ("muốn vay vốn ngân hàng chính sách để nuôi heo thì hỏi ai", "vay-von-chinh-sach"),
    ("nhà cũ đã bán, chủ mới đòi xóa đăng ký thường trú của cả nhà tôi", "xoa-dang-ky-cu-tru"),
    ("chỉ giúp bà cách gọi video Zalo cho con ở Nhật", "mang-xa-hoi"),
    ("lập văn bản phân chia di sản của ba ở đâu", "phan-chia-di-san-thua-ke"),
    ("muốn xin vào làm nhà nước thì nộp hồ sơ chỗ nào", "viec-lam"),  # clarified as online filing before
])
def test_the_neighbour_is_named(matcher, text, neighbour):
    assert _neighbour(matcher, text) == neighbour


@pytest.mark.parametrize(("text", "procedure"), [
    ("giấy khai sinh ghi sai quê quán, muốn sửa lại", "cai-chinh-ho-tich"),
    ("ba mất, anh em thống nhất rồi, giờ sang tên sổ đỏ theo thừa kế", "dang-ky-bien-dong-dat-dai"),
])
def test_the_procedure_next_to_it_is_still_answered(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route
