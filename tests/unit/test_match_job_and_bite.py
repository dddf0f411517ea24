"""'Xin việc' (to apply for a job) and 'chuột cắn' (a rat bite, 'cắn' folding to 'cần') are no
request to the staff (not_markers): a story that tells them still refers back. A paper chewed by a
rat, then refused where the citizen applied for a job, then asked for again without naming it
("xin bản khác ở đâu"): the request refers to the clause that names the paper
(knowledge.clause_refers), and the job application between is story.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from knowledge.phrases import PhraseSet

_CHEWED = ("tờ giấy khai sinh của con tui để trong tủ bị chuột cắn rách một mép, đem đi nộp hồ sơ xin việc "
           "ở công ty thì bị trả lại, giờ xin cấp bản khác ở chỗ nào")


def _weight_of(matcher, text: str, words: str) -> float:
    return next(c.focus for c in matcher._finder.clauses(text) if words in " ".join(t.text for t in c.tokens))


def test_a_job_applied_for_is_story_and_the_paper_chewed_is_asked_for(matcher):
    assert _weight_of(matcher, _CHEWED, "giay khai sinh") == 1.0
    assert _weight_of(matcher, _CHEWED, "xin viec") < 1.0
    route = matcher.route(_CHEWED)
    assert (route.decision, route.procedure) == ("answer", "trich-luc-ho-tich"), route


def test_control_asking_for_a_job_paper_still_requests(matcher):
    # 'xin' still requests when it is no job applied for: the clause is the request.
    clauses = matcher._finder.clauses("con tui mới đi làm ở công ty, giờ xin giấy xác nhận cư trú cho nó ở đâu")
    assert clauses[-1].asks and clauses[-1].focus == 1.0


def test_control_without_the_look_alikes_the_story_is_the_focus(matcher, monkeypatch):
    looks = matcher._finder._markers.not_markers
    kept = [p for ps in looks._listed._by_first.values() for p in ps
            if p not in (("xin", "viec"), ("xin", "viec", "lam"), ("chuot", "can"))]
    monkeypatch.setattr(looks, "_listed", PhraseSet(kept))
    # The story takes the focus off the paper; the extract may still be answered on the cue
    # 'bản khác' said in the request, so the weight is what shows the look-alikes matter.
    assert _weight_of(matcher, _CHEWED, "giay khai sinh") < 1.0
