"""Scoring of knowledge.matching: how well each doc's phrasings cover a message's words and
word pairs, with rapidfuzz blended in for the best candidates."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.match_index import MatchIndex, _Floats, _Ints, _Positions
from knowledge.normalise import Token


class MatchScoring(MatchIndex):
    """The scoring half of Matcher, over the index MatchIndex holds."""

    def _scores(self, content: list[_Part]) -> _Scored | None:
        cfg = self.config
        n_phr = len(self._phrasing_weight)
        if n_phr == 0:
            return None
        q = self._query_runs(_query_units(content, self._word_ids, self._V))
        if q is None:
            return None
        runs = q.runs
        posts, post_weights, ends, index = _gather(self._post_start, self._post, runs + q.doc_runs,
                                                   q.weights + q.doc_weights)
        split = ends[len(runs) - 1]
        all_hits, doc_hits = posts[:split], posts[split:]
        # numpy's stubs give np.diff a timedelta64 result here; it is int64 like its input.
        lengths: _Ints = np.diff(np.asarray([split, *ends[len(runs):]], dtype=np.int64))  # type: ignore[assignment]
        distinct_weights = (np.array(q.doc_distinct, dtype=np.float64).repeat(lengths)
                            + np.array(q.doc_own, dtype=np.float64).repeat(lengths) * self._post_own[index[split:]])
        # Only phrasings sharing a unit with the message are scored. bincount adds up each
        # phrasing's (doc's) weights in the units' order, as the per-unit sums did.
        is_hit = np.zeros(n_phr, dtype=bool)
        is_hit[all_hits] = True
        phr = is_hit.nonzero()[0]
        # numpy's stubs type bincount as intp even with weights, when it gives float64.
        matched: _Floats = np.bincount(  # type: ignore[assignment]
            all_hits, weights=post_weights[:split], minlength=n_phr)[phr]
        doc_matched: _Floats = np.bincount(  # type: ignore[assignment]
            doc_hits, weights=post_weights[split:], minlength=len(self.docs))
        distinct: _Floats = np.bincount(  # type: ignore[assignment]
            doc_hits, weights=distinct_weights, minlength=len(self.docs))
        # The same, of the request's words only (the clauses of full weight).
        in_focus = np.array(q.doc_focus, dtype=np.float64).repeat(lengths)
        focus_distinct: _Floats = np.bincount(  # type: ignore[assignment]
            doc_hits, weights=distinct_weights * in_focus, minlength=len(self.docs))
        # ... and of the clause that asks, when one is marked.
        unit_ask = np.array(q.doc_ask, dtype=np.float64)
        doc_scores, phr_score, run_docs, starts = self._doc_scores(phr, matched, doc_matched, q.q_weight)
        if cfg.fuzzy_weight > 0:
            # The request, not the story around it, is compared with the phrasings.
            focus = [t for p in content if p.focus >= 1.0 for t in p.tokens] or [t for p in content for t in p.tokens]
            self._blend_fuzzy(doc_scores, phr, phr_score, run_docs, [*starts.tolist(), len(phr)], focus)
        return _Scored(doc_scores, distinct, q.specific, doc_hits,
                       np.asarray(ends[len(runs):], dtype=np.int64) - split, distinct_weights, focus_distinct,
                       np.array(q.doc_focus, dtype=np.float64), unit_ask, q.ask_specific)

    def _query_runs(self, units: dict[str, _Unit]) -> _QueryRuns | None:
        """The postings runs of a message's units with their weights; None when the index
        holds none of them."""
        cfg = self.config
        # A numpy call per unit of the message costs more than the work itself on a knowledge
        # base of a few hundred phrasings: units are looked up together, then handled in
        # plain Python, and their postings gathered together.
        codes = [u.code for u in units.values() if u.code is not None]
        if not codes:
            return None
        wanted = np.array(codes, dtype=np.int64)
        at = np.minimum(self._codes.searchsorted(wanted), len(self._codes) - 1)
        uids = np.where(self._codes[at] == wanted, at, -1).tolist()
        if max(uids) < 0:
            return None
        # (unit id or -1, idf, generic) of each coded unit, in the units' order.
        looked_up = iter(zip(uids, self._idf[at].tolist(), self._generic[at].tolist(), strict=True))
        # Summed in the units' order, as always: floating-point sums depend on the order.
        q = _QueryRuns([], [], [], [], [], [], [])
        for name, unit in units.items():
            unigram = " " not in name
            uid, w, generic = next(looked_up) if unit.code is not None else (-1, 0.0, False)
            if uid < 0:
                if unigram:
                    q.q_weight += cfg.unknown_word_weight * unit.focus
                    # A word nobody knows is specific ("antt"), unless it is a guess or noise.
                    if unit.known and unit.focus >= 1.0 and len(name) > 2:
                        q.specific += cfg.unknown_word_weight
                        q.ask_specific += cfg.unknown_word_weight if unit.asks else 0.0
                continue
            if not generic and unit.focus >= 1.0 and unigram:
                q.specific += w
                q.ask_specific += w if unit.asks else 0.0
            q.runs.append(uid)
            q.weights.append(w * unit.confidence * unit.focus)
            share = 1.0 if unigram else cfg.pair_precision
            if share:
                q.q_weight += w * share * unit.focus
                q.doc_runs.append(self._n_units + uid)
                q.doc_weights.append(w * unit.confidence * unit.focus * share)
                q.doc_distinct.append(0.0 if generic else w * unit.confidence * unit.focus)
                q.doc_own.append(w * unit.confidence * unit.focus if generic else 0.0)
                q.doc_focus.append(1.0 if unit.focus >= 1.0 else 0.0)
                q.doc_ask.append(1.0 if unit.asks else 0.0)
        return q

    def _doc_scores(self, phr: _Positions, matched: _Floats, doc_matched: _Floats,
                    q_weight: float) -> tuple[_Floats, _Floats, _Ints, _Positions]:
        """Each doc's score (0-100) by its best phrasing among the hit ones `phr`, and those
        phrasings' scores, the docs holding them and where each doc's run starts in phr."""
        cfg = self.config
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
        return doc_scores, phr_score, run_docs, starts

    def _blend_fuzzy(self, doc_scores: _Floats, phr: _Positions, phr_score: _Floats,
                     run_docs: _Ints, run_bounds: list[int], content: list[Token]) -> None:
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
        for score, b in zip(doc_scores[top_docs].tolist(), best, strict=True):
            blended.append((1 - w) * score + w * max(ratios[k:k + len(b)]))
            k += len(b)
        doc_scores[top_docs] = blended


# Below this many candidates, sorting them all is cheaper than partitioning first.
_SORT_ALL_BELOW = 256


def _best_first(scores: _Floats, docs: _Positions, k: int) -> _Positions:
    """The first k of docs (ascending) sorted by score, highest first, ties by position:
    docs[(-scores[docs]).argsort(kind="stable")][:k], without sorting thousands of hits."""
    s = scores[docs]
    if len(s) >= _SORT_ALL_BELOW and k < len(s):
        # Those scoring at least the k-th best hold the k first, ties included, in order.
        keep = s >= np.partition(s, len(s) - k)[len(s) - k]
        docs, s = docs[keep], s[keep]
    first: _Positions = docs[(-s).argsort(kind="stable")[:k]]  # numpy types fancy indexing as Any
    return first


def _top_set(values: _Floats, k: int) -> _Positions:
    """Positions of the k largest values, in no particular order: the set that
    (-values).argsort()[:k] gives. When values tie at the k-th place, that call decides
    which of them are in, so it is made then."""
    n = len(values)
    if n >= _SORT_ALL_BELOW and k < n:
        kth = np.partition(values, [n - k - 1, n - k])
        if kth[n - k] > kth[n - k - 1]:  # the k-th largest beats the next: the set is unique
            unique: _Positions = (values >= kth[n - k]).nonzero()[0]  # numpy types kth[i] as Any
            return unique
    return (-values).argsort()[:k]


def _gather(bounds: _Ints, postings: _Ints, runs: list[int],
            weights: list[float]) -> tuple[_Ints, _Floats, list[int], _Ints]:
    """postings[bounds[r]:bounds[r + 1]] for each run r, concatenated, each posting with its
    run's weight, where each run ends in the result, and where each posting is in `postings`:
    a few numpy calls for all of a message's units instead of a slice and an array per unit."""
    r = np.array(runs, dtype=np.int64)
    starts = bounds[r]
    lengths = bounds[r + 1] - starts
    ends = lengths.cumsum()
    # Element j of run i is postings[starts[i] + j - (start of run i in the result)].
    index = np.arange(ends[-1], dtype=np.int64) + (starts - (ends - lengths)).repeat(lengths)
    return postings[index], np.array(weights, dtype=np.float64).repeat(lengths), ends.tolist(), index


