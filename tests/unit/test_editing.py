"""Staff approve a proposal; the knowledge base file gets exactly that addition and nothing
else changes: comments, order and quoting stay; an invalid addition leaves the file alone."""
from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from helpers import REPO
from knowledge.editing import EditResult, add_faq, add_question
from knowledge.loader import check_file, load_knowledge
from knowledge.models import Faq

FIXTURE = """\
# Cơ sở tri thức thử nghiệm (chú thích đầu tệp)
topics:
  - {id: cu-tru, title: "Cư trú"}

places:
  - {id: cong-an-xa, name: "Công an xã Đại Phước"}
  - id: cong-an-tinh
    name: Công an tỉnh Đồng Nai
    address: ""

procedures:
  # --- Cư trú ---------------------------------------------------------------
  - id: dang-ky-tam-tru
    topic: cu-tru
    title: Đăng ký tạm trú   # tên ngắn
    aliases: ["tạm trú", 'khai báo tạm trú']
    questions:
      - "đăng ký tạm trú ở đâu"
      - "dang ky tam tru can giay to gi"  # không dấu
    # Cơ quan giải quyết
    where:
      - {place: cong-an-xa, note: "nơi đang ở"}
    documents:
      - "Tờ khai thay đổi thông tin cư trú (mẫu CT01)"
    time: "3 ngày làm việc"
    fee: 'Miễn phí'
    online:
      channels: [VNeID]
      links: ["https://dichvucong.gov.vn"]
    steps:
      - Nộp tờ khai.
      - Nhận kết quả.
    # Nguồn pháp lý
    sources:
      - {title: "Luật Cư trú 2020", article: "Điều 27", covers: [agency, time, fee]}
    reviewed: 2026-11-27

  - id: cap-the-can-cuoc
    topic: cu-tru
    title: Cấp thẻ căn cước
    aliases: [căn cước, "làm căn cước"]
    questions: ["làm căn cước ở đâu", "lam can cuoc cho con"]
    where: [{place: cong-an-tinh}]
    documents: [Không cần giấy tờ]
    time: 7 ngày làm việc
    fee: Miễn phí lần đầu
    online: {channels: [VNeID], links: []}
    steps: [Đến công an để chụp ảnh và lấy vân tay.]
    faq:
      - {q: "Có cần mang ảnh thẻ không?", a: "Không, cán bộ chụp ảnh tại chỗ."}
      # cuối phần hỏi đáp
    sources: [{title: Cổng dịch vụ công Bộ Công an, url: "https://dichvucong.bocongan.gov.vn", covers: [agency, time, fee]}]
    reviewed: 2026-11-27
# chú thích cuối tệp
"""


def knowledge_files() -> list:
    params = [pytest.param("fixture", id="fixture")]
    params.append(pytest.param("repo", id="procedures.yaml"))  # shipped: never skipped
    return params


@pytest.fixture
def kb_file(tmp_path: Path) -> Path:
    path = tmp_path / "procedures.yaml"
    path.write_text(FIXTURE, encoding="utf-8")
    assert check_file(path) == []
    return path


