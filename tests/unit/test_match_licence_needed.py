"""Whether riding a vehicle needs a licence, or from what age one may get it, asks for a first
licence: the driving test / driving school neighbour (hoc-lai-xe, its '!' cues "có cần bằng",
"cần bằng lái"), not the licence exchange nor the ride-hailing firm. "bằng" after a vehicle and
"có cần" is the licence (vocabulary `synonyms`: "xe điện có cần bằng"). Exchanging, renewing or
replacing a licence stays doi-giay-phep-lai-xe; a new vehicle's registration stays dang-ky-xe.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_licence_needed_named_is_the_driving_test(matcher):
    route = matcher.route("ông bà chạy xe máy có cần bằng lái không")
    assert (route.decision, route.out_of_scope) == ("none", "hoc-lai-xe"), route  # main: answer doi-giay-phep-lai-xe


def test_licence_needed_for_a_small_moped_is_the_driving_test(matcher):
    route = matcher.route("thằng nhỏ nhà em 16 tuổi chạy xe 50 phân khối có cần bằng không ạ")
    assert (route.decision, route.out_of_scope) == ("none", "hoc-lai-xe"), route  # main: none, no neighbour named


def test_licence_needed_for_a_scooter_is_the_driving_test(matcher):
    route = matcher.route("xe ga 110cc có cần bằng ko")
    assert (route.decision, route.out_of_scope) == ("none", "hoc-lai-xe"), route  # main: answer dang-ky-xe


def test_licence_needed_for_an_electric_bike_is_the_driving_test(matcher):
    route = matcher.route("đi học bằng xe đạp điện có cần bằng không")  # main, and cues alone: xe-cong-nghe
    assert (route.decision, route.out_of_scope) == ("none", "hoc-lai-xe"), route


def test_control_diploma_is_no_licence(matcher):
    route = matcher.route("xin việc ở công ty có cần bằng cấp 3 không")
    assert route.out_of_scope != "hoc-lai-xe", route


def test_control_expired_licence_is_the_exchange(matcher):
    route = matcher.route("bằng lái xe máy hết hạn rồi đổi ở đâu")
    assert (route.decision, route.procedure) == ("answer", "doi-giay-phep-lai-xe"), route


def test_control_lost_licence_is_the_exchange(matcher):
    route = matcher.route("làm rơi bằng lái ô tô xin cấp lại")
    assert (route.decision, route.procedure) == ("answer", "doi-giay-phep-lai-xe"), route


def test_control_new_vehicle_registration(matcher):
    route = matcher.route("mới mua xe điện, đăng ký biển số ở đâu")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-xe"), route


def test_control_ride_hailing_licence_stays_the_firm(matcher):
    route = matcher.route("chạy grab có cần bằng gì không")
    assert (route.decision, route.out_of_scope) == ("none", "xe-cong-nghe"), route
