"""What a procedure needs from a neighbour (vocabulary `needs`: the licence exchange's health
certificate) is a step of it, asked with it: where to get the health check, in a message that
asks for the licence exchange, is the exchange (knowledge.match_includes). Told done, the
exchange leaves the clinic alone asked.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

ASKED_WITH = "bằng lái xe tải của chồng em hết hạn, giờ đi đổi thì khám sức khỏe ở đâu"


@pytest.mark.parametrize("text", [
    ASKED_WITH,
    "bằng B2 hết hạn mấy tháng rồi, có cần thi lại không hay đi đổi là được, khám sức khỏe chỗ nào",
])
def test_the_health_check_asked_with_the_exchange_is_the_exchange(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "doi-giay-phep-lai-xe"), route


@pytest.mark.parametrize("text", [
    "bằng lái ô tô đổi xong xuôi rồi, giờ công ty bắt khám sức khỏe định kỳ, khám ở đâu",
    "khám sức khỏe ở đâu cho nhanh",
])
def test_controls_the_health_check_alone_is_the_clinics(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "y-te"), route


def test_control_without_the_table_the_clinic_wins(kb):
    plain = Matcher(replace(kb, vocabulary={k: v for k, v in kb.vocabulary.items() if k != "needs"}))
    route = plain.route(ASKED_WITH)
    assert (route.decision, route.out_of_scope) == ("none", "y-te"), route
