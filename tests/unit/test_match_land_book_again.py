"""A land book lost or spoiled, asked for again ("xin lại sổ đỏ"), is its re-issue (out of scope:
cap-doi-cap-lai-so-do), not a first registration or a transfer: "xin lại" is how citizens say
"cấp lại" of any paper, and the book's name after it names the re-issue.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "năm ngoái dọn nhà làm thất lạc đâu mất cái sổ hồng lô đất vườn, giờ xin lại sổ hồng ở đâu vậy",
    "má tui già lẫn để đâu mất sổ đỏ thửa đất ruộng, giờ xin lại sổ đỏ có cần đăng báo không",
    "đợt bão năm rồi nhà tui tốc mái, giấy tờ ướt hết, có cuốn sổ đỏ miếng ruộng, giờ muốn xin lại sổ đỏ thì làm sao",
])
def test_a_land_book_asked_again_is_its_reissue(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "cap-doi-cap-lai-so-do"), route


def test_control_a_land_transfer_is_answered(matcher):
    route = matcher.route("mua miếng đất vườn của người quen, giờ làm sổ đỏ sang tên qua tui thì nộp ở đâu")
    assert (route.decision, route.procedure) == ("answer", "dang-ky-bien-dong-dat-dai"), route
