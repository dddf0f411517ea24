"""Units typed after a number (vocabulary `units`, knowledge.units): "50cc" is an engine's size,
not "cc" (căn cước), which it still is alone.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from helpers.vocabulary_files import with_vocabulary as _with_vocabulary
from knowledge.loader import check_file, load_knowledge
from knowledge.normalise import Normaliser, Vocabulary
from knowledge.units import unit_words

_UNITS = {"cc": ("phan", "khoi"), "t": ("tuoi",)}


@pytest.mark.parametrize("word, after_number, read", [
    ("110cc", False, ("110", "phan", "khoi")),
    ("cc", True, ("phan", "khoi")),
    ("cc", False, None),  # alone: the abbreviation
    ("14tuoi", False, None),  # not a unit
    ("14t", False, ("14", "tuoi")),
    ("t", True, None),  # one letter apart from the number: "2020 t làm" is "tôi"
    ("20tr", False, None),
    ("2t5", False, None),
])
def test_unit_words(word, after_number, read):
    assert unit_words(word, after_number, _UNITS) == read


@pytest.mark.parametrize("text", [
    "mua 50cc mới cho con đi học, làm biển số ở đâu",
    "thằng út mới mua chiếc 50cc để đi học, giờ đăng ký biển số ở đâu",
    "con gái lớp 11 mua xe 50 cc mới ở cửa hàng, làm biển số cho nó sao",
])
def test_an_engine_size_is_no_id_card(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-xe"), route


def test_control_cc_alone_is_the_id_card(matcher):
    route = matcher.route("con tui 14t làm cc lần đầu ở đâu")
    assert (route.decision, route.procedure) == ("answer", "cap-the-can-cuoc"), route


def test_units_of_the_knowledge_base_are_used(tmp_path):
    # a made-up unit: "3m" is three metres (only the test needs it)
    path, _ = _with_vocabulary(tmp_path, "  units:\n    m: met\n")
    assert check_file(path) == []
    normaliser = Normaliser(Vocabulary.builtin().extended(load_knowledge(path).vocabulary))
    assert [t.text for t in normaliser.tokens("rong 3m")] == ["rong", "3", "met"]
    assert [t.text for t in normaliser.tokens("con 15t")] == ["con", "15", "tuoi"]  # the built-in units stay


@pytest.mark.parametrize("entry, needle", [
    ("    5m: met\n", "chỉ có chữ cái"),  # a unit is letters, the number is typed before it
    ("    m: \n", "vocabulary.units.m"),
])
def test_a_bad_unit_is_reported_at_its_line(tmp_path, entry, needle):
    path, first = _with_vocabulary(tmp_path, "  units:\n    ha: hecta\n" + entry)
    found = [str(p) for p in check_file(path)]
    assert any(p.startswith(f"{path}:{first + 2}: ") and needle in p for p in found), found
    assert len(found) == 1, found


@pytest.mark.parametrize("text, read", [
    ("lua 500kg", ["lua", "500", "kilogram"]),  # after a number: the kilogram
    ("500 kg", ["500", "kilogram"]),
    ("tui kg biet", ["tui", "khong", "biet"]),  # alone: "không" as typed in the South
])
def test_kg_is_a_weight_after_a_number_else_no(matcher, text, read):
    assert [t.text for t in matcher.normaliser.tokens(text)] == read


def test_kg_typed_for_no_is_read(matcher):
    route = matcher.route("giay dang ky xe bi chuot can rach het, so khung kg doc dc, xin lai cai moi o dau")
    assert (route.decision, route.procedure) == ("answer", "doi-cap-lai-dang-ky-xe"), route
