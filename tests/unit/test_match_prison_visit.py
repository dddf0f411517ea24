"""Visiting someone in prison, sending money or things in (neighbour tham-gap-pham-nhan): the
prison's own business; someone out of prison asking for our procedures is still answered.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "ba tôi đang thụ án ở trại giam, cuối tuần gia đình vào thăm được không, cần mang giấy gì",
    "muốn gửi tiền cho em trai đang ở tù để nó mua đồ dùng trong trại",
])
def test_prison_visits_go_to_the_prison(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "tham-gap-pham-nhan"), route


@pytest.mark.parametrize("text, procedure", [
    ("đi tù về được 1 tháng, căn cước hết hạn rồi làm lại ở đâu", "cap-doi-cap-lai-can-cuoc"),
    ("mới ra trại giam, xin phiếu lý lịch tư pháp để đi làm thì có ghi án không", "ly-lich-tu-phap"),
])
def test_controls_after_prison_our_procedures_are_answered(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route
