""""Không có", "chưa có" before an act deny it as "không", "chưa" do (vocabulary negations): "nó
không có đăng ký tạm trú trong đó" is a condition of what is asked, not a temporary residence
asked for; the clause weighs as the situation.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_a_residence_not_had_is_no_residence_asked_for(matcher):
    route = matcher.route("con gái tôi vô Bình Dương làm may gần hai năm nay, nó không có đăng ký tạm trú "
                          "trong đó, vậy ở quê tôi có cần khai báo cho nó với công an xã không")
    assert route.procedure == "khai-bao-tam-vang", route  # was answered as the temporary residence


def test_control_a_residence_not_had_then_asked_for(matcher):
    route = matcher.route("tôi thuê phòng trọ gần chợ ba tháng rồi mà chưa có đăng ký tạm trú, giờ đăng ký ở đâu")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route
