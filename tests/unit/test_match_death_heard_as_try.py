""""tử" typed or heard as "thử" ("làm khai thử", voice-to-text; vocabulary `synonyms`) is the death
registration after its act or paper; "khai thử" alone may be trying a form and is left as it is.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_khai_thu_after_its_act_is_the_death_registration(matcher):
    route = matcher.route("ông nội mất hôm qua, con cháu làm khai thử cho ông thì mang giấy gì")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-tu"), route  # main: clarify, birth first


def test_control_trying_a_form_stays(matcher):
    route = matcher.route("em khai thử tờ khai tạm trú trên app trước được không")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route
