"""A maker's name after "chiếc" is the vehicle ("mua lại chiếc Honda của ông cậu"): vocabulary
synonyms read "chiếc honda" as "chiếc xe máy honda", so the thing that changes hands is a vehicle
(vocabulary `owned`) and its transfer is asked. The maker's name alone stays a company ("công nhân
Honda"), as the vocabulary's comment on model names says.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "năm rồi tui mua lại chiếc yamaha của thằng em họ, giấy tay thôi, giờ nó đi làm ở Bình Dương, "
    "tui muốn đứng tên mình cho chắc thì làm sao",
    "năm ngoái mua lại chiếc honda của ông cậu bằng giấy tay, nay muốn đứng tên mình cho chắc ăn",
])
def test_a_makers_name_after_chiec_is_the_vehicle(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route


def test_the_makers_name_after_chiec_reads_as_a_motorbike(matcher):
    assert matcher.normalise("mua lại chiếc Honda") == "mua lai chiec xe may honda"


def test_control_the_makers_name_alone_stays_a_company(matcher):
    route = matcher.route("em làm công nhân ở Honda Long Bình, ở trọ gần công ty, đăng ký tạm trú ở đâu")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route
