"""Words typed together ("dangkytamtru", "lamcccd") or apart ("c c c d", "t am tru")."""
from __future__ import annotations

import pytest

from knowledge.glued import pieces, rejoined
from knowledge.normalise import Normaliser, Vocabulary

KNOWN = set("dang ky tam tru khai sinh lam giay can cuoc doi bang lai xe sang ten so do mu oi xu am tuoi ra an".split())
ABBREVIATIONS = {"cd", "dk", "gplx", "lltp", "ng", "kh"}


@pytest.mark.parametrize("word, expected", [
    ("dangkytamtru", ["dang", "ky", "tam", "tru"]),
    ("lamgiaykhaisinh", ["lam", "giay", "khai", "sinh"]),
    ("doibanglai", ["doi", "bang", "lai"]),
    ("lamcd", ["lam", "cd"]),  # one syllable and an abbreviation without vowels
    ("dkxe", ["dk", "xe"]),
    ("dkx", None),  # too short to be tried: three letters
    ("sangtenxe", ["sang", "ten", "xe"]),
    ("14tuoi", ["14", "tuoi"]),  # a number glued to a word
    ("lam2", ["lam", "2"]),
])
def test_glued_words_are_cut_into_known_pieces(word, expected):
    assert pieces(word, KNOWN | ABBREVIATIONS, ABBREVIATIONS) == expected


@pytest.mark.parametrize("word", [
    "muoiii",  # not all known
    "samsung",  # "sam" is not known: a brand stays a brand
    "xuoixu",  # no cut between two vowels: "xu oi xu" would cut the syllable "xuoi"
    "dangky1",  # digits: not a glued word
    "b2",  # a licence class, "q8" a district: one letter
    "dk2",  # an abbreviation and a number: a code
    "rang",  # one syllable the knowledge base lacks, not "ra" + "ng" (người)
    "khan",  # nor "kh" (không) + "an"
])
def test_words_that_are_not_glued_known_words_are_left(word):
    assert pieces(word, KNOWN | ABBREVIATIONS, ABBREVIATIONS) is None


def test_a_vowel_less_piece_must_be_an_abbreviation():
    # "trk" is known here, but it is no syllable and no abbreviation.
    assert pieces("lamtrk", KNOWN | {"trk"}, ABBREVIATIONS) is None


@pytest.mark.parametrize("typed, expected", [
    ("c c c d bi mat", ["cd", "bi", "mat"]),  # spelt letter by letter, runs folded like "cccd"
    ("g p l x het han", ["gplx", "het", "han"]),
    ("dang ky t am tru", ["dang", "ky", "tam", "tru"]),  # a stray space inside a word
    ("khai si nh", ["khai", "sinh"]),  # a stray final consonant
    ("c k biet", ["c", "k", "biet"]),  # two letters are "chị không", not an abbreviation
    ("c oi cho e hoi", ["c", "oi", "cho", "e", "hoi"]),  # "chị ơi", not "coi" (xem)
    ("anh t o xa", ["anh", "t", "o", "xa"]),  # "tôi ở xa", not "to"
    ("lam can cuoc", ["lam", "can", "cuoc"]),  # all known: nothing joined
    ("ct 7", ["ct", "7"]),  # digits are left to the synonyms table ("ct 7")
])
def test_words_typed_apart_are_joined(typed, expected):
    known = KNOWN | ABBREVIATIONS | {"k", "si", "coi", "oi", "cho", "hoi", "to", "o", "anh"}
    assert rejoined(typed.split(), known, stop={"oi", "cho", "hoi", "o", "anh"}) == expected


@pytest.mark.parametrize("typed, expected", [
    ("dangkytamtru o dau", "dang ky tam tru o dau"),
    ("lamcccd cho con", "lam can cuoc cho con"),
    ("c c c d bi mat", "can cuoc bi mat"),
    ("dang ky t am tru", "dang ky tam tru"),
])
def test_the_normaliser_reads_glued_and_split_words(typed, expected):
    norm = Normaliser(Vocabulary.builtin(), known=KNOWN)
    assert norm.normalise(typed) == expected
