"""Two things citizens get stuck on while submitting online, answered as FAQs of the online
submission: a file too large to upload, and which receiving agency to choose.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "chọn cơ quan giải quyết hồ sơ chọn sao",
    "tải hình lên dịch vụ công báo lỗi dung lượng lớn",
])
def test_stuck_while_submitting_is_the_online_submission(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "nop-ho-so-truc-tuyen"), route


def test_control_a_dossier_to_track_is_not_the_submission(matcher):
    route = matcher.route("hồ sơ nộp tuần trước giờ tới bước nào rồi, xem ở đâu")
    assert (route.decision, route.procedure) == ("answer", "tra-cuu-ho-so"), route