@dataclass(frozen=True)
class _Part:
    """Content tokens of one clause and the clause's weight."""

    tokens: list[Token]
    focus: float
    continues: bool = False  # its last token and the next part's first make a pair
    asks: bool = False  # the clause that asks, of a long message whose request names its object


@dataclass(frozen=True)
class _Scored:
    scores: _Floats  # 0-100 per doc
    distinct: _Floats  # per doc: weight of the message's non-generic units it explains
    specific: float  # weight of what the message's request says beyond generic words
    doc_hits: _Ints  # docs holding each of the message's units, unit after unit ...
    unit_ends: _Ints  # ... unit i's docs end at doc_hits[unit_ends[i]]
    hit_distinct: _Floats  # ... and the specific weight each of those docs gets from it
    focus_distinct: _Floats  # per doc: the part of `distinct` from the request (full-weight clauses)
    unit_focus: _Floats  # per unit of the message: 1 when said in the request, else 0
    unit_ask: _Floats  # per unit of the message: 1 when said in a clause that asks (_Part.asks)
    ask_specific: float  # what that clause says beyond generic words (0: no clause marked)

    def explained(self, doc: int) -> _Floats:
        """Per unit of the message: the specific weight the doc gets from it (0: not held)."""
        at = np.flatnonzero(self.doc_hits == doc)
        out = np.zeros(len(self.unit_ends), dtype=np.float64)
        out[np.searchsorted(self.unit_ends, at, side="right")] = self.hit_distinct[at]
        return out

    def contrast(self, a: int, b: int, request_only: bool = False, asked: bool = False) -> tuple[float, float]:
        """Specific weight of the units only doc a explains, and of those only b explains; of
        the units said in the request only, when `request_only`; in the clauses that ask, when
        `asked`."""
        in_a, in_b = self.explained(a), self.explained(b)
        if request_only or asked:
            only = self.unit_ask if asked else self.unit_focus
            in_a, in_b = in_a * only, in_b * only
        return float(in_a[in_b == 0].sum()), float(in_b[in_a == 0].sum())


