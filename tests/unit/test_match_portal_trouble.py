"""A citizen stuck while submitting online names the portal's step or its trouble: "bấm nộp",
"báo lỗi hệ thống", a dossier sent to the wrong office ("nộp nhầm", "chọn nhầm cơ quan", "rút hồ
sơ"). Those are the online submission's (nop-ho-so-truc-tuyen: phrasings and cues), not a
procedure that merely shares a word ("cuối" of the wedding, "rút hồ sơ" of the vehicle's).
An error said of the payment or of the VNeID app stays theirs.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "gửi hồ sơ trên dịch vụ công tới bước cuối thì trang báo lỗi hệ thống, làm sao đây",
    "bam nop xong man hinh bao loi he thong, co mat ho so khong",
    "em nộp nhầm cơ quan, lẽ ra nộp huyện mà chọn xã, rút hồ sơ kiểu gì",
])
def test_a_portal_error_or_a_wrong_office_is_the_online_submission(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "nop-ho-so-truc-tuyen"), route


@pytest.mark.parametrize("text, procedure", [
    # Controls: the error is the payment's, the app's.
    ("đóng lệ phí trên cổng bị báo lỗi thanh toán không thành công", "thanh-toan-truc-tuyen"),
    ("app vneid báo lỗi không đăng nhập được", "vneid-dinh-danh-muc-2"),
])
def test_controls_an_error_of_the_payment_or_the_app_stays_theirs(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


def test_control_a_fire_alarm_system_stays_the_fire_safety_neighbour(matcher):
    route = matcher.route("hệ thống báo cháy nhà xưởng có cần thẩm duyệt")
    assert (route.decision, route.out_of_scope) == ("none", "pccc"), route
