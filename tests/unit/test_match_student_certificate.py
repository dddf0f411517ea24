"""A certificate that someone is a student (giấy xác nhận sinh viên / đang học) is issued by the
school (neighbour giao-duc), not the residence confirmation.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_a_student_certificate_is_the_schools(matcher):
    route = matcher.route("con tui học cao đẳng, trường kêu về xin giấy xác nhận sinh viên để làm hồ sơ miễn giảm, "
                          "xin ở xã được không")
    assert (route.decision, route.out_of_scope) == ("none", "giao-duc"), route


def test_control_a_residence_confirmation_for_the_school_is_still_ours(matcher):
    route = matcher.route("con đi học xa, xin giấy xác nhận cư trú ở đâu để nộp cho trường")
    assert (route.decision, route.procedure) == ("answer", "xac-nhan-thong-tin-cu-tru"), route
