"""Where a child's first ID card is collected, at the police or brought by the post, is the
first card's question (cap-the-can-cuoc: a sample question), not the vehicle registration's
plates sent by post. A renewed card's delivery stays the renewal's.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_a_child_s_card_by_post_or_at_the_police_is_the_first_card(matcher):
    route = matcher.route("đứa nhỏ 9t làm cc xong rồi, giờ ra công an lấy thẻ hay chờ bưu điện mang tới")
    assert (route.decision, route.procedure) == ("answer", "cap-the-can-cuoc"), route


def test_control_a_lost_card_s_delivery_stays_the_renewal(matcher):
    route = matcher.route("cấp lại căn cước bị mất thì nhận thẻ ở đâu")
    assert (route.decision, route.procedure) == ("answer", "cap-doi-cap-lai-can-cuoc"), route
