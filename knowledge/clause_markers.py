"""The words that mark the parts of a message (knowledge.clauses, knowledge.clause_split), read
once from the vocabulary (knowledge/data/vocabulary.yaml, the staff's tables).

Markers are looked for in tokens, where generic phrases are glued ("huong_dan"), so every phrase
is glued as the normaliser glues the message's words.
"""
from __future__ import annotations

from knowledge.clause_looks import LookAlikes
from knowledge.normalise import Normaliser
from knowledge.phrases import PhraseSet


class ClauseMarkers:
    """The marker phrases and words of one vocabulary; read only once built."""

    def __init__(self, normaliser: Normaliser):
        vocabulary = normaliser.vocabulary
        glued = normaliser.glued
        self.stop = vocabulary.stopwords
        self.generic_words = frozenset(glued(p)[0] for p in vocabulary.generic)
        self.questions = PhraseSet(glued(p) for p in vocabulary.question_markers)  # "ở đâu", "được không"
        self.question_pairs = frozenset(p for p in map(glued, vocabulary.question_markers) if len(p) == 2)
        self.endings = frozenset(glued(p) for p in vocabulary.question_endings)  # "... không"
        self.requests = PhraseSet(glued(p) for p in vocabulary.request_markers)  # "cho hỏi", "muốn"
        self.breaks = PhraseSet(glued(p) for p in vocabulary.clause_breaks)  # "giờ", "nhưng mà"
        self.ends = PhraseSet(glued(p) for p in vocabulary.clause_ends)  # "rồi"
        self.courtesy = PhraseSet(glued(p) for p in vocabulary.courtesy)  # "em cảm ơn"
        self.acts = PhraseSet(glued(p) for p in vocabulary.act_words)
        self.act_words = frozenset(p[0] for p in map(glued, vocabulary.act_words) if len(p) == 1)
        self.done = PhraseSet(glued(p) for p in vocabulary.done_markers)
        # still to do: what is to fix, and a paper someone demands of the citizen ("bắt nộp giấy ...")
        self.pending = PhraseSet(glued(p) for p in vocabulary.pending_markers | vocabulary.demand_markers)
        self.purposes = PhraseSet(glued(p) for p in vocabulary.purpose_markers)  # "để"
        self.progress = PhraseSet(glued(p) for p in vocabulary.progress_markers)  # "tới đâu rồi", "xong chưa"
        self.reasons = PhraseSet(glued(p) for p in vocabulary.reason_markers)  # "vì": why, told after the question
        self.not_purposes = PhraseSet(glued(p) for p in vocabulary.not_purpose)
        self.not_markers = LookAlikes(
            PhraseSet(glued(p) for p in vocabulary.not_markers),
            (p[0] for p in map(glued, vocabulary.clause_ends) if len(p) == 1),
            PhraseSet(glued(p) for p in vocabulary.next_acts),
            (n[0] for n in vocabulary.negations if len(n) == 1), (p[0] for p in map(glued, vocabulary.past_words)))
        self.alternatives = PhraseSet(glued(p) for p in vocabulary.alternatives)  # "hay phải ..."
        self.negations = frozenset(n[0] for n in vocabulary.negations if len(n) == 1)
        self.denials = PhraseSet(glued(p) for p in vocabulary.negations)  # "không", "không cho"
