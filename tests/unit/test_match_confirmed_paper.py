"""What a confirmation is of decides who confirms it (vocabulary `papers` of the two-number
confirmation, knowledge.match_papers): "giấy xác nhận số ..." is said of the old ID number and of
a bank balance alike; a savings book's balance ("xác nhận số dư sổ tiết kiệm") is the bank's, the
commune cannot confirm it. Named with the ID card or its old number, it stays ours.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

BALANCE = "trung tâm du học đòi giấy xác nhận số dư sổ tiết kiệm, xin ở đâu"


@pytest.mark.parametrize("text", [
    BALANCE,
    "xin visa bên Úc cần xác nhận số dư sổ tiết kiệm, ra xã xác nhận được không",
    "xac nhan so du so tiet kiem de lam ho so du hoc",
])
def test_a_bank_balance_is_confirmed_by_the_bank(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "ngan-hang"), route


@pytest.mark.parametrize("text", [
    # Controls: the bank asks for the confirmation of the old ID number.
    "thẻ atm ngân hàng bắt xác nhận 2 số thì xin ở đâu",
    "sổ tiết kiệm đứng tên số chứng minh cũ, ngân hàng bắt xác nhận",
])
def test_controls_the_old_number_confirmed_stays_ours(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "xac-nhan-so-cmnd"), route


def test_control_without_its_papers_the_number_confirmation_is_answered(kb):
    papers = {k: v for k, v in kb.vocabulary["papers"].items() if k != "xac-nhan-so-cmnd"}
    plain = Matcher(replace(kb, vocabulary={**kb.vocabulary, "papers": papers}))
    assert plain.route(BALANCE).procedure == "xac-nhan-so-cmnd"
