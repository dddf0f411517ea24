"""'Thất lạc' is 'mất' (vocabulary synonyms): a paper gone astray is lost, whichever paper it is;
the land title's neighbour held it as its own cue, so any lost paper went to the land title.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "căn cước bị thất lạc làm lại ở đâu",
    "thẻ căn cước của mẹ tôi bị thất lạc ở bến xe, làm lại mất bao lâu",
])
def test_a_card_gone_astray_is_the_cards_re_issue(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "cap-doi-cap-lai-can-cuoc"), route


@pytest.mark.parametrize("text", [
    "sổ đỏ nhà tôi bị thất lạc lúc dời nhà, làm lại thế nào",
    "sổ hồng bị thất lạc thì cấp lại ở đâu",
])
def test_controls_a_land_title_gone_astray_stays_the_land_title(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "cap-doi-cap-lai-so-do"), route
