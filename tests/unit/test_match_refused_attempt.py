"""An attempt refused ("lên xin chứng thực thì bị từ chối") is what happened, told as done
(vocabulary `done_markers`): the naming cue said in it does not keep the procedure the citizen
tried in front of what the question asks now ("giờ lấy giấy gì thay để chứng minh nơi ở").

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

from knowledge.matching import Matcher
from knowledge.normalise import Vocabulary

REFUSED = ("ông nội đem sổ hộ khẩu giấy lên xã xin chứng thực bản sao thì bị từ chối, "
           "giờ lấy giấy gì thay để chứng minh nơi ở")


def test_the_question_after_a_refusal_is_asked(matcher):
    route = matcher.route(REFUSED)
    assert (route.decision, route.procedure) == ("answer", "xac-nhan-thong-tin-cu-tru"), route


def test_control_a_refusal_asked_about_stays_the_procedure(matcher):
    route = matcher.route("em lên xin chứng thực bản sao căn cước thì bị từ chối, sao vậy")
    assert (route.decision, route.procedure) == ("answer", "chung-thuc-ban-sao"), route


def test_control_without_the_markers_the_attempt_is_answered(kb, monkeypatch):
    builtin = Vocabulary.builtin()
    refused = {m for m in builtin.done_markers if m[-3:] == ("bi", "tu", "choi")}
    assert refused
    plain = replace(builtin, done_markers=builtin.done_markers - refused)
    monkeypatch.setattr(Vocabulary, "builtin", classmethod(lambda cls: plain))
    assert Matcher(kb).route(REFUSED).procedure == "chung-thuc-ban-sao"
