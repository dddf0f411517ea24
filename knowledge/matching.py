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
from rapidfuzz import fuzz, process

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
        # Postings in one array, two runs per unit u: its phrasings (sorted) at run u, its
        # docs at run n_units + u; run r is _post[_post_start[r]:_post_start[r + 1]]. A
        # message's runs are then gathered in one go. Written in place: no temporary copies.
        order = np.argsort(u_arr, kind="stable")
        n_post = len(p_arr)
        self._post = np.empty(n_post + len(doc_pairs), dtype=np.int64)
        np.take(p_arr, order, out=self._post[:n_post])
        np.remainder(doc_pairs, n_docs, out=self._post[n_post:])
        self._post_start = np.concatenate([np.searchsorted(u_arr[order], np.arange(n_units)),
                                           np.searchsorted(pair_units, np.arange(n_units + 1)) + n_post])
        self._n_units = n_units
        # Each phrasing's total weight, the divisor of its recall (so at least 1e-9).
        self._phrasing_weight = np.maximum(np.bincount(p_arr, weights=self._idf[u_arr], minlength=n_phr), 1e-9)
        self.normaliser = Normaliser(vocabulary, known=word_ids, fuzzy_confidence=self.config.fuzzy_confidence)

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
        if self.normaliser.small_talk_kind_of(tokens):  # small_talk_kind(clipped), tokenised once
            return none("small_talk", 100.0)
        content = self.normaliser.content(tokens)
        if not content:
            return none("unknown")
        scores = self._scores(content)
        if scores is None:
            return none("unknown")
        hit = (scores > 0).nonzero()[0]
        is_proc = self._is_procedure[hit]
        proc_order = _best_first(scores, hit[is_proc], 3).tolist()
        oos = _best_first(scores, hit[~is_proc], 1)
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
        return [(self.docs[d].id, float(scores[d])) for d in _best_first(scores, procs, n)]

    # -- scoring ------------------------------------------------------------------------
    def _scores(self, content: list[Token]) -> np.ndarray | None:
        cfg = self.config
        n_phr = len(self._phrasing_weight)
        if n_phr == 0:
            return None
        # A numpy call per unit of the message costs more than the work itself on a knowledge
        # base of a few hundred phrasings: units are looked up together, then handled in
        # plain Python, and their postings gathered together.
        units = _units_with_confidence(content, self._word_ids, self._V)
        codes = [code for _, code in units.values() if code is not None]
        if not codes:
            return None
        wanted = np.array(codes, dtype=np.int64)
        at = np.minimum(self._codes.searchsorted(wanted), len(self._codes) - 1)
        uids = np.where(self._codes[at] == wanted, at, -1).tolist()
        if max(uids) < 0:
            return None
        # (unit id or -1, idf) of each coded unit, in the units' order.
        looked_up = iter(zip(uids, self._idf[at].tolist()))
        # Summed in the units' order, as always: floating-point sums depend on the order.
        runs: list[int] = []  # postings runs: phrasings of each unit, then docs of some
        weights: list[float] = []
        doc_runs: list[int] = []
        doc_weights: list[float] = []
        q_weight = 0.0
        for u, (conf, code) in units.items():
            unigram = " " not in u
            uid, w = next(looked_up) if code is not None else (-1, 0.0)
            if uid < 0:
                if unigram:
                    q_weight += cfg.unknown_word_weight
                continue
            runs.append(uid)
            weights.append(w * conf)
            share = 1.0 if unigram else cfg.pair_precision
            if share:
                q_weight += w * share
                doc_runs.append(self._n_units + uid)
                doc_weights.append(w * conf * share)
        posts, post_weights, ends = _gather(self._post_start, self._post, runs + doc_runs, weights + doc_weights)
        split = ends[len(runs) - 1]
        all_hits, doc_hits = posts[:split], posts[split:]
        # Only phrasings sharing a unit with the message are scored. bincount adds up each
        # phrasing's (doc's) weights in the units' order, as the per-unit sums did.
        is_hit = np.zeros(n_phr, dtype=bool)
        is_hit[all_hits] = True
        phr = is_hit.nonzero()[0]
        matched = np.bincount(all_hits, weights=post_weights[:split], minlength=n_phr)[phr]
        doc_matched = np.bincount(doc_hits, weights=post_weights[split:], minlength=len(self.docs))
        docs = self._phrasing_doc[phr]
        # Both ratios are >= 0: clip(x, 0, 1) is min(x, 1), without np.clip's overhead.
        recall = np.minimum(matched / self._phrasing_weight[phr], 1.0)
        precision = np.minimum(doc_matched[docs] / max(q_weight, 1e-9), 1.0)
        a = cfg.recall_exponent
        phr_score = np.power(recall, a) * np.power(precision, 1 - a)
        doc_scores = np.zeros(len(self.docs), dtype=np.float64)
        # phr is sorted and phrasings are contiguous per doc, so docs is sorted: max per run.
        new_run = np.empty(len(docs), dtype=bool)
        new_run[0] = True
        np.not_equal(docs[1:], docs[:-1], out=new_run[1:])
        starts = new_run.nonzero()[0]
        run_docs = docs[starts]
        doc_scores[run_docs] = np.maximum.reduceat(phr_score, starts) * 100.0
        if cfg.min_evidence > 0:
            # Little specific evidence ("đất", "giấy tờ xe") is not enough to answer however
            # well it matches: the score shrinks with the matched weight below min_evidence.
            doc_scores *= np.sqrt(np.minimum(1.0, doc_matched / cfg.min_evidence))
        if cfg.fuzzy_weight > 0:
            self._blend_fuzzy(doc_scores, phr, phr_score, run_docs, [*starts.tolist(), len(phr)], content)
        return doc_scores

    def _blend_fuzzy(self, doc_scores: np.ndarray, phr: np.ndarray, phr_score: np.ndarray,
                     run_docs: np.ndarray, run_bounds: list[int], content: list[Token]) -> None:
        """Blend rapidfuzz's token_sort_ratio of each top doc's best phrasings into its score.

        Doc run_docs[r]'s phrasings are phr[run_bounds[r]:run_bounds[r + 1]]."""
        w = self.config.fuzzy_weight
        hit = (doc_scores > 0).nonzero()[0]
        top = _top_set(doc_scores[hit], 5)
        if not len(top):
            return
        top_docs = hit[top].tolist()
        best: list[list[int]] = []
        for r in run_docs.searchsorted(top_docs).tolist():
            lo, hi = run_bounds[r], run_bounds[r + 1]
            if hi - lo <= 3:  # all of them: their order does not matter to the max below
                best.append(phr[lo:hi].tolist())
            else:
                best.append(phr[lo:hi][(-phr_score[lo:hi]).argsort()[:3]].tolist())
        # One rapidfuzz call for all the (at most 15) phrasings compared.
        choices = [self._texts[i] for b in best for i in b]
        ratios = [0.0] * len(choices)
        q = " ".join(t.text for t in content)
        for _, score, i in process.extract(q, choices, scorer=fuzz.token_sort_ratio, limit=None):
            ratios[i] = score
        blended: list[float] = []
        k = 0
        for score, b in zip(doc_scores[top_docs].tolist(), best):
            blended.append((1 - w) * score + w * max(ratios[k:k + len(b)]))
            k += len(b)
        doc_scores[top_docs] = blended


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    # np.unique's hash path is several times slower than a sort on millions of int64s.
    a = np.sort(values)
    return a[np.r_[True, a[1:] != a[:-1]]] if len(a) else a


