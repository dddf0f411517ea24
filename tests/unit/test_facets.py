"""Facet detection: the one aspect a citizen's question asks about, or None."""
from __future__ import annotations

import pytest

from knowledge.facets import FACETS, FacetDetector, FacetTableError
from knowledge.normalise import Vocabulary, fold


@pytest.fixture(scope="module")
def detector() -> FacetDetector:
    return FacetDetector.load()


ASKS = {
    "fee": [
        "làm căn cước mất bao nhiêu tiền",
        "dang ky tam tru bn tien",
        "lệ phí đăng ký thường trú",
        "làm lý lịch tư pháp có mất tiền không ạ",
        "đổi bằng lái tốn bao nhiêu",
        "khai sinh có miễn phí không",
        "Em là sinh viên xin lý lịch tư pháp có được giảm phí không ạ",
        "có phải nộp phí không",
        "lệ phí như thế nào",
        "sang tên xe máy hết mấy trăm",
    ],
    "time": [
        "lam cccd mat bao lau",
        "đăng ký tạm trú bao lâu thì có",
        "nộp lý lịch tư pháp xong đợi mấy hôm mới nhận phiếu",
        "khi nào có giấy khai sinh",
        "cấp đổi căn cước mấy ngày",
        "làm sổ đỏ lần đầu bao nhiêu ngày",
        "chung thuc ban sao co lay ngay khong",
    ],
    "documents": [
        "làm căn cước cần giấy tờ gì",
        "tạm trú cần gì",
        "dang ky ket hon can giay to gi",
        "đăng ký khai sinh cần chuẩn bị những gì",
        "ra công an làm định danh thì đem theo gì",
        "có cần mang ảnh thẻ không",
        "ho so dang ky thuong tru gom nhung gi",
        "đăng ký tạm trú online cần gì",
    ],
    "where": [
        "lý lịch tư pháp làm ở đâu",
        "ly lich tu phap lam o dau",
        "đăng ký xe máy chỗ nào",
        "Ở Đồng Nai thì nộp lý lịch tư pháp ở Sở Tư pháp phải không ad",
        "ly lich tu phap xin o xa duoc ko hay phai len tinh",
        "khai tử nộp ở xã hay tỉnh",
        "đổi bằng lái có phải lên tỉnh không",
        "công an xã mấy giờ mở cửa",
    ],
    "online": [
        "đăng ký tạm trú nộp online được không",
        "nop online dc ko",
        "khai báo tạm vắng trên vneid được không",
        "ko co may tinh thi nop ho so bang dien thoai dc ko",
        "có làm khai sinh trực tuyến được không",
        "đổi bằng lái có nộp online được không",
        "xin lý lịch tư pháp ở nhà được không",
        "nộp online như thế nào",
    ],
    "who": [
        "đi xuất khẩu lao động có phải khai tạm vắng không",
        "di xuat khau lao dong co phai khai tam vang ko",
        "ai được làm chữ ký số",
        "trẻ em có được làm căn cước không",
        "con em 10 tuổi có làm định danh điện tử được không",
        "bao nhiêu tuổi thì phải làm căn cước",
        "ở trọ 2 tuần có cần đăng ký tạm trú không",
        "trường hợp nào phải khai báo tạm vắng",
        "người nước ngoài có được đăng ký kết hôn ở xã không",
    ],
}


@pytest.mark.parametrize("facet, question", [(f, q) for f, qs in ASKS.items() for q in qs])
def test_a_question_about_one_aspect_gets_that_aspect(detector, facet, question):
    assert detector.detect(question) == facet
    # Accents are optional: the same question typed without them means the same.
    assert detector.detect(fold(question)) == facet


def test_every_aspect_is_covered():
    assert set(ASKS) == set(FACETS)


@pytest.mark.parametrize("question", [
    "đăng ký tạm trú",                                   # only the procedure's name
    "hướng dẫn làm căn cước",                            # how to do it: the whole card
    "thủ tục khai sinh như thế nào",
    "vneid quen mk dang nhap lay lai kieu gi",
    "tài khoản định danh mức 2 dùng để làm gì",
    "làm căn cước ở đâu, mất bao nhiêu tiền",            # two aspects at once
    "làm sổ đỏ lần đầu mất bao lâu, tốn bao nhiêu",
    "đăng ký kết hôn cần giấy tờ gì và làm như thế nào",  # an aspect and a general question
    "xin chào",
    "",
    "???",
])
def test_general_or_several_or_no_aspects_give_none(detector, question):
    assert detector.detect(question) is None


