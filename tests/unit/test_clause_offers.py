"""Another answer the citizen offers to their own question ("... được không hay phải về quê một
trong hai đứa") does not crowd what the question is about out of the focus of a long request
(knowledge.clause_offers).

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import knowledge.clauses as clauses

WEDDING = ("Anh quê Nghệ An, chị quê Sóc Trăng, hai đứa đi làm ở Bình Dương mấy năm rồi, đang ở trọ gần xưởng. "
           "Cuối năm tụi anh cưới. Vậy làm giấy đăng ký kết hôn ở phường chỗ ở trọ được không hay bắt buộc "
           "phải về xã quê của một trong hai đứa?")


def _focus(matcher, text: str) -> str:
    return " ".join(t.text for c in matcher._finder.clauses(text) if c.focus >= 1.0 for t in c.tokens)


def test_the_object_of_the_question_stays_in_the_focus(matcher):
    assert "ket hon" in _focus(matcher, WEDDING)
    route = matcher.route(WEDDING)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-ket-hon"), route


def test_control_counting_the_offer_crowds_the_object_out(matcher, monkeypatch):
    monkeypatch.setattr(clauses, "offered_before", lambda tokens, *_: tokens)
    assert "ket hon" not in _focus(matcher, WEDDING)
    assert matcher.route(WEDDING).decision != "answer"


def test_a_request_without_an_offer_is_cut_as_before(matcher):
    text = ("Năm ngoái tôi về quê ăn tết, đi đường bị rơi mất ví, trong ví có thẻ căn cước gắn chip với thẻ "
            "ngân hàng, giờ tôi đang ở trọ Bình Dương muốn làm lại căn cước ở phường chỗ trọ thì cần mang gì")
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "cap-doi-cap-lai-can-cuoc"), route


# A polite particle between the question and the offer ("được không ạ | hay ..."): the offer still
# follows the question, and its words do not push what is asked out of the focus.
PARTICLE = [
    "Tui thuê trọ ở Trảng Bom mấy năm rồi, chủ trọ ok cho nhập khẩu vào phòng trọ thì được không ạ hay là "
    "bắt buộc phải có nhà riêng mới nhập được",
    "Mình ở trọ gần KCN Nhơn Trạch lâu rồi, chủ trọ cũng đồng ý cho nhập khẩu vào phòng trọ thì được không "
    "vậy ạ hay bắt buộc phải có nhà riêng mới nhập được",
]


def test_an_offer_after_a_polite_particle_follows_the_question(matcher):
    for text in PARTICLE:
        assert "thuong tru" in _focus(matcher, text), text
        route = matcher.route(text)
        assert (route.decision, route.procedure) == ("answer", "dang-ky-thuong-tru"), route


def test_control_without_the_particle_the_focus_is_the_same(matcher):
    text = PARTICLE[0]
    assert _focus(matcher, text) == _focus(matcher, text.replace("không ạ hay", "không hay")).replace(
        "khong hay", "khong a hay")


def test_control_the_offer_counted_after_the_particle_crowds_the_object_out(matcher, monkeypatch):
    real = clauses.offered_before
    monkeypatch.setattr(clauses, "offered_before", lambda tokens, q, a, e, *_: real(tokens, q, a, e))
    assert "thuong tru" not in _focus(matcher, PARTICLE[0])
