"""A ride-hailing company (Grab, Be, Xanh SM) is a private provider: signing up as its driver or
unlocking its driver account is the company's business (out_of_scope `xe-cong-nghe`), not the
vehicle registration nor the VNeID account whose words ("đăng ký", "xe", "tài khoản bị khóa") the
message shares. A driver who asks one of our procedures stays ours.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

SIGN_UP = "muốn chạy grab bằng xe máy thì đăng ký tài xế ở đâu"


@pytest.mark.parametrize("text", [
    SIGN_UP,
    "tai khoan tai xe grab bi khoa mo lai the nao",
    "chạy be buổi tối cần những giấy tờ gì",
    "đăng ký làm tài xế xanh sm cần bằng lái hạng gì",
])
def test_the_company_s_driver_business_goes_to_the_company(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "xe-cong-nghe"), route


@pytest.mark.parametrize("text, procedure", [
    # Controls: a driver telling the job, asking one of ours.
    ("em chạy grab, mới mua xe máy, đăng ký biển số ở đâu", "dang-ky-xe"),
    ("chồng chạy grab, giờ muốn đổi bằng lái hết hạn", "doi-giay-phep-lai-xe"),
    ("mới mua xe để chạy grab, đăng ký xe cần gì", "dang-ky-xe"),
])
def test_controls_a_driver_asking_ours_stays_ours(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


def test_control_without_the_neighbour_the_registration_answers(kb):
    plain = Matcher(replace(kb, out_of_scope=[o for o in kb.out_of_scope if o.id != "xe-cong-nghe"]))
    assert plain.route(SIGN_UP).decision != "none"
