"""Telex marks left in as letters, wherever the tone key was typed."""
from __future__ import annotations

import pytest

from knowledge.normalise import Normaliser, Vocabulary
from knowledge.telex import telex_variants

KNOWN = "tam tru thuong doi bang lai chu ky so viet nam sinh khai".split()


@pytest.mark.parametrize("typed, meant", [
    ("kys", "ky"),  # the tone key at the end
    ("chuw", "chu"),  # a horn
    ("soos", "so"),  # a circumflex and a tone
    ("tajm", "tam"),  # the tone key right after the vowel
    ("truss", "tru"),  # typed twice
    ("ddoori", "doi"),  # "đ", a circumflex, the tone between two vowels
    ("thuowngf", "thuong"),  # a tone key after "ng"
    ("vieejt", "viet"),
])
def test_the_word_meant_is_among_the_variants(typed, meant):
    assert meant in telex_variants(typed)


def test_the_variants_never_hold_the_word_itself():
    assert "tam" not in telex_variants("tam")


@pytest.mark.parametrize("word", ["sang", "xin", "ra", "tru", "chuyen"])
def test_initial_s_x_r_and_tr_are_no_tone_keys(word):
    # s, x, r before the vowel are letters of the word, never removed.
    assert all(v[0] == word[0] for v in telex_variants(word + "s"))


def test_the_normaliser_reads_tone_keys_typed_anywhere():
    norm = Normaliser(Vocabulary.builtin(), known=KNOWN)
    assert norm.normalise("tajm truss") == "tam tru"
    assert norm.normalise("ddoori baawngf lais") == "doi giay phep lai xe"


def test_two_syllables_typed_together_are_not_a_tone_key_inside_one():
    # "hoso" is "hồ sơ" typed together; read as a tone key after "o" it would be "hoo" or "ho".
    norm = Normaliser(Vocabulary.builtin(), known=KNOWN + ["ho", "hoo"])
    assert norm.normalise("xin hoso khai sinh") == "xin ho so khai sinh"
    # Control: with no second word to make, the tone key inside the word is still removed.
    assert norm.normalise("tajm") == "tam"


def test_a_glued_file_typed_online_is_the_online_submission(matcher):
    route = matcher.route("gui hoso online bi loi khong tai anh len dc")
    assert route.procedure == "nop-ho-so-truc-tuyen", route  # first offered, ahead of the payment
    route = matcher.route("nộp hoso online đính kèm ảnh bị lỗi")
    assert (route.decision, route.procedure) == ("answer", "nop-ho-so-truc-tuyen"), route
