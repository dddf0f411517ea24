"""A request that asks how something already done is going and names no thing of its own ('coi tới
đâu rồi', 'chưa thấy gì'; vocabulary progress_markers, knowledge.clause_progress) asks about what the
message tells as done ('hôm trước nộp hồ sơ ... trên mạng rồi'): that clause weighs as the rest of
the story, not less, so the dossier submitted and its state make the lookup (tra-cuu-ho-so).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from knowledge.phrases import PhraseSet

_PROGRESS = [
    # both were not answered
    "mấy hôm trước tui nộp hồ sơ đăng ký thường trú cho con trên mạng rồi mà chưa thấy gì, giờ coi tới đâu rồi",
    "hôm kia chị gửi hồ sơ xin lý lịch tư pháp trên vneid rồi, mà chưa thấy gì hết, coi đến đâu rồi ở chỗ nào",
]


@pytest.mark.parametrize("text", _PROGRESS)
def test_how_a_dossier_sent_is_going_is_the_lookup(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "tra-cuu-ho-so"), route


def test_control_a_request_naming_its_own_thing_leaves_what_is_told_behind(matcher):
    text = ("tài khoản vneid của tui lên mức 2 rồi, chữ ký số cũng làm bên VNPT rồi. "
            "hồ sơ đã giải quyết xong chưa coi ở đâu")
    told = [c for c in matcher._finder.clauses(text) if c.told]
    assert told and all(c.focus <= 0.3 for c in told)
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "tra-cuu-ho-so"), route


def test_control_without_the_markers_the_dossier_sent_weighs_less(matcher, monkeypatch):
    monkeypatch.setattr(matcher._finder._markers, "progress", PhraseSet([]))
    routes = [matcher.route(text) for text in _PROGRESS]
    assert all(r.procedure != "tra-cuu-ho-so" or r.decision != "answer" for r in routes), routes
