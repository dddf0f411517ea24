"""A long message whose story names one of our procedures while its request asks something
else: the request, not the story, decides (knowledge.clauses, knowledge.matching).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.clauses import RequestFinder
from knowledge.match_scores import _Scored
from knowledge.matching import Matcher


def _read(matcher: Matcher, text: str) -> dict[str, tuple[float, bool, bool]]:
    """Each clause's words -> (weight, asks, told as done)."""
    return {" ".join(t.text for t in c.tokens): (c.focus, c.asks, c.told) for c in matcher._finder.clauses(text)}


def test_the_story_alone_carries_no_procedure(matcher, monkeypatch):
    # The licence exchange is told as done; the request asks about a football match.
    text = "Bằng lái của ông xã tui đổi sang thẻ mới xong rồi, ổng hỏi trận bóng đá tối nay mấy giờ đá"
    route = matcher.route(text)
    assert route.decision == "none", route
    # Without asking the request to name what the procedure explains, the story answers.
    monkeypatch.setattr(RequestFinder, "names_object", lambda self, clauses: False)
    off = matcher.route(text)
    assert (off.decision, off.procedure) == ("answer", "doi-giay-phep-lai-xe"), off


def test_a_request_that_refers_back_to_the_story_is_no_request_of_its_own(matcher):
    # "làm lại có bị phạt không" names nothing: it asks about the residence told before it.
    finder = matcher._finder
    text = ("Tạm trú của tui ở phòng trọ gần chợ Tân Biên đăng ký hồi năm ngoái, giờ hết hạn rồi, "
            "tui làm lại có bị phạt không")
    assert not finder.names_object(finder.clauses(text))
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route
    named = finder.clauses("Tạm trú của tui ở phòng trọ gần chợ Tân Biên đăng ký hồi năm ngoái, giờ tui muốn hỏi "
                            "giá lúa hôm nay bao nhiêu")
    assert finder.names_object(named)


def test_done_just_now_is_told_as_done(matcher):
    # "mới" after who did it: just done ("tui mới đăng ký"), not new ("nhà mới").
    text = ("Chồng tui mới đổi bằng lái xe qua thẻ nhựa, tui mới đăng ký thường trú cho cả nhà về nhà mới, "
            "giá lúa hôm nay bao nhiêu")
    read = _read(matcher, text)
    assert read["tui moi dang_ky thuong tru cho ca nha ve nha moi"][2], read
    assert read["gia lua hom nay bao nhieu"][:2] == (1.0, True), read
    route = matcher.route(text)
    assert (route.decision, route.kind, route.out_of_scope) == ("none", "out_of_scope", "mua-ban-gia-ca"), route


@pytest.mark.parametrize("text, told", [
    ("Tui ở trọ có đăng ký tạm trú đàng hoàng, mấy bữa nay trời nóng quá, kể chuyện cười cho tui nghe đi",
     "tui o phong tro co dang_ky tam tru dang hoang"),  # "ở trọ" reads "ở phòng trọ"
    ("Con gái tui có giấy khai sinh đầy đủ, hai vợ chồng tui làm rẫy ở Xuân Lộc, gia hạn thẻ bảo hiểm y tế "
     "cho cả nhà", "con gai tui co giay khai sinh day du"),
])
def test_what_the_citizen_has_in_order_is_the_situation(matcher, text, told):
    read = _read(matcher, text)
    assert read[told][0] < 1.0 and read[told][2], read
    route = matcher.route(text)
    assert route.decision == "none" and route.kind == "out_of_scope", route


@pytest.mark.parametrize("text, only_by_this_rule", [
    # the driving school's own phrasings ("học bằng lái ở đâu") name it without the rule too
    ("Nhà tui ở Trảng Bom, con trai tui đang ở trọ học đại học, nó muốn xin bằng lái xe hạng B1 thì học ở đâu", False),
    ("Hộ khẩu em ở Cà Mau, em đang ở trọ Biên Hòa làm công nhân, giờ em muốn lấy bằng lái xe hạng B2 thì học chỗ nào",
     True),
])
def test_a_neighbour_the_question_names_wins_over_the_story(kb, matcher, monkeypatch, text, only_by_this_rule):
    # The driving school is named where the citizen asks; the story's residence words only
    # pull towards our procedures.
    route = matcher.route(text)
    assert (route.decision, route.kind, route.out_of_scope) == ("none", "out_of_scope", "hoc-lai-xe"), route
    if not only_by_this_rule:
        return
    # Its cues ("học ở đâu") name it too: without them, the rule alone still names it ...
    cues = {k: v for k, v in kb.vocabulary["cues"].items() if k != "hoc-lai-xe"}
    plain = Matcher(replace(kb, vocabulary={**kb.vocabulary, "cues": cues}))
    assert plain.route(text).out_of_scope == "hoc-lai-xe"
    # ... and without the rule too, the licence exchange is answered.
    whole = _Scored.contrast
    monkeypatch.setattr(_Scored, "contrast", lambda self, a, b, request_only=False, asked=False:
                        (0.0, 0.0) if asked else whole(self, a, b, request_only))
    off = plain.route(text)
    assert (off.decision, off.procedure) == ("answer", "doi-giay-phep-lai-xe"), off
