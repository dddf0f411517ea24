"""How a long message is read (knowledge.clauses): courtesy, clauses typed without a comma,
what is told as done, a request typed after its story, a message without a request.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.clauses import RequestFinder
from knowledge.match_cues import Found
from knowledge.match_scores import _Scored
from knowledge.matching import MatchConfig, Matcher
from knowledge.normalise import Normaliser


def _read(finder: RequestFinder, text: str) -> dict[str, tuple[float, bool, bool]]:
    """Each clause's words -> (weight, asks, told as done)."""
    return {" ".join(t.text for t in c.tokens): (c.focus, c.asks, c.told) for c in finder.clauses(text)}


def _finder_without(matcher: Matcher, section: str) -> RequestFinder:
    """The matcher's reading with one vocabulary section emptied."""
    vocabulary = replace(matcher.normaliser.vocabulary, **{section: frozenset()})
    return RequestFinder(Normaliser(vocabulary, known=matcher._word_ids), matcher._finder.config,
                         topical=matcher._finder._topical)


def test_courtesy_is_not_the_request(matcher):
    # "không biết hỏi ai" ends like a question ("... không"), but it speaks to the assistant.
    text = ("Tui ở ấp Bàu Cạn làm ruộng cả đời, giờ muốn làm lại giấy phép lái xe bị mất ở đâu, "
            "tui già rồi không biết hỏi ai")
    read = _read(matcher._finder, text)
    assert read["gio muon lam_lai giay phep lai xe bi mat o dau"][:2] == (1.0, True), read
    assert read["tui gia roi khong biet hoi ai"][0] < 1.0, read
    off = _read(_finder_without(matcher, "courtesy"), text)
    assert off["tui gia roi khong biet hoi ai"][:2] == (1.0, True), off
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "doi-giay-phep-lai-xe"), route


def test_a_clause_ends_after_what_is_done_without_a_comma(matcher):
    text = ("Sổ hộ khẩu nhà tui thu hồi hết rồi con gái tui mới sinh thằng cu được hai tuần giờ đi làm "
            "giấy khai sinh cho nó ở đâu")
    read = _read(matcher._finder, text)
    assert read["thuong tru nha tui thuhoi het roi"][2], read  # told as done, apart
    assert not any(k.startswith("thuong tru") for k in _read(_finder_without(matcher, "clause_ends"), text)
                   if k.endswith("roi"))
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-sinh"), route


def test_what_comes_next_is_not_cut_as_done(matcher):
    # "xong thì" says what comes next (vocabulary not_markers): no clause ends there.
    text = "Khai sinh cho con gái út xong thì tui làm luôn thẻ bảo hiểm y tế cho nó trong tuần này được không"
    read = _read(matcher._finder, text)
    assert not any(k.endswith("xong") for k in read), read


def test_a_question_typed_before_the_story_ends_at_its_question_phrase(matcher):
    text = ("Cho hỏi chuyển khẩu về nhà vợ ở đâu vợ chồng tui cưới nhau được ba năm con nhỏ đang học "
            "mẫu giáo ở xã")
    read = _read(matcher._finder, text)
    assert read["cho hoi dang_ky thuong tru ve nha vo o dau"][:2] == (1.0, True), read
    assert read["vo chong tui cuoi nhau duoc ba nam con nho dang hoc mau giao o xa"][0] < 1.0, read
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-thuong-tru"), route


def test_a_question_phrase_that_leads_its_question_is_not_cut(matcher):
    # "làm sao xóa tên họ": what follows "làm sao" is what is asked.
    text = "Căn nhà tui mua của ông Bảy còn tên hai đứa con ổng trong hộ khẩu, tui làm sao xóa tên họ ra khỏi nhà"
    assert not any(k.endswith("lam sao") for k in _read(matcher._finder, text))


