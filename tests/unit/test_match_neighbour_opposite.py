"""A neighbour has its opposite too (vocabulary `contrary` of an out_of_scope id,
knowledge.match_contrary): who tells they already go to work ("đang làm khu công nghiệp") is not
looking for a job. Told so, in a clause that neither asks nor requests, with none of the job
search's cues, the job centre is no candidate: its words in the story ("khu công nghiệp") do not
send a worker asking about their rented room there. Asked ("muốn đi làm công nhân") or said with
its cues ("tìm việc khác"), it still is.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

WORKER = ("ông xã em đang làm khu công nghiệp, ở trọ 3 tháng, chủ trọ bảo lên công an đăng ký, "
          "có làm online được không")


def test_a_worker_s_rented_room_is_the_temporary_residence(matcher):
    route = matcher.route(WORKER)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route


def test_a_worker_is_not_sent_to_the_job_centre(matcher):
    route = matcher.route("thằng út nhà tui đi làm khu công nghiệp Hố Nai, ở trọ nửa năm rồi, "
                          "giờ đăng ký ở đó thì làm sao")
    assert route.out_of_scope != "viec-lam", route


@pytest.mark.parametrize("text", [
    # Controls: the job asked for, or named by its cues.
    "muốn đi làm công nhân khu công nghiệp thì nộp hồ sơ ở đâu",
    "con trai tui đi làm công ty mà bị cho nghỉ, giờ tìm việc khác ở đâu",
])
def test_controls_a_job_asked_for_is_the_job_centre_s(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "viec-lam"), route


def test_control_without_the_opposite_the_worker_is_not_answered(kb):
    contrary = {k: v for k, v in kb.vocabulary["contrary"].items() if k != "viec-lam"}
    plain = Matcher(replace(kb, vocabulary={**kb.vocabulary, "contrary": contrary}))
    assert plain.route(WORKER).decision != "answer"
