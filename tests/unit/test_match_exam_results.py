"""Exam results ("điểm thi", "tra điểm", "thi tốt nghiệp") are the schools' and the education
department's (out of scope: giao-duc), even looked for in the VNeID app: the identity account
is where one looks, not what is asked.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "con tui mới thi tốt nghiệp xong, giờ tra điểm thi trên vneid được không hay phải vào trang nào",
    "vneid của em lên mức 2 rồi, trong app có chỗ xem điểm thi lớp 10 không",
])
def test_exam_results_are_educations(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "giao-duc"), route


def test_control_the_account_is_answered(matcher):
    route = matcher.route("em mới làm căn cước xong, giờ kích hoạt vneid mức 2 ở đâu")
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route
