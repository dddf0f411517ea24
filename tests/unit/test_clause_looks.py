"""Where "rồi" ends no clause and tells nothing done, and where it does (knowledge.clause_looks):
"X rồi Y", "rồi" right before the next act, is "then" (a sequence the citizen asks about);
"X rồi" is done; "đã X rồi Y" is done too.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

SEQUENCE = ("Tui mới mua chiếc Wave mới ở đại lý Long Thành, nhân viên nói tự bấm đăng ký xe trên mạng rồi chờ "
            "bưu điện giao biển số tới nhà, vậy có làm vậy được không hay phải lên công an")


def _clauses(matcher, text: str) -> list[tuple[str, bool]]:
    return [(" ".join(t.text for t in c.tokens), c.told) for c in matcher._finder.clauses(text)]


def _told(matcher, text: str) -> list[str]:
    return [words for words, told in _clauses(matcher, text) if told]


def test_then_before_the_next_act_is_no_done_story(matcher):
    assert not any("roi" in words.split() for words in _told(matcher, SEQUENCE))
    assert any("roi cho" in words for words, _ in _clauses(matcher, SEQUENCE))  # one step after the other
    route = matcher.route(SEQUENCE)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-xe"), route


def test_control_then_before_waiting_too(matcher):
    text = ("Con mới lấy xe máy mới ngoài cửa hàng, người ta biểu lên cổng dịch vụ công khai rồi đợi biển "
            "gửi về, con làm vậy được không cô")
    assert not _told(matcher, text)
    assert matcher.route(text).procedure == "dang-ky-xe"


def test_control_done_with_nothing_after_it_stays_done(matcher):
    text = ("Hồ sơ đổi căn cước em nộp ở xã rồi, giờ em đi làm xa ở Bình Dương thì nhận thẻ ở đâu được không "
            "chị")
    assert any(words.endswith("roi") for words in _told(matcher, text))


def test_control_told_of_the_past_stays_done(matcher):
    text = ("Mấy giấy tờ nhà em đã đem đi sao y hết rồi nộp ở một cửa xã mà người ta không nhận, cho em hỏi "
            "thiếu cái gì vậy")
    assert any("roi" in words.split() for words in _told(matcher, text))



# "xong rồi thì" (vocabulary not_markers, like "xong thì", "rồi thì"): what comes once it is done,
# asked about; "xong rồi," with nothing after it stays done.
def test_once_done_then_asks_what_follows(matcher):
    text = ("Đi khai tử cho bà nội xong rồi thì tên bà trong hộ khẩu có tự mất không hay là phải lên xã làm "
            "xóa thường trú")
    assert not _told(matcher, text)
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-khai-tu"), route
    assert not _told(matcher, "nộp hồ sơ lý lịch tư pháp trên mạng xong rồi thì mấy ngày có phiếu, nhận ở đâu vậy")


def test_control_done_then_a_new_request_stays_done(matcher):
    text = "Em làm khai tử cho ba xong rồi, giờ má em muốn sang tên sổ đỏ của ba cho má thì làm sao"
    assert _told(matcher, text)
    assert matcher.route(text).procedure == "dang-ky-bien-dong-dat-dai"
