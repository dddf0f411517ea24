"""A neighbour that says none of its own cues does not win over a procedure whose cues the
message says: the words the two share ("ngân hàng", "app") are then the procedure's business
("trả lệ phí qua app ngân hàng" is paying a dossier's fee, not banking). Close to or ahead of
the procedure, the clause that asks must say the procedure's cue; behind it, the message may
say it anywhere but where it tells what is done. A neighbour whose cues the message says
still wins ("tiền điện", "cây ATM", "lương hưu").

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, procedure", [
    ("trả lệ phí qua app ngân hàng", "thanh-toan-truc-tuyen"),
    ("tra le phi ho so qua app ngan hang duoc khong", "thanh-toan-truc-tuyen"),
    ("em lấy chồng người Đài Loan, ảnh sắp qua VN, nghe nói đăng ký kết hôn với người nước ngoài giờ làm ở xã, "
     "giấy tờ bên ảnh cần gì", "dang-ky-ket-hon"),
])
def test_a_cueless_neighbour_does_not_take_the_procedures_words(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


@pytest.mark.parametrize("text, neighbour", [
    ("đóng tiền điện qua app ngân hàng được không", "dien"),
    ("thẻ atm bị nuốt ở cây atm, làm lại thẻ ngân hàng thế nào", "ngan-hang"),
    ("lãnh lương hưu qua tài khoản ngân hàng đăng ký ở đâu", "bao-hiem-xa-hoi"),
    ("app ngân hàng bắt cập nhật căn cước mới, làm sao", "ngan-hang"),
])
def test_controls_a_neighbour_saying_its_cues_still_wins(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route


def test_a_cueless_neighbour_level_with_the_procedure_does_not_win_on_the_clause_that_asks(matcher):
    # Of a long message, a neighbour about level with the procedure (within oos_margin), saying
    # none of its cues, does not win on the clause that asks ("vậy trả tiền kiểu gì" folds
    # to "vay", the bank's loan) while the message says the payment's cues.
    route = matcher.route("nop ho so xong toi buoc thanh toan le phi thi no hien ra danh sach ngan hang, "
                          "toi chi co the vietcombank khong co app, vay tra tien kieu gi")
    assert (route.decision, route.procedure) == ("answer", "thanh-toan-truc-tuyen"), route


def test_control_a_bank_question_without_a_fee_stays_the_bank(matcher):
    route = matcher.route("ngân hàng agribank không có app thì chuyển tiền sao")
    assert (route.decision, route.out_of_scope) == ("none", "ngan-hang"), route


@pytest.mark.parametrize("text", [
    "sổ đỏ nhà tôi bị mất lúc dời nhà, làm lại thế nào",
    "sổ đỏ nhà tôi bị mất, làm lại thế nào",
])
def test_a_neighbour_far_ahead_is_not_kept_off_by_everyones_cues(matcher, text):
    # "bị mất", "làm lại" are cues of every re-issue; the land title's neighbour, far ahead
    # (beyond cue_window) on "sổ đỏ", wins though the message says none of its own cues.
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", "cap-doi-cap-lai-so-do"), route
