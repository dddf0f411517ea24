"""Loader and `dvcbot check`: every planted error is reported at its exact line."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from helpers import REPO
from knowledge.loader import KnowledgeError, check_file, load_knowledge

VALID = textwrap.dedent("""\
    topics:
      - {id: cu-tru, title: "Cư trú"}
    places:
      - id: cong-an-xa
        name: Công an xã Đại Phước
        handles: Cư trú, căn cước
        address: ""
      - {id: nha-cung-cap, name: Nhà cung cấp chữ ký số}
    procedures:
      - id: dang-ky-tam-tru
        topic: cu-tru
        title: Đăng ký tạm trú
        aliases: ["tạm trú"]
        questions: ["đăng ký tạm trú cần gì", "dang ky tam tru o dau"]
        code: "1.004194"
        where:
          - {place: cong-an-xa, note: nơi đang ở}
        documents: ["Tờ khai CT01"]
        time: 3 ngày làm việc
        fee:
          - 15.000đ tại quầy
          - {text: "7.000đ nộp trực tuyến", valid_until: 2026-12-31}
        who: ["Người đến ở từ 30 ngày trở lên"]
        online:
          channels: ["VNeID"]
          links: ["https://dichvucong.bocongan.gov.vn"]
        steps: ["Nộp tờ khai"]
        notes: ["Mang bản gốc giấy tờ nhà"]
        staff_notes: ["Hỏi Công an tỉnh mức phí mới"]
        sources:
          - {title: "Luật Cư trú 2020", article: "Điều 27", covers: [agency, time]}
          - title: Thông tư 75/2022/TT-BTC
            url: "https://dichvucong.bocongan.gov.vn"
            covers: [fee]
        reviewed: 2026-11-27
      - id: chu-ky-so-ca-nhan
        topic: cu-tru
        title: Chữ ký số cá nhân
        aliases: ["chữ ký số"]
        questions: ["làm chữ ký số thế nào"]
        where: [{place: nha-cung-cap}]
        documents: ["Thẻ căn cước"]
        time: Vài phút
        fee: Theo giá nhà cung cấp
        online: {channels: ["Ứng dụng"], links: []}
        sources: [{title: Luật Giao dịch điện tử 2023, covers: [agency, time, fee]}]
        reviewed: 2026-11-27
        guide:
          - id: bat-dau
            text: Bạn đã có tài khoản VNeID mức 2 chưa?
            choices:
              - {label: "Đã có", goto: cai-app}
              - {label: "Chưa có", goto: lam-vneid}
          - id: lam-vneid
            text: Ra công an xã để làm tài khoản.
            next: cai-app
          - id: cai-app
            text: Cài ứng dụng từ kho chính thức.
          - id: xong
            text: Xong.
            end: true
    out_of_scope:
      - id: ho-chieu
        title: Hộ chiếu
        go: "Bà con làm ở Công an tỉnh hoặc trên VNeID."
        phrasings: ["làm hộ chiếu"]
        sources: [{title: "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam 2019"}]
        reviewed: 2026-12-01
      - id: gia-vang
        title: Giá vàng
        kind: chitchat
        phrasings: ["giá vàng hôm nay"]
        reviewed: 2026-12-01
