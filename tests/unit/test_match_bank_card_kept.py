"""A bank card kept by a cash machine ("máy ATM nuốt mất thẻ") is made again at the bank's own
counter ("chi nhánh ngân hàng", "quầy ngân hàng"): cues of the ngan-hang neighbour, not the
ID card's re-issue, whose words ("mất thẻ", "thẻ mới", "căn cước" to bring along) the message
shares.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

KEPT = ("Máy ATM ở siêu thị nuốt mất thẻ của mẹ tui, giờ mẹ muốn làm thẻ mới thì ra chi nhánh ngân hàng "
        "có cần căn cước không")


@pytest.mark.parametrize("text", [
    KEPT,
    "thẻ của em bị máy ATM giữ lại, giờ làm thẻ khác ở quầy ngân hàng thì cần mang theo căn cước hay chứng minh",
    "Chiều qua máy ATM gần công ty nuốt mất thẻ của tui, tổng đài đã khóa thẻ rồi. Giờ tui muốn làm lại thẻ "
    "khác để lãnh lương, ra chi nhánh ngân hàng hay làm trên app, có cần mang căn cước không",
])
def test_a_card_the_machine_kept_is_the_bank_s(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "ngan-hang"), route


@pytest.mark.parametrize("text, procedure", [
    # Controls: the ID card itself lost, the bank only the reason; a fee paid by bank card.
    ("Em bị mất căn cước, giờ làm lại căn cước mới ở đâu để còn ra chi nhánh ngân hàng cập nhật",
     "cap-doi-cap-lai-can-cuoc"),
    ("đóng lệ phí online bằng thẻ atm được không", "thanh-toan-truc-tuyen"),
])
def test_controls_the_id_card_and_the_fee_stay_ours(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


def test_control_without_the_cues_the_id_card_is_offered(kb):
    added = {"may atm", "nuot mat", "chi nhanh ngan hang", "quay ngan hang"}
    cues = {**kb.vocabulary["cues"],
            "ngan-hang": [c for c in kb.vocabulary["cues"]["ngan-hang"] if c not in added]}
    plain = Matcher(replace(kb, vocabulary={**kb.vocabulary, "cues": cues}))
    assert plain.route(KEPT).decision != "none"
