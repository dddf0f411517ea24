"""What a request is done to may be no paper of ours (vocabulary `contrary`, '!' phrases): a
hospital's record ("hồ sơ bệnh án"), a school's admission dossier ("hồ sơ xét tuyển"), a bank's
savings book ("sổ tiết kiệm"), a registration pawned at a pawnshop. Said so, the procedure whose
words the rest of the message shares (tracking a dossier, filing online, land transfer, vehicle
registration) is not what is asked.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "tra cứu hồ sơ bệnh án của ba ở bệnh viện đa khoa được không",
    "hồ sơ xét tuyển cao đẳng nộp trực tuyến trên trang nào",
    "tra cứu hồ sơ xét tuyển lớp 10 của con ở đâu",
    "muốn sang tên sổ tiết kiệm của mẹ cho em trai thì làm sao",
    "đem cà vẹt xe ra tiệm cầm đồ cầm được bao nhiêu tiền",
])
def test_a_paper_not_ours_is_not_answered(matcher, text):
    route = matcher.route(text)
    assert route.decision == "none" and route.out_of_scope, route


@pytest.mark.parametrize("text, procedure", [
    # Controls: the same acts done to our papers.
    ("tra cứu hồ sơ sang tên sổ đỏ nộp tháng trước tới đâu rồi", "dang-ky-bien-dong-dat-dai"),
    ("nộp hồ sơ trực tuyến đăng ký thường trú cho con thế nào", "dang-ky-thuong-tru"),
    ("sang tên sổ đỏ cho con gái cần giấy gì", "dang-ky-bien-dong-dat-dai"),
    ("đăng ký xe máy mới mua cần mang gì", "dang-ky-xe"),
])
def test_controls_our_papers_stay_ours(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route