@pytest.fixture(params=knowledge_files())
def any_kb_file(request, tmp_path: Path) -> Path:
    path = tmp_path / "procedures.yaml"
    if request.param == "repo":
        shutil.copyfile(REPO / "procedures.yaml", path)
    else:
        path.write_text(FIXTURE, encoding="utf-8")
    assert check_file(path) == []
    return path


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def added_lines(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails if any line of `before` changed or went."""
    diff = list(difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)))
    removed = [line for line in diff if line.startswith("- ")]
    assert removed == [], "".join(diff)
    return [line[2:] for line in diff if line.startswith("+ ")]


def only_changed_line(before: str, after: str) -> tuple[str, str]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=False) if a != b]
    assert len(changed) == 1, changed
    return changed[0]


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def no_temporary_files(directory: Path) -> bool:
    return sorted(p.name for p in directory.iterdir()) == ["procedures.yaml"]


# -- approved sample questions -------------------------------------------------------------

def test_a_new_question_is_the_only_change_and_the_file_stays_valid(any_kb_file):
    kb = load_knowledge(any_kb_file)
    target = kb.procedures[-1]
    before = read(any_kb_file)

    result = add_question(any_kb_file, target.id, "cho em hỏi thủ tục này nộp ở xã được không ạ")

    assert result == EditResult(True, [])
    after = read(any_kb_file)
    if after.count("\n") == before.count("\n") + 1:  # a block list: one line more
        assert added_lines(before, after) == [
            '      - "cho em hỏi thủ tục này nộp ở xã được không ạ"\n']
    else:  # a one-line [..] list: that line grows at its end, nothing else changes
        old, new = only_changed_line(before, after)
        assert new.startswith(old.rstrip().rstrip("]")) and "cho em hỏi thủ tục này" in new
    assert check_file(any_kb_file) == []
    assert load_knowledge(any_kb_file).get(target.id).questions == (
        *target.questions, "cho em hỏi thủ tục này nộp ở xã được không ạ")
    assert no_temporary_files(any_kb_file.parent)


def test_a_question_goes_under_the_others_and_before_the_comment_of_the_next_key(kb_file):
    before = read(kb_file)

    assert add_question(kb_file, "dang-ky-tam-tru", "tạm trú cho người thuê trọ: cần những gì?").ok

    after = read(kb_file)
    assert added_lines(before, after) == ["      - \"tạm trú cho người thuê trọ: cần những gì?\"\n"]
    lines = lines_of(after)
    i = lines.index('      - "tạm trú cho người thuê trọ: cần những gì?"')
    assert lines[i - 1] == '      - "dang ky tam tru can giay to gi"  # không dấu'
    assert lines[i + 1:i + 3] == ["    # Cơ quan giải quyết", "    where:"]


def test_a_question_joins_a_one_line_list_in_its_quoting(kb_file):
    before = read(kb_file)

    assert add_question(kb_file, "cap-the-can-cuoc", "căn cước cho bé 'mấy tuổi' thì làm").ok

    assert only_changed_line(before, read(kb_file)) == (
        '    questions: ["làm căn cước ở đâu", "lam can cuoc cho con"]',
        '    questions: ["làm căn cước ở đâu", "lam can cuoc cho con", "căn cước cho bé \'mấy tuổi\' thì làm"]',
    )
    assert check_file(kb_file) == []


def test_vietnamese_is_written_as_utf8_not_escaped(kb_file):
    question = "Đăng ký tạm trú cho bà ngoại ở quê lên chơi ạ"

    assert add_question(kb_file, "dang-ky-tam-tru", question).ok

    raw = kb_file.read_bytes()
    assert question.encode("utf-8") in raw
    assert b"\\u" not in raw and b"\\x" not in raw
    assert load_knowledge(kb_file).get("dang-ky-tam-tru").questions[-1] == question


def test_whitespace_and_line_breaks_in_a_question_are_collapsed(kb_file):
    assert add_question(kb_file, "dang-ky-tam-tru", "  tạm trú\n  online   được không  ").ok

    assert load_knowledge(kb_file).get("dang-ky-tam-tru").questions[-1] == "tạm trú online được không"


def test_a_question_of_another_procedure_is_refused_and_the_file_is_untouched(kb_file):
    before = kb_file.read_bytes()

    # The same words as a sample of dang-ky-tam-tru, written with diacritics.
    result = add_question(kb_file, "cap-the-can-cuoc", "Đăng ký tạm trú cần giấy tờ gì?")

    assert not result.ok
    assert any("dang-ky-tam-tru" in p and p.startswith(f"{kb_file}:") for p in result.problems), result.problems
    assert kb_file.read_bytes() == before
    assert no_temporary_files(kb_file.parent)


def test_a_question_the_procedure_already_has_is_refused(kb_file):
    before = kb_file.read_bytes()

    result = add_question(kb_file, "cap-the-can-cuoc", "LÀM CĂN CƯỚC CHO CON")

    assert not result.ok and "cap-the-can-cuoc" in result.problems[0]
    assert kb_file.read_bytes() == before


def test_an_unknown_procedure_is_refused(kb_file):
    before = kb_file.read_bytes()

    result = add_question(kb_file, "khong-co-thu-tuc-nay", "câu hỏi bất kỳ")

    assert result.ok is False
    assert result.problems == ["Không tìm thấy thủ tục có id 'khong-co-thu-tuc-nay'."]
    assert kb_file.read_bytes() == before


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_question_is_refused(kb_file, text):
    before = kb_file.read_bytes()

    result = add_question(kb_file, "dang-ky-tam-tru", text)

    assert not result.ok and result.problems and "trống" in result.problems[0]
    assert kb_file.read_bytes() == before


def test_a_question_of_only_punctuation_is_refused(kb_file):
    before = kb_file.read_bytes()

    result = add_question(kb_file, "dang-ky-tam-tru", "???")

    assert not result.ok
    assert kb_file.read_bytes() == before


def test_a_file_that_already_has_problems_is_not_edited(kb_file):
    broken = read(kb_file).replace("    time: 7 ngày làm việc\n", "")
    kb_file.write_text(broken, encoding="utf-8")

    result = add_question(kb_file, "dang-ky-tam-tru", "một câu hỏi mới hoàn toàn")

    assert not result.ok
    assert "từ trước" in result.problems[0]
    assert any("'time'" in p for p in result.problems[1:])
    assert read(kb_file) == broken


def test_windows_line_endings_are_kept(kb_file):
    kb_file.write_bytes(FIXTURE.replace("\n", "\r\n").encode("utf-8"))

    assert add_question(kb_file, "dang-ky-tam-tru", "tạm trú ở chung cư").ok

    raw = kb_file.read_bytes()
    assert raw.count(b"\r\n") == FIXTURE.count("\n") + 1
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_file_permissions_are_kept(kb_file):
    kb_file.chmod(0o664)

    assert add_question(kb_file, "dang-ky-tam-tru", "tạm trú ở chung cư").ok

    assert kb_file.stat().st_mode & 0o777 == 0o664


# -- approved FAQ entries --------------------------------------------------------------------

def test_a_faq_entry_is_appended_in_the_style_of_the_others(kb_file):
    before = read(kb_file)

    result = add_faq(kb_file, "cap-the-can-cuoc", "Làm căn cước có mất phí không?", "Lần đầu thì miễn phí.")

    assert result.ok, result.problems
    after = read(kb_file)
    assert added_lines(before, after) == [
        '      - {q: "Làm căn cước có mất phí không?", a: "Lần đầu thì miễn phí."}\n']
    lines = lines_of(after)
    i = lines.index('      - {q: "Làm căn cước có mất phí không?", a: "Lần đầu thì miễn phí."}')
    assert lines[i + 1] == "      # cuối phần hỏi đáp"
    assert load_knowledge(kb_file).get("cap-the-can-cuoc").faq[-1] == Faq(
        "Làm căn cước có mất phí không?", "Lần đầu thì miễn phí.")


def test_a_procedure_without_faq_gets_one_after_its_steps(kb_file):
    before = read(kb_file)

    result = add_faq(kb_file, "dang-ky-tam-tru", "Ở trọ có phải đăng ký tạm trú không?",
                     "Có, nếu ở từ 30 ngày trở lên.")

    assert result.ok, result.problems
    after = read(kb_file)
    assert added_lines(before, after) == [
        "    faq:\n",
        '      - {q: "Ở trọ có phải đăng ký tạm trú không?", a: "Có, nếu ở từ 30 ngày trở lên."}\n',
    ]
    lines = lines_of(after)
    i = lines.index("    faq:")
    assert lines[i - 1] == "      - Nhận kết quả."
    assert lines[i + 2:i + 4] == ["    # Nguồn pháp lý", "    sources:"]
    assert load_knowledge(kb_file).get("dang-ky-tam-tru").faq == (
        Faq("Ở trọ có phải đăng ký tạm trú không?", "Có, nếu ở từ 30 ngày trở lên."),)


def test_faq_on_the_repository_file_only_adds_lines(any_kb_file):
    kb = load_knowledge(any_kb_file)
    with_faq = next((p for p in kb.procedures if p.faq), None)
    without_faq = next((p for p in kb.procedures if not p.faq), None)
    for proc in (p for p in (with_faq, without_faq) if p is not None):
        before = read(any_kb_file)
        result = add_faq(any_kb_file, proc.id, f"Câu hỏi thử cho {proc.title}?", "Câu trả lời thử.")
        assert result.ok, result.problems
        assert 1 <= len(added_lines(before, read(any_kb_file))) <= 2
        assert check_file(any_kb_file) == []
        assert load_knowledge(any_kb_file).get(proc.id).faq[-1] == Faq(
            f"Câu hỏi thử cho {proc.title}?", "Câu trả lời thử.")


def test_a_faq_question_already_there_is_refused(kb_file):
    before = kb_file.read_bytes()

    result = add_faq(kb_file, "cap-the-can-cuoc", "co can mang anh the khong", "Không.")

    assert not result.ok and "faq" in result.problems[0]
    assert kb_file.read_bytes() == before


def test_an_empty_faq_answer_is_refused(kb_file):
    before = kb_file.read_bytes()

    result = add_faq(kb_file, "cap-the-can-cuoc", "Có làm buổi tối không?", "  ")

    assert result == EditResult(False, ["Câu trả lời (a) đang để trống."])
    assert kb_file.read_bytes() == before


def test_a_faq_for_an_unknown_procedure_is_refused(kb_file):
    before = kb_file.read_bytes()

    result = add_faq(kb_file, "khong-co", "Hỏi?", "Đáp.")

    assert not result.ok and "khong-co" in result.problems[0]
    assert kb_file.read_bytes() == before
    assert no_temporary_files(kb_file.parent)


def test_a_file_with_yaml_anchors_is_edited_too(kb_file):
    text = read(kb_file).replace("    where:\n      - {place: cong-an-xa", "    where: &cong-an\n      - {place: cong-an-xa")
    text = text.replace("    where: [{place: cong-an-tinh}]\n", "    where: *cong-an\n")
    kb_file.write_text(text, encoding="utf-8")
    assert check_file(kb_file) == []

    assert add_question(kb_file, "cap-the-can-cuoc", "làm căn cước gắn chip ở xã được không").ok
    assert add_faq(kb_file, "cap-the-can-cuoc", "Làm căn cước mất mấy ngày?", "7 ngày làm việc.").ok

    after = read(kb_file)
    diff = [d for d in difflib.ndiff(text.splitlines(True), after.splitlines(True)) if d[0] in "+-"]
    assert diff == [
        '-     questions: ["làm căn cước ở đâu", "lam can cuoc cho con"]\n',
        '+     questions: ["làm căn cước ở đâu", "lam can cuoc cho con", "làm căn cước gắn chip ở xã được không"]\n',
        '+       - {q: "Làm căn cước mất mấy ngày?", a: "7 ngày làm việc."}\n',
    ]
    kb = load_knowledge(kb_file)
    assert kb.get("cap-the-can-cuoc").where_text == "Công an xã Đại Phước (nơi đang ở)"
    assert kb.get("cap-the-can-cuoc").questions[-1] == "làm căn cước gắn chip ở xã được không"