def test_what_is_told_as_done_weighs_less_than_the_story(matcher, kb):
    text = ("Năm ngoái tui đã làm căn cước gắn chip rồi, nay tui muốn đăng ký tạm trú cho hai đứa cháu "
            "ở trọ nhà tui thì làm sao")
    told = "nam ngoai tui da lam can cuoc gan chip roi"
    assert _read(matcher._finder, text)[told] == (matcher.config.focus_told, False, True)
    off = Matcher(kb, MatchConfig.defaults().updated({"focus_told": 1}))
    assert _read(off._finder, text)[told][0] == off.config.focus_context
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route


def test_a_time_of_the_past_stays_with_its_clause(matcher):
    # "... năm ngoái rồi" ends the clause it dates: the clause is told as done.
    text = ("Chị đã làm căn cước gắn chip ở xã năm ngoái rồi, giờ chị muốn xin giấy xác nhận số chứng "
            "minh cũ để làm sổ tiết kiệm ở đâu")
    read = _read(matcher._finder, text)
    assert read["chi da lam can cuoc gan chip o xa nam ngoai roi"][2], read
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "xac-nhan-so-cmnd"), route


def test_a_request_typed_after_its_story_keeps_its_end_as_the_focus(matcher, kb):
    text = ("Chị là công nhân may ở khu công nghiệp Nhơn Trạch ba năm nay chị mua được căn nhà giấy tay "
            "giờ muốn nhập hộ khẩu vào đó được không")
    clauses = matcher._finder.clauses(text)
    assert clauses[0].focus < 1.0 and clauses[0].continues, clauses
    assert clauses[-1].focus == 1.0 and clauses[-1].asks
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-thuong-tru"), route


def test_a_neighbour_behind_the_best_procedure_wins_on_the_request_not_the_story(matcher, monkeypatch):
    # "công nhân ở khu công nghiệp" is the job-search neighbour's wording, said in the story.
    text = ("Em là công nhân may ở khu công nghiệp Nhơn Trạch, ông ngoại em mới mất ở nhà, khai tử cho "
            "ông thì làm ở đâu, tuần sau em được nghỉ")
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-tu"), route
    whole = _Scored.contrast
    monkeypatch.setattr(_Scored, "contrast", lambda self, a, b, request_only=False, asked=False:
                        whole(self, a, b, asked=asked))
    # (the procedures' naming cues made plain: behind '!khai tử', the guard alone keeps a neighbour off)
    procedures = {p.id for p in matcher.kb.procedures}
    cues = {k: [str(c).lstrip("!") if k in procedures else c for c in v]
            for k, v in matcher.kb.vocabulary["cues"].items()}
    plain = Matcher(replace(matcher.kb, vocabulary={**matcher.kb.vocabulary, "cues": cues}))
    # (and a neighbour saying none of its cues kept off by the procedure's situation cue "mới mất"
    # (Found.speaks_for) let through, so that the guard is all there is)
    monkeypatch.setattr(Found, "speaks_for", lambda self, doc, other, asked=False: False)
    off = plain.route(text)
    assert (off.decision, off.kind, off.out_of_scope) == ("none", "out_of_scope", "viec-lam"), off


def test_without_a_request_courtesy_and_what_is_done_weigh_less(matcher):
    text = ("Hộ khẩu tui đã nhập về nhà ông xã xong xuôi, tui nộp lệ phí qua app bị trừ tiền mà hồ sơ "
            "vẫn báo chưa thanh toán, cảm ơn cô nhiều")
    read = _read(matcher._finder, text)
    assert not any(asks for _, asks, _ in read.values()), read
    assert read["thuong tru tui da nhap ve nha ong xa xong xuoi"][:3:2] == (matcher.config.focus_context, True)
    assert read["cam on co nhieu"][0] == matcher.config.focus_context
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "thanh-toan-truc-tuyen"), route


@pytest.mark.parametrize("text", ["chữ ký số cá nhân hết hạn thì gia hạn sao", "hồ sơ báo đang xử lý là sao"])
def test_sao_and_la_sao_ask(matcher, text):
    tokens = matcher.normaliser.tokens(text)
    assert matcher._finder._asks(tokens)


