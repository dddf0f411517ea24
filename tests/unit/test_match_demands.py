"""Who demands a paper is not what is asked (vocabulary `demand_markers`, knowledge.match_cues):
"bưu điện chi lương hưu đòi giấy ..." asks for the paper; the pension office's cues, said just
before the demand, tell who demands it.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, procedure", [
    ("bưu điện trả lương hưu bắt nộp giấy xác nhận số chứng minh nhân dân cũ, xin giấy đó ở đâu", "xac-nhan-so-cmnd"),
    ("ngân hàng chính sách cho vay vốn yêu cầu giấy xác nhận cư trú, lên công an xin được không",
     "xac-nhan-thong-tin-cu-tru"),
])
def test_the_paper_demanded_is_asked(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


@pytest.mark.parametrize("text, neighbour", [
    # Controls: the neighbour's own papers are asked ("bắt giấy gì": no paper of ours named).
    ("làm lương hưu bắt giấy gì", "bao-hiem-xa-hoi"),
    ("vay vốn ngân hàng chính sách bắt giấy tờ gì", "vay-von-chinh-sach"),
    ("chuyển trường cho con bắt nộp giấy gì", "giao-duc"),
])
def test_controls_the_demanding_service_asked(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route


@pytest.mark.parametrize("text", [
    "xin giấy chứng minh nơi ở hiện tại để nộp hồ sơ đi làm",
    "giờ không còn sổ hộ khẩu, công ty đòi giấy chứng minh nơi ở của em, lên công an xin giấy gì",
])
def test_a_paper_proving_where_one_lives_is_the_residence_confirmation(matcher, text):
    # "giấy chứng minh nơi ở" is what citizens call the residence confirmation (CT07).
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "xac-nhan-thong-tin-cu-tru"), route


def test_who_refuses_the_old_paper_demands_the_new_one(matcher):
    # "không chịu nhận" (demand_markers): the bank refuses the old identity card, so it demands the
    # new one; "rút tiền" tells where, not what is asked.
    route = matcher.route("Má em còn chứng minh nhân dân 9 số, ra ngân hàng rút tiền nhân viên không chịu nhận, "
                          "đi làm căn cước bây giờ mất mấy ngày")
    assert route.decision == "answer" and route.procedure in ("cap-the-can-cuoc", "cap-doi-cap-lai-can-cuoc"), route


@pytest.mark.parametrize("text", [
    # Controls: the bank's own refusal is what is asked about (no paper of ours).
    "ngân hàng không chịu nhận chuyển tiền thì làm sao",
    "ra ngân hàng rút tiền bị từ chối nhận thì hỏi ai",
])
def test_controls_a_refusal_of_the_banks_own_service(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "ngan-hang"), route
