"""Loader and `dvcbot check`: every planted error is reported at its exact line."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from knowledge.loader import KnowledgeError, check_file, load_knowledge

REPO = Path(__file__).resolve().parents[1]

VALID = textwrap.dedent("""\
    topics:
      - {id: cu-tru, title: "Cư trú"}
    procedures:
      - id: dang-ky-tam-tru
        topic: cu-tru
        title: Đăng ký tạm trú
        aliases: ["tạm trú"]
        questions: ["đăng ký tạm trú cần gì", "dang ky tam tru o dau"]
        agency: Công an xã
        documents: ["Tờ khai CT01"]
        time: 3 ngày làm việc
        fee: 15.000đ
        online:
          channels: ["VNeID"]
          links: ["https://dichvucong.bocongan.gov.vn"]
        steps: ["Nộp tờ khai"]
        source: "https://dichvucong.bocongan.gov.vn"
        reviewed: 2026-11-27
      - id: chu-ky-so-ca-nhan
        topic: cu-tru
        title: Chữ ký số cá nhân
        aliases: ["chữ ký số"]
        questions: ["làm chữ ký số thế nào"]
        agency: Nhà cung cấp
        documents: ["Thẻ căn cước"]
        time: Vài phút
        fee: Theo giá nhà cung cấp
        online: {channels: ["Ứng dụng"], links: []}
        source: Luật Giao dịch điện tử 2023
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
        ("    agency: Công an xã\n", "    agency: Công an xã\n    colour: red\n", "colour: red", 1, "khóa không hợp lệ 'colour'"),
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
    text = VALID.replace("    fee: 15.000đ\n", "    fee: [15.000đ\n")
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
    assert len(kb.procedures) == 22
    for p in kb.procedures:
        assert len(p.questions) >= 10, p.id
        assert p.source and p.reviewed.year >= 2025
    assert {p.id for p in kb.procedures if p.guide} == {"chu-ky-so-ca-nhan", "nop-ho-so-truc-tuyen"}
    # The development set is shipped in tests/data/ (always there: this check never skips).
    import yaml
    from knowledge.normalise import words
    dev = REPO / "tests" / "data" / "dev-questions.yaml"
    dev_qs = {" ".join(words(c["q"])) for c in yaml.safe_load(dev.read_text(encoding="utf-8"))["cases"]}
    assert len(dev_qs) > 50
    copied = [q for p in kb.procedures for q in p.questions if " ".join(words(q)) in dev_qs]
    assert copied == []
