"""Looking for a room to rent, or its price, is the market's question (chitchat neighbour
mua-ban-gia-ca, phrasings of rooms and houses for rent), not the temporary residence registration
whose words ("phòng trọ", "thuê") the message shares. Registering where one rents stays ours.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

ROOM = "có phòng trọ nào giá rẻ cho thuê gần chợ không"
ADDED = ("tìm phòng trọ giá rẻ gần công ty", "nhà nguyên căn cho thuê giá bao nhiêu")


@pytest.mark.parametrize("text", [ROOM, "tìm nhà trọ rẻ cho công nhân ở Long Thành"])
def test_a_room_looked_for_is_the_market_s(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "mua-ban-gia-ca"), route


@pytest.mark.parametrize("text", [
    # Controls: registering where one rents, a landlord asking about the tenants' registration.
    "thuê phòng trọ gần công ty, đăng ký tạm trú ở đâu",
    "chủ trọ kêu đăng ký tạm trú, làm online sao",
    "tui cho thuê phòng trọ, người thuê phải đăng ký tạm trú không",
])
def test_controls_registering_where_one_rents_stays_ours(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route


def test_control_without_the_phrasings_the_registration_is_answered(kb):
    neighbours = [replace(o, phrasings=[p for p in o.phrasings if p not in ADDED]) if o.id == "mua-ban-gia-ca"
                  else o for o in kb.out_of_scope]
    assert Matcher(replace(kb, out_of_scope=neighbours)).route(ROOM).procedure == "dang-ky-tam-tru"
