"""'Chưa làm giấy khai sinh' names what is not done yet: the birth registration, not the card
whose cue 'chưa làm' (a first ID card) it starts with (cues of dang-ky-khai-sinh: the longer cue
said at the same place wins). A late registration asked after such a story is answered.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "Con gái tôi sinh được hơn 2 tháng rồi nhưng chưa làm giấy khai sinh vì tôi phải nằm viện lâu, chồng thì "
    "đi biển. Làm trễ như vậy có sao không, giờ làm cần những gì?",
    "Thằng út nhà em đã 7 tháng mà chưa làm khai sinh do em đi làm xa, ba nó cũng bận. Trễ vậy có bị phạt "
    "không, bây giờ làm thì mang gì?",
])
def test_a_birth_not_yet_registered_is_the_birth_registration(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route


def test_control_a_card_not_yet_made_stays_the_first_card(matcher):
    route = matcher.route("Thằng cháu 14 tuổi mà chưa làm căn cước do đi học xa, giờ về làm thì mang gì theo")
    assert (route.decision, route.procedure) == ("answer", "cap-the-can-cuoc"), route
