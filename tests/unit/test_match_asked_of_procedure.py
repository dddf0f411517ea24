"""What a citizen asks of a procedure they name: a requirement ("có phải khám sức khỏe không"),
a person ("ông bà dẫn đi được không"), a case ("người lớn chưa từng có"). The procedure named is
what is asked about, not another one that shares the requirement's words (the driving licence
also asks for a health certificate).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


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