def test_courtesy_typed_after_the_question_starts_a_clause(matcher):
    text = ("Má tui để lại miếng đất cho tui với đứa em, giờ tụi tui sang tên sổ đỏ theo thừa kế có phải "
            "đóng thuế không em cảm ơn chị nhiều")
    read = _read(matcher._finder, text)
    assert read["cam on chi nhieu"][0] < 1.0, read
    assert any(asks and weight == 1.0 and "thua ke" in k for k, (weight, asks, _) in read.items()), read


def test_a_request_word_in_what_is_done_is_no_request(matcher):
    # "đã xin ... rồi" holds a request word ("xin") but tells what is done.
    text = ("Tháng trước em đã xin giấy xác nhận cư trú trên vneid rồi, giờ em đổi giấy phép lái xe bằng "
            "giấy qua thẻ nhựa cho tiện đi làm xa")
    read = _read(matcher._finder, text)
    assert read["thang truoc em da xin giay xac nhan cu tru tren vneid roi"][0] < 1.0, read
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "doi-giay-phep-lai-xe"), route


def test_a_request_whose_object_is_generic_does_not_take_back_what_is_done(matcher):
    # "nộp hồ sơ trên dịch vụ công" names its object in generic words only: it does not refer
    # back to the residence declaration told as done, which must not be answered.
    text = ("Chị đã khai báo tạm vắng cho chồng đi biển xong xuôi rồi, giờ làm sao để nộp hồ sơ trên "
            "dịch vụ công")
    read = _read(matcher._finder, text)
    assert read["chi da khai khai_bao tam vang cho chong di bien xong xuoi roi"][0] < 1.0, read
    route = matcher.route(text)
    assert route.decision != "answer" or route.procedure == "nop-ho-so-truc-tuyen", route
    assert "nop-ho-so-truc-tuyen" in route.candidates, route


def test_a_question_ending_says_nothing_of_what_is_asked(matcher):
    # "hông" ends a question (and denies) in the South; rare in the knowledge base, it must not
    # fill the focus of the last question while the card asked for is in the clause before.
    text = ("ông ngoại tui năm nay 85 tuổi ở trong rẫy chưa có giấy tờ gì, giờ mấy đứa cháu muốn làm "
            "căn cước lần đầu cho ổng mà ổng đi hổng nổi thì công an có xuống nhà làm hông")
    finder = matcher._finder
    assert finder._topical_count(matcher.normaliser.tokens("hông hem chưa")) == 0
    read = _read(finder, text)
    assert any(weight == 1.0 and "cuoc lan dau" in words for words, (weight, _, _) in read.items()), read
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "cap-the-can-cuoc"), route


def test_is_not_is_no_act(matcher):
    # "chứ không phải" says "is not", not "must" (vocabulary not_markers): the clause tells the
    # situation and the focus goes back to what is needed.
    text = ("Tui ở quê một mình, thằng con mua cho cái điện thoại, nó biểu phải có tài khoản định danh mức 2 "
            "mới lãnh tiền được, mà cái sim đứng tên vợ nó chứ không phải tên tui, vậy tui làm định danh được không")
    read = _read(matcher._finder, text)
    assert read["ma cai sim dung ten vo no chu khong phai ten tui"][0] < 1.0, read
    off = _read(_finder_without(matcher, "not_markers"), text)
    assert not any(w.startswith("ma cai sim") and weight < 1.0 for w, (weight, _, _) in off.items()
                   if w.endswith("ten tui")), off
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route


@pytest.fixture(scope="module")
def no_carrier(kb) -> Matcher:
    return Matcher(kb, MatchConfig.defaults().updated({"carrier_min": 100}))


def _weights(matcher: Matcher, text: str) -> list[float]:
    return [c.focus for c in matcher._carried(matcher._finder.clauses(text))]


