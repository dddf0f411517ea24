"""Where the parts of a message read clause by clause are among its tokens (the focus, the
clause that asks, what is told as done), and how a very long message is clipped."""
from __future__ import annotations

from collections.abc import Set

from knowledge.clauses import Clause
from knowledge.normalise import Token


def _narrower(clauses: list[Clause]) -> list[list[tuple[int, int]]]:
    """Of a message read clause by clause, where its focus (the clauses of full weight) and
    the last clause that asks are among its tokens, as (start, end) ranges; none when no
    clause asks (the focus is then no request)."""
    if len(clauses) < 2:
        return []
    focus: list[tuple[int, int]] = []
    asking: list[tuple[int, int]] = []
    for c, span in _token_spans(clauses):
        if c.focus >= 1.0:
            focus.append(span)
            if c.asks:
                asking = [span]
    return [focus, asking] if asking else []


def _asking(clauses: list[Clause], tokens: list[Token], but: Set[int]) -> list[Token]:
    """The tokens of the clause that asks but those at the positions `but`, when that clause
    is a part of the message; none else."""
    narrower = _narrower(clauses)
    return [tokens[k] for lo, hi in narrower[-1] for k in range(lo, hi) if k not in but] if narrower else []


def _asked(clauses: list[Clause]) -> list[tuple[int, int]]:
    """Where the clauses of full weight that ask are among a message's tokens."""
    return [span for c, span in _token_spans(clauses) if c.asks and c.focus >= 1.0]


def _starts(clauses: list[Clause]) -> list[int]:
    """Where each clause starts among a message's tokens."""
    return [lo for _, (lo, _) in _token_spans(clauses)]


def _cuts(clauses: list[Clause]) -> frozenset[int]:
    """Where the focus only cut a clause for its weight ("... bắt 3 bản sao công chứng giấy khai sinh
    với | bằng tốt nghiệp"), among the clause starts: the words on both sides still make one phrase."""
    spans = _token_spans(clauses)
    return frozenset(lo for (before, _), (_, (lo, _)) in zip(spans, spans[1:], strict=False)
                     if before.continues and not before.short and not before.unasked)


def _told(clauses: list[Clause]) -> list[tuple[int, int]]:
    """Where the clauses that tell what is already done are among a message's tokens."""
    return [span for c, span in _token_spans(clauses) if c.told]


def _token_spans(clauses: list[Clause]) -> list[tuple[Clause, tuple[int, int]]]:
    """Each clause with its (start, end) range among the message's tokens."""
    out = []
    at = 0
    for c in clauses:
        out.append((c, (at, at + len(c.tokens))))
        at += len(c.tokens)
    return out


def _clipped(text: str, max_chars: int) -> str:
    """A message of at most max_chars: of a longer one, its first fifth and its end, where the
    request usually is."""
    if len(text) <= max_chars:
        return text
    head = max_chars // 5
    return text[:head] + " . " + text[len(text) - (max_chars - head):]
