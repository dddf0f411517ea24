"""Forms of the procedures' names that phones type for citizens: "căn cướp" (autocorrect or
voice typing of "căn cước"; no such phrase otherwise) is the ID card.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_can_cuop_is_the_id_card(matcher):
    route = matcher.route("làm căn cướp cho con 10 tuổi ở đâu")
    assert (route.decision, route.procedure) == ("answer", "cap-the-can-cuoc"), route
    assert "can cuoc" in matcher.normalise("mất căn cướp làm lại")


def test_control_a_robbery_stays_a_robbery(matcher):
    assert "cuop" in matcher.normalise("bị cướp giật mất ví ngoài chợ")