def test_without_a_question_the_clause_a_procedure_explains_carries_the_request(matcher, no_carrier):
    # No question word, no request word: each clause scored alone, the one about certified copies
    # leads; the story (a worker in an industrial park, the job-search neighbour's words) is context.
    text = ("Con trai tui làm công nhân ở khu công nghiệp Sóng Thần mới chuyển qua xưởng gỗ được mấy tháng. "
            "công chứng sổ hồng hai bản")
    assert matcher._finder.acts(matcher._finder.clauses("công chứng sổ hồng hai bản")[0])
    assert _weights(matcher, text) == [matcher.config.focus_context, 1.0]
    assert _weights(no_carrier, text) == [1.0, 1.0]
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "chung-thuc-ban-sao"), route
    assert no_carrier.route(text).decision == "none"


def test_a_clause_that_only_tells_the_situation_carries_nothing(matcher):
    # "tạm trú ở nhà trọ gần công ty" is scored best alone but does or needs nothing.
    text = ("Em là công nhân may ở khu chế xuất Linh Trung, tạm trú ở nhà trọ gần công ty, sim điện thoại "
            "đứng tên người khác chuyển qua tên em")
    assert _weights(matcher, text) == [1.0, 1.0, 1.0]


def test_a_message_that_asks_is_read_by_its_markers_not_by_its_clauses_alone(matcher):
    text = ("Con trai tui làm công nhân ở khu công nghiệp Sóng Thần mới chuyển qua xưởng gỗ, "
            "công chứng sổ hồng hai bản ở đâu")
    clauses = matcher._finder.clauses(text)
    assert matcher._carried(clauses) is clauses


def test_what_has_expired_is_still_to_fix_and_refers_back(matcher):
    # "hết hạn rồi" holds "rồi" but is what needs fixing (pending_markers); naming nothing, it
    # refers to the clause before, told as done, which the focus then takes in.
    text = ("Em quê Bến Tre lên đây làm may mấy năm nay, tạm trú em đăng ký hồi năm ngoái, giờ hết hạn rồi, "
            "làm lại có mất tiền không")
    read = _read(matcher._finder, text)
    assert read["gio het han roi"] == (1.0, False, False), read
    assert read["tam tru em dang_ky hoi nam ngoai"][0] == 1.0, read
    off = _read(_finder_without(matcher, "pending_markers"), text)
    assert off["gio het han roi"][2] and off["tam tru em dang_ky hoi nam ngoai"][0] < 1.0, off
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-tam-tru"), route


def test_a_neighbour_whose_cues_are_only_told_as_done_does_not_win_on_them(matcher, monkeypatch):
    # The health insurance card is told as renewed ("gia hạn xong rồi"): the request is the
    # child's ID card, not the insurance.
    text = ("Con em mới 4 tuổi, thẻ bảo hiểm y tế của bé gia hạn xong rồi, em nghe nói làm căn cước cho bé "
            "trên vneid được không cần đưa bé đi chụp hình, có đúng không")
    route = matcher.route(text)
    assert route.decision != "none" and route.procedure == "cap-the-can-cuoc", route
    monkeypatch.setattr(Found, "told_only", lambda self, doc: False)
    off = matcher.route(text)
    assert (off.decision, off.out_of_scope) == ("none", "bao-hiem-y-te"), off


def test_a_living_told_in_the_story_is_no_act(matcher):
    # "lên đây làm công nhân", "làm thuê" tell how the citizen lives (vocabulary not_markers):
    # the focus passes over them as it does over the rest of the situation.
    text = ("Tui quê Cà Mau, lên đây làm công nhân cho xưởng gỗ mấy năm nay, vợ tui làm thuê ngoài chợ, "
            "xin giấy xác nhận cư trú nộp cho công ty thì ra đâu")
    read = _read(matcher._finder, text)
    assert [w for w, (weight, _, _) in read.items() if weight == 1.0] == [
        "xin giay xac nhan cu tru nop cho cong ty thi ra dau"], read
    off = _read(_finder_without(matcher, "not_markers"), text)
    assert sum(weight == 1.0 for weight, _, _ in off.values()) > 1, off
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "xac-nhan-thong-tin-cu-tru"), route