# Below this many candidates, sorting them all is cheaper than partitioning first.
_SORT_ALL_BELOW = 256


def _best_first(scores: np.ndarray, docs: np.ndarray, k: int) -> np.ndarray:
    """The first k of docs (ascending) sorted by score, highest first, ties by position:
    docs[(-scores[docs]).argsort(kind="stable")][:k], without sorting thousands of hits."""
    s = scores[docs]
    if len(s) >= _SORT_ALL_BELOW and k < len(s):
        # Those scoring at least the k-th best hold the k first, ties included, in order.
        keep = s >= np.partition(s, len(s) - k)[len(s) - k]
        docs, s = docs[keep], s[keep]
    return docs[(-s).argsort(kind="stable")[:k]]


def _top_set(values: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k largest values, in no particular order: the set that
    (-values).argsort()[:k] gives. When values tie at the k-th place, that call decides
    which of them are in, so it is made then."""
    n = len(values)
    if n >= _SORT_ALL_BELOW and k < n:
        kth = np.partition(values, [n - k - 1, n - k])
        if kth[n - k] > kth[n - k - 1]:  # the k-th largest beats the next: the set is unique
            return (values >= kth[n - k]).nonzero()[0]
    return (-values).argsort()[:k]


def _gather(bounds: np.ndarray, postings: np.ndarray, runs: list[int],
            weights: list[float]) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """postings[bounds[r]:bounds[r + 1]] for each run r, concatenated, each posting with its
    run's weight, and where each run ends in the result: a few numpy calls for all of a
    message's units instead of a slice and an array per unit."""
    r = np.array(runs, dtype=np.int64)
    starts = bounds[r]
    lengths = bounds[r + 1] - starts
    ends = lengths.cumsum()
    # Element j of run i is postings[starts[i] + j - (start of run i in the result)].
    index = np.arange(ends[-1], dtype=np.int64) + (starts - (ends - lengths)).repeat(lengths)
    return postings[index], np.array(weights, dtype=np.float64).repeat(lengths), ends.tolist()


def _units_with_confidence(tokens: list[Token], word_ids: Mapping[str, int],
                           V: int) -> dict[str, tuple[float, int | None]]:
    """Words and adjacent word pairs ("tam tru"; pairs only of words the normaliser knows),
    in order of first appearance, each with its best confidence and its code as in the index
    (word w -> w, pair (a, b) -> V + a * V + b), None when the index lacks one of its words."""
    out: dict[str, tuple[float, int | None]] = {}
    ids = [word_ids.get(t.text) for t in tokens]
    for t, i in zip(tokens, ids):
        prev = out.get(t.text)
        out[t.text] = (max(t.confidence, prev[0] if prev else 0.0), i)
    for a, b, i, j in zip(tokens, tokens[1:], ids, ids[1:]):
        if a.known and b.known:
            u = f"{a.text} {b.text}"
            prev = out.get(u)
            out[u] = (max(min(a.confidence, b.confidence), prev[0] if prev else 0.0),
                      None if i is None or j is None else V + i * V + j)
    return out