@dataclass
class _QueryRuns:
    """A message's postings runs, unit after unit, with the sums over its units."""

    runs: list[int]  # phrasings of each unit found in the index
    weights: list[float]
    doc_runs: list[int]  # docs of the units that count in precision
    doc_weights: list[float]
    doc_distinct: list[float]
    doc_own: list[float]  # generic units: their weight where the doc owns them
    doc_focus: list[float]  # 1 for a unit said in the request (a clause of full weight), else 0
    q_weight: float = 0.0  # the message's weight, the divisor of precision
    specific: float = 0.0
    doc_ask: list[float] = field(default_factory=list)  # 1 for a unit said in the clause that asks
    ask_specific: float = 0.0


@dataclass
class _Unit:
    confidence: float
    focus: float
    known: bool
    code: int | None
    asks: bool = False


def _query_units(parts: list[_Part], word_ids: Mapping[str, int], V: int) -> dict[str, _Unit]:
    """Words and adjacent word pairs ("tam tru"; pairs only of words the normaliser knows,
    within a clause), in order of first appearance, each with its best confidence and focus
    and its code as in the index (word w -> w, pair (a, b) -> V + a * V + b), None when the
    index lacks one of its words."""
    out: dict[str, _Unit] = {}

    def add(name: str, confidence: float, focus: float, known: bool, code: int | None) -> None:
        prev = out.get(name)
        if prev is None:
            out[name] = _Unit(confidence, focus, known, code, asks)
        else:
            prev.confidence = max(prev.confidence, confidence)
            prev.focus = max(prev.focus, focus)
            prev.asks = prev.asks or asks

    for k, part in enumerate(parts):
        tokens, asks = part.tokens, part.asks
        if k and parts[k - 1].continues and parts[k - 1].tokens and tokens:
            # A clause cut for its weight only: the words at the cut still make a pair.
            tokens = [parts[k - 1].tokens[-1], *tokens]
            for a, b in zip(tokens[:1], tokens[1:2], strict=True):
                i, j = word_ids.get(a.text), word_ids.get(b.text)
                if a.known and b.known:
                    add(f"{a.text} {b.text}", min(a.confidence, b.confidence), part.focus, True,
                        None if i is None or j is None else V + i * V + j)
            tokens = tokens[1:]
        ids = [word_ids.get(t.text) for t in tokens]
        for t, i in zip(tokens, ids, strict=True):
            add(t.text, t.confidence, part.focus, t.known, i)
        # Neighbours: the shifted copies are one shorter, so zip stops at the last pair.
        for a, b, i, j in zip(tokens, tokens[1:], ids, ids[1:], strict=False):
            if a.known and b.known:
                add(f"{a.text} {b.text}", min(a.confidence, b.confidence), part.focus, True,
                    None if i is None or j is None else V + i * V + j)
    return out
