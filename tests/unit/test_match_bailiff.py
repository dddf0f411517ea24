"""A record drawn up by a bailiff ("thừa phát lại lập vi bằng") is the bailiff office's service
(out_of_scope thua-phat-lai; "thừa phát lại" glued into one word so that its "lại" does not weigh
like "làm lại"), not the land change registration nor the certification whose words ("mua đất",
"giấy tay", "đặt cọc") the message shares. A land sale registered or certified stays ours.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

RECORD = "mua đất giấy tay, muốn nhờ thừa phát lại lập vi bằng thì tốn bao nhiêu"


@pytest.mark.parametrize("text", [
    RECORD,
    "lap vi bang giao nhan tien coc mua nha o dau",
    "văn phòng thừa phát lại gần nhà ở đâu",
])
def test_a_bailiff_s_record_is_the_bailiff_s(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "thua-phat-lai"), route


@pytest.mark.parametrize("text, procedure", [
    # Controls: the sale registered, the contract certified.
    ("mua đất giấy tay, giờ muốn làm sổ thì sao", "dang-ky-bien-dong-dat-dai"),
    ("chứng thực hợp đồng mua bán đất ở xã", "chung-thuc-ban-sao"),
])
def test_controls_a_land_sale_stays_ours(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


def test_control_without_the_neighbour_the_land_registration_answers(kb):
    plain = Matcher(replace(kb, out_of_scope=[o for o in kb.out_of_scope if o.id != "thua-phat-lai"]))
    assert plain.route(RECORD).procedure == "dang-ky-bien-dong-dat-dai"
