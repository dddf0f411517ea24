"""A specimen signature ("mẫu chữ ký") is registered with a bank: signing it again is the bank's
business (cue of the ngan-hang neighbour), not the certification of a signature at the commune
nor a new ID card, whose words ("chữ ký", "khác căn cước") the message shares.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.matching import Matcher

SPECIMEN = "mẫu chữ ký ở ngân hàng khác với chữ ký hiện giờ, làm sao"


@pytest.mark.parametrize("text", [
    SPECIMEN,
    "ngân hàng yêu cầu đăng ký lại mẫu chữ ký",
    "chữ ký bây giờ khác mẫu chữ ký đã đăng ký ở ngân hàng, đổi sao",
])
def test_a_specimen_signature_is_the_bank_s(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "ngan-hang"), route


@pytest.mark.parametrize("text, procedure", [
    # Controls: a signature certified, a digital signature.
    ("chứng thực chữ ký ở xã cần mang gì", "chung-thuc-ban-sao"),
    ("chung thuc chu ky tren giay uy quyen o dau", "chung-thuc-ban-sao"),
    ("xin chữ ký số cá nhân trên điện thoại", "chu-ky-so-ca-nhan"),
])
def test_controls_a_signature_certified_stays_ours(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


def test_control_without_the_cue_the_certification_is_answered(kb):
    cues = {**kb.vocabulary["cues"],
            "ngan-hang": [c for c in kb.vocabulary["cues"]["ngan-hang"] if c != "mau chu ky" and c not in HELD_CUES]}
    plain = Matcher(replace(kb, vocabulary={**kb.vocabulary, "cues": cues}))
    assert plain.route(SPECIMEN).procedure == "chung-thuc-ban-sao"


# The signature kept by a bank, named by where it is kept rather than as a specimen ("chữ ký ở ngân
# hàng"), is the bank's too: not a certification, nor a digital signature.
HELD = "chu ky ngan hang khac chu ky bay gio"
HELD_CUES = {"chu ky ngan hang", "chu ky o ngan hang", "chu ky tai ngan hang", "chu ky voi ngan hang"}


@pytest.mark.parametrize("text", [
    HELD,
    "chữ ký tại ngân hàng của ba tui bị sai, phải làm sao",
    "chữ ký ở ngân hàng không khớp, giờ làm sao",
])
def test_a_signature_kept_by_the_bank_is_the_bank_s(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "ngan-hang"), route


def test_control_a_digital_signature_for_a_bank_contract_stays_ours(matcher):
    route = matcher.route("chữ ký số cá nhân để ký hợp đồng với ngân hàng")
    assert (route.decision, route.procedure) == ("answer", "chu-ky-so-ca-nhan"), route


def test_control_without_the_place_cues_the_certification_is_answered(kb):
    cues = {**kb.vocabulary["cues"],
            "ngan-hang": [c for c in kb.vocabulary["cues"]["ngan-hang"] if c not in HELD_CUES]}
    plain = Matcher(replace(kb, vocabulary={**kb.vocabulary, "cues": cues}))
    assert plain.route(HELD).procedure == "chung-thuc-ban-sao"