""")


def write(tmp_path: Path, text: str, name: str = "kb.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, nth: int = 1) -> int:
    count = 0
    for i, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            count += 1
            if count == nth:
                return i
    raise AssertionError(f"{needle!r} not in fixture")


def problems(tmp_path: Path, text: str) -> list[str]:
    return [str(p) for p in check_file(write(tmp_path, text))]


def test_valid_fixture_loads_into_typed_models(tmp_path):
    kb = load_knowledge(write(tmp_path, VALID))
    assert [p.id for p in kb.procedures] == ["dang-ky-tam-tru", "chu-ky-so-ca-nhan"]
    guide = kb.get("chu-ky-so-ca-nhan").guide
    assert [s.id for s in guide.steps] == ["bat-dau", "lam-vneid", "cai-app", "xong"]
    assert guide.successors("bat-dau") == ["cai-app", "lam-vneid"]
    assert kb.get("dang-ky-tam-tru").reviewed.isoformat() == "2026-11-27"


def test_shipped_knowledge_base_is_valid():
    assert check_file(REPO / "procedures.yaml") == []


@pytest.mark.parametrize(
    "old, new, needle, nth, message",
    [
        ("    documents: [\"Tờ khai CT01\"]\n", "    documents: [\"Tờ khai CT01\"]\n    colour: red\n", "colour: red", 1, "khóa không hợp lệ 'colour'"),
        ("    title: Đăng ký tạm trú\n", "", "  - id: dang-ky-tam-tru", 1, "thiếu khóa bắt buộc 'title'"),
        ("  - id: chu-ky-so-ca-nhan\n", "  - id: dang-ky-tam-tru\n", "  - id: dang-ky-tam-tru", 2, "bị trùng"),
        ('["làm chữ ký số thế nào"]', '["dang ky tam tru o dau"]', '["dang ky tam tru o dau"]', 1, "trùng với câu"),
        ("goto: cai-app}", "goto: cai-ap}", "goto: cai-ap}", 1, "không tồn tại"),
        ("    time: 3 ngày làm việc\n", "    time: '   '\n", "time: '   '", 1, "để trống"),
        ("reviewed: 2026-11-27\n  - id: chu", "reviewed: 2026-13-45\n  - id: chu", "2026-13-45", 1, "không phải ngày hợp lệ"),
        ('links: ["https://dichvucong.bocongan.gov.vn"]', 'links: ["dichvucong dot gov"]', "dichvucong dot gov", 1, "địa chỉ web"),
        ("    topic: cu-tru\n    title: Chữ", "    topic: dat-dai\n    title: Chữ", "topic: dat-dai", 1, "không có trong 'topics'"),
        ("  - id: dang-ky-tam-tru\n", "  - id: Dang Ky\n", "id: Dang Ky", 1, "viết thường"),
    ],
    ids=["unknown-key", "missing-field", "duplicate-id", "duplicate-question", "dangling-goto", "empty-text",
         "bad-date", "bad-url", "unknown-topic", "bad-id"],
)
def test_each_planted_error_points_at_its_line(tmp_path, old, new, needle, nth, message):
    assert old in VALID
    text = VALID.replace(old, new, 1)
    found = problems(tmp_path, text)
    expected_line = line_of(text, needle, nth)
    assert any(p.startswith(f"{tmp_path / 'kb.yaml'}:{expected_line}: ") and message in p for p in found), found


def test_unreachable_step_is_reported(tmp_path):
    text = VALID.replace(
        "      - id: xong\n",
        "      - id: mo-coi\n        text: Không ai tới đây.\n        end: true\n      - id: xong\n",
    ).replace("        text: Cài ứng dụng từ kho chính thức.\n",
              "        text: Cài ứng dụng từ kho chính thức.\n        end: true\n")
    found = problems(tmp_path, text)
    assert any(f":{line_of(text, 'id: mo-coi')}: " in p and "không thể tới được" in p for p in found), found
    assert any(f":{line_of(text, 'id: xong')}: " in p and "không thể tới được" in p for p in found), found


def test_cycle_without_way_out_is_reported(tmp_path):
    text = VALID.replace("        text: Cài ứng dụng từ kho chính thức.\n",
                         "        text: Cài ứng dụng từ kho chính thức.\n        next: lam-vneid\n")
    found = problems(tmp_path, text)
    assert any(f":{line_of(text, 'id: cai-app')}: " in p and "vòng lặp" in p for p in found), found


def test_not_yaml_reports_the_line(tmp_path):
    text = VALID.replace("    time: 3 ngày làm việc\n", "    time: [3 ngày làm việc\n")
    found = problems(tmp_path, text)
    assert len(found) == 1 and "lỗi cú pháp YAML" in found[0]
    assert found[0].split(":")[1].isdigit()


def test_not_utf8_reports_the_line(tmp_path):
    path = tmp_path / "kb.yaml"
    path.write_bytes(VALID.encode("utf-8").replace("Nộp tờ khai".encode(), "N\xf4p t\xf5 khai".encode("latin-1")))
    found = [str(p) for p in check_file(path)]
    assert found == [f"{path}:{line_of(VALID, 'Nộp tờ khai')}: tệp không phải UTF-8 (hãy lưu lại với bảng mã UTF-8)"]


@pytest.mark.parametrize("text", ["", "- just\n- a list\n", "procedures: 5\n", "procedures:\n  - 7\n"])
def test_wrong_shapes_never_raise(tmp_path, text):
    found = problems(tmp_path, text)
    assert found and all(":1: " in p or ":2: " in p for p in found)
    with pytest.raises(KnowledgeError):
        load_knowledge(tmp_path / "kb.yaml")


def test_missing_file(tmp_path):
    found = [str(p) for p in check_file(tmp_path / "nope.yaml")]
    assert found == [f"{tmp_path / 'nope.yaml'}:1: không tìm thấy tệp"]


def test_shipped_content_meets_the_brief():
    kb = load_knowledge(REPO / "procedures.yaml")
    # The 22 first procedures and the five of issue 10.
    assert len(kb.procedures) == 27
    assert {"trich-luc-ho-tich", "cai-chinh-ho-tich", "tach-ho", "xac-nhan-so-cmnd",
            "doi-cap-lai-dang-ky-xe"} <= {p.id for p in kb.procedures}
    for p in kb.procedures:
        assert len(p.questions) >= 10, p.id
        assert p.sources and p.where and p.reviewed.year >= 2025
    assert {p.id for p in kb.procedures if p.guide} == {
        "chu-ky-so-ca-nhan", "nop-ho-so-truc-tuyen", "vneid-dinh-danh-muc-2", "dang-ky-tam-tru",
        "dang-ky-thuong-tru", "dang-ky-khai-sinh", "cap-the-can-cuoc", "ly-lich-tu-phap", "dang-ky-xe",
        "tra-cuu-ho-so"}
    # The development set is shipped in tests/data/ (always there: this check never skips).
    import yaml

    from knowledge.normalise import words
    dev = REPO / "tests" / "data" / "dev-questions.yaml"
    dev_qs = {" ".join(words(c["q"])) for c in yaml.safe_load(dev.read_text(encoding="utf-8"))["cases"]}
    assert len(dev_qs) > 50
    copied = [q for p in kb.procedures for q in p.questions if " ".join(words(q)) in dev_qs]
    assert copied == []


# -- the December 2026 schema: places, sources, facts that expire, staff notes, neighbours ------

def test_schema_fields_load_into_typed_models(tmp_path):
    from datetime import date

    kb = load_knowledge(write(tmp_path, VALID))
    p = kb.get("dang-ky-tam-tru")
    assert p.code == "1.004194"
    assert kb.place("cong-an-xa").handles == "Cư trú, căn cước" and kb.place("cong-an-xa").address == ""
    assert kb.place("khong-co") is None
    assert p.where[0].place is kb.place("cong-an-xa") and p.where_text == "Công an xã Đại Phước (nơi đang ở)"
    assert [s.text for s in p.sources] == ["Luật Cư trú 2020, Điều 27", "Thông tư 75/2022/TT-BTC"]
    assert [s.title for s in p.sources_for("fee")] == ["Thông tư 75/2022/TT-BTC"]
    assert [f.text for f in p.fee] == ["15.000đ tại quầy", "7.000đ nộp trực tuyến"]
    assert p.fee[1].valid_until == date(2026, 12, 31) and p.fee[1].line == line_of(VALID, "7.000đ nộp trực tuyến")
    assert [f.text for f in p.who] == ["Người đến ở từ 30 ngày trở lên"]
    assert [f.text for f in p.notes] == ["Mang bản gốc giấy tờ nhà"]
    assert p.staff_notes == ("Hỏi Công an tỉnh mức phí mới",)
    # The last day still holds; the day after, the item is expired and hidden.
    assert [f.text for f in p.facts("fee", date(2026, 12, 31))] == ["15.000đ tại quầy", "7.000đ nộp trực tuyến"]
    assert [f.text for f in p.facts("fee", date(2027, 1, 1))] == ["15.000đ tại quầy"]
    assert not p.has_expired("fee", date(2026, 12, 31)) and p.has_expired("fee", date(2027, 1, 1))
    assert kb.expired_facts(date(2026, 12, 31)) == []
    [expired] = kb.expired_facts(date(2027, 1, 1))
    assert (expired.entry_id, expired.field, expired.line, expired.text) == (
        "dang-ky-tam-tru", "fee", line_of(VALID, "7.000đ nộp trực tuyến"), "7.000đ nộp trực tuyến")
    ho_chieu, gia_vang = kb.out_of_scope
    assert (ho_chieu.kind, ho_chieu.go, ho_chieu.reviewed) == ("service", "Bà con làm ở Công an tỉnh hoặc trên VNeID.",
                                                                date(2026, 12, 1))
    assert (gia_vang.kind, gia_vang.go, gia_vang.sources) == ("chitchat", "", ())
    assert kb.neighbour("gia-vang") is gia_vang


def test_stale_entries_lists_procedures_and_neighbours_past_the_age(tmp_path):
    from datetime import date

    kb = load_knowledge(write(tmp_path, VALID))
    assert kb.stale_entries(date(2027, 5, 26), 180) == []  # 2026-11-27 + 180 days
    stale = kb.stale_entries(date(2027, 6, 1), 180)
    assert [(s.entry_id, s.kind, s.age_days) for s in stale] == [
        ("dang-ky-tam-tru", "procedure", 186), ("chu-ky-so-ca-nhan", "procedure", 186),
        ("ho-chieu", "out_of_scope", 182), ("gia-vang", "out_of_scope", 182)]


@pytest.mark.parametrize(
    "old, new, needle, message",
    [
        ("      - {place: cong-an-xa, note: nơi đang ở}\n", "      - {place: cong-an-huyen}\n",
         "place: cong-an-huyen", "nơi làm 'cong-an-huyen' của thủ tục 'dang-ky-tam-tru' không có trong 'places'"),
        ('    code: "1.004194"\n', '    code: "1.4194"\n', '"1.4194"', "mã thủ tục (code) '1.4194'"),
        ('    code: "1.004194"\n', "    code: 1.004194.1\n", "1.004194.1", "không đúng dạng"),
        ("covers: [agency, time]}", "covers: [agency]}", "  - id: dang-ky-tam-tru", "thiếu nguồn cho thời gian (time)"),
        ("        covers: [fee]\n", "", "  - id: dang-ky-tam-tru", "thiếu nguồn cho lệ phí (fee)"),
        ("covers: [fee]\n", "covers: [phi]\n", "covers: [phi]", "'covers' không nhận 'phi'"),
        ('    sources: [{title: Luật Giao dịch điện tử 2023, covers: [agency, time, fee]}]\n', "    sources: []\n",
         "sources: []", "phải là danh sách nguồn, không rỗng"),
        ("valid_until: 2026-12-31}", "valid_until: 31/13/2026}", "valid_until: 31/13/2026", "'valid_until'"),
        ("    where: [{place: nha-cung-cap}]\n", "    agency: Nhà cung cấp\n", "agency: Nhà cung cấp",
         "khóa 'agency' đã bỏ: dùng 'where'"),
        ('    go: "Bà con làm ở Công an tỉnh hoặc trên VNeID."\n', "", "  - id: ho-chieu",
         "thiếu khóa bắt buộc 'go' trong out_of_scope 'ho-chieu'"),
        ("    kind: chitchat\n", "    kind: chitchat\n    go: Bà con xem báo.\n", "go: Bà con xem báo.", "bỏ 'go'"),
        ("    kind: chitchat\n", "    kind: chuyen-phiem\n", "kind: chuyen-phiem", "phải là service hoặc chitchat"),
        ('    sources: [{title: "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam 2019"}]\n', "", "  - id: ho-chieu",
         "thiếu khóa bắt buộc 'sources' trong out_of_scope 'ho-chieu'"),
        ("    reviewed: 2026-12-01\n", "", "  - id: ho-chieu", "thiếu khóa bắt buộc 'reviewed' trong out_of_scope"),
        ('  - {id: nha-cung-cap, name: Nhà cung cấp chữ ký số}\n', '  - {id: cong-an-xa, name: Trùng}\n',
         "name: Trùng", "id nơi làm 'cong-an-xa' bị trùng"),
    ],
    ids=["unknown-place", "bad-code", "bad-code-shape", "source-missing-time", "source-missing-fee", "bad-covers",
         "empty-sources", "bad-valid-until", "old-agency-key", "service-without-go", "chitchat-with-go", "bad-kind",
         "service-without-sources", "neighbour-without-reviewed", "duplicate-place"],
)
def test_each_schema_rule_points_at_its_line(tmp_path, old, new, needle, message):
    assert old in VALID, old
    text = VALID.replace(old, new, 1)
    found = problems(tmp_path, text)
    expected_line = line_of(text, needle)
    assert any(p.startswith(f"{tmp_path / 'kb.yaml'}:{expected_line}: ") and message in p for p in found), found
    with pytest.raises(KnowledgeError):
        load_knowledge(tmp_path / "kb.yaml")


def test_chitchat_needs_no_sources_nor_go(tmp_path):
    assert problems(tmp_path, VALID) == []
    assert 'kind: chitchat\n    phrasings: ["giá vàng hôm nay"]\n    reviewed' in VALID


@pytest.mark.parametrize(
    "old, new, needle, marker",
    [
        ("    time: 3 ngày làm việc\n", "    time: 3 ngày làm việc (cần kiểm tra lại)\n", "(cần kiểm tra lại)",
         "cần kiểm tra lại"),
        ("      - 15.000đ tại quầy\n", "      - 15.000đ tại quầy [verify]\n", "[verify]", "[verify]"),
        ('"7.000đ nộp trực tuyến"', '"7.000đ nộp trực tuyến (Verify)"', "(Verify)", "(verify)"),
        ('notes: ["Mang bản gốc giấy tờ nhà"]', 'notes: ["Mang bản gốc, can bo kiem tra lai"]', "can bo kiem tra lai",
         "cán bộ kiểm tra lại"),
        ("        text: Ra công an xã để làm tài khoản.\n", "        text: Ra công an xã. TODO thêm giờ\n",
         "TODO thêm giờ", "TODO"),
        ('{label: "Đã có", goto: cai-app}', '{label: "Đã có [verify]", goto: cai-app}', "Đã có [verify]", "[verify]"),
        ("      - {place: cong-an-xa, note: nơi đang ở}\n",
         "      - {place: cong-an-xa, note: nơi đang ở (cần kiểm tra lại)}\n", "note: nơi đang ở (cần",
         "cần kiểm tra lại"),
        ("    handles: Cư trú, căn cước\n", "    handles: Cư trú [verify]\n", "Cư trú [verify]", "[verify]"),
        ('    go: "Bà con làm ở Công an tỉnh hoặc trên VNeID."\n',
         '    go: "Bà con làm ở Công an tỉnh (cần kiểm tra lại)."\n', "Công an tỉnh (cần", "cần kiểm tra lại"),
    ],
    ids=["time", "fee-item", "dated-fee-item", "notes-unaccented", "guide-text", "button", "where-note", "place",
         "neighbour-go"],
)
def test_staff_markers_in_citizen_text_are_errors_pointing_to_staff_notes(tmp_path, old, new, needle, marker):
    assert old in VALID, old
    text = VALID.replace(old, new, 1)
    found = problems(tmp_path, text)
    line = line_of(text, needle)
    assert any(p.startswith(f"{tmp_path / 'kb.yaml'}:{line}: ") and f"('{marker}')" in p and "staff_notes" in p
               for p in found), found


def test_staff_markers_are_allowed_where_no_citizen_reads_them(tmp_path):
    text = VALID.replace('staff_notes: ["Hỏi Công an tỉnh mức phí mới"]',
                         'staff_notes: ["[verify] mức phí, cần kiểm tra lại", "TODO: hỏi Sở"]')
    text = text.replace("title: Thông tư 75/2022/TT-BTC\n", "title: Thông tư 75/2022/TT-BTC (cần kiểm tra lại)\n")
    assert problems(tmp_path, text) == []
    # "todo" in ordinary lower-case words is not the TODO marker.
    assert problems(tmp_path, VALID.replace("Nộp tờ khai", "Nộp tờ khai, to do thêm")) == []


# -- audit: expired items and review age (what `dvcbot check` adds) ---------------------------

def test_audit_reports_an_expired_item_at_its_line(tmp_path):
    from datetime import date

    from knowledge.loader import audit_file

    path = write(tmp_path, VALID)
    assert audit_file(path, today=date(2026, 12, 31)) == []
    found = audit_file(path, today=date(2027, 1, 1))
    assert [str(p) for p in found] == [
        f"{path}:{line_of(VALID, '7.000đ nộp trực tuyến')}: 'fee' của thủ tục 'dang-ky-tam-tru': mục "
        "\"7.000đ nộp trực tuyến\" đã hết hạn (valid_until: 2026-12-31); Trợ lý không còn hiện mục này cho bà con. "
        "Cách sửa: cập nhật nội dung và ngày valid_until, hoặc xóa mục này"]
    assert not found[0].warning
    # The bot itself still loads the file (it hides the expired item).
    assert check_file(path) == [] and load_knowledge(path).get("dang-ky-tam-tru")


def test_audit_warns_about_old_reviews_of_procedures_and_neighbours(tmp_path):
    from datetime import date

    from knowledge.loader import audit_file

    path = write(tmp_path, VALID.replace("valid_until: 2026-12-31", "valid_until: 2099-12-31"))
    assert audit_file(path, today=date(2027, 5, 26)) == []
    found = audit_file(path, today=date(2027, 6, 1), max_review_age_days=180)
    assert all(p.warning for p in found)
    lines = [p.line for p in found]
    assert lines == [line_of(VALID, "reviewed: 2026-11-27", 1), line_of(VALID, "reviewed: 2026-11-27", 2),
                     line_of(VALID, "reviewed: 2026-12-01", 1), line_of(VALID, "reviewed: 2026-12-01", 2)]
    assert str(found[0]).startswith(
        f"{path}:{lines[0]}: cảnh báo: thủ tục 'dang-ky-tam-tru' chưa được xem lại 186 ngày")
    assert "out_of_scope 'ho-chieu'" in str(found[2])
    assert [p.line for p in audit_file(path, today=date(2027, 6, 1), max_review_age_days=184)] == lines[:2]


def test_audit_warns_about_a_review_date_in_the_future(tmp_path):
    from datetime import date

    from knowledge.loader import audit_file

    found = audit_file(write(tmp_path, VALID), today=date(2026, 11, 30))
    assert [p.line for p in found] == [line_of(VALID, "reviewed: 2026-12-01", 1),
                                       line_of(VALID, "reviewed: 2026-12-01", 2)]
    assert all(p.warning and "ở tương lai" in p.message for p in found)


# -- YAML syntax errors explained in Vietnamese ------------------------------------------------

@pytest.mark.parametrize(
    "old, new, needle, words",
    [
        ("    time: 3 ngày làm việc\n", "\ttime: 3 ngày làm việc\n", "\ttime:", ["Tab", "dấu cách"]),
        ("    documents: [\"Tờ khai CT01\"]\n", "    documents: [\"Tờ khai CT01\"]\n\t\n", "\t", ["Tab"]),
        ("    title: Đăng ký tạm trú\n", "    title Đăng ký tạm trú\n", "title Đăng ký", ["thiếu dấu hai chấm"]),
        ("    time: 3 ngày làm việc\n", '    time: "3 ngày làm việc\n', '"3 ngày làm việc',
         ["ngoặc kép", "chưa được đóng"]),
        ("    time: 3 ngày làm việc\n", "    time: [3 ngày làm việc\n", "[3 ngày làm việc", ["'['", "']'"]),
        ("{place: nha-cung-cap}", "{place: nha-cung-cap", "{place: nha-cung-cap", ["'{'", "'}'"]),
        ("    time: 3 ngày làm việc\n", "    time: Lưu ý: 3 ngày\n", "Lưu ý: 3 ngày", ["dấu ':'", "ngoặc kép"]),
        ("    time: 3 ngày làm việc\n", "     time: 3 ngày làm việc\n", "     time:", ["thụt lề"]),
        ("    documents: [\"Tờ khai CT01\"]\n", "   documents: [\"Tờ khai CT01\"]\n", "   documents:",
         ["thụt lề"]),
    ],
    ids=["tab", "tab-alone", "missing-colon", "unclosed-quote", "unclosed-bracket", "unclosed-brace", "colon-in-text",
         "over-indented", "under-indented"],
)
def test_yaml_syntax_errors_are_explained_in_vietnamese(tmp_path, old, new, needle, words):
    assert old in VALID, old
    text = VALID.replace(old, new, 1)
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    assert found[0].startswith(f"{tmp_path / 'kb.yaml'}:{line_of(text, needle)}: lỗi cú pháp YAML"), found
    assert "Cách sửa" in found[0] and all(w in found[0] for w in words), found
    assert not any(english in found[0] for english in ("mapping values", "expected", "scanning", "token")), found
