"""Staff extend the built-in vocabulary in procedures.yaml: `accented` entries and `includes`
are read from there and checked with the line of every bad entry.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from helpers.vocabulary_files import with_vocabulary as _with_vocabulary
from knowledge.loader import check_file, load_knowledge
from knowledge.matching import Matcher
from knowledge.normalise import Normaliser, Vocabulary


def test_accented_entries_of_the_knowledge_base_are_used(tmp_path):
    # "bệnh" typed with diacritics means "ốm" here (a made-up entry: only the test needs it).
    path, _ = _with_vocabulary(tmp_path, "  accented:\n    bệnh nặng: ốm liệt giường\n")
    assert check_file(path) == []
    kb = load_knowledge(path)
    normaliser = Normaliser(Vocabulary.builtin().extended(kb.vocabulary))
    said = [t.text for t in normaliser.tokens("ông bệnh nặng nằm nhà")]
    assert "om" in said and "benh" not in said, said
    plain = [t.text for t in normaliser.tokens("ong benh nang nam nha")]
    assert "benh" in plain, plain
    # the built-in entries stay
    assert "doi" not in [t.text for t in normaliser.tokens("công ty đòi giấy")]
    assert Matcher(kb).normaliser.vocabulary.accented["bệnh nặng"] == "ốm liệt giường"


@pytest.mark.parametrize("entry, needle", [
    ("    benh: om\n", "phải viết có dấu"),  # without diacritics it would never be used
    ("    bệnh2: ốm\n", "chỉ chữ cái"),
    ("    bệnh: \n", "vocabulary.accented.bệnh"),
])
def test_a_bad_accented_entry_is_reported_at_its_line(tmp_path, entry, needle):
    path, first = _with_vocabulary(tmp_path, "  accented:\n    đẻ: sinh\n" + entry)
    found = [str(p) for p in check_file(path)]
    assert any(p.startswith(f"{path}:{first + 2}: ") and needle in p for p in found), found
    assert len(found) == 1, found


def test_accented_must_be_a_table(tmp_path):
    path, first = _with_vocabulary(tmp_path, "  accented: [đòi]\n")
    found = [str(p) for p in check_file(path)]
    assert any(p.startswith(f"{path}:{first}: ") and "vocabulary.accented" in p for p in found), found


def test_includes_names_a_procedure_and_neighbours(tmp_path):
    path, first = _with_vocabulary(tmp_path, "  includes:\n    khong-co: [bao-hiem-y-te]\n"
                                             "    dang-ky-khai-tu: [tam-tru-sai, dang-ky-khai-sinh]\n")
    found = [str(p) for p in check_file(path)]
    assert any(p.startswith(f"{path}:{first + 1}: ") and "'khong-co'" in p for p in found), found
    assert any(p.startswith(f"{path}:{first + 2}: ") and "'tam-tru-sai'" in p for p in found), found
    # a procedure may be taken care of too (the birth registration's permanent residence)
    assert not any("'dang-ky-khai-sinh'" in p for p in found), found
    assert len([p for p in found if "vocabulary.includes: không có" in p]) == 2, found


def test_needs_names_a_procedure_and_neighbours(tmp_path):
    # Inserted above the shipped `needs`, which is then reported as repeated.
    path, first = _with_vocabulary(tmp_path, "  needs:\n    khong-co: [y-te]\n"
                                             "    doi-giay-phep-lai-xe: [kham-sai]\n")
    found = [str(p) for p in check_file(path)]
    assert any(p.startswith(f"{path}:{first + 1}: ") and "'khong-co'" in p for p in found), found
    assert any(p.startswith(f"{path}:{first + 2}: ") and "'kham-sai'" in p for p in found), found


def test_papers_name_a_procedure_or_a_neighbour(tmp_path):
    # Inserted above the shipped `papers`, which is then reported as repeated.
    path, first = _with_vocabulary(tmp_path, "  papers:\n    khong-co: [so tiet kiem]\n")
    found = [str(p) for p in check_file(path)]
    assert any(p.startswith(f"{path}:{first + 1}: ") and "'khong-co'" in p for p in found), found


def test_stays_name_a_procedure_and_neighbours(tmp_path):
    # Inserted above the shipped `stays`, which is then reported as repeated.
    path, first = _with_vocabulary(tmp_path, "  stays:\n    khong-co: {shorter: thong-bao-luu-tru}\n"
                                             "    dang-ky-tam-tru: {min_days: ba muoi, shorter: luu-tru-sai}\n")
    found = [str(p) for p in check_file(path)]
    assert any(p.startswith(f"{path}:{first + 1}: ") and "'khong-co'" in p for p in found), found
    assert any(p.startswith(f"{path}:{first + 2}: ") and "'luu-tru-sai'" in p for p in found), found
    assert any(p.startswith(f"{path}:{first + 2}: ") and "min_days" in p for p in found), found


def test_records_name_procedures_or_neighbours(tmp_path):
    # Inserted above the shipped `records`, which is then reported as repeated.
    path, first = _with_vocabulary(tmp_path, "  records:\n    khong-co: [vneid]\n    bao-hiem-xa-hoi: 3\n")
    found = [str(p) for p in check_file(path)]
    assert any(p.startswith(f"{path}:{first + 1}: ") and "vocabulary.records: không có" in p
               and "'khong-co'" in p for p in found), found
    assert any(p.startswith(f"{path}:{first + 2}: ") and "vocabulary.records.bao-hiem-xa-hoi" in p
               for p in found), found


def test_contrary_names_a_procedure_or_a_neighbour(tmp_path):
    # A neighbour has its opposite too ("đi làm" of the job search); an unknown id is reported.
    path, first = _with_vocabulary(tmp_path, "  contrary:\n    khong-co-muc-nay: [nhan tien]\n")
    found = [str(p) for p in check_file(path)]
    assert any(p.startswith(f"{path}:{first + 1}: ")
               and "vocabulary.contrary: không có thủ tục hay mục out_of_scope nào" in p
               and "'khong-co-muc-nay'" in p for p in found), found


def test_owned_names_a_procedure(tmp_path):
    # Inserted above the shipped `owned`, which is then reported as repeated.
    path, first = _with_vocabulary(tmp_path, "  owned:\n    bao-hiem-xa-hoi: [so bao hiem]\n")
    found = [str(p) for p in check_file(path)]
    assert any(p.startswith(f"{path}:{first + 1}: ") and "vocabulary.owned: không có thủ tục nào" in p
               and "'bao-hiem-xa-hoi'" in p for p in found), found
