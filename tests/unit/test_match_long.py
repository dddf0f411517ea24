"""Long messages (read clause by clause) whose request names a procedure only moderately.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from helpers import REPO
from knowledge.loader import load_knowledge
from knowledge.matching import MatchConfig, Matcher
from knowledge.models import KnowledgeBase

AWAY = ("Tuần sau tui lên Sài Gòn nuôi má nằm viện chắc cỡ năm sáu tháng, nhà dưới này không còn ai ở, "
        "nghe nói phải khai báo với công an xã, vậy khai trên điện thoại được không")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(REPO / "procedures.yaml")


def test_the_clear_leader_of_a_long_message_is_answered_under_the_bar(kb):
    matcher = Matcher(kb)
    route = matcher.route(AWAY)
    assert (route.decision, route.procedure) == ("answer", "khai-bao-tam-vang"), route
    assert route.score < matcher.config.clarify_min_long
    off = Matcher(kb, MatchConfig.defaults().updated({"long_lead_min": 100})).route(AWAY)
    assert off.decision == "none", off


def test_a_leader_without_a_clear_lead_is_not_answered(kb):
    narrow = Matcher(kb, MatchConfig.defaults().updated({"long_lead_margin": 30})).route(AWAY)
    assert narrow.decision == "none", narrow


def test_what_is_already_done_is_the_story_not_the_request(kb):
    # "đã nhập hộ khẩu nhà chồng rồi" is done (vocabulary done_markers): the question is
    # whether the card changes, not the permanent residence.
    text = ("Em làm căn cước hồi 2023, năm ngoái về làm dâu xã này, đã nhập hộ khẩu nhà chồng rồi, "
            "vậy thẻ có phải làm lại không")
    route = Matcher(kb).route(text)
    assert (route.decision, route.procedure) == ("answer", "cap-doi-cap-lai-can-cuoc"), route
