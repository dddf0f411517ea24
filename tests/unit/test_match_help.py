"""The help a request asks of a neighbour (vocabulary `help_requests`: report, complain, settle,
be protected) about what the story tells, and neighbours named only right after a negation.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from helpers import REPO
from knowledge.loader import check_file
from knowledge.matching import Matcher
from knowledge.models import KnowledgeBase

# The story names one of ours (marriage registration), the request asks to be protected.
HARMED = "Tui đăng ký kết hôn với ổng mười năm rồi, ổng hay đánh đập tui, tui muốn được bảo vệ thì báo ai"


def _without(kb: KnowledgeBase, key: str) -> KnowledgeBase:
    return replace(kb, vocabulary={k: v for k, v in kb.vocabulary.items() if k != key})


def test_a_request_for_help_with_a_harm_names_the_neighbour_not_the_procedure_of_the_story(kb):
    route = Matcher(kb).route(HARMED)
    assert (route.decision, route.kind, route.out_of_scope) == ("none", "out_of_scope", "bao-luc-gia-dinh-tre-em")
    # Without the help the request asks, the marriage the story names is answered.
    plain = Matcher(_without(kb, "help_requests")).route(HARMED)
    assert (plain.decision, plain.procedure) == ("answer", "dang-ky-ket-hon"), plain


@pytest.mark.parametrize("text, neighbour, named_where_asked", [
    # a dispute over the land of the home the story names
    ("tui nhập hộ khẩu về nhà này từ năm 2000, mới đây ông bên cạnh dựng hàng rào lấn sang đất tui cả thước, "
     "giờ nhờ ai giải quyết", "tranh-chap-dat-dai", False),
    # a harm that holds a negation word: "không trả lương" is still the employer's
    ("tui mới đăng ký tạm trú ở phòng trọ gần xưởng, mà chủ xưởng không trả lương hai tháng nay, "
     "tui muốn đi kiện thì sao", "tranh-chap-lao-dong", True),
    # no clause asks with a question word but "gửi ai" does
    ("ba má cho tui miếng đất, sang tên sổ đỏ xong rồi, giờ nhà kế bên xây lấn qua ranh, tui muốn làm đơn thì gửi ai",
     "tranh-chap-dat-dai", False),
])
def test_the_neighbour_whose_cue_the_story_says_is_named(kb, text, neighbour, named_where_asked):
    route = Matcher(kb).route(text)
    assert (route.decision, route.kind, route.out_of_scope) == ("none", "out_of_scope", neighbour), route
    # Without the help the request asks, the neighbour is not named (the procedure the story
    # names is answered, or, when the story tells it as done, nothing is), unless the asking
    # clause says the neighbour's own words ("đi kiện"): then it is named where the citizen asks.
    plain = Matcher(_without(kb, "help_requests")).route(text)
    assert (plain.out_of_scope == neighbour) == named_where_asked, plain


@pytest.mark.parametrize("text, expected", [
    # the harm is the story, reported already; the request names one of ours by its cue
    ("đi chợ bị giựt cái túi mất căn cước, đã trình báo công an rồi, giờ làm lại căn cước ở đâu",
     "cap-doi-cap-lai-can-cuoc"),
    # help is asked, but the request itself says the residence's cues
    ("chủ trọ bắt phải có tạm trú mới cho ở, vậy đăng ký tạm trú thì gặp ai", "dang-ky-tam-tru"),
])
def test_a_request_saying_the_procedures_cue_keeps_the_procedure(kb, text, expected):
    route = Matcher(kb).route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route


def test_a_neighbour_named_only_after_a_negation_does_not_win_on_its_score(kb):
    # (not "gì hết": "nothing at all" asks nothing, so that clause weighs less with either cue reading)
    text = "đất nhà tui không tranh chấp gì, làm sổ đỏ lần đầu ở đâu"
    route = Matcher(kb).route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-dat-dai-lan-dau"), route
    # An ordinary cue is said after a negation too: the dispute's words then win.
    cues = {k: [str(c).lstrip("!") for c in v] for k, v in kb.vocabulary["cues"].items()}
    plain = Matcher(replace(kb, vocabulary={**kb.vocabulary, "cues": cues})).route(text)
    assert (plain.decision, plain.out_of_scope) == ("none", "tranh-chap-dat-dai"), plain


def test_check_wants_help_requests_as_a_list(tmp_path):
    text = (REPO / "procedures.yaml").read_text(encoding="utf-8")
    assert "\n  help_requests: [" in text
    path = tmp_path / "kb.yaml"
    path.write_text(text.replace("\n  help_requests: [", "\n  help_requests_old: [", 1)
                    .replace("\nvocabulary:\n", "\nvocabulary:\n  help_requests: {bao ai: 1}\n", 1), encoding="utf-8")
    problems = [str(p) for p in check_file(path)]
    assert any("help_requests phải là một danh sách" in p for p in problems), problems
    assert any("help_requests_old" in p for p in problems), problems


def test_of_the_neighbours_the_story_names_a_longer_cue_at_the_same_place_wins(kb):
    # "công ty" alone is a business's cue; "công ty giữ" (the employer keeps the card) the
    # employer's: the business is not named for it, though it scores higher.
    text = "căn cước của tui bị công ty giữ luôn không trả, tui nghỉ làm rồi, tui báo ai"
    route = Matcher(kb).route(text)
    assert (route.decision, route.out_of_scope) == ("none", "tranh-chap-lao-dong"), route
    cues = {**kb.vocabulary["cues"],
            "tranh-chap-lao-dong": [c for c in kb.vocabulary["cues"]["tranh-chap-lao-dong"] if c != "cong ty giu"]}
    shorter = Matcher(replace(kb, vocabulary={**kb.vocabulary, "cues": cues})).route(text)
    assert (shorter.decision, shorter.out_of_scope) == ("none", "dang-ky-kinh-doanh"), shorter


def test_a_civil_dispute_in_a_story_about_land_is_named_with_its_court(kb):
    text = "đặt cọc mua đất có sổ đỏ rồi mà bên bán không chịu sang tên, tui đi kiện ở đâu"
    route = Matcher(kb).route(text)
    assert (route.decision, route.out_of_scope) == ("none", "tranh-chap-dan-su"), route
    neighbour = next(o for o in kb.out_of_scope if o.id == "tranh-chap-dan-su")
    assert "Tòa án" in neighbour.go and neighbour.sources


def test_the_help_asked_is_not_itself_what_happened(kb):
    # "phản ánh" is both the help asked and the complaints' cue: with nothing else told of
    # a harm, the procedures the message names are still offered.
    route = Matcher(kb).route("nộp hồ sơ tạm trú quá hạn chưa có kết quả, phản ánh ở đâu")
    assert route.kind == "procedure" and route.out_of_scope is None, route


def test_cues_of_a_procedure_told_as_done_do_not_keep_it_when_no_clause_asks(kb):
    # No clause asks with a question word: the whole message is the request, and it says the
    # first land registration's cue "lần đầu", but only where it tells what is done.
    text = ("nhà tui mới làm sổ đỏ lần đầu xong, mà bên kia xây hàng rào lấn qua đất tui gần một thước, "
            "tui muốn nhờ xã giải quyết")
    route = Matcher(kb).route(text)
    assert (route.decision, route.out_of_scope) == ("none", "tranh-chap-dat-dai"), route
    assert Matcher(_without(kb, "help_requests")).route(text).out_of_scope is None


def test_a_request_that_alone_asks_for_a_procedure_keeps_it(kb):
    # The clause that asks says no cue of the card's renewal ("căn cước mới" is none), but read
    # alone, help words left out, it is a card request: the story's theft is not what is asked.
    text = "bị giựt túi mất căn cước, giờ muốn làm căn cước mới thì gặp ai"
    route = Matcher(kb).route(text)
    assert (route.decision, route.procedure) == ("answer", "cap-doi-cap-lai-can-cuoc"), route
    # Asked where to be protected instead, the same story gets the police's line.
    route = Matcher(kb).route("bị giựt túi mất căn cước, giờ sợ tụi nó quay lại, muốn được bảo vệ thì báo ai")
    assert (route.decision, route.out_of_scope) == ("none", "trinh-bao-to-giac"), route


@pytest.mark.parametrize("text, expected", [
    # the harm and the report are the story, told as done; the request asks one of ours
    ("xe máy bị mất trộm, đã trình báo công an xong giờ xin làm lại giấy đăng ký xe", "doi-cap-lai-dang-ky-xe"),
    # one clause, no comma: what comes before "rồi giờ" is the story
    ("tranh chap dat hoa giai xong roi gio lam so lan dau", "dang-ky-dat-dai-lan-dau"),
])
def test_a_neighbour_said_only_in_the_story_told_as_done_is_not_asked(kb, text, expected):
    route = Matcher(kb).route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route


@pytest.mark.parametrize("text, neighbour", [
    # the dispute is said after what is done: it is still going on
    ("hòa giải xong rồi mà bên kia vẫn tranh chấp đất, giờ kiện ở đâu", "tranh-chap-dat-dai"),
    # the report is done, but the request asks the police's help again
    ("bị lừa đảo mất tiền đã trình báo rồi giờ họ còn hăm dọa, báo ai", "trinh-bao-to-giac"),
])
def test_a_neighbour_asked_after_the_story_told_as_done_is_named(kb, text, neighbour):
    route = Matcher(kb).route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route


def test_help_asked_right_after_the_question_words_is_asked(kb):
    # "làm sao" ends the clause that asks; the help wanted ("giải quyết") comes right after it.
    text = ("nhà tui ở khu phố 2, thường trú ở đây lâu rồi, ông bên cạnh xây tường lấn qua đất tui gần một tấc, "
            "tui hỏi làm sao giải quyết")
    route = Matcher(kb).route(text)
    assert (route.decision, route.out_of_scope) == ("none", "tranh-chap-dat-dai"), route
    assert Matcher(_without(kb, "help_requests")).route(text).out_of_scope != "tranh-chap-dat-dai"
