"""Why the citizen asks is not what they ask (knowledge.match_purpose): a neighbour's cue said
only inside a purpose ("mua ô tô để chở ba đi khám bệnh") does not beat the procedure the
request asks for; a purpose that is itself asked ("làm sao để ...", a message that starts with
it) still names the neighbour.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, procedure", [
    ("Nhà tôi mới mua chiếc ô tô 5 chỗ để chở ba đi khám bệnh định kỳ, nghe nói giờ đăng ký ô tô ở xã "
     "được rồi, có cần lên tỉnh không", "dang-ky-xe"),
    ("Em xin bản sao giấy khai sinh để làm hồ sơ vay ngân hàng thì lên đâu xin ạ", "trich-luc-ho-tich"),
])
def test_the_purpose_does_not_name_the_neighbour(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


@pytest.mark.parametrize("text, neighbour", [
    # Controls: the purpose is what is asked (at the start, after "làm sao"), or the neighbour's
    # service is named outside it.
    ("để đăng ký khám bệnh online thì làm sao", "y-te"),
    ("làm sao để mở tài khoản ngân hàng online", "ngan-hang"),
    ("chị ơi em muốn làm thẻ bảo hiểm y tế để đi khám bệnh thì làm ở đâu", "bao-hiem-y-te"),
])
def test_controls_the_purpose_asked_names_the_neighbour(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route
