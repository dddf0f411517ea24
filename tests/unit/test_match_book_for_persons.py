""""Làm sổ" is the first land registration's cue (a certificate to be made); "làm sổ cho con",
"cho từng đứa", "cho mỗi người", "làm sổ riêng" make it for the persons the land passes to: the
land is divided or given, a change of an owned plot (dang-ky-bien-dong-dat-dai cues).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "ba má muốn chia đất vườn cho con, làm sổ riêng cho từng đứa được không",
    "ba tôi có mảnh vườn, giờ ổng muốn làm sổ cho mỗi đứa con một phần thì làm thế nào",
])
def test_a_book_made_for_the_persons_the_land_passes_to_is_a_change(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-bien-dong-dat-dai"), route


def test_control_a_book_made_for_the_land_is_the_first_registration(matcher):
    route = matcher.route("mảnh đất ông bà khai hoang từ xưa chưa có giấy tờ gì, giờ muốn làm sổ cho mảnh đất đó")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-dat-dai-lan-dau"), route
