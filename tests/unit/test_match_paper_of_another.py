"""The paper named decides which procedure issues it again (vocabulary `papers`), between our
procedures too: a paper of one of the best three, and none of the best one's, answers with it
("sáp nhập", "đổi" are cues of the ID card's renewal, said of a driving licence or a vehicle's
registration as well).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_a_licence_with_the_old_address_is_the_licence_exchange(matcher):
    route = matcher.route("bằng lái ghi địa chỉ cũ, sáp nhập tỉnh rồi có phải đổi không")
    assert (route.decision, route.procedure) == ("answer", "doi-giay-phep-lai-xe"), route


def test_control_an_id_card_with_the_old_address_stays_the_card(matcher):
    route = matcher.route("sau sáp nhập tỉnh thì căn cước ghi địa chỉ cũ có phải đổi không")
    assert (route.decision, route.procedure) == ("answer", "cap-doi-cap-lai-can-cuoc"), route
