"""How a dossier already sent is going is the lookup's (vocabulary follow_ups, knowledge.match_progress):
a message that tells a procedure done ('... rồi', '... xong') and right after asks how it goes
('chưa thấy gì', 'làm sao biết khi nào xong', 'tra cứu hồ sơ chỗ nào') asks tra-cuu-ho-so, though
the procedure's name scores far higher. How long the procedure itself takes stays the procedure's.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from helpers import REPO
from knowledge.loader import check_file
from knowledge.match_progress import FollowUps

_FOLLOW_UPS = [
    "con tui mới đăng ký khai tử cho ông nội xong, làm sao biết khi nào xong",
    "hôm kia nộp đăng ký tạm trú trên vneid rồi mà chưa thấy gì",
    "đã gửi hồ sơ chứng thực bản sao rồi tra cứu hồ sơ chỗ nào",
]


@pytest.mark.parametrize("text", _FOLLOW_UPS)
def test_how_a_named_dossier_sent_is_going_is_the_lookup(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "tra-cuu-ho-so"), route


def test_without_the_table_the_named_procedure_leads(matcher, monkeypatch):
    monkeypatch.setattr(matcher, "_follow_ups", FollowUps({}, {}, matcher.normaliser))
    routes = [matcher.route(text) for text in _FOLLOW_UPS]
    assert all(r.procedure != "tra-cuu-ho-so" for r in routes), routes


@pytest.mark.parametrize(("text", "expected"), [
    ("xin cấp lại căn cước xong thì bao lâu mới có thẻ", "cap-doi-cap-lai-can-cuoc"),  # its own duration
    ("đã đăng ký kết hôn rồi giờ muốn làm giấy xác nhận tình trạng hôn nhân", "xac-nhan-tinh-trang-hon-nhan"),
])
def test_control_the_procedure_asked_stays(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route


def test_check_reports_follow_ups_of_an_unknown_or_neighbour_id(tmp_path):
    text = (REPO / "procedures.yaml").read_text(encoding="utf-8")
    assert "\n  follow_ups:\n" in text
    path = tmp_path / "kb.yaml"
    path.write_text(text.replace("\n  follow_ups:\n", "\n  follow_ups:\n    khong-co-id: [chua thay gi]\n"
                                 "    vay-von-chinh-sach: [chua thay gi]\n", 1), encoding="utf-8")
    problems = [str(p) for p in check_file(path)]
    assert any("follow_ups" in p and "'khong-co-id'" in p for p in problems), problems
    assert any("follow_ups" in p and "'vay-von-chinh-sach'" in p for p in problems), problems


@pytest.mark.parametrize(("text", "expected"), [
    ("em nộp hồ sơ khai tử cho bà rồi, chưa thấy gì, mà giờ em muốn xin thêm bản sao trích lục khai tử thì làm sao",
     "trich-luc-ho-tich"),
    ("nộp hồ sơ tạm trú rồi mà chưa thấy gì, giờ muốn đăng ký thường trú luôn được không", "dang-ky-thuong-tru"),
])
def test_control_a_further_request_after_the_follow_up_is_what_is_asked(matcher, text, expected):
    route = matcher.route(text)
    assert route.procedure == expected, route
