"""Thresholds and weights of matching (knowledge.matching), calibrated with `dvcbot eval`."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from importlib import resources

import yaml

# libyaml when available: the same safe loading, several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class MatchConfig:
    """Thresholds and weights; defaults in knowledge/data/matching.yaml, overridable per file."""

    answer_min: float = 55.0  # best score needed to answer
    answer_margin: float = 8.0  # ... and its lead over the runner-up
    answer_min_long: float = 50.0  # best score needed to answer a message read clause by clause
    clarify_min: float = 40.0  # below this: none
    clarify_min_long: float = 48.0  # ... for a message read clause by clause
    clarify_window: float = 12.0  # candidates within this of the best are offered
    oos_margin: float = 0.0  # out-of-scope wins when within this of the best procedure
    recall_exponent: float = 0.6  # weight of phrasing recall vs message precision
    fuzzy_weight: float = 0.2  # share of rapidfuzz token_sort_ratio in the final score
    unknown_word_weight: float = 3.0  # weight of a word the knowledge base has never seen
    pair_precision: float = 0.0  # how much word pairs count in precision (0: words only)
    min_evidence: float = 0.0  # matched weight below which scores shrink (0: off)
    fuzzy_confidence: float = 0.8  # credit for a word repaired by edit distance
    max_chars: float = 1500  # of a longer message, its start and its end are routed
    # A neighbour up to neighbour_window points behind the best procedure wins when the specific
    # words only it explains outweigh the procedure's and weigh neighbour_share of what the
    # procedure explains.
    neighbour_window: float = 15.0
    neighbour_share: float = 0.5
    neighbour_min: float = 40.0  # when no procedure is offered, a neighbour this good is named
    generic_weight: float = 0.8  # weight of a generic word ("nộp", "hồ sơ") against its rarity
    weak_weight: float = 0.3  # weight of a function word ("người ta", "luôn", "vẫn") against its rarity
    min_distinct: float = 2.0  # weight of non-generic words a procedure must explain to be chosen
    clarify_share: float = 0.5  # ... and a clarify candidate, this share of the best one's
    focus_min_words: float = 8  # content words from which a message is read clause by clause
    focus_span_words: float = 6  # topical words the request gathers from before it
    topical_idf: float = 1.7  # a word weighing this much (rarity) says what a message is about
    focus_context: float = 0.6  # weight of the words before those
    focus_after: float = 0.5  # weight of the clauses after the request
    focus_referent_words: float = 0  # topical words of the clause a request refers back to
    focus_told: float = 1.0  # at most this weight for a clause told as done outside the focus
    # Candidates this close to the best are told apart by the message's cues (vocabulary
    # `cues` of the knowledge base, knowledge.match_cues) ...
    cue_window: float = 0.0
    # ... and the one they speak for is answered from this score (even under clarify_min)
    cue_lead_min: float = 100.0
    # A neighbour scoring this much wins when the cues speak for it over the best procedures.
    cue_neighbour_min: float = 100.0
    cue_lead_min_long: float = 100.0  # cue_lead_min for a message read clause by clause
    # A long message's best procedure under the bar is answered from long_lead_min when no
    # candidate nor neighbour is within long_lead_margin of it.
    long_lead_min: float = 100.0
    long_lead_margin: float = 10.0
    long_lead_share: float = 0.0  # ... and it explains this share of the message's specific words
    # ... and is at most this far behind the best procedure, or cue_neighbour_contested when the
    # message also says the best procedure's cues (the request then speaks for the neighbour).
    cue_neighbour_reach: float = 100.0
    # A procedure whose cues are said only in clauses told as done is not answered when a doc
    # within cue_window of it explains more of the request and this share of it (> 1: off).
    told_rival_share: float = 2.0
    neighbours_checked: float = 1  # the best neighbours a request's naming cue may let win
    cue_neighbour_contested: float = 100.0
    # Of a long message where no clause asks or requests, the clause whose best doc, scored on
    # it alone, reaches carrier_min and leads every other clause's by carrier_margin carries the
    # request (100: off).
    carrier_min: float = 100.0
    carrier_margin: float = 0.0
    carrier_words: float = 0.0  # ... of a message of at least this many words (each clause is scored)
    # Of a long message, the one procedure the clause that asks names by its naming cue leads
    # the procedures at most this far ahead of it (knowledge.match_named; 0: off).
    named_window: float = 0.0
    # A thing said to change hands ("bán chiếc xe cho hàng xóm"), of one owner-change procedure
    # only, is answered with that procedure from this score (knowledge.match_hands; 100: off).
    hands_min: float = 100.0

    @classmethod
    def defaults(cls) -> MatchConfig:
        text = resources.files("knowledge").joinpath("data/matching.yaml").read_text(encoding="utf-8")
        return cls().updated(yaml.load(text, Loader=_YAML_LOADER) or {})

    def updated(self, overrides: Mapping[str, float]) -> MatchConfig:
        names = {f.name for f in fields(self)}
        return replace(self, **{k: float(v) for k, v in overrides.items() if k in names})
