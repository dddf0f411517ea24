"""Route a citizen's message to a procedure: answer, clarify (2-3 candidates) or none.

How a message is scored:
1. It is normalised (knowledge.normalise): folded, repaired against the knowledge base's
   words (Telex leftovers, merged words, typos via rapidfuzz edit distance), abbreviations and
   synonyms expanded, polite fillers dropped.
2. Every phrasing (title, alias, sample question, FAQ question) of every procedure and of every
   out-of-scope service is a bag of words and word pairs, each weighted by how specific it is
   (inverse document frequency over procedures). A phrasing scores by how much of it the
   message covers (recall); a procedure scores by its best phrasing, tempered by how much of
   the message its vocabulary explains (precision: words it has never seen count against it).
   Sparse postings and numpy make this a few vector operations even for 100,000 phrasings.
3. The best candidates get a rapidfuzz token_sort_ratio blended in, which rewards word order
   and near-spellings the word-level repair did not catch.
4. Thresholds (MatchConfig, calibrated with `dvcbot eval`) turn scores into a decision. A
   message that matches an out-of-scope service at least as well as any procedure is "none":
   a wrong answer sends a citizen to the wrong counter, which is worse than "I don't know".
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from importlib import resources
from typing import Mapping

import numpy as np
import yaml
from rapidfuzz import fuzz

from knowledge.models import KnowledgeBase
from knowledge.normalise import Normaliser, Token, Vocabulary
from knowledge.routing import Route

_HAS_LETTER = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class MatchConfig:
    """Thresholds and weights; defaults in knowledge/data/matching.yaml, overridable per file."""

    answer_min: float = 55.0  # best score needed to answer
    answer_margin: float = 8.0  # ... and its lead over the runner-up
    clarify_min: float = 40.0  # below this: none
    clarify_window: float = 12.0  # candidates within this of the best are offered
    oos_margin: float = 0.0  # out-of-scope wins when within this of the best procedure
    recall_exponent: float = 0.6  # weight of phrasing recall vs message precision
    fuzzy_weight: float = 0.2  # share of rapidfuzz token_sort_ratio in the final score
    unknown_word_weight: float = 3.0  # weight of a word the knowledge base has never seen
    fuzzy_confidence: float = 0.8  # credit for a word repaired by edit distance
    max_chars: float = 500  # only the start of very long messages is routed

    @classmethod
    def defaults(cls) -> "MatchConfig":
        text = resources.files("knowledge").joinpath("data/matching.yaml").read_text(encoding="utf-8")
        return cls().updated(yaml.safe_load(text) or {})

    def updated(self, overrides: Mapping[str, float]) -> "MatchConfig":
        names = {f.name for f in fields(self)}
        return replace(self, **{k: float(v) for k, v in overrides.items() if k in names})


@dataclass(frozen=True)
class _Doc:
    id: str
    is_procedure: bool


class Matcher:
    def __init__(self, kb: KnowledgeBase, config: MatchConfig | None = None):
        self.kb = kb
        self.config = (config or MatchConfig.defaults()).updated(kb.matching)
        vocabulary = Vocabulary.builtin().extended(kb.vocabulary)
        plain = Normaliser(vocabulary)

        self.docs: list[_Doc] = []
        texts: list[str] = []
        phrasing_doc: list[int] = []
        phrasing_units: list[list[str]] = []
        for doc_id, is_proc, phrasings in (
            *((p.id, True, p.phrasings) for p in kb.procedures),
            *((o.id, False, (o.title, *o.phrasings)) for o in kb.out_of_scope),
        ):
            d = len(self.docs)
            self.docs.append(_Doc(doc_id, is_proc))
            for text in phrasings:
                content = plain.content(plain.tokens(text, repair=False))
                units = _units(content)
                if not units:
                    continue
                phrasing_doc.append(d)
                phrasing_units.append(list(units))
                texts.append(" ".join(t.text for t in content))
        self.normaliser = Normaliser(
            vocabulary, known={w for t in texts for w in t.split()},
            fuzzy_confidence=self.config.fuzzy_confidence,
        )
        self._texts = texts
        self._phrasing_doc = np.asarray(phrasing_doc, dtype=np.int32)
        n_docs = max(len(self.docs), 1)

        unit_ids: dict[str, int] = {}
        for units in phrasing_units:
            for u in units:
                unit_ids.setdefault(u, len(unit_ids))
        df = np.zeros(len(unit_ids), dtype=np.float64)
        unit_docs: dict[int, set[int]] = {}
        for f, units in enumerate(phrasing_units):
            for u in units:
                unit_docs.setdefault(unit_ids[u], set()).add(phrasing_doc[f])
        for uid, ds in unit_docs.items():
            df[uid] = len(ds)
        self._unit_ids = unit_ids
        self._idf = np.log1p(n_docs / np.maximum(df, 1.0))
        # Postings: unit -> phrasings containing it, and unit -> docs containing it.
        post: dict[int, list[int]] = {}
        for f, units in enumerate(phrasing_units):
            for u in set(units):
                post.setdefault(unit_ids[u], []).append(f)
        self._postings = {u: np.asarray(v, dtype=np.int32) for u, v in post.items()}
        self._doc_postings = {u: np.asarray(sorted(v), dtype=np.int32) for u, v in unit_docs.items()}
        self._phrasing_weight = np.zeros(len(phrasing_units), dtype=np.float64)
        for f, units in enumerate(phrasing_units):
            self._phrasing_weight[f] = sum(self._idf[unit_ids[u]] for u in set(units))

    # -- public -------------------------------------------------------------------------
    def route(self, text: str) -> Route:
        cfg = self.config
        query = text if isinstance(text, str) else str(text)
        clipped = query[: int(cfg.max_chars)]
        tokens = self.normaliser.tokens(clipped)
        normalised = " ".join(t.text for t in tokens)

        def none(kind: str, score: float = 0.0, oos: str | None = None) -> Route:
            return Route(query, normalised, "none", None, (), score, kind, oos)  # type: ignore[arg-type]

        if not any(ch in _HAS_LETTER for ch in normalised):
            return none("noise")
        if self.normaliser.small_talk_kind(clipped):
            return none("small_talk", 100.0)
        content = self.normaliser.content(tokens)
        if not content:
            return none("unknown")
        scores = self._scores(content)
        if scores is None:
            return none("unknown")
        order = np.argsort(-scores, kind="stable")
        proc_order = [int(d) for d in order if self.docs[d].is_procedure]
        best_doc = int(order[0])
        best_proc = proc_order[0] if proc_order else None
        top = float(scores[best_proc]) if best_proc is not None else 0.0
        if not self.docs[best_doc].is_procedure and float(scores[best_doc]) + cfg.oos_margin >= top \
                and float(scores[best_doc]) >= cfg.clarify_min:
            return none("out_of_scope", float(scores[best_doc]), self.docs[best_doc].id)
        if best_proc is None or top < cfg.clarify_min:
            return none("unknown", top)
        second = float(scores[proc_order[1]]) if len(proc_order) > 1 else 0.0
        pid = self.docs[best_proc].id
        if top >= cfg.answer_min and top - second >= cfg.answer_margin:
            return Route(query, normalised, "answer", pid, (pid,), top, "procedure")
        floor = max(cfg.clarify_min, top - cfg.clarify_window)
        cands = [self.docs[d].id for d in proc_order[:3] if float(scores[d]) >= floor]
        if len(cands) < 2 and len(proc_order) > 1:
            cands = [self.docs[d].id for d in proc_order[:2]]
        return Route(query, normalised, "clarify", pid, tuple(cands), top, "procedure")

    def normalise(self, text: str) -> str:
        return self.normaliser.normalise(text)

    # -- scoring ------------------------------------------------------------------------
    def _scores(self, content: list[Token]) -> np.ndarray | None:
        cfg = self.config
        n_phr = len(self._phrasing_weight)
        if n_phr == 0:
            return None
        q_units: dict[str, float] = {}
        for u, conf in _units_with_confidence(content):
            q_units[u] = max(conf, q_units.get(u, 0.0))
        matched = np.zeros(n_phr, dtype=np.float64)
        doc_matched = np.zeros(len(self.docs), dtype=np.float64)
        q_weight = 0.0
        for u, conf in q_units.items():
            uid = self._unit_ids.get(u)
            unigram = " " not in u
            if uid is None:
                if unigram:
                    q_weight += cfg.unknown_word_weight
                continue
            w = float(self._idf[uid])
            matched[self._postings[uid]] += w * conf
            if unigram:
                q_weight += w
                doc_matched[self._doc_postings[uid]] += w * conf
        if not matched.any():
            return None
        recall = matched / np.maximum(self._phrasing_weight, 1e-9)
        precision = doc_matched / max(q_weight, 1e-9)
        a = cfg.recall_exponent
        phr_score = np.power(np.clip(recall, 0, 1), a) * np.power(np.clip(precision[self._phrasing_doc], 0, 1), 1 - a)
        doc_scores = np.zeros(len(self.docs), dtype=np.float64)
        np.maximum.at(doc_scores, self._phrasing_doc, phr_score)
        doc_scores *= 100.0
        if cfg.fuzzy_weight > 0:
            self._blend_fuzzy(doc_scores, phr_score, content)
        return doc_scores

    def _blend_fuzzy(self, doc_scores: np.ndarray, phr_score: np.ndarray, content: list[Token]) -> None:
        """Blend rapidfuzz's token_sort_ratio of each top doc's best phrasings into its score."""
        w = self.config.fuzzy_weight
        q = " ".join(t.text for t in content)
        top_docs = np.argsort(-doc_scores)[:5]
        for d in top_docs:
            if doc_scores[d] <= 0:
                continue
            idx = self._doc_phrasings(int(d))
            best = idx[np.argsort(-phr_score[idx])[:3]]
            ratio = max(fuzz.token_sort_ratio(q, self._texts[i]) for i in best)
            doc_scores[d] = (1 - w) * doc_scores[d] + w * ratio

    def _doc_phrasings(self, d: int) -> np.ndarray:
        # Phrasings are indexed doc by doc, so each doc's phrasings are one contiguous run.
        lo = int(np.searchsorted(self._phrasing_doc, d, side="left"))
        hi = int(np.searchsorted(self._phrasing_doc, d, side="right"))
        return np.arange(lo, hi)


def _units(tokens: list[Token]) -> set[str]:
    return {u for u, _ in _units_with_confidence(tokens)}


def _units_with_confidence(tokens: list[Token]) -> list[tuple[str, float]]:
    """Words and adjacent word pairs ("tam tru"); pairs only of words the index knows."""
    out = [(t.text, t.confidence) for t in tokens]
    for a, b in zip(tokens, tokens[1:]):
        if a.known and b.known:
            out.append((f"{a.text} {b.text}", min(a.confidence, b.confidence)))
    return out

