"""Where the citizen is, or has been, is the situation, not the request (knowledge.match_away):
"đi xuất khẩu lao động về", "trong thời gian đi xklđ", "đang làm việc bên Nhật" tell where the
citizen was or is. The job centre (going to work abroad), whose words the trip says, is not
what a worker back home asks when they ask to exchange a licence or re-issue a card: those words
weigh as the story, and the job centre's cue said there is not said. Wanting to go ("muốn đi
xuất khẩu lao động", "muốn đi tiếp") is the request; where an event happened ("con sinh ở Hàn
Quốc về") is the records of events abroad.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from knowledge.match_away import Away

BACK_HOME = "tui đi xuất khẩu lao động Nhật về, căn cước bị mất, làm lại ở đâu"


@pytest.mark.parametrize(("text", "procedure"), [
    (BACK_HOME, "cap-doi-cap-lai-can-cuoc"),
    ("đi xklđ Đài Loan về muốn làm lại căn cước bị mất", "cap-doi-cap-lai-can-cuoc"),
    ("bằng lái hết hạn trong thời gian đi xuất khẩu lao động, giờ về đổi ở đâu", "doi-giay-phep-lai-xe"),
    ("ba em đi xuất khẩu lao động Hàn Quốc về, muốn đăng ký thường trú lại ở nhà cũ", "dang-ky-thuong-tru"),
    ("em đi xuất khẩu lao động Đài Loan về, muốn đăng ký kết hôn ở xã", "dang-ky-ket-hon"),
    ("đang làm việc bên Hàn Quốc, con ở quê cần làm khai sinh thì vợ đi làm được không", "dang-ky-khai-sinh"),
])
def test_a_worker_back_home_asks_for_our_procedure(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


@pytest.mark.parametrize(("text", "neighbour"), [
    # Controls: the going wanted, the trip asked about again, an event abroad, a paper of the trip.
    ("muốn đi xuất khẩu lao động Nhật thì đăng ký ở đâu", "viec-lam"),
    ("đi xklđ về muốn đi tiếp thì đăng ký ở đâu", "viec-lam"),
    ("con sinh ở Hàn Quốc về làm khai sinh ở đâu", "ghi-chu-ho-tich-nuoc-ngoai"),
    ("kết hôn ở Hàn Quốc về thì ghi vào sổ ở xã nào", "ghi-chu-ho-tich-nuoc-ngoai"),
    ("đang ở bên Hàn Quốc muốn gia hạn visa cho chồng", "nguoi-nuoc-ngoai-cu-tru"),
    ("đi du lịch nước ngoài về muốn làm hộ chiếu mới", "ho-chieu"),
])
def test_controls_what_is_asked_of_the_trip_stays_the_neighbour_s(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route


def test_control_without_the_stay_the_worker_is_sent_to_a_neighbour(matcher, monkeypatch):
    monkeypatch.setattr(Away, "spans", lambda self, texts, bounds=(): [])
    route = matcher.route(BACK_HOME)
    assert route.decision == "none", route
