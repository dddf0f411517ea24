"""A will (di chúc) made or kept at a notary is the inheritance neighbour's (procedures.yaml,
phan-chia-di-san-thua-ke cue "di chuc"); certifying one at the commune, or a land or vehicle
transfer under one, stays ours.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


def test_a_will_kept_by_the_notary_is_the_inheritance_neighbour(matcher):
    route = matcher.route("mẹ tôi đã làm di chúc ở phòng công chứng rồi, nay bà muốn nhờ văn phòng cất giữ "
                          "luôn bản di chúc, có được không")
    assert (route.decision, route.out_of_scope) == ("none", "phan-chia-di-san-thua-ke"), route


@pytest.mark.parametrize("text, procedure", [
    # Controls: the will is what a procedure of ours is done on or with.
    ("chứng thực di chúc ở ủy ban xã được không", "chung-thuc-ban-sao"),
    ("ông mất có để lại di chúc, giờ sang tên sổ đỏ cho con cần giấy gì", "dang-ky-bien-dong-dat-dai"),
    ("sang tên xe máy theo di chúc của ba", "sang-ten-xe"),
])
def test_controls_a_will_beside_our_procedure(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route
