"""The dossier's fee ('!phí hồ sơ', '!lệ phí hồ sơ', '!lệ phí online') names the online fee
payment: paying it through a bank card or an app is not the bank's service, nor the electricity's
(whose bills are also paid through bank apps).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_the_dossiers_fee_paid_by_card_is_the_fee_payment(matcher):
    route = matcher.route("tra le phi ho so qua the atm dc ko")
    assert (route.decision, route.procedure) == ("answer", "thanh-toan-truc-tuyen"), route


def test_control_a_bill_or_the_bank_app_itself_is_a_neighbours(matcher):
    bill = matcher.route("trả tiền điện qua app ngân hàng được không")
    assert (bill.decision, bill.out_of_scope) == ("none", "dien"), bill
    bank = matcher.route("app ngân hàng bị khóa thì làm sao mở")
    assert (bank.decision, bank.out_of_scope) == ("none", "ngan-hang"), bank
