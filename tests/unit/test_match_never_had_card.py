"""Never having made an identity paper, said with "không" or the Southern "hổng" ("hồi giờ hổng có
làm chứng minh gì hết") rather than "chưa", is the first card (vocabulary cues of
cap-the-can-cuoc), not its renewal. A lost card still is the renewal.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "bà ngoại 80 tuổi rồi, hồi giờ hổng có làm chứng minh gì hết, giờ ấp kêu phải có căn cước mới lãnh tiền, "
    "làm căn cước cho bà sao",
    "cha tui 70 tuoi, ca doi khong co lam chung minh, nay xa keu lam can cuoc, cha dau chan di ko noi thi lam sao",
])
def test_never_made_one_is_the_first_card(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "cap-the-can-cuoc"), route


def test_control_a_lost_card_stays_the_renewal(matcher):
    route = matcher.route("thẻ căn cước bị mất, giờ không có căn cước đi đâu cũng kẹt, làm lại ở đâu")
    assert (route.decision, route.procedure) == ("answer", "cap-doi-cap-lai-can-cuoc"), route
