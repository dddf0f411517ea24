"""A motorbike called by its make or model ("bán con Wave cũ", "chiếc Cub đứng tên ba") is the
vehicle (vocabulary.yaml synonyms): the word was read as something else ("wave" repaired to
"qua ve", "honda" split into "hon da") and the message named no vehicle.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "bán con Wave cũ cho thằng em họ thì ai đi làm giấy tờ",
    "ba để lại chiếc Cub 50 đứng tên ba, giờ con đứng tên được không",
])
def test_a_motorbike_by_its_model_is_the_vehicle(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route


def test_the_models_name_reads_as_a_motorbike(matcher):
    assert "xe may" in matcher.normalise("mua chiec vision moi")
    assert "xe may" in matcher.normalise("ban con wave cu")


def test_a_makers_name_is_not_read_as_a_motorbike(matcher):
    # Honda, Yamaha, Suzuki are also employers and dealers ("công nhân công ty Honda", "đại lý
    # Yamaha"): they are left out of the synonyms.
    assert "xe may" not in matcher.normalise("em lam cong nhan o cong ty honda")
    assert "xe may" not in matcher.normalise("chi lam o nha may yamaha")


def test_control_a_land_gift_is_still_the_land(matcher):
    route = matcher.route("ba để lại miếng đất ruộng đứng tên ba, giờ con muốn sang tên sổ đỏ")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-bien-dong-dat-dai"), route
