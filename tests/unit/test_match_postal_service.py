""""Bưu chính" (the portal's word for the postal service) is "bưu điện" (synonyms): the result sent
by post is the online submission's choice of delivery.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_the_result_sent_by_the_postal_service_is_the_online_submission(matcher):
    route = matcher.route("kết quả trả qua bưu chính thì phải chờ mấy ngày")
    assert (route.decision, route.procedure) == ("answer", "nop-ho-so-truc-tuyen"), route  # was none


def test_control_sending_parcels_abroad_is_none_of_ours(matcher):
    route = matcher.route("gửi hàng qua bưu chính đi nước ngoài giá bao nhiêu")
    assert route.decision == "none", route
