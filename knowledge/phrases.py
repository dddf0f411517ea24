"""Phrase lookup and cutting helpers of knowledge.clauses: phrases (tuples of folded words)
found in a list of words, and a list of tokens cut at given places."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from knowledge.normalise import Normaliser, Token


def cut(tokens: list[Token], cuts: list[int]) -> list[list[Token]]:
    """The tokens cut at the given positions (ascending)."""
    if not cuts:
        return [tokens]
    out, prev = [], 0
    for at in cuts:
        if at > prev:
            out.append(tokens[prev:at])
            prev = at
    out.append(tokens[prev:])
    return out


class PhraseSet:
    """Phrases (tuples of folded words) found in a list of words."""

    def __init__(self, phrases: Iterable[tuple[str, ...]]):
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            self._by_first.setdefault(p[0], []).append(p)
        for ps in self._by_first.values():
            ps.sort(key=len, reverse=True)
        self._firsts = frozenset(self._by_first)

    def spans(self, texts: Sequence[str]) -> list[tuple[int, int]]:
        """(start, end) of the phrases found, left to right, the longest at each place, none
        overlapping."""
        # Most lists have no first word in most clauses: a set test in C spares the walk
        # (a routed message scans its clauses some forty times).
        if self._firsts.isdisjoint(texts):
            return []
        out = []
        i = 0
        while i < len(texts):
            for p in self._by_first.get(texts[i], ()):
                if tuple(texts[i:i + len(p)]) == p:
                    out.append((i, i + len(p)))
                    i += len(p) - 1
                    break
            i += 1
        return out

    def starts_in(self, texts: Sequence[str]) -> list[int]:
        return [start for start, _ in self.spans(texts)]

    def found_in(self, texts: Sequence[str]) -> bool:
        return bool(self.starts_in(texts))


def by_doc(table: Mapping[str, Iterable[str] | str] | None,
           position: Mapping[str, int]) -> Iterator[tuple[int, list[str]]]:
    """The entries of a vocabulary table keyed by doc id (cues, records, contrary, owned,
    papers): the position of each doc the knowledge base has and its phrases as written (a
    single phrase may stand without a list). An unknown id is skipped: `dvcbot check` reports it."""
    for doc_id, phrases in (table or {}).items():
        doc = position.get(str(doc_id))
        if doc is not None:
            yield doc, [str(p) for p in ([phrases] if isinstance(phrases, str) else phrases or ())]


def phrase_sets(table: Mapping[str, Iterable[str] | str] | None, position: Mapping[str, int],
                normaliser: Normaliser) -> dict[int, PhraseSet]:
    """Per doc of a vocabulary table (by_doc), its phrases read as the matcher reads a message."""
    return {doc: PhraseSet(p for p in map(normaliser.phrase, phrases) if p) for doc, phrases in by_doc(table, position)}


def first_found(*choices: Sequence[bool]) -> int | None:
    """The last flagged index of the first list that flags any."""
    return next((i for i in map(last_flagged, choices) if i is not None), None)


def last_flagged(flags: Iterable[bool]) -> int | None:
    found = None
    for i, flag in enumerate(flags):
        if flag:
            found = i
    return found
