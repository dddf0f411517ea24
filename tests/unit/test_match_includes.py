"""A procedure that takes care of a neighbour too (vocabulary `includes`, knowledge.match_includes)
keeps it from winning only when the message names the procedure (an alias or a cue): asking
whether giving birth in hospital is covered by insurance is no birth registration.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "đang mang thai tháng thứ 8, đi sinh ở bệnh viện tư có được hưởng bảo hiểm không",
    "chuẩn bị đi sinh ở bệnh viện phụ sản, thẻ bảo hiểm có dùng được không",
    "bầu tháng thứ 6, sinh ở bệnh viện quận có được bảo hiểm chi trả không chị",
])
def test_insurance_for_giving_birth_is_the_insurance(matcher, text):
    # Before: the birth registration 'includes' the insurance card, so it was answered.
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "bao-hiem-y-te"), route


@pytest.mark.parametrize("text", [
    "làm giấy khai sinh cho bé xong thì có được cấp luôn thẻ bảo hiểm y tế không",
    "khai sinh cho con trên mạng, làm chung thẻ bhyt được không",
    "mới sinh bé, muốn làm thẻ bảo hiểm y tế cho bé luôn một lần",
])
def test_controls_naming_the_birth_registration_still_answers_it(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route


@pytest.mark.parametrize("text", [
    "con tui 3 tuổi, lúc làm khai sinh được cấp thẻ bảo hiểm y tế luôn, nay muốn đổi chỗ khám ban đầu gần nhà trọ "
    "thì làm sao",
    "đã làm khai sinh có thẻ bảo hiểm y tế cho bé rồi, giờ đổi nơi khám ban đầu ở đâu",
])
def test_a_birth_registration_done_before_does_not_take_care_of_the_insurance_now(matcher, text):
    # The liên thông was when the birth was registered ("lúc/đã/hồi làm khai sinh"); the card is asked now.
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "bao-hiem-y-te"), route


def test_control_a_birth_registration_asked_now_includes_the_insurance(matcher):
    route = matcher.route("làm khai sinh cho con có được cấp luôn thẻ bảo hiểm y tế không")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route


# The birth registration takes care of the child's permanent residence too (`includes` lists
# dang-ky-thuong-tru): named beside it ("khai sinh ... và đăng ký thường trú cho bé luôn"), the
# residence's naming cue neither puts it first nor tells it apart from the birth registration.
BOTH = ("ba mẹ mới có em bé, muốn làm giấy khai sinh và đăng ký thường trú cho bé với bhyt cùng lúc trên mạng "
        "thì làm sao")


def test_the_child_registered_at_birth_with_its_residence_is_the_birth_registration(matcher):
    route = matcher.route(BOTH)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route


def test_control_without_the_residence_included_the_insurance_wins(matcher, kb):
    from dataclasses import replace

    from knowledge.matching import Matcher
    vocabulary = dict(kb.vocabulary, includes={"dang-ky-khai-sinh": ["bao-hiem-y-te"]})
    route = Matcher(replace(kb, vocabulary=vocabulary)).route(BOTH)
    assert route.procedure != "dang-ky-khai-sinh", route


@pytest.mark.parametrize("text", [
    "Con tôi 5 tuổi, giấy khai sinh có rồi, giờ muốn đăng ký thường trú cho cháu vô nhà ông ngoại thì làm sao",
    "cháu tôi đã làm khai sinh hồi năm ngoái, giờ chuyển về ở với tôi muốn nhập khẩu cho cháu vào nhà tôi",
])
def test_control_the_residence_of_a_child_registered_long_ago_stays_the_residence(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-thuong-tru"), route
