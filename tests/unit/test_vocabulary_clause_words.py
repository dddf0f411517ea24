"""The words of three readings are the staff's vocabulary, not code: a question of need ("có cần
giấy ... không": `need_words`, `need_before`, `need_papers`, `need_fillers`, `need_endings`,
knowledge.clause_needs), a change of owner ("đổi tên ... đứng tên": `owner_renames`,
`owner_markers`, knowledge.owner_names) and the end of a purpose ("để ... thì": `purpose_ends`,
knowledge.match_purpose). A knowledge base's `vocabulary:` section extends them, and `dvcbot
check` reports a bad entry at its line.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from helpers.vocabulary_files import with_vocabulary as _with_vocabulary
from knowledge.loader import check_file, load_knowledge
from knowledge.matching import Matcher
from knowledge.normalise import Vocabulary as ReExported
from knowledge.vocabulary import Vocabulary

# Made-up entries: only these tests need them.
EXTENSION = ("  need_papers: [văn bản]\n"
             "  owner_markers: [làm chủ]\n"
             "  owner_renames:\n    sửa tên: sang tên\n"
             "  purpose_ends: [chứ]\n")

_PAPER = ("Cháu tôi 15 tuổi, tôi là cậu ruột đưa nó lên công an làm căn cước được không, có cần văn bản "
          "ủy quyền của ba nó không?")
_MASTER = "ba mẹ cho con chiếc xe máy cũ, muốn đổi tên cho con làm chủ xe thì làm sao"
_RENAME = "ba mẹ cho tôi chiếc xe máy cũ, muốn sửa tên cho tôi đứng tên thì làm sao"
_PURPOSE = ("chị mới mua ô tô cũ ở Bình Dương, chưa đổi biển, muốn chạy về Long An để làm giấy tờ bên đó {} "
            "xin biển tạm ra sao cho khỏi bị giữ xe")


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> Matcher:
    path, _ = _with_vocabulary(tmp_path_factory.mktemp("kb"), EXTENSION)
    assert check_file(path) == []
    return Matcher(load_knowledge(path))


def test_the_sections_are_read_from_the_staffs_table():
    vocabulary = Vocabulary.builtin()
    assert ("can",) in vocabulary.need_words and ("ban", "sao") in vocabulary.need_papers
    assert ("khg",) in vocabulary.need_endings and {("co",), ("phai",)} <= vocabulary.need_before
    assert ("mang",) in vocabulary.need_fillers
    assert vocabulary.owner_renames[("doi", "ten")] == ("sang", "ten")
    assert ("dung", "ten") in vocabulary.owner_markers and ("thi",) in vocabulary.purpose_ends
    assert ReExported is Vocabulary  # knowledge.normalise still offers it


def test_an_extended_paper_is_asked_of_the_act(matcher, extended):
    assert extended.route(_PAPER).procedure == "cap-the-can-cuoc"
    # control: "văn bản" is no paper of the built-in table, and the paper's words win
    assert matcher.route(_PAPER).procedure != "cap-the-can-cuoc"


def test_an_extended_owner_marker_makes_a_change_of_owner(matcher, extended):
    route = extended.route(_MASTER)
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route
    assert matcher.route(_MASTER).procedure == "cai-chinh-ho-tich"  # control: a name correction


def test_an_extended_rename_makes_a_change_of_owner(matcher, extended):
    route = extended.route(_RENAME)
    assert (route.decision, route.procedure) == ("answer", "sang-ten-xe"), route
    assert matcher.route(_RENAME).procedure != "sang-ten-xe"  # control: "sửa tên" is no rename built in


def test_an_extended_purpose_end_leaves_what_follows_asked(matcher, extended):
    said = _PURPOSE.format("chứ")
    assert extended.route(said).out_of_scope == "dang-ky-xe-tam-thoi"
    # controls: without the entry the purpose runs on over the plate asked for; the built-in
    # "thì" ends it as the entry does
    assert matcher.route(said).out_of_scope is None
    assert matcher.route(_PURPOSE.format("thì")).out_of_scope == "dang-ky-xe-tam-thoi"


@pytest.mark.parametrize("lines, offset, needle", [
    ("  need_paper: [văn bản]\n", 0, "khóa không hợp lệ 'need_paper'"),  # a misspelt section
    ("  need_papers: văn bản\n", 0, "vocabulary.need_papers phải là một danh sách"),
    ("  need_fillers:\n    - mang\n    - {đem: theo}\n", 2, "vocabulary.need_fillers"),
    ("  purpose_ends: [chứ, '!!']\n", 0, "vocabulary.purpose_ends: '!!'"),
    ("  owner_markers: {đứng tên: làm chủ}\n", 0, "vocabulary.owner_markers phải là một danh sách"),
    ("  owner_renames: [sửa tên]\n", 0, "vocabulary.owner_renames phải là một bảng"),
    ("  owner_renames:\n    sửa tên: sang tên\n    chuyển tên:\n", 2, "vocabulary.owner_renames.chuyển tên"),
    ("  owner_renames:\n    sửa tên: [sang tên]\n", 1, "vocabulary.owner_renames.sửa tên"),
])
def test_a_bad_entry_is_reported_at_its_line(tmp_path, lines, offset, needle):
    path, first = _with_vocabulary(tmp_path, lines)
    found = [str(p) for p in check_file(path)]
    assert any(p.startswith(f"{path}:{first + offset}: ") and needle in p for p in found), found
    assert len(found) == 1, found
