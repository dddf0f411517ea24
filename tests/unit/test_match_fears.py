"""What the citizen fears ("sợ bị lừa đảo lắm"; vocabulary `fears`) has not happened: a neighbour's cue
said right after such a phrase is not said (knowledge.match_cues), so the scam the citizen is wary of
does not send a question about a digital signature to the police.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

_WARY = ("hồ sơ nộp online tới bước ký số thì kẹt vì chưa có chữ ký số, trên mạng quảng cáo đăng ký qua app "
         "mà tui sợ bị lừa đảo, vậy làm ở đâu cho đàng hoàng")  # on main: none (the scam report's cues)


def test_a_scam_feared_is_not_the_report(matcher):
    route = matcher.route(_WARY)
    assert (route.decision, route.procedure) == ("answer", "chu-ky-so-ca-nhan"), route


@pytest.mark.parametrize("text", [
    "bị lừa đảo mất tiền qua mạng, trình báo ở đâu",
    "sợ bị lừa đảo qua điện thoại thì báo ai",  # the help asked names the report all the same
    "cuốn sổ bị mất cắp trong nhà, trình báo ở đâu",  # "sổ bị" folds like "sợ bị": "trình báo" still names it
])
def test_control_a_scam_told_or_reported_stays_the_report(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "trinh-bao-to-giac"), route
