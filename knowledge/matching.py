"""Route a citizen's message to a procedure: answer, clarify (2-3 candidates) or none.

How a message is scored:
1. It is normalised (knowledge.normalise): folded, repaired against the knowledge base's
   words (Telex leftovers, merged words, typos via rapidfuzz edit distance), abbreviations and
   synonyms expanded, generic phrases glued into one token ("hồ sơ"), question phrases ("ở
   đâu") and polite fillers dropped. A long message is read clause by clause
   (knowledge.clauses): the request and the words just before it count fully, the story
   around it less; clauses that only tell the situation ("hộ khẩu em ở Đồng Nai") or the
   purpose ("để lãnh lương hưu") are support even next to the request.
2. Every phrasing (title, alias, sample question, FAQ question) of every procedure and of every
   out-of-scope service (neighbour) is a bag of words and word pairs, each weighted by how
   specific it is (inverse document frequency over procedures and neighbours; generic words
   of the vocabulary table weigh less, function words much less). A phrasing scores by how much of it the message covers
   (recall); a procedure scores by its best phrasing, tempered by how much of the message its
   vocabulary explains (precision: words it has never seen count against it). Sparse
   postings and numpy make this a few vector operations even for 100,000 phrasings, and the
   index of a large knowledge base is cached on disk (knowledge.index_cache).
3. The best candidates get a rapidfuzz token_sort_ratio blended in, which rewards word order
   and near-spellings the word-level repair did not catch.
4. Thresholds (MatchConfig, calibrated with `dvcbot eval`) turn scores into a decision:
   - a procedure must explain some of the specific (non-generic) words of the message: "hồ
     sơ ANTT" is not the online submission because both say "hồ sơ";
   - a neighbour close to the best procedure, or a little behind it but explaining specific
     words the procedure does not ("điện" in "sang tên hợp đồng điện"), makes it "none": a
     wrong answer sends a citizen to the wrong counter, which is worse than "I don't know";
   - clarification offers only candidates that explain a fair share of what the best one
     explains.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import yaml
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

import knowledge.index_cache
import knowledge.normalise
from knowledge.clauses import FocusConfig, RequestFinder
from knowledge.index_cache import IndexCache, array_to_strings, content_key, strings_to_array
from knowledge.models import KnowledgeBase
from knowledge.normalise import GLUE, Normaliser, Token, Vocabulary, readable
from knowledge.routing import Route

_Ints: TypeAlias = NDArray[np.int64]  # unit codes, postings, run bounds
_Positions: TypeAlias = NDArray[np.intp]  # what nonzero() and argsort() give: doc numbers
_Floats: TypeAlias = NDArray[np.float64]  # scores and weights
_Bools: TypeAlias = NDArray[np.bool_]

# libyaml when available: the same safe loading, several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_HAS_LETTER = "abcdefghijklmnopqrstuvwxyz"


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

    @classmethod
    def defaults(cls) -> MatchConfig:
        text = resources.files("knowledge").joinpath("data/matching.yaml").read_text(encoding="utf-8")
        return cls().updated(yaml.load(text, Loader=_YAML_LOADER) or {})

    def updated(self, overrides: Mapping[str, float]) -> MatchConfig:
        names = {f.name for f in fields(self)}
        return replace(self, **{k: float(v) for k, v in overrides.items() if k in names})


# Settings the index is built with (the others only change how it is read), and the code
# that builds it: both are part of an index cache entry's key.
_INDEX_SETTINGS = ("generic_weight", "weak_weight")
_INDEX_CODE = (__file__, knowledge.normalise.__file__, knowledge.index_cache.__file__)


@dataclass(frozen=True)
class _Doc:
    id: str
    is_procedure: bool


class Matcher:
    def __init__(self, kb: KnowledgeBase, config: MatchConfig | None = None,
                 cache: IndexCache | None = None):
        """`cache`: where the index of a large knowledge base is kept between starts
        (default: IndexCache.from_environment())."""
        self.kb = kb
        self.config = (config or MatchConfig.defaults()).updated(kb.matching)
        vocabulary = Vocabulary.builtin().extended(kb.vocabulary)
        self._index(kb, vocabulary, cache if cache is not None else IndexCache.from_environment())
        self.normaliser = Normaliser(vocabulary, known=self._word_ids, fuzzy_confidence=self.config.fuzzy_confidence)
        cfg = self.config
        # Words of the knowledge base rare enough to say what a message is about ("căn cước",
        # not "mới", "đúng", "thì"): the focus of a long message gathers a few of them.
        word_idf = np.zeros(self._V, dtype=np.float64)
        is_word = self._codes < self._V
        word_idf[self._codes[is_word]] = self._idf[is_word]
        topical_words = frozenset(w for w, i in self._word_ids.items() if word_idf[i] >= cfg.topical_idf)
        self._finder = RequestFinder(self.normaliser, FocusConfig(
            min_words=int(cfg.focus_min_words), span_words=int(cfg.focus_span_words),
            context=cfg.focus_context, after=cfg.focus_after), topical=topical_words.__contains__)

    def _index(self, kb: KnowledgeBase, vocabulary: Vocabulary, cache: IndexCache) -> None:
        self.docs: list[_Doc] = []
        doc_of_text: list[int] = []
        all_texts: list[str] = []
        is_name: list[bool] = []  # the phrasing names the doc (title, alias)
        for doc_id, is_proc, phrasings, names in _doc_phrasings(kb):
            doc_of_text.extend([len(self.docs)] * len(phrasings))
            all_texts.extend(phrasings)
            is_name.extend(i < names for i in range(len(phrasings)))
            self.docs.append(_Doc(doc_id, is_proc))
        self._is_procedure = np.asarray([d.is_procedure for d in self.docs], dtype=bool)
        key = None
        if cache.wanted(len(all_texts)):
            key = self._cache_key(kb, vocabulary)
            arrays = cache.load(key)
            if arrays is not None and self._restore(arrays):
                return
        self._build(vocabulary, all_texts, doc_of_text, is_name)
        if key is not None:
            cache.save(key, self._export())

    def _cache_key(self, kb: KnowledgeBase, vocabulary: Vocabulary) -> str:
        """Everything the index depends on: the code, the settings, the vocabulary and the
        phrasings of every doc (not the file's bytes: it may have changed since it was read)."""
        index_settings = {k: getattr(self.config, k) for k in _INDEX_SETTINGS}
        vocab = {f.name: sorted(map(repr, getattr(vocabulary, f.name).items()))
                 if isinstance(getattr(vocabulary, f.name), Mapping) else sorted(map(repr, getattr(vocabulary, f.name)))
                 for f in fields(vocabulary)}
        code = b"".join(Path(f).read_bytes() for f in _INDEX_CODE if f)

        def docs() -> Iterator[str]:
            for doc_id, is_proc, phrasings, names in _doc_phrasings(kb):
                yield f"{doc_id}\x00{int(is_proc)}\x00{names}\x00" + "\x00".join(phrasings)

        return content_key([code, json.dumps(index_settings, sort_keys=True), json.dumps(vocab), *docs()])

    def _export(self) -> dict[str, NDArray[Any]]:
        return {
            "words": strings_to_array(self._word_ids), "n_words": np.asarray(len(self._word_ids)),
            "texts": strings_to_array(self._texts), "n_texts": np.asarray(len(self._texts)),
            "n_docs": np.asarray(len(self.docs)), "phrasing_doc": self._phrasing_doc, "codes": self._codes,
            "idf": self._idf, "generic": self._generic, "post": self._post, "post_start": self._post_start,
            "phrasing_weight": self._phrasing_weight, "post_own": self._post_own,
        }

    def _restore(self, arrays: Mapping[str, NDArray[Any]]) -> bool:
        """Takes the index from a cache entry; False when the entry does not fit."""
        try:
            if int(arrays["n_docs"]) != len(self.docs):
                return False
            words = array_to_strings(arrays["words"], int(arrays["n_words"]))
            texts = array_to_strings(arrays["texts"], int(arrays["n_texts"]))
            codes, post_start = arrays["codes"], arrays["post_start"]
            if len(post_start) != 2 * len(codes) + 1 or len(arrays["idf"]) != len(codes):
                return False
        except (KeyError, ValueError, UnicodeDecodeError, TypeError):
            return False
        self._word_ids = {w: i for i, w in enumerate(words)}
        self._V = max(len(words), 1)
        self._texts = texts
        self._phrasing_doc = arrays["phrasing_doc"]
        self._codes, self._idf, self._generic = codes, arrays["idf"], arrays["generic"]
        self._post, self._post_start = arrays["post"], post_start
        self._phrasing_weight = arrays["phrasing_weight"]
        self._post_own = arrays["post_own"]
        if len(self._post_own) != len(self._post):
            return False
        self._n_units = len(codes)
        return True

    def _build(self, vocabulary: Vocabulary, all_texts: list[str], doc_of_text: list[int],
               is_name: list[bool]) -> None:
        contents = Normaliser(vocabulary).plain_words(all_texts)
        kept = [i for i, c in enumerate(contents) if c]
        contents = [contents[i] for i in kept]
        self._texts = [" ".join(c) for c in contents]
        self._phrasing_doc = np.asarray([doc_of_text[i] for i in kept], dtype=np.int64)
        phrasing_is_name = np.asarray([is_name[i] for i in kept], dtype=bool)
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
        # A generic word in a doc's own name ("Tra cứu hồ sơ", "Sang tên xe") is what that doc
        # is about: for it, and only for it, the word counts as specific.
        named = phrasing_is_name[p_arr]
        own_keys = _sorted_unique(u_arr[named] * n_docs + self._phrasing_doc[p_arr[named]])
        self._post_own = np.zeros(len(self._post), dtype=bool)
        if len(own_keys):
            at = np.minimum(own_keys.searchsorted(doc_pairs), len(own_keys) - 1)
            self._post_own[n_post:] = own_keys[at] == doc_pairs
        self._post_start = np.concatenate([np.searchsorted(u_arr[order], np.arange(n_units)),
                                           np.searchsorted(pair_units, np.arange(n_units + 1)) + n_post])
        self._n_units = n_units
        # Generic words and phrases ("nộp", "hồ sơ", "đăng ký") weigh less, and never count as
        # what distinguishes a procedure (see route()).
        self._generic = self._generic_units(vocabulary, word_ids, V)
        self._idf = np.where(self._generic, self._idf * self.config.generic_weight, self._idf)
        # Function words ("vẫn", "luôn", "người ta") are rare in a small knowledge base but say
        # nothing of a procedure: as words they weigh little and count as generic; the pairs
        # they make ("vẫn còn") keep their weight.
        weak = np.zeros(V, dtype=bool)
        weak[[word_ids[w] for (w,) in (p for p in vocabulary.weak if len(p) == 1) if w in word_ids]] = True
        weak_units = ~is_pair & weak[np.where(is_pair, 0, self._codes)]
        self._idf = np.where(weak_units, self._idf * self.config.weak_weight, self._idf)
        self._generic = self._generic | weak_units
        # Each phrasing's total weight, the divisor of its recall (so at least 1e-9).
        self._phrasing_weight = np.maximum(np.bincount(p_arr, weights=self._idf[u_arr], minlength=n_phr), 1e-9)

    def _generic_units(self, vocabulary: Vocabulary, word_ids: Mapping[str, int], V: int) -> _Bools:
        """Which units are generic: a listed word, a listed phrase (glued into one token), or a
        pair of two such ("thủ tục trực tuyến")."""
        generic_word = np.zeros(V, dtype=bool)
        generic_word[[word_ids[w] for w in (GLUE.join(p) for p in vocabulary.generic) if w in word_ids]] = True
        is_pair = self._codes >= V
        words = np.where(is_pair, 0, self._codes)
        a, b = np.where(is_pair, (self._codes - V) // V, 0), np.where(is_pair, (self._codes - V) % V, 0)
        return np.where(is_pair, generic_word[a] & generic_word[b], generic_word[words])

    # -- public -------------------------------------------------------------------------
    def route(self, text: str) -> Route:
        cfg = self.config
        query = text if isinstance(text, str) else str(text)
        clauses = self._finder.clauses(_clipped(query, int(cfg.max_chars)))
        tokens = [t for c in clauses for t in c.tokens]
        normalised = readable(" ".join(t.text for t in tokens))

        def none(kind: str, score: float = 0.0, oos: str | None = None) -> Route:
            return Route(query, normalised, "none", None, (), score, kind, oos)  # type: ignore[arg-type]

        if not any(ch in _HAS_LETTER for ch in normalised):
            return none("noise")
        if self.normaliser.small_talk_kind_of(tokens):  # small_talk_kind(clipped), tokenised once
            return none("small_talk", 100.0)
        content = [_Part(self.normaliser.content(list(c.tokens)), c.focus, c.continues) for c in clauses]
        if not any(p.tokens for p in content):
            return none("unknown")
        scored = self._scores(content)
        if scored is None:
            return none("unknown")
        scores, distinct = scored.scores, scored.distinct
        hit = (scores > 0).nonzero()[0]
        is_proc = self._is_procedure[hit]
        procs = hit[is_proc]
        # Generic words alone ("làm hồ sơ", "nộp") do not carry a procedure: a procedure must
        # explain some of what makes the message specific, when the message says something
        # specific at all ("hồ sơ ANTT" does; "nộp hồ sơ trực tuyến" does not).
        need = min(cfg.min_distinct, 0.5 * scored.specific)
        if need > 0:
            procs = procs[distinct[procs] >= need]
        proc_order = _best_first(scores, procs, 3).tolist()
        oos = _best_first(scores, hit[~is_proc], 1)
        best_proc = proc_order[0] if proc_order else None
        top = float(scores[best_proc]) if best_proc is not None else 0.0
        # A procedure must lead every out-of-scope service too: answering "đăng ký thi bằng
        # lái" with the licence exchange sends the citizen to the wrong counter. Whether the
        # neighbour is close or a little behind, what decides is which of the two explains
        # the specific words of the message the other does not ("điện" in "sang tên hợp đồng
        # điện" is the electricity's; "mất" in "bằng lái bị mất" is the licence exchange's).
        if best_proc is not None and len(oos):
            n_doc = int(oos[0])
            n_score = float(scores[n_doc])
            only_n, only_p = scored.contrast(n_doc, best_proc)
            close = n_score >= cfg.clarify_min and n_score + cfg.oos_margin >= top
            if close and not (n_score < top and only_p > only_n):
                return none("out_of_scope", n_score, self.docs[n_doc].id)
            behind = n_score >= max(cfg.neighbour_min, top - cfg.neighbour_window)
            if (cfg.neighbour_share > 0 and behind and only_n > only_p
                    and only_n >= max(cfg.min_distinct, cfg.neighbour_share * float(distinct[best_proc]))):
                return none("out_of_scope", n_score, self.docs[n_doc].id)
        long = len(content) > 1 and not clauses[0].short
        clarify_min = cfg.clarify_min_long if long else cfg.clarify_min
        if best_proc is None or top < clarify_min:
            # No procedure to offer: a neighbour that explains what the message says
            # specifically still gets its "where to go" line, a little below the usual bar.
            if len(oos):
                n_doc = int(oos[0])
                n_score = float(scores[n_doc])
                named = n_score >= cfg.neighbour_min and float(distinct[n_doc]) >= cfg.min_distinct
                if n_score >= cfg.clarify_min or named:
                    return none("out_of_scope", n_score, self.docs[n_doc].id)
            return none("unknown", top)
        # Only plausible candidates are offered or compete: each must explain a fair share of
        # the specific words the best one explains ("tách hộ" is not a land procedure because
        # land splitting also says "tách").
        need = max(need, cfg.clarify_share * float(distinct[best_proc]))
        plausible = [d for d in proc_order[1:] if float(distinct[d]) >= need]
        second = float(scores[plausible[0]]) if plausible else 0.0
        pid = self.docs[best_proc].id
        # A long message explains itself less (its story is no procedure's): lower bars.
        answer_min = cfg.answer_min_long if long else cfg.answer_min
        if top >= answer_min and top - second >= cfg.answer_margin:
            return Route(query, normalised, "answer", pid, (pid,), top, "procedure")
        floor = max(clarify_min, top - cfg.clarify_window)
        cands = [pid, *(self.docs[d].id for d in plausible if float(scores[d]) >= floor)]
        if len(cands) < 2 and plausible:
            cands = [pid, self.docs[plausible[0]].id]
        if len(cands) < 2:
            return none("unknown", top)
        return Route(query, normalised, "clarify", pid, tuple(cands), top, "procedure")

    def normalise(self, text: str) -> str:
        return self.normaliser.normalise(text)

    def nearest(self, text: str, n: int = 3) -> list[tuple[str, float]]:
        """The n procedures closest to a message, best first, whatever the decision would be:
        for people choosing where a question belongs (a volunteer adding it to the knowledge
        base), not for answering citizens."""
        clauses = self._finder.clauses(_clipped(text, int(self.config.max_chars)))
        content = [_Part(self.normaliser.content(list(c.tokens)), c.focus, c.continues) for c in clauses]
        scored = self._scores(content) if any(p.tokens for p in content) else None
        if scored is None:
            return []
        scores = scored.scores
        procs = np.flatnonzero(self._is_procedure & (scores > 0))
        return [(self.docs[d].id, float(scores[d])) for d in _best_first(scores, procs, n)]

    # -- scoring ------------------------------------------------------------------------
    def _scores(self, content: list[_Part]) -> _Scored | None:
        cfg = self.config
        n_phr = len(self._phrasing_weight)
        if n_phr == 0:
            return None
        # A numpy call per unit of the message costs more than the work itself on a knowledge
        # base of a few hundred phrasings: units are looked up together, then handled in
        # plain Python, and their postings gathered together.
        units = _query_units(content, self._word_ids, self._V)
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
        runs: list[int] = []  # postings runs: phrasings of each unit, then docs of some
        weights: list[float] = []
        doc_runs: list[int] = []
        doc_weights: list[float] = []
        doc_distinct: list[float] = []
        doc_own: list[float] = []  # generic units: their weight where the doc owns them
        q_weight = 0.0
        specific = 0.0
        for name, unit in units.items():
            unigram = " " not in name
            uid, w, generic = next(looked_up) if unit.code is not None else (-1, 0.0, False)
            if uid < 0:
                if unigram:
                    q_weight += cfg.unknown_word_weight * unit.focus
                    # A word nobody knows is specific ("antt"), unless it is a guess or noise.
                    if unit.known and unit.focus >= 1.0 and len(name) > 2:
                        specific += cfg.unknown_word_weight
                continue
            if not generic and unit.focus >= 1.0 and unigram:
                specific += w
            runs.append(uid)
            weights.append(w * unit.confidence * unit.focus)
            share = 1.0 if unigram else cfg.pair_precision
            if share:
                q_weight += w * share * unit.focus
                doc_runs.append(self._n_units + uid)
                doc_weights.append(w * unit.confidence * unit.focus * share)
                doc_distinct.append(0.0 if generic else w * unit.confidence * unit.focus)
                doc_own.append(w * unit.confidence * unit.focus if generic else 0.0)
        posts, post_weights, ends, index = _gather(self._post_start, self._post, runs + doc_runs,
                                                   weights + doc_weights)
        split = ends[len(runs) - 1]
        all_hits, doc_hits = posts[:split], posts[split:]
        # numpy's stubs give np.diff a timedelta64 result here; it is int64 like its input.
        lengths: _Ints = np.diff(np.asarray([split, *ends[len(runs):]], dtype=np.int64))  # type: ignore[assignment]
        distinct_weights = (np.array(doc_distinct, dtype=np.float64).repeat(lengths)
                            + np.array(doc_own, dtype=np.float64).repeat(lengths) * self._post_own[index[split:]])
        # Only phrasings sharing a unit with the message are scored. bincount adds up each
        # phrasing's (doc's) weights in the units' order, as the per-unit sums did.
        is_hit = np.zeros(n_phr, dtype=bool)
        is_hit[all_hits] = True
        phr = is_hit.nonzero()[0]
        matched = np.bincount(all_hits, weights=post_weights[:split], minlength=n_phr)[phr]
        doc_matched = np.bincount(doc_hits, weights=post_weights[split:], minlength=len(self.docs))
        # numpy's stubs type bincount as intp even with weights, when it gives float64.
        distinct: _Floats = np.bincount(  # type: ignore[assignment]
            doc_hits, weights=distinct_weights, minlength=len(self.docs))
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
            # The request, not the story around it, is compared with the phrasings.
            focus = [t for p in content if p.focus >= 1.0 for t in p.tokens] or [t for p in content for t in p.tokens]
            self._blend_fuzzy(doc_scores, phr, phr_score, run_docs, [*starts.tolist(), len(phr)], focus)
        return _Scored(doc_scores, distinct, specific, doc_hits,
                       np.asarray(ends[len(runs):], dtype=np.int64) - split, distinct_weights)

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


def _sorted_unique(values: _Ints) -> _Ints:
    # np.unique's hash path is several times slower than a sort on millions of int64s.
    a = np.sort(values)
    return a[np.r_[True, a[1:] != a[:-1]]] if len(a) else a


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


def _doc_phrasings(kb: KnowledgeBase) -> Iterator[tuple[str, bool, tuple[str, ...], int]]:
    """(id, is a procedure, phrasings, how many of the first phrasings name it) of each doc."""
    for p in kb.procedures:
        yield p.id, True, p.phrasings, 1 + len(p.aliases)
    for o in kb.out_of_scope:
        yield o.id, False, (o.title, *o.phrasings), 1


@dataclass(frozen=True)
class _Part:
    """Content tokens of one clause and the clause's weight."""

    tokens: list[Token]
    focus: float
    continues: bool = False  # its last token and the next part's first make a pair


@dataclass(frozen=True)
class _Scored:
    scores: _Floats  # 0-100 per doc
    distinct: _Floats  # per doc: weight of the message's non-generic units it explains
    specific: float  # weight of what the message's request says beyond generic words
    doc_hits: _Ints  # docs holding each of the message's units, unit after unit ...
    unit_ends: _Ints  # ... unit i's docs end at doc_hits[unit_ends[i]]
    hit_distinct: _Floats  # ... and the specific weight each of those docs gets from it

    def explained(self, doc: int) -> _Floats:
        """Per unit of the message: the specific weight the doc gets from it (0: not held)."""
        at = np.flatnonzero(self.doc_hits == doc)
        out = np.zeros(len(self.unit_ends), dtype=np.float64)
        out[np.searchsorted(self.unit_ends, at, side="right")] = self.hit_distinct[at]
        return out

    def contrast(self, a: int, b: int) -> tuple[float, float]:
        """Specific weight of the units only doc a explains, and of those only b explains."""
        in_a, in_b = self.explained(a), self.explained(b)
        return float(in_a[in_b == 0].sum()), float(in_b[in_a == 0].sum())


@dataclass
class _Unit:
    confidence: float
    focus: float
    known: bool
    code: int | None


def _query_units(parts: list[_Part], word_ids: Mapping[str, int], V: int) -> dict[str, _Unit]:
    """Words and adjacent word pairs ("tam tru"; pairs only of words the normaliser knows,
    within a clause), in order of first appearance, each with its best confidence and focus
    and its code as in the index (word w -> w, pair (a, b) -> V + a * V + b), None when the
    index lacks one of its words."""
    out: dict[str, _Unit] = {}

    def add(name: str, confidence: float, focus: float, known: bool, code: int | None) -> None:
        prev = out.get(name)
        if prev is None:
            out[name] = _Unit(confidence, focus, known, code)
        else:
            prev.confidence = max(prev.confidence, confidence)
            prev.focus = max(prev.focus, focus)

    for k, part in enumerate(parts):
        tokens = part.tokens
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


def _clipped(text: str, max_chars: int) -> str:
    """A message of at most max_chars: of a longer one, its first fifth and its end, where the
    request usually is."""
    if len(text) <= max_chars:
        return text
    head = max_chars // 5
    return text[:head] + " . " + text[len(text) - (max_chars - head):]
