"""What a citizen asks of a procedure they name: a requirement ("có phải khám sức khỏe không"),
a person ("ông bà dẫn đi được không"), a case ("người lớn chưa từng có"). The procedure named is
what is asked about, not another one that shares the requirement's words (the driving licence
also asks for a health certificate).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.match_config import MatchConfig
from knowledge.matching import Matcher


def _answer(matcher, text: str) -> str | None:
    route = matcher.route(text)
    return route.procedure if route.decision == "answer" else None


def test_a_health_check_asked_of_a_marriage_is_the_marriage(matcher):
    for text in ("hai đứa tính đi đăng ký kết hôn, có bắt khám sức khỏe tiền hôn nhân không",
                 "em sắp cưới, làm giấy kết hôn có cần giấy khám bệnh không ạ",
                 "lấy chồng người Nhật, bên ảnh có cần giấy khám sức khỏe không"):
        assert _answer(matcher, text) == "dang-ky-ket-hon", matcher.route(text)


def test_control_a_health_check_for_a_licence_stays_the_licence(matcher):
    assert _answer(matcher, "đổi bằng lái ô tô có cần khám sức khỏe không") == "doi-giay-phep-lai-xe"
    route = matcher.route("khám sức khỏe đi làm công ty ở đâu")
    assert route.decision == "none", route


@pytest.fixture(scope="module")
def plain(kb) -> Matcher:
    """The matcher with the procedures' naming cues made ordinary ones (no guard), and no
    margin within which a neighbour saying none of its cues is level with the procedure."""
    procedures = {p.id for p in kb.procedures}
    cues = {k: [str(c).lstrip("!") if k in procedures else c for c in v] for k, v in kb.vocabulary["cues"].items()}
    return Matcher(replace(kb, vocabulary={**kb.vocabulary, "cues": cues}),
                   replace(MatchConfig.defaults(), oos_margin=0.0))


@pytest.mark.parametrize("text", [
    "Cô ruột tui 70 tuổi rồi mà không có giấy khai sinh, hồi nhỏ ở rẫy không ai làm cho, "
    "giờ đăng ký khai sinh cho cô được không ạ",
])
def test_an_elderly_persons_first_birth_registration_is_the_birth_registration(matcher, plain, text):
    # The clause that asks names the registration ('!đăng ký khai sinh'); the re-registration
    # (a register lost) scores a little higher on "giấy khai sinh" but none of its cues is said.
    assert _answer(matcher, text) == "dang-ky-khai-sinh", matcher.route(text)
    assert _answer(plain, text) != "dang-ky-khai-sinh"


def test_an_elderly_persons_late_registration_said_otherwise_is_the_birth_registration(matcher):
    text = "ngoại tui lớn tuổi chưa bao giờ được làm khai sinh, bây giờ đăng ký khai sinh muộn vậy có được không"
    assert _answer(matcher, text) == "dang-ky-khai-sinh", matcher.route(text)


def test_control_a_lost_register_is_still_the_re_registration(matcher):
    route = matcher.route("Giấy khai sinh của ba bị cháy hồi lũ, xã nói sổ gốc cũng không còn, "
                          "giờ đăng ký lại khai sinh sao")
    assert (route.decision, route.out_of_scope) == ("none", "dang-ky-lai-khai-sinh"), route


def test_control_a_procedure_named_only_in_the_story_does_not_keep_a_neighbour_off(matcher):
    # '!mức 2' is said where the citizen tells their state; the question is about something else.
    route = matcher.route("Tài khoản vneid của tui đã lên mức 2 rồi, quê tui ở Bến Tre lên đây làm mấy năm, "
                          "cho hỏi kết quả xổ số miền nam hôm nay")
    assert route.decision == "none", route


def test_an_age_reached_is_the_situation_not_a_done_story(matcher):
    # "đủ 14 tuổi rồi" tells the child's age; read as done, it hid the first card's cue "đủ 14"
    # while the request ("bà ngoại dẫn nó đi làm được không") refers back to the story.
    text = ("Con gái em năm nay đủ 14 tuổi rồi, cô giáo nhắc đi làm căn cước. Vợ chồng em đi làm xa không về kịp, "
            "bà ngoại dẫn nó đi làm được không, mang theo giấy gì")
    route = matcher.route(text)
    assert route.candidates[:1] == ("cap-the-can-cuoc",) and route.decision != "none", route


def test_control_a_card_done_is_still_done(matcher):
    route = matcher.route("Con tui làm căn cước xong rồi, giờ đăng ký tài khoản định danh mức 2 cho nó ở đâu")
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route
