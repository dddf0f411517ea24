"""Vietnamese text normalisation for matching citizens' messages.

Citizens type on phones: without diacritics, in capitals, with Telex leftovers ("chuw kys"),
repeated letters ("sinhh!!!"), merged words ("tamtru"), typos ("dnag") and abbreviations
("cccd", "dk", "ko"). Everything is folded to lower-case ASCII words; then, against the set of
words the knowledge base knows, unknown words are repaired. Abbreviations, everyday synonyms,
stopwords and small-talk phrases come from data (knowledge/data/vocabulary.yaml, extendable in
the knowledge base file; read by knowledge.vocabulary), not from code. Folding to words is
knowledge.folding's; both are re-exported here.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from knowledge.accents import AccentTable
from knowledge.folding import fold as fold
from knowledge.folding import text_keys as text_keys
from knowledge.folding import word_lines
from knowledge.folding import words as words
from knowledge.glued import pieces, rejoined
from knowledge.telex import inside_only, telex_variants
from knowledge.units import unit_words
from knowledge.vocabulary import PHRASE_LISTS as PHRASE_LISTS
from knowledge.vocabulary import VOCABULARY_SECTIONS as VOCABULARY_SECTIONS
from knowledge.vocabulary import Vocabulary as Vocabulary

_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Distinct words whose tokens a Normaliser keeps (a few MB at most).
WORD_CACHE_SIZE = 50_000
# Joins the words of a generic phrase into one token; never produced by `words`.
GLUE = "_"


def readable(text: str) -> str:
    """Normalised text for people: glued phrases shown as words again."""
    return text.replace(GLUE, " ")


class _Phrases:
    """Phrases to replace (a phrase -> its words, or one glued word), found longest first."""

    def __init__(self, mapping: Mapping[tuple[str, ...], tuple[str, ...] | str]):
        self.mapping = mapping
        self.starts: dict[str, list[int]] = {}
        for key in mapping:
            self.starts.setdefault(key[0], []).append(len(key))
        for sizes in self.starts.values():
            sizes.sort(reverse=True)
        self.singles = frozenset(k[0] for k in mapping if len(k) == 1)
        self.firsts = frozenset(k[0] for k in mapping if len(k) > 1)
        self.seconds = frozenset(k[1] for k in mapping if len(k) > 1)

    def may_occur(self, texts: list[str]) -> bool:
        """False when no phrase can be in texts (set tests only: most lines have none)."""
        return (not self.singles.isdisjoint(texts)
                or (not self.firsts.isdisjoint(texts) and not self.seconds.isdisjoint(texts)))

    def spans(self, texts: list[str]) -> list[tuple[str, int, int]] | None:
        """Output words with the input span each comes from; None when nothing is replaced."""
        if not self.may_occur(texts):
            return None
        starts, mapping = self.starts, self.mapping
        out: list[tuple[str, int, int]] = []
        done = 0  # texts[:done] are already in out
        replaced = False
        n = len(texts)
        for i in [i for i, w in enumerate(texts) if w in starts]:
            if i < done:
                continue
            for size in starts[texts[i]]:
                value = mapping.get(tuple(texts[i:i + size])) if i + size <= n else None
                if value is not None:
                    out.extend((texts[j], j, j + 1) for j in range(done, i))
                    out.extend((w, i, i + size) for w in ((value,) if isinstance(value, str) else value))
                    done = i + size
                    replaced = True
                    break
        if not replaced:
            return None
        out.extend((texts[j], j, j + 1) for j in range(done, n))
        return out


class Token(NamedTuple):
    text: str
    # 1.0 for a word as typed (or repaired with certainty); lower for a fuzzy guess.
    confidence: float = 1.0
    known: bool = True


class Normaliser:
    """Turns text into tokens, repairing unknown words against `known` words.

    Build one per knowledge base (it caches repairs); it holds no global state.
    """

    def __init__(self, vocabulary: Vocabulary, known: Iterable[str] = (), fuzzy_confidence: float = 0.8):
        self.vocabulary = vocabulary
        self.known = set(known) | vocabulary.known_words()
        self.fuzzy_confidence = fuzzy_confidence
        # Typo candidates by (first letter, length): people rarely mistype a word's first
        # letter, and without this "chieu" (hộ chiếu) would be "repaired" to "hieu".
        self._by_start: dict[tuple[str, int], list[str]] = {}
        for word in self.known:
            self._by_start.setdefault((word[0], len(word)), []).append(word)
        # Word as typed -> its tokens, repaired and abbreviations expanded: citizens use the
        # same few thousand words, so each is worked out once. Numbers are not kept, and past
        # WORD_CACHE_SIZE words nothing more is: random text must not grow it without end.
        self._word_tokens: dict[str, tuple[Token, ...]] = {}
        self._synonyms = _Phrases(vocabulary.synonyms)
        self._small_talk_phrases = [p for ps in vocabulary.small_talk.values() for p in ps]
        self._small_talk_kinds = [k for k, ps in vocabulary.small_talk.items() for _ in ps]
        # Phrase -> (rank of the first kind listing it, kind): one lookup per form instead of
        # a scan of every kind's phrases.
        self._small_talk_exact: dict[str, tuple[int, str]] = {}
        for rank, (kind, phrases) in enumerate(vocabulary.small_talk.items()):
            for phrase in phrases:
                self._small_talk_exact.setdefault(phrase, (rank, kind))
        # Generic phrases of several words are one token ("ho so" -> "ho_so"), in messages and
        # in the knowledge base alike: "hồ sơ" says nothing of which procedure, but "hồ" and
        # "sổ" alone would each count as a word of their own.
        self._glue = _Phrases({p: GLUE.join(p) for p in vocabulary.generic if len(p) > 1})
        # Question phrases ("thế nào", "ở đâu", "làm sao") ask, they are not what is asked:
        # dropped from the content, in messages and phrasings alike. Single words among them
        # are left to the stopwords ("thẻ" folds like "thế").
        self._asking = _Phrases({self.glued(p): () for p in vocabulary.question_markers if len(p) > 1})
        self._abbreviation_keys = frozenset(vocabulary.abbreviations)
        self._accents = AccentTable(vocabulary.accented)

    # -- whole pipeline -------------------------------------------------------------
    def tokens(self, text: str, repair: bool = True) -> list[Token]:
        out: list[Token] = []
        text = self._accents.replaced(text)
        if repair:
            cache = self._word_tokens
            units = self.vocabulary.units
            after_number = False
            for word in rejoined(words(text), self.known, self.vocabulary.stopwords):
                unit = unit_words(word, after_number, units)  # "50cc": an engine size, not "cc" (căn cước)
                after_number = word.isdigit()
                if unit is not None:
                    out.extend(Token(w) for w in unit)
                    continue
                found = cache.get(word)
                out.extend(found if found is not None else self._word_tokens_of(word))
        else:
            for word in words(text):
                out.extend(self._expanded((Token(word, 1.0, word in self.known),)))
        return self._apply_synonyms(out)

    def _word_tokens_of(self, word: str) -> tuple[Token, ...]:
        """A word's tokens when not cached yet: repaired, abbreviations expanded."""
        if word.isdigit() and word not in self.known:
            return self._expanded((Token(word, 1.0, True),))
        found = self._expanded(self._repair(word))
        if len(self._word_tokens) < WORD_CACHE_SIZE:
            self._word_tokens[word] = found
        return found

    def _expanded(self, tokens: tuple[Token, ...]) -> tuple[Token, ...]:
        """Abbreviations replaced by their words ("dk" -> "dang ky")."""
        abbreviations = self.vocabulary.abbreviations
        out: list[Token] = []
        for token in tokens:
            expansion = abbreviations.get(token.text)
            if expansion:
                out.extend(Token(w, token.confidence) for w in expansion)
            else:
                out.append(token)
        return tuple(out)

    def plain_words(self, texts: list[str]) -> list[list[str]]:
        """Content words of knowledge-base phrasings: no repair, abbreviations and synonyms
        expanded, stopwords dropped; the same as `content(tokens(text, repair=False))`.
        Folds all texts in one pass and takes a slow path only for the few lines with an
        abbreviation or synonym: indexing 100,000 phrasings must stay well under a second."""
        joined = "\n".join(t.replace("\n", " ") for t in texts)
        joined = word_lines(self._accents.replaced(joined))
        abbreviations, synonyms, glue, asking = self._abbreviation_keys, self._synonyms, self._glue, self._asking
        stop = self.vocabulary.stopwords
        result: list[list[str]] = []
        for line in joined.split("\n"):
            ws = line.split()
            if not abbreviations.isdisjoint(ws) or synonyms.may_occur(ws) or glue.may_occur(ws):
                ws = self._expand(ws)
            spans = asking.spans(ws)
            if spans is not None:
                ws = [w for w, _, _ in spans]
            result.append([w for w in ws if w not in stop])
        return result

    def _expand(self, ws: list[str]) -> list[str]:
        abbreviations = self.vocabulary.abbreviations
        out: list[str] = ws
        if not abbreviations.keys().isdisjoint(ws):
            out = []
            for w in ws:
                expansion = abbreviations.get(w)
                if expansion:
                    out.extend(expansion)
                else:
                    out.append(w)
        spans = self._synonyms.spans(out)
        if spans is not None:
            out = [w for w, _, _ in spans]
        spans = self._glue.spans(out)
        return out if spans is None else [w for w, _, _ in spans]

    def glued(self, phrase: tuple[str, ...]) -> tuple[str, ...]:
        """A phrase of folded words as the matcher sees it (generic phrases glued)."""
        spans = self._glue.spans(list(phrase))
        return phrase if spans is None else tuple(w for w, _, _ in spans)

    def normalise(self, text: str) -> str:
        return readable(" ".join(t.text for t in self.tokens(text)))

    def phrase(self, text: str) -> tuple[str, ...]:
        """A phrase of a vocabulary table or the knowledge base as the words the matcher reads."""
        return tuple(t.text for t in self.tokens(text))

    def content(self, tokens: list[Token]) -> list[Token]:
        stop = self.vocabulary.stopwords
        texts = [t.text for t in tokens]
        if self._asking.may_occur(texts):
            spans = self._asking.spans(texts)
            if spans is not None:
                return [tokens[a] for w, a, _ in spans if w not in stop]
        return [t for t in tokens if t.text not in stop]

    def small_talk_kind(self, text: str) -> str | None:
        """"greeting", "thanks", ... when the whole message is small talk.

        Polite particles at either end are ignored ("cảm ơn nhé ạ", "bạn là ai vậy") and a
        near-identical spelling counts (rapidfuzz ratio), but a greeting followed by a
        question is not small talk."""
        return self.small_talk_kind_of(self.tokens(text))

    def small_talk_kind_of(self, text_tokens: list[Token]) -> str | None:
        """small_talk_kind of a message already turned into tokens."""
        tokens = [t.text for t in text_tokens]
        if not tokens:
            return None
        stop = self.vocabulary.stopwords
        lo, hi = 0, len(tokens)
        while lo < hi and tokens[lo] in stop:
            lo += 1
        while hi > lo and tokens[hi - 1] in stop:
            hi -= 1
        forms = {" ".join(tokens), " ".join(tokens[lo:hi])} - {""}
        exact = [self._small_talk_exact[f] for f in forms if f in self._small_talk_exact]
        if exact:
            return min(exact)[1]
        if not self._small_talk_phrases:
            return None
        best = process.extractOne(" ".join(tokens), self._small_talk_phrases, scorer=fuzz.ratio, score_cutoff=88)
        return self._small_talk_kinds[best[2]] if best else None

    # -- repairs --------------------------------------------------------------------
    def _apply_synonyms(self, tokens: list[Token]) -> list[Token]:
        for phrases in (self._synonyms, self._glue):
            spans = phrases.spans([t.text for t in tokens])
            if spans is not None:
                tokens = [Token(w, min(t.confidence for t in tokens[a:b]), all(t.known for t in tokens[a:b]))
                          for w, a, b in spans]
        return tokens

    def _repair(self, word: str) -> tuple[Token, ...]:
        if word in self.known or word.isdigit():
            return (Token(word, 1.0, True),)
        return self._find_repair(word)

    def _find_repair(self, word: str) -> tuple[Token, ...]:
        # Telex leftovers and doubled letters: "chuw" -> "chu", "kys" -> "ky", "soos" -> "so".
        # Two words typed together: "tamtru" -> "tam tru", or abbreviations ("tthn"); never one
        # syllable ("muoi", "xuoi", "giuc": one group of vowels) the knowledge base lacks, nor a
        # number and letters: those are `pieces`' to cut ("14tuoi"), which leaves a number with an
        # abbreviation glued to it whole ("50cc" is an engine's size, no "50 căn cước").
        two = next(((Token(word[:i]), Token(word[i:])) for i in range(
            2 if len(_VOWEL_GROUP.findall(word)) != 1 else len(word), len(word) - 1)
            if word[:i] in self.known and word[i:] in self.known and len(word) - i >= 2
            and not (word[:i].isdigit() or word[i:].isdigit())), None)
        for candidate in telex_variants(word):  # not "hoo" for "hoso", two words typed together
            if candidate in self.known and not (two and inside_only(word, candidate)):
                return (Token(candidate),)
        if two:
            return two
        if glued := pieces(word, self.known, self._abbreviation_keys):  # "dangkytamtru", "lamcccd"
            return tuple(Token(p) for p in glued)
        # Typos: one edit (two for long words), transpositions count as one ("dnag").
        if len(word) >= 4 and not word.isdigit():
            max_edits = 1 if len(word) < 7 else 2
            pool: list[str] = []
            for first in {word[0], word[1]}:  # word[1]: the first two letters swapped
                for n in range(len(word) - max_edits, len(word) + max_edits + 1):
                    pool.extend(self._by_start.get((first, n), ()))
            # Every candidate within reach (no limit): with a limit, ties at the cut were kept in
            # the pool's order, which follows set order and so changed from process to process.
            best = process.extract(word, pool, scorer=OSA.distance, score_cutoff=max_edits, limit=None)
            best = [m for m in best if m[0][0] == word[0] or m[0][:2] == word[1::-1]]
            if len(word) < 5:
                # Short Vietnamese words one edit apart are usually different words
                # ("banh"/"ban"): only a swap of two letters ("dnag") is taken as a typo.
                best = [m for m in best if sorted(m[0]) == sorted(word)]
            if best:
                best.sort(key=lambda m: (m[1], m[0]))
                return (Token(best[0][0], self.fuzzy_confidence),)
        return (Token(word, 1.0, False),)