def test_a_longer_cue_wins_over_the_shorter_one_inside_it(detector):
    # "bao nhiêu" alone is about money; "bao nhiêu ngày" is about time, "bao nhiêu tuổi" about who.
    assert detector.detect("làm căn cước bao nhiêu") == "fee"
    assert detector.detect("làm căn cước bao nhiêu ngày") == "time"
    assert detector.detect("bao nhiêu tuổi thì làm căn cước") == "who"


def test_a_question_frame_yields_to_the_aspect_inside_it(detector):
    assert detector.detect("có phải khai tạm trú không") == "who"
    assert detector.detect("có phải nộp phí không") == "fee"
    assert detector.detect("có cần mang bản gốc không") == "documents"
    assert detector.detect("có phải lên xã không") == "where"
    frames = [m for m in detector.matches("có phải nộp phí không") if m.cue.is_frame]
    assert [m.cue.text for m in frames] == ["có phải * không"]


def test_a_frame_gap_is_limited(detector):
    long_gap = "có phải " + " ".join(["chữ"] * 7) + " không"
    assert detector.detect(long_gap) is None
    assert detector.detect("có phải " + " ".join(["chữ"] * 6) + " không") == "who"


def test_abbreviations_follow_the_vocabulary():
    plain = FacetDetector({"fee": ["bao nhiêu tiền"]}, abbreviations={})
    assert plain.detect("bn tiền") is None
    vocab = Vocabulary.builtin().extended({"abbreviations": {"bnt": "bao nhieu tien"}})
    extended = FacetDetector.load(vocabulary=vocab)
    assert extended.detect("tạm trú bnt") == "fee"


def test_staff_can_add_cues(tmp_path):
    table = tmp_path / "facets.yaml"
    table.write_text("where:\n  - ở chỗ nào\n  - quầy số mấy\ngeneral:\n  - thế nào\n", encoding="utf-8")
    custom = FacetDetector.load(table, vocabulary=Vocabulary())
    assert custom.detect("nộp hồ sơ ở quầy số mấy") == "where"
    assert custom.detect("làm căn cước mất bao nhiêu tiền") is None  # not in this table
    extra = FacetDetector.load(extra={"time": ["chừng nào xong"]})
    assert extra.detect("làm sổ đỏ chừng nào xong") == "time"
    assert {c.facet for c in extra.cues()} == {*FACETS, "general"}


@pytest.mark.parametrize("table, words", [
    ({"gia-ca": ["giá vàng"]}, "'gia-ca' không hợp lệ"),
    ({"fee": "bao nhiêu tiền"}, "phải là một danh sách"),
    ({"fee": ["* tiền"]}, "không được bắt đầu"),
    ({"fee": ["???"]}, "không có chữ nào"),
])
def test_a_bad_table_is_refused_in_vietnamese(table, words):
    with pytest.raises(FacetTableError, match=words):
        FacetDetector(table)


def test_a_table_that_is_not_a_mapping_is_refused(tmp_path):
    table = tmp_path / "facets.yaml"
    table.write_text("- bao nhiêu tiền\n", encoding="utf-8")
    with pytest.raises(FacetTableError, match="phải là một bảng"):
        FacetDetector.load(table)
    table.write_text("fee: [bao nhiêu\n", encoding="utf-8")
    with pytest.raises(FacetTableError, match="không đọc được"):
        FacetDetector.load(table)


@pytest.mark.parametrize("question, facet", [
    ("lý lịch tư pháp nộp trên dịch vụ công quốc gia được không", "online"),
    ("dang ky lam can cuoc cho be so sinh tren dich vu cong ntn", "online"),  # "ntn" right after: still online
    ("nộp hồ sơ cấp giấy chứng nhận lần đầu ở xã hay ở tỉnh", "where"),
    ("Bằng B2 của tôi tới hạn rồi, nay nộp đổi cho bên nào lo", "where"),
    ("anh trai mất, em là em ruột đi báo tử thay được ko", "who"),
])
def test_sample_questions_of_the_shipped_procedures(detector, question, facet):
    assert detector.detect(question) == facet
