"""A driving licence taken away (tước, tạm giữ) cannot be exchanged nor re-issued: when the time is
served it is got back from whoever took it (vocabulary `contrary`, '!' phrases of the licence
exchange), though the message says the exchange's words ("hết hạn", "lấy lại bằng").

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

SUSPENDED = "bị tước bằng lái 3 tháng, giờ hết hạn tước rồi nhận lại bằng ở đâu"


@pytest.mark.parametrize("text", [
    SUSPENDED,
    "bang lai bi tuoc vi chay qua toc do, het thoi gian tuoc lay lai the nao",
    "tháng trước bị giữ bằng lái vì say rượu, bao giờ được lấy lại bằng",
    "bằng lái bị giữ 2 tháng, hết hạn thì nhận ở đâu",
])
def test_a_licence_taken_away_is_got_back_from_the_penalty(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "phat-nguoi-giao-thong"), route


@pytest.mark.parametrize("text", [
    # Controls: the licence itself expired, lost or torn.
    "bang lai het han 2 thang roi doi o dau",
    "bằng lái bị mất, làm lại ở đâu",
    "bằng lái bị rách lấy lại cái mới ở đâu",
])
def test_controls_a_licence_expired_or_lost_is_exchanged(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "doi-giay-phep-lai-xe"), route


def test_control_without_the_phrases_the_exchange_is_answered(kb):
    contrary = {k: v for k, v in kb.vocabulary["contrary"].items() if k != "doi-giay-phep-lai-xe"}
    plain = Matcher(replace(kb, vocabulary={**kb.vocabulary, "contrary": contrary}))
    assert plain.route(SUSPENDED).procedure == "doi-giay-phep-lai-xe"
