"""Asking the state of a dossier sent ("xem tình trạng ở đâu", "kiểm tra tình trạng", "tra hồ sơ")
is the lookup's cue (tra-cuu-ho-so, vocabulary `cues`), as "xong chưa", "tới đâu rồi" are: beside
the procedure the dossier was for, the cue says what is asked.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

_STATE = [
    # on main: clarified, the marriage first
    "ho so dang ky ket hon nop thu 3 tuan roi gio xem tinh trang cho nao",
    # on main: clarified, the marital status first ("tình trạng")
    "giấy xác nhận cư trú em xin trên mạng hôm qua rồi, coi tình trạng ở đâu vậy",
]

_CONTROLS = [
    ("xin giấy xác nhận tình trạng hôn nhân ở đâu", "xac-nhan-tinh-trang-hon-nhan"),
    ("hồ sơ khai tử cho ba nộp hôm qua, bao lâu thì có giấy", "dang-ky-khai-tu"),
]


@pytest.mark.parametrize("text", _STATE)
def test_the_state_of_a_dossier_sent_is_the_lookup(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "tra-cuu-ho-so"), route


@pytest.mark.parametrize(("text", "expected"), _CONTROLS)
def test_control_the_procedure_itself_stays(matcher, text, expected):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", expected), route
