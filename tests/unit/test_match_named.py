"""The one procedure the clause that asks names by its naming cue ('!đăng ký tạm trú') leads the
procedures its story scored a little higher (knowledge.match_named, matching.yaml named_window).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from knowledge.matching import MatchConfig, Matcher


@pytest.fixture(scope="module")
def unnamed(kb) -> Matcher:
    return Matcher(kb, MatchConfig.defaults().updated({"named_window": 0}))


def test_the_procedure_the_question_names_leads_what_the_story_reads_like(matcher, unnamed):
    # back from work abroad, staying with an aunt: the story reads like the absence declaration
    text = ("Chị mới đi lao động ở Hàn Quốc về được tuần nay, tạm thời ở nhờ nhà cô ruột ở Đà Lạt chờ xin "
            "việc chừng vài tháng. Chị có phải đăng ký tạm trú ở chỗ cô không, lên công an phường hay làm online?")
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route
    control = unnamed.route(text)
    assert (control.decision, control.procedure) != ("answer", "dang-ky-tam-tru"), control


@pytest.mark.parametrize("text", [
    "Em đi làm xa ở Bình Dương mấy năm, giờ nghỉ việc về ở nhờ nhà bạn ở Cần Thơ một thời gian tìm việc "
    "mới. Em có cần đăng ký tạm trú chỗ bạn không?",
    "Cháu đi du học Úc về nghỉ hè, ở nhà dì ở Hà Nội hai tháng. Vậy cháu có phải đăng ký tạm trú không ạ?",
])
def test_messages_already_led_by_the_named_procedure_stay_so(matcher, unnamed, text):
    assert (matcher.route(text).decision, matcher.route(text).procedure) == ("answer", "dang-ky-tam-tru")
    assert unnamed.route(text).procedure == "dang-ky-tam-tru"


def test_a_procedure_named_only_in_the_story_does_not_lead(matcher):
    # the residence is told as done; what is asked is the ID card
    route = matcher.route("Tôi đã đăng ký tạm trú ở phòng trọ gần công ty từ năm ngoái rồi, "
                          "giờ thẻ căn cước bị mất thì làm lại ở đâu?")
    assert route.procedure == "cap-doi-cap-lai-can-cuoc", route


def test_a_short_question_naming_a_procedure_leads_what_its_other_words_read_like(matcher, unnamed):
    # one clause: "hộ khẩu" reads like the permanent residence, but the question names the death
    # registration, whose liên thông removes the residence too
    text = "làm khai tử cho ba xong thì hộ khẩu có tự xóa tên ba không hay phải đi xóa riêng"
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-tu"), route
    control = unnamed.route(text)
    assert (control.decision, control.procedure) != ("answer", "dang-ky-khai-tu"), control


def test_control_a_short_question_naming_no_procedure_is_unchanged(matcher):
    route = matcher.route("ba tui mất năm ngoái, giờ muốn xóa tên ba trong hộ khẩu")
    assert (route.decision, route.out_of_scope) == ("none", "xoa-dang-ky-cu-tru"), route
