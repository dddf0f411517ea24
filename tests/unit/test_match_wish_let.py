"""'Để' right after a wish ('muốn để mảnh đất sang tên cho tôi') lets something be so: it is the
wish itself, not the purpose of another act (vocabulary not_purpose: 'muon de', 'dinh de'), so the
clause is not cut there nor weighed as why the citizen asks.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

_STORY = "Ông nhà tôi mất năm ngoái, giấy chứng tử có rồi, giờ các con muốn "


@pytest.mark.parametrize("wish", [
    "để mảnh đất của ông sang tên cho tôi đứng. Phải làm những bước nào?",
    "để mảnh đất của ông được sang tên cho tôi. Phải làm những bước nào?",
])
def test_a_wish_to_let_the_land_pass_is_the_land_transfer(matcher, wish):
    route = matcher.route(_STORY + wish)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-bien-dong-dat-dai"), route


def test_the_wish_is_one_clause_of_full_weight(matcher):
    clauses = matcher._finder.clauses(_STORY + "để mảnh đất của ông sang tên cho tôi đứng. Phải làm những bước nào?")
    wish = [c for c in clauses if any(t.text == "muon" for t in c.tokens)]
    assert len(wish) == 1 and wish[0].focus == 1.0
    assert any(t.text == "manh" for t in wish[0].tokens)


def test_control_a_purpose_after_the_request_stays_a_purpose(matcher):
    clauses = matcher._finder.clauses("Tôi cần giấy xác nhận cư trú để nộp cho trường của con, lên xã xin được không")
    purpose = [c for c in clauses if c.tokens and c.tokens[0].text == "de"]
    assert len(purpose) == 1 and purpose[0].focus < 1.0
    route = matcher.route("Tôi cần giấy xác nhận cư trú để nộp cho trường của con, lên xã xin được không")
    assert route.procedure == "xac-nhan-thong-tin-cu-tru", route
