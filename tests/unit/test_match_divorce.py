"""A married couple parting ("chia tay") asks for a divorce (procedures.yaml, ly-hon cue
"chia tay"), though the marriage registered at the commune is told; parting told beside one
of our procedures stays that procedure.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


def test_a_couple_parting_asks_for_the_divorce(matcher):
    route = matcher.route("Hai đứa cưới nhau 2 năm, giờ không hợp nữa nên đồng ý chia tay. "
                          "Giấy kết hôn làm ở xã, vậy làm đơn ở xã luôn được không")
    assert (route.decision, route.out_of_scope) == ("none", "ly-hon"), route


@pytest.mark.parametrize("text, procedure", [
    ("vợ chồng chia tay rồi, giờ làm khai sinh cho con ai đứng tên mẹ", "dang-ky-khai-sinh"),
    ("chồng tôi mất, tôi với bạn trai đã chia tay, giờ muốn xin giấy xác nhận độc thân",
     "xac-nhan-tinh-trang-hon-nhan"),
])
def test_controls_parting_told_beside_our_procedure(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route
