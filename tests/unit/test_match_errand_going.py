""""Phải chạy (về quê, lên tỉnh)" is having to go somewhere to get the thing done, an errand
(vocabulary synonyms: read as "phải đi"), not driving a vehicle: "đăng ký biển số ở xã này được
không hay phải chạy về quê" asks where to register the new vehicle, not for the temporary
registration that lets a car still unregistered be driven home, nor the withdrawal of a stolen
one's registration ("xe không chạy nữa"). Wanting to drive home stays the temporary registration.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "con gái tui mới mua chiếc xe máy mới ở cửa hàng, người bán nói tự đi làm biển số, hộ khẩu nó ở "
    "Trà Vinh mà đang ở trọ, đăng ký biển số ở công an xã này được không hay phải chạy về quê",
    "xe cũ bị trộm mất tiêu rồi tìm không ra, anh hai mua cho chiếc xe máy mới, giờ bấm biển ở đâu, "
    "làm online được không hay phải chạy lên tỉnh",
])
def test_having_to_go_there_is_an_errand_not_a_ride(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-xe"), route


@pytest.mark.parametrize("text", [
    # Controls: driving the unregistered vehicle home is the temporary registration.
    "xe mới mua chưa có biển, muốn chạy về quê ăn Tết thì xin giấy tạm sao",
    "mới lấy ô tô ở đại lý chưa bấm biển, xin giấy tạm để chạy về Tiền Giang ở đâu",
])
def test_controls_a_ride_home_stays_the_temporary_registration(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "dang-ky-xe-tam-thoi"), route
