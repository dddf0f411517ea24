"""Look-alikes once folded ("đòi" reads as "đổi"): read by their diacritics when typed with them.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest

from helpers import REPO
from knowledge.accents import AccentTable
from knowledge.loader import load_knowledge
from knowledge.matching import Matcher
from knowledge.normalise import Normaliser, Vocabulary


@pytest.mark.parametrize("text, expected", [
    ("Chỗ làm ĐÒI giấy tờ", "chỗ làm bắt giấy tờ"),  # any case, whole words
    ("người ta đòi hỏi", "người ta bắt hỏi"),
    ("nguoi ta doi giay", "nguoi ta doi giay"),  # typed without diacritics: as before
    ("đổi thẻ", "đổi thẻ"),  # the other word is left alone
    ("đòinhau", "đòinhau"),  # not inside another word
])
def test_the_table_replaces_whole_accented_words(text, expected):
    assert AccentTable({"đòi": "bắt"}).replaced(text) == expected


def test_the_shipped_vocabulary_reads_doi_by_its_diacritics():
    normaliser = Normaliser(Vocabulary.builtin())
    assert "doi" not in [t.text for t in normaliser.tokens("công ty đòi giấy khám sức khỏe")]
    assert "doi" in [t.text for t in normaliser.tokens("cong ty doi giay kham suc khoe")]


def test_asking_for_a_card_is_not_a_renewal():
    matcher = Matcher(load_knowledge(REPO / "procedures.yaml"))
    renew = matcher.route("chỗ làm đổi căn cước mới")
    assert renew.procedure == "cap-doi-cap-lai-can-cuoc", renew
    asked = matcher.route("chỗ làm đòi căn cước mới")
    assert asked.procedure != "cap-doi-cap-lai-can-cuoc" or asked.decision != "answer", asked
