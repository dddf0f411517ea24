"""'Đổi tên' followed by who is to stand as the owner ('đổi tên cho cháu đứng tên') changes the
owner's name on a thing: a change of owner, not the correction of a person's name
(knowledge.owner_names).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from knowledge.owner_names import OwnerChange


@pytest.mark.parametrize("text, procedure", [
    ("chiếc xe máy của ông nội, giờ muốn đổi tên cho cháu đứng tên thì làm sao", "sang-ten-xe"),
    ("ba mẹ cho miếng đất, muốn đổi tên qua con đứng tên thì làm giấy gì", "dang-ky-bien-dong-dat-dai"),
])
def test_a_new_owner_standing_in_the_name_is_a_change_of_owner(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


def test_control_without_the_rule_it_is_read_as_a_name_correction(matcher, monkeypatch):
    monkeypatch.setattr(OwnerChange, "__call__", lambda self, tokens: list(tokens))
    route = matcher.route("chiếc xe máy của ông nội, giờ muốn đổi tên cho cháu đứng tên thì làm sao")
    assert route.procedure == "cai-chinh-ho-tich", route


def test_control_a_persons_own_name_stays_the_correction(matcher):
    route = matcher.route("con tôi muốn đổi tên vì tên xấu bị bạn chọc")
    assert (route.decision, route.procedure) == ("answer", "cai-chinh-ho-tich"), route
