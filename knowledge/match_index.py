"""The index of knowledge.matching: every phrasing of every doc as weighted words and word
pairs with their postings, built from a knowledge base or taken from the on-disk cache."""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

from knowledge.cache_files import package_code
from knowledge.index_cache import IndexCache, array_to_strings, content_key, strings_to_array
from knowledge.match_config import MatchConfig
from knowledge.models import KnowledgeBase
from knowledge.normalise import GLUE, Normaliser, Vocabulary

_Ints: TypeAlias = NDArray[np.int64]  # unit codes, postings, run bounds
_Positions: TypeAlias = NDArray[np.intp]  # what nonzero() and argsort() give: doc numbers
_Floats: TypeAlias = NDArray[np.float64]  # scores and weights
_Bools: TypeAlias = NDArray[np.bool_]

# Settings the index is built with (the others only change how it is read), and the code
# that builds it (the whole knowledge package: the normaliser calls helpers of its own
# modules, glued, telex, accents): both are part of an index cache entry's key.
_INDEX_SETTINGS = ("generic_weight", "weak_weight")
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class _Doc:
    id: str
    is_procedure: bool



class MatchIndex:
    """The index half of Matcher: it builds, caches and restores the arrays scoring reads."""

    config: MatchConfig

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
        # The names' tokens (_name_tokens) from the cache entry; the entry still to write.
        self._names: list[tuple[str, ...]] | None = None
        self._unsaved: tuple[IndexCache, str] | None = None
        if cache.wanted(len(all_texts)):
            key = self._cache_key(kb, vocabulary)
            arrays = cache.load(key)
            if arrays is not None and self._restore(arrays):
                self._names = _restored_names(arrays)
                if self._names is None:
                    self._unsaved = cache, key
                return
            self._unsaved = cache, key
        self._build(vocabulary, all_texts, doc_of_text, is_name)

    def _name_tokens(self, kb: KnowledgeBase, normaliser: Normaliser) -> list[tuple[str, ...]]:
        """The token texts of the staff's names for the services (knowledge.clause_refers), by
        the matcher's normaliser: tokenising 15,000 names costs as much as reading the index
        back, so they are kept in the same cache entry (the key covers all they depend on: the
        names are phrasings, the normaliser's known words are the index's and the vocabulary's).
        Writes the entry when the index was built."""
        names = _service_names(kb)
        if self._names is None or len(self._names) != len(names):
            self._names = [tuple(t.text for t in normaliser.tokens(n)) for n in names]
        if self._unsaved is not None:
            cache, key = self._unsaved
            flat = [w for name in self._names for w in name]
            cache.save(key, {**self._export(), "name_tokens": strings_to_array(flat),
                             "n_name_tokens": np.asarray(len(flat)),
                             "name_lengths": np.asarray([len(name) for name in self._names], dtype=np.int64)})
            self._unsaved = None
        return self._names

    def _cache_key(self, kb: KnowledgeBase, vocabulary: Vocabulary) -> str:
        """Everything the index depends on: the code, the settings, the vocabulary and the
        phrasings of every doc (not the file's bytes: it may have changed since it was read)."""
        index_settings = {k: getattr(self.config, k) for k in _INDEX_SETTINGS}
        vocab = {f.name: sorted(map(repr, getattr(vocabulary, f.name).items()))
                 if isinstance(getattr(vocabulary, f.name), Mapping) else sorted(map(repr, getattr(vocabulary, f.name)))
                 for f in fields(vocabulary)}

        def docs() -> Iterator[str]:
            for doc_id, is_proc, phrasings, names in _doc_phrasings(kb):
                yield f"{doc_id}\x00{int(is_proc)}\x00{names}\x00" + "\x00".join(phrasings)

        return content_key([*package_code(_PACKAGE), json.dumps(index_settings, sort_keys=True), json.dumps(vocab),
                            *docs()])

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
        p_arr, u_arr = self._code_units(contents)
        doc_pairs = self._weigh_units(p_arr, u_arr, n_docs)
        self._fill_postings(p_arr, u_arr, doc_pairs, n_docs, phrasing_is_name)
        self._weigh_down_generic(vocabulary)
        # Each phrasing's total weight, the divisor of its recall (so at least 1e-9).
        self._phrasing_weight = np.maximum(np.bincount(p_arr, weights=self._idf[u_arr],
                                                       minlength=len(contents)), 1e-9)

    def _code_units(self, contents: list[list[str]]) -> tuple[_Ints, _Ints]:
        """Sets the words and the unit codes; gives the distinct (phrasing, unit) pairs as two
        arrays, sorted by phrasing then unit."""
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
        self._n_units = n_units
        unit = np.searchsorted(self._codes, codes)
        key = _sorted_unique(phr_of * n_units + unit)
        return key // n_units, key % n_units

    def _weigh_units(self, p_arr: _Ints, u_arr: _Ints, n_docs: int) -> _Ints:
        """Sets each unit's rarity (idf); gives the distinct (unit, doc) pairs, coded
        unit * n_docs + doc, sorted."""
        V, n_units = self._V, self._n_units
        # Document frequency over procedures and out-of-scope services.
        doc_pairs = _sorted_unique(u_arr * n_docs + self._phrasing_doc[p_arr])
        df = np.bincount(doc_pairs // n_docs, minlength=n_units).astype(np.float64)
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
        return doc_pairs

    def _fill_postings(self, p_arr: _Ints, u_arr: _Ints, doc_pairs: _Ints, n_docs: int,
                       phrasing_is_name: _Bools) -> None:
        n_units = self._n_units
        pair_units = doc_pairs // n_docs
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

    def _weigh_down_generic(self, vocabulary: Vocabulary) -> None:
        word_ids, V = self._word_ids, self._V
        is_pair = self._codes >= V
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

    def _generic_units(self, vocabulary: Vocabulary, word_ids: Mapping[str, int], V: int) -> _Bools:
        """Which units are generic: a listed word, a listed phrase (glued into one token), or a
        pair of two such ("thủ tục trực tuyến")."""
        generic_word = np.zeros(V, dtype=bool)
        generic_word[[word_ids[w] for w in (GLUE.join(p) for p in vocabulary.generic) if w in word_ids]] = True
        is_pair = self._codes >= V
        words = np.where(is_pair, 0, self._codes)
        a, b = np.where(is_pair, (self._codes - V) // V, 0), np.where(is_pair, (self._codes - V) % V, 0)
        return np.where(is_pair, generic_word[a] & generic_word[b], generic_word[words])


def _sorted_unique(values: _Ints) -> _Ints:
    # np.unique's hash path is several times slower than a sort on millions of int64s.
    a = np.sort(values)
    return a[np.r_[True, a[1:] != a[:-1]]] if len(a) else a


def _service_names(kb: KnowledgeBase) -> list[str]:
    """The staff's names for the services: procedures' titles and aliases, neighbours' titles."""
    return [n for p in kb.procedures for n in (p.title, *p.aliases)] + [o.title for o in kb.out_of_scope]


def _restored_names(arrays: Mapping[str, NDArray[Any]]) -> list[tuple[str, ...]] | None:
    """The names' tokens of a cache entry, or None (absent or damaged: tokenised again)."""
    try:
        flat = array_to_strings(arrays["name_tokens"], int(arrays["n_name_tokens"]))
        lengths = [int(n) for n in arrays["name_lengths"]]
    except (KeyError, ValueError, UnicodeDecodeError, TypeError):
        return None
    if sum(lengths) != len(flat) or min(lengths, default=0) < 0:
        return None
    bounds = np.cumsum([0, *lengths]).tolist()
    return [tuple(flat[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


def _doc_phrasings(kb: KnowledgeBase) -> Iterator[tuple[str, bool, tuple[str, ...], int]]:
    """(id, is a procedure, phrasings, how many of the first phrasings name it) of each doc."""
    for p in kb.procedures:
        yield p.id, True, p.phrasings, 1 + len(p.aliases)
    for o in kb.out_of_scope:
        yield o.id, False, (o.title, *o.phrasings), 1
