"""The staff's word tables (knowledge/data/vocabulary.yaml, extendable under `vocabulary:` in a
knowledge base file) as the matcher reads them: abbreviations, synonyms, stopwords, small talk,
the phrase lists that mark the parts of a message, and the small tables beside them. Each
phrase is kept as its folded words; knowledge.normalise turns them into the words it reads.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from knowledge.folding import words

# libyaml when available: the same safe loading, several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Sections of vocabulary.yaml that are lists of phrases (each a tuple of folded words).
PHRASE_LISTS = ("generic", "question_markers", "question_endings", "request_markers", "clause_breaks", "clause_ends",
                "act_words", "done_markers", "purpose_markers", "not_purpose", "not_markers", "pending_markers", "weak",
                "negations", "courtesy", "alternatives", "state_markers", "demand_markers", "compounds",
                "persons", "next_acts", "past_words", "requirement_markers", "earlier_markers",
                "papers_of", "purpose_ends", "need_words", "need_before", "need_papers", "need_fillers",
                "need_endings", "owner_markers", "certifying", "copies", "hands", "owner_changes",
                "away_markers", "away_goings", "away_backs", "progress_markers", "reason_markers", "nobody", "fears")
# Every section a vocabulary table may have (knowledge/data/vocabulary.yaml, or `vocabulary:`
# in a knowledge base file).
VOCABULARY_SECTIONS = ("abbreviations", "units", "synonyms", "stopwords", "small_talk", *PHRASE_LISTS)


@dataclass(frozen=True)
class Vocabulary:
    abbreviations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A unit typed after a number -> its words ("14t": 14 tuổi; "50cc", "110 cc": phân khối), never
    # the abbreviation the same letters are alone ("t": tôi, "cc": căn cước); knowledge.units.
    units: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    synonyms: Mapping[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    # kind ("greeting", "thanks", ...) -> whole folded messages
    small_talk: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Words and phrases that say what kind of act is asked ("nộp", "hồ sơ", "cấp lại"), not
    # which procedure: they never carry a procedure on their own.
    generic: frozenset[tuple[str, ...]] = frozenset()
    # What marks the request and the clauses of a long message (knowledge.clauses; vocabulary.yaml).
    question_markers: frozenset[tuple[str, ...]] = frozenset()
    question_endings: frozenset[tuple[str, ...]] = frozenset()
    request_markers: frozenset[tuple[str, ...]] = frozenset()
    clause_breaks: frozenset[tuple[str, ...]] = frozenset()
    clause_ends: frozenset[tuple[str, ...]] = frozenset()  # a new clause starts after: "... rồi"
    courtesy: frozenset[tuple[str, ...]] = frozenset()  # speaks to the assistant: "cảm ơn"
    # Words that do or need something ("làm", "xin", "mất", "chưa có"): a clause of a long
    # message without any tells the citizen's situation ("hộ khẩu em ở Đồng Nai"), not the
    # request. A clause that starts with a purpose marker ("để lãnh lương hưu") tells why.
    act_words: frozenset[tuple[str, ...]] = frozenset()
    done_markers: frozenset[tuple[str, ...]] = frozenset()  # "xong": what is done is situation
    purpose_markers: frozenset[tuple[str, ...]] = frozenset()
    not_purpose: frozenset[tuple[str, ...]] = frozenset()  # look-alikes once folded: "để lại"
    pending_markers: frozenset[tuple[str, ...]] = frozenset()  # still to do, though said of the past
    not_markers: frozenset[tuple[str, ...]] = frozenset()  # hold an act or done word: "Cần Thơ"
    next_acts: frozenset[tuple[str, ...]] = frozenset()  # "rồi chờ": then, the next step (clause_looks)
    earlier_markers: frozenset[tuple[str, ...]] = frozenset()  # "hồi làm khai sinh": done before, not asked
    past_words: frozenset[tuple[str, ...]] = frozenset()  # "đã ... rồi nộp": done all the same
    # Function words (single words) that weigh little: "vẫn", "luôn", "suốt".
    weak: frozenset[tuple[str, ...]] = frozenset()
    # Words that deny what follows ("không tranh chấp"): a naming cue right after one is not said.
    negations: frozenset[tuple[str, ...]] = frozenset()
    alternatives: frozenset[tuple[str, ...]] = frozenset()  # "... được không hay phải về quê": one question
    state_markers: frozenset[tuple[str, ...]] = frozenset()  # "đang tạm trú", "nơi tạm trú": a cue that is a state
    demand_markers: frozenset[tuple[str, ...]] = frozenset()  # "đòi giấy": who demands is not what is asked
    progress_markers: frozenset[tuple[str, ...]] = frozenset()  # "tới đâu rồi": how what was done is going
    reason_markers: frozenset[tuple[str, ...]] = frozenset()  # "vì": why, the situation, never the request
    nobody: frozenset[tuple[str, ...]] = frozenset()  # "không ai": the act after it is done by nobody
    fears: frozenset[tuple[str, ...]] = frozenset()  # "sợ bị": what follows has not happened
    compounds: frozenset[tuple[str, ...]] = frozenset()  # "bổ sung": no cue is said across one ("súng")
    persons: frozenset[tuple[str, ...]] = frozenset()  # "khuyết tật", "hộ nghèo": who asks, beside a procedure
    papers_of: frozenset[tuple[str, ...]] = frozenset()  # "thẻ khuyết tật": whose paper, not who asks
    requirement_markers: frozenset[tuple[str, ...]] = frozenset()  # "có phải ... không": asked of what precedes
    purpose_ends: frozenset[tuple[str, ...]] = frozenset()  # "để làm hồ sơ vay | thì lên đâu xin"
    certifying: frozenset[tuple[str, ...]] = frozenset()  # "chứng thực hộ chiếu": the paper is the object
    copies: frozenset[tuple[str, ...]] = frozenset()  # "bản sao hộ chiếu có chứng thực": ... so is it here
    # Whether a paper is needed, asked yes or no ("có cần giấy ủy quyền gì không"; knowledge.clause_needs):
    need_words: frozenset[tuple[str, ...]] = frozenset()  # "cần"
    need_before: frozenset[tuple[str, ...]] = frozenset()  # "có cần"
    need_papers: frozenset[tuple[str, ...]] = frozenset()  # "giấy", "bản sao"
    need_fillers: frozenset[tuple[str, ...]] = frozenset()  # "cần mang theo giấy"
    need_endings: frozenset[tuple[str, ...]] = frozenset()  # "không", "ko"
    # "đổi tên ... đứng tên" changes the owner (knowledge.owner_names): the act -> what it then reads as
    owner_renames: Mapping[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    owner_markers: frozenset[tuple[str, ...]] = frozenset()  # "đứng tên": who stands as the owner
    hands: frozenset[tuple[str, ...]] = frozenset()  # "bán chiếc", "cho lại": a thing changes hands (match_hands)
    owner_changes: frozenset[tuple[str, ...]] = frozenset()  # "sang tên", "đổi chủ": its owner changes (match_unowned)
    # Where the citizen is or has been ("trong lúc đi xklđ", "đi Nhật về"): the situation (match_away)
    away_markers: frozenset[tuple[str, ...]] = frozenset()
    away_goings: frozenset[tuple[str, ...]] = frozenset()
    away_backs: frozenset[tuple[str, ...]] = frozenset()
    # Words as typed with diacritics -> what they mean, where folding makes them another word
    # ("đòi" -> "yêu cầu", not "đổi"); knowledge.accents.
    accented: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def builtin(cls) -> Vocabulary:
        text = resources.files("knowledge").joinpath("data/vocabulary.yaml").read_text(encoding="utf-8")
        return cls.from_mapping(yaml.load(text, Loader=_YAML_LOADER) or {})

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Vocabulary:
        return cls().extended(data)

    def extended(self, data: Mapping[str, Any] | None) -> Vocabulary:
        """A new vocabulary with `data` (same sections as vocabulary.yaml) merged over this one."""
        if not data:
            return self
        abbreviations = dict(self.abbreviations)
        for key, value in (data.get("abbreviations") or {}).items():
            key_words = words(str(key))
            if len(key_words) == 1:
                abbreviations[key_words[0]] = tuple(words(str(value)))
        units = dict(self.units)
        for key, value in (data.get("units") or {}).items():
            key_words = words(str(key))
            if len(key_words) == 1 and key_words[0].isalpha():  # letters: "14t" is a number and "t"
                units[key_words[0]] = tuple(words(str(value)))
        synonyms = _phrase_table(self.synonyms, data.get("synonyms"))
        stopwords = set(self.stopwords)
        for word in data.get("stopwords") or ():
            stopwords.update(words(str(word)))
        small_talk = {k: tuple(v) for k, v in self.small_talk.items()}
        for kind, phrases in (data.get("small_talk") or {}).items():
            folded = tuple(" ".join(words(str(p))) for p in phrases or ())
            small_talk[str(kind)] = small_talk.get(str(kind), ()) + tuple(f for f in folded if f)
        lists = {name: set(getattr(self, name)) for name in PHRASE_LISTS}
        for name, phrases in lists.items():
            for phrase in data.get(name) or ():
                folded = tuple(words(str(phrase)))
                if folded:
                    phrases.add(folded)
        accented = {**self.accented, **{str(k): str(v) for k, v in (data.get("accented") or {}).items()}}
        return Vocabulary(abbreviations, units, synonyms, frozenset(stopwords), small_talk, accented=accented,
                          owner_renames=_phrase_table(self.owner_renames, data.get("owner_renames")),
                          **{name: frozenset(phrases) for name, phrases in lists.items()})

    def known_words(self) -> set[str]:
        out = set(self.abbreviations) | set(self.stopwords)
        for expansion in (*self.abbreviations.values(), *self.units.values()):
            out.update(expansion)
        for key, value in (*self.synonyms.items(), *self.owner_renames.items()):
            out.update(key)
            out.update(value)
        for phrases in self.small_talk.values():
            for phrase in phrases:
                out.update(phrase.split())
        # The words of listed phrases: a generic phrase is glued into one token in the
        # knowledge base ("tra_cuu"), so "cuu" alone is not among its words, yet it must not
        # be "repaired" ("cuu" -> "cu") before the phrase is found.
        for name in PHRASE_LISTS:
            for phrase in getattr(self, name):
                out.update(phrase)
        return out


def _phrase_table(table: Mapping[tuple[str, ...], tuple[str, ...]],
                  data: Mapping[Any, Any] | None) -> dict[tuple[str, ...], tuple[str, ...]]:
    """`table` with the entries of `data` (a phrase -> a phrase, as written) folded in."""
    out = dict(table)
    for key, value in (data or {}).items():
        key_phrase = tuple(words(str(key)))
        if key_phrase:
            out[key_phrase] = tuple(words(str(value)))
    return out
