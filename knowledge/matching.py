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

from knowledge._gc import gc_paused
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
    pair_precision: float = 0.0  # how much word pairs count in precision (0: words only)
    min_evidence: float = 0.0  # matched weight below which scores shrink (0: off)
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
        with gc_paused():
            self._build(kb, config)

    def _build(self, kb: KnowledgeBase, config: MatchConfig | None) -> None:
        self.kb = kb
        self.config = (config or MatchConfig.defaults()).updated(kb.matching)
        vocabulary = Vocabulary.builtin().extended(kb.vocabulary)
        plain = Normaliser(vocabulary)

        self.docs: list[_Doc] = []
        doc_of_text: list[int] = []
        all_texts: list[str] = []
        for doc_id, is_proc, phrasings in (
            *((p.id, True, p.phrasings) for p in kb.procedures),
            *((o.id, False, (o.title, *o.phrasings)) for o in kb.out_of_scope),
        ):
            doc_of_text.extend([len(self.docs)] * len(phrasings))
            all_texts.extend(phrasings)
            self.docs.append(_Doc(doc_id, is_proc))
        contents = plain.plain_words(all_texts)
        kept = [i for i, c in enumerate(contents) if c]
        contents = [contents[i] for i in kept]
        self._texts = [" ".join(c) for c in contents]
        self._phrasing_doc = np.asarray([doc_of_text[i] for i in kept], dtype=np.int64)
        self._is_procedure = np.asarray([d.is_procedure for d in self.docs], dtype=bool)
        n_docs = max(len(self.docs), 1)
        n_phr = len(contents)

        # Units are words and adjacent word pairs, coded as integers: word w -> w,
        # pair (a, b) -> V + a * V + b, so indexing is numpy work, not Python loops.
        word_ids: dict[str, int] = {}
        flat = [word_ids.setdefault(w, len(word_ids)) for c in contents for w in c]
        V = max(len(word_ids), 1)
        self._word_ids, self._V = word_ids, V
        lengths = np.fromiter((len(c) for c in contents), dtype=np.int64, count=n_phr)
        w_arr = np.asarray(flat, dtype=np.int64)
        line = np.repeat(np.arange(n_phr, dtype=np.int64), lengths)
        same = line[1:] == line[:-1]
        codes = np.concatenate([w_arr, V + w_arr[:-1][same] * V + w_arr[1:][same]])
        phr_of = np.concatenate([line, line[:-1][same]])
        # Distinct (phrasing, unit) pairs: a word twice in one phrasing counts once.
        self._codes = _sorted_unique(codes)
        n_units = len(self._codes)
        unit = np.searchsorted(self._codes, codes)
        key = _sorted_unique(phr_of * n_units + unit)
        p_arr, u_arr = key // n_units, key % n_units
        # Document frequency over procedures and out-of-scope services.
        doc_pairs = _sorted_unique(u_arr * n_docs + self._phrasing_doc[p_arr])
        pair_units = doc_pairs // n_docs
        df = np.bincount(pair_units, minlength=n_units).astype(np.float64)
        idf = np.log1p(n_docs / np.maximum(df, 1.0))
        # A pair of words says no more than its more specific word: "tu nam" (từ năm) is
        # rare as a pair but made of common words, and must not outweigh "tam tru".
        is_pair = self._codes >= V
        a_ids = np.where(is_pair, (self._codes - V) // V, 0)
        b_ids = np.where(is_pair, (self._codes - V) % V, 0)
        word_idf = np.zeros(V, dtype=np.float64)
        word_units = np.flatnonzero(~is_pair)
        word_idf[self._codes[word_units]] = idf[word_units]
        cap = np.maximum(word_idf[a_ids], word_idf[b_ids])
        self._idf = np.where(is_pair, np.minimum(idf, cap), idf)
        order = np.argsort(u_arr, kind="stable")
        self._post_phr = p_arr[order]
        self._post_start = np.searchsorted(u_arr[order], np.arange(n_units + 1))
        self._doc_post = doc_pairs % n_docs
        self._doc_post_start = np.searchsorted(pair_units, np.arange(n_units + 1))
        self._phrasing_weight = np.bincount(p_arr, weights=self._idf[u_arr], minlength=n_phr)
        self.normaliser = Normaliser(vocabulary, known=word_ids, fuzzy_confidence=self.config.fuzzy_confidence)

    def _unit(self, words: str) -> int | None:
        """Index of a unit ("word" or "word word") or None when no phrasing has it."""
        ids = [self._word_ids.get(w) for w in words.split(" ")]
        if None in ids or not ids:
            return None
        code = ids[0] if len(ids) == 1 else self._V + ids[0] * self._V + ids[1]
        i = int(np.searchsorted(self._codes, code))
        return i if i < len(self._codes) and self._codes[i] == code else None

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
        hit = np.flatnonzero(scores > 0)
        order = hit[np.argsort(-scores[hit], kind="stable")]
        proc_order = order[self._is_procedure[order]][:3].tolist()
        oos = order[~self._is_procedure[order]]
        best_proc = proc_order[0] if proc_order else None
        top = float(scores[best_proc]) if best_proc is not None else 0.0
        # A procedure must lead every out-of-scope service too: answering "đăng ký thi bằng
        # lái" with the licence exchange sends the citizen to the wrong counter.
        if len(oos) and float(scores[oos[0]]) >= cfg.clarify_min and float(scores[oos[0]]) + cfg.oos_margin >= top:
            best_doc = int(oos[0])
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

    def nearest(self, text: str, n: int = 3) -> list[tuple[str, float]]:
        """The n procedures closest to a message, best first, whatever the decision would be:
        for people choosing where a question belongs (a volunteer adding it to the knowledge
        base), not for answering citizens."""
        tokens = self.normaliser.tokens(text[: int(self.config.max_chars)])
        content = self.normaliser.content(tokens)
        scores = self._scores(content) if content else None
        if scores is None:
            return []
        procs = np.flatnonzero(self._is_procedure & (scores > 0))
        best = procs[np.argsort(-scores[procs], kind="stable")][:n]
        return [(self.docs[d].id, float(scores[d])) for d in best]

    # -- scoring ------------------------------------------------------------------------
    def _scores(self, content: list[Token]) -> np.ndarray | None:
        cfg = self.config
        if len(self._phrasing_weight) == 0:
            return None
        q_units: dict[str, float] = {}
        for u, conf in _units_with_confidence(content):
            q_units[u] = max(conf, q_units.get(u, 0.0))
        hits: list[np.ndarray] = []
        hit_weights: list[np.ndarray] = []
        doc_matched = np.zeros(len(self.docs), dtype=np.float64)
        q_weight = 0.0
        for u, conf in q_units.items():
            uid = self._unit(u)
            unigram = " " not in u
            if uid is None:
                if unigram:
                    q_weight += cfg.unknown_word_weight
                continue
            w = float(self._idf[uid])
            postings = self._post_phr[self._post_start[uid]:self._post_start[uid + 1]]
            hits.append(postings)
            hit_weights.append(np.full(len(postings), w * conf))
            share = 1.0 if unigram else cfg.pair_precision
            if share:
                q_weight += w * share
                doc_matched[self._doc_post[self._doc_post_start[uid]:self._doc_post_start[uid + 1]]] += w * conf * share
        if not hits:
            return None
        # Only phrasings sharing a unit with the message are scored.
        all_hits = np.concatenate(hits)
        phr, inverse = np.unique(all_hits, return_inverse=True)
        matched = np.bincount(inverse, weights=np.concatenate(hit_weights))
        docs = self._phrasing_doc[phr]
        recall = np.clip(matched / np.maximum(self._phrasing_weight[phr], 1e-9), 0, 1)
        precision = np.clip(doc_matched[docs] / max(q_weight, 1e-9), 0, 1)
        a = cfg.recall_exponent
        phr_score = np.power(recall, a) * np.power(precision, 1 - a)
        doc_scores = np.zeros(len(self.docs), dtype=np.float64)
        # phr is sorted and phrasings are contiguous per doc, so docs is sorted: max per run.
        starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
        doc_scores[docs[starts]] = np.maximum.reduceat(phr_score, starts) * 100.0
        if cfg.min_evidence > 0:
            # Little specific evidence ("đất", "giấy tờ xe") is not enough to answer however
            # well it matches: the score shrinks with the matched weight below min_evidence.
            doc_scores *= np.sqrt(np.minimum(1.0, doc_matched / cfg.min_evidence))
        if cfg.fuzzy_weight > 0:
            self._blend_fuzzy(doc_scores, phr, phr_score, content)
        return doc_scores

    def _blend_fuzzy(self, doc_scores: np.ndarray, phr: np.ndarray, phr_score: np.ndarray,
                     content: list[Token]) -> None:
        """Blend rapidfuzz's token_sort_ratio of each top doc's best phrasings into its score."""
        w = self.config.fuzzy_weight
        q = " ".join(t.text for t in content)
        docs = self._phrasing_doc[phr]
        hit = np.flatnonzero(doc_scores > 0)
        top_docs = hit[np.argsort(-doc_scores[hit])[:5]]
        for d in top_docs:
            if doc_scores[d] <= 0:
                continue
            mine = np.flatnonzero(docs == d)
            best = phr[mine[np.argsort(-phr_score[mine])[:3]]]
            ratio = max(fuzz.token_sort_ratio(q, self._texts[i]) for i in best)
            doc_scores[d] = (1 - w) * doc_scores[d] + w * ratio


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    # np.unique's hash path is several times slower than a sort on millions of int64s.
    a = np.sort(values)
    return a[np.r_[True, a[1:] != a[:-1]]] if len(a) else a


def _units_with_confidence(tokens: list[Token]) -> list[tuple[str, float]]:
    """Words and adjacent word pairs ("tam tru"); pairs only of words the index knows."""
    out = [(t.text, t.confidence) for t in tokens]
    for a, b in zip(tokens, tokens[1:]):
        if a.known and b.known:
            out.append((f"{a.text} {b.text}", min(a.confidence, b.confidence)))
    return out

