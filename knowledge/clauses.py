"""Finding the request in a long message.

Citizens often tell their situation before they ask: "em là công nhân ở trọ gần khu công
nghiệp, hộ khẩu ở Thanh Hóa, hôm qua bị móc túi mất ví có căn cước, giờ làm lại ở đây được
không". Every procedure word of the context ("trọ", "hộ khẩu") pulls towards another
procedure, and the many words no procedure explains drown the request.

So a long message is cut into clauses: at punctuation, and where a word that starts a new
clause is typed without a comma ("giờ", "nhưng mà"). The request is the last clause that asks
(a question phrase such as "ở đâu", "được không", "cần gì"; a question word at its end, "...
không"; a "?") or, when none asks, the last one that requests ("cho hỏi", "muốn", "xin").
The request with the clauses just before it, until they hold enough content words ("giờ làm
lại được không" needs "mất ví có căn cước"), is the focus: its words count fully. The rest is
support: its words still count, with a lower weight, so they can tip a close choice but not
carry one.

Short messages are one clause with full weight: they are routed exactly as before.
All the markers are data (knowledge/data/vocabulary.yaml), not code.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from knowledge.normalise import Normaliser, Token

# Punctuation that ends a clause; "?" is kept to mark a question.
_PUNCT = re.compile(r"([?？]+|[.!;,:\n…()\[\]]+|\s[-–—]+\s)")


@dataclass(frozen=True)
class FocusConfig:
    min_words: int = 8  # content words below which the message is one clause
    span_words: int = 9  # content words the focus gathers, going back from the request
    context: float = 0.35  # weight of the clauses before the focus
    after: float = 0.5  # weight of the clauses after the request


@dataclass(frozen=True)
class Clause:
    tokens: tuple[Token, ...]
    focus: float  # 1.0 for the request and its lead-in; less for context
    asks: bool = False  # the clause asks a question or makes a request
    continues: bool = False  # cut only for its weight: its last word and the next's first go together


class RequestFinder:
    """Splits a message into clauses, each with its weight. Holds no state between calls."""

    def __init__(self, normaliser: Normaliser, config: FocusConfig | None = None,
                 topical: Callable[[str], bool] | None = None):
        """`topical(word)`: whether a word says what the message is about (the matcher: a
        rare enough word of the knowledge base); the focus gathers span_words of those."""
        self.normaliser = normaliser
        self.config = config or FocusConfig()
        self._topical = topical
        vocabulary = normaliser.vocabulary
        self._stop = vocabulary.stopwords
        # Markers are looked for in tokens, where generic phrases are glued ("huong_dan").
        glued = normaliser.glued
        self._generic_words = frozenset(glued(p)[0] for p in vocabulary.generic)
        self._questions = _PhraseSet(glued(p) for p in vocabulary.question_markers)
        self._requests = _PhraseSet(glued(p) for p in vocabulary.request_markers)
        self._breaks = _PhraseSet(glued(p) for p in vocabulary.clause_breaks)
        self._endings = frozenset(glued(p) for p in vocabulary.question_endings)
        self._trailing = frozenset(self._stop)  # particles after the question word: "... không ạ"

    def clauses(self, text: str) -> list[Clause]:
        pieces: list[tuple[list[Token], bool]] = []  # (tokens, followed by "?")
        parts = _PUNCT.split(text)
        for i in range(0, len(parts), 2):
            tokens = self.normaliser.tokens(parts[i])
            delimiter = parts[i + 1] if i + 1 < len(parts) else ""
            question_mark = "?" in delimiter or "？" in delimiter
            if not tokens:
                if question_mark and pieces:  # "... ạ ?" : the "?" belongs to the clause before
                    pieces[-1] = (pieces[-1][0], True)
                continue
            split = self._split_at_breaks(tokens)
            pieces.extend((part, False) for part in split[:-1])
            pieces.append((split[-1], question_mark))
        return self._weighted(pieces)

    # -- internals ----------------------------------------------------------------------
    def _weighted(self, pieces: list[tuple[list[Token], bool]]) -> list[Clause]:
        cfg = self.config
        if not pieces:
            return []
        content = [self._content_count(tokens) for tokens, _ in pieces]
        whole = tuple(t for tokens, _ in pieces for t in tokens)
        if len(pieces) == 1 or sum(content) < cfg.min_words:
            return [Clause(whole, 1.0, True)]
        asks = [mark or self._asks(tokens) for tokens, mark in pieces]
        request = _last(asks)
        if request is None:
            request = _last(self._requests.found_in([t.text for t in tokens]) for tokens, _ in pieces)
        if request is None:
            return [Clause(whole, 1.0, False)]
        # The focus: the request, then going back word by word until it holds span_words
        # content words; a clause reached half-way is cut there (citizens often type a whole
        # story without a comma, "... mất ví có căn cước giờ làm lại được không").
        weights = [cfg.context] * request + [1.0] + [cfg.after] * (len(pieces) - request - 1)
        cut_at: dict[int, int] = {}
        topical = [self._topical_count(tokens) for tokens, _ in pieces]
        need = cfg.span_words - topical[request]
        i = request - 1
        while i >= 0 and need > 0:
            if topical[i] <= need:
                weights[i] = 1.0
                need -= topical[i]
            else:
                cut_at[i] = self._cut_keeping(pieces[i][0], need)
                need = 0
            i -= 1
        out = []
        for i, (tokens, _) in enumerate(pieces):
            if i in cut_at:
                out.append(Clause(tuple(tokens[:cut_at[i]]), cfg.context, False, continues=True))
                out.append(Clause(tuple(tokens[cut_at[i]:]), 1.0, asks[i]))
            else:
                out.append(Clause(tuple(tokens), weights[i], asks[i]))
        return out

    def _cut_keeping(self, tokens: Sequence[Token], n: int) -> int:
        """Where to cut so that the tail holds the last n topical words."""
        seen = 0
        for j in range(len(tokens) - 1, -1, -1):
            if self._topical_count((tokens[j],)):
                seen += 1
                if seen == n:
                    return j
        return 0

    def _asks(self, tokens: Sequence[Token]) -> bool:
        texts = [t.text for t in tokens]
        if self._questions.found_in(texts):
            return True
        end = len(texts)
        while end > 0 and texts[end - 1] in self._trailing and (texts[end - 1],) not in self._endings:
            end -= 1
        return end > 0 and (texts[end - 1],) in self._endings

    def _content_count(self, tokens: Iterable[Token]) -> int:
        return sum(1 for t in tokens if t.text not in self._stop and t.text not in self._generic_words)

    def _topical_count(self, tokens: Iterable[Token]) -> int:
        if self._topical is None:
            return self._content_count(tokens)
        topical = self._topical
        return sum(1 for t in tokens if t.text not in self._stop and t.text not in self._generic_words
                   and topical(t.text))

    def _split_at_breaks(self, tokens: list[Token]) -> list[list[Token]]:
        texts = [t.text for t in tokens]
        cuts = [i for i in self._breaks.starts_in(texts) if i > 0]
        if not cuts:
            return [tokens]
        out, prev = [], 0
        for cut in cuts:
            if cut > prev:
                out.append(tokens[prev:cut])
                prev = cut
        out.append(tokens[prev:])
        return out


class _PhraseSet:
    """Phrases (tuples of folded words) found in a list of words."""

    def __init__(self, phrases: Iterable[tuple[str, ...]]):
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            self._by_first.setdefault(p[0], []).append(p)
        for ps in self._by_first.values():
            ps.sort(key=len, reverse=True)

    def starts_in(self, texts: Sequence[str]) -> list[int]:
        out = []
        i = 0
        while i < len(texts):
            for p in self._by_first.get(texts[i], ()):
                if tuple(texts[i:i + len(p)]) == p:
                    out.append(i)
                    i += len(p) - 1
                    break
            i += 1
        return out

    def found_in(self, texts: Sequence[str]) -> bool:
        return bool(self.starts_in(texts))


def _last(flags: Iterable[bool]) -> int | None:
    found = None
    for i, flag in enumerate(flags):
        if flag:
            found = i
    return found
