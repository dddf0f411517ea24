"""The remote signature's enrolment ends with the provider approving its contract: "chờ duyệt
hợp đồng" said of MySign or SmartCA is the personal digital signature's waiting step
(chu-ky-so-ca-nhan: a sample question and the cues "duyệt hợp đồng", "hợp đồng chờ duyệt"),
even when the app's name is said only in what the citizen tells done. A rental contract is
no signature's.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_a_signature_contract_awaiting_approval_is_the_digital_signature(matcher):
    route = matcher.route("cài mysign xong nó hiện chờ duyệt hợp đồng hoài, không ký tờ khai được")
    assert (route.decision, route.procedure) == ("answer", "chu-ky-so-ca-nhan"), route


def test_control_a_rental_contract_is_the_temporary_residence(matcher):
    route = matcher.route("hợp đồng thuê nhà chờ duyệt ở đâu")
    assert route.procedure != "chu-ky-so-ca-nhan", route
