"""Forms of the procedures' names that phones type or citizens say for them: "căn cướp" (autocorrect or
voice typing of "căn cước"; no such phrase otherwise) is the ID card; "giấy chứng minh nơi ở"
(the paper that proves where one lives) is the residence confirmation.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_can_cuop_is_the_id_card(matcher):
    route = matcher.route("làm căn cướp cho con 10 tuổi ở đâu")
    assert (route.decision, route.procedure) == ("answer", "cap-the-can-cuoc"), route
    assert "can cuoc" in matcher.normalise("mất căn cướp làm lại")


def test_control_a_robbery_stays_a_robbery(matcher):
    assert "cuop" in matcher.normalise("bị cướp giật mất ví ngoài chợ")


def test_a_paper_proving_where_one_lives_is_the_residence_confirmation(matcher):
    # "giấy chứng minh nơi ở / cư trú" is what the confirmation (CT07) is for
    for text in ("ngân hàng đòi giấy chứng minh nơi ở, xin ở đâu",
                 "chứng minh nơi ở để xin việc thì lên đâu"):
        route = matcher.route(text)
        assert (route.decision, route.procedure) == ("answer", "xac-nhan-thong-tin-cu-tru"), route


def test_control_the_old_identity_card_is_still_the_card(matcher):
    route = matcher.route("chứng minh nhân dân cũ còn dùng được không")
    assert (route.decision, route.procedure) == ("answer", "cap-doi-cap-lai-can-cuoc"), route
