"""What is still missing after what was done ("đã làm khai sinh tháng trước nhưng chưa có thẻ bảo
hiểm y tế") is still to get: a clause that says "nhưng chưa có" is no story told as done
(vocabulary `pending_markers`), though it tells of the past ("tháng trước"). The thing lacking is
what the request ("giờ làm ở đâu") refers to, not the procedure told done before it.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher
from knowledge.normalise import Vocabulary

MISSING = "Con tôi làm khai sinh tháng trước nhưng chưa có thẻ bảo hiểm y tế, giờ làm ở đâu"


@pytest.mark.parametrize("text", [
    MISSING,
    "Em đã đăng ký tạm trú năm ngoái nhưng chưa có thẻ bảo hiểm y tế ở đây, giờ mua ở đâu",
])
def test_the_thing_still_missing_is_asked(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "bao-hiem-y-te"), route


@pytest.mark.parametrize("text, procedure", [
    # Controls: what is still missing is one of ours.
    ("Bé sinh tháng trước nhưng chưa có giấy khai sinh, giờ làm ở đâu", "dang-ky-khai-sinh"),
    ("Tôi đã làm căn cước từ năm ngoái nhưng chưa có tài khoản định danh mức 2, giờ làm sao",
     "vneid-dinh-danh-muc-2"),
])
def test_controls_a_missing_paper_of_ours_is_answered(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


def test_control_without_the_marker_the_birth_registration_is_answered(kb, monkeypatch):
    builtin = Vocabulary.builtin()
    pending = builtin.pending_markers - {("nhung", "chua", "co"), ("nhung", "van", "chua", "co")}
    assert pending != builtin.pending_markers
    monkeypatch.setattr(Vocabulary, "builtin", classmethod(lambda cls: replace(builtin, pending_markers=pending)))
    assert Matcher(kb).route(MISSING).procedure == "dang-ky-khai-sinh"
