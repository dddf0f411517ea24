"""Measure routing on labelled messages (the format of tests/data/dev-questions.yaml).

In-scope case (expect lists the procedures that count as right):
  answered right   decision answer, procedure in expect
  clarified right  decision clarify, a right procedure among the candidates
  wrong            decision answer with another procedure (it sends the citizen to the wrong counter)
  missed           none, or clarify without a right candidate
Out-of-scope case (expect: []): rejected when the decision is none.
"right" = answered right + clarified right, over in-scope cases.
Long messages (at least LONG_WORDS words, as written) are also counted apart: citizens who
explain their situation before asking are where routing is hardest. A long message is right
when it is in scope and answered or clarified right, or out of scope and rejected.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from knowledge.routing import Route

# A message of this many words or more (split on whitespace) counts as long.
LONG_WORDS = 25


class EvalError(Exception):
    pass


@dataclass(frozen=True)
class Case:
    q: str
    expect: tuple[str, ...]
    line: int = 0


class _Router(Protocol):
    def route(self, text: str) -> Route: ...


def load_cases(path: str | Path) -> list[Case]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}:1: không đọc được tệp: {exc}") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise EvalError(f"{path}:{mark.line + 1 if mark else 1}: lỗi cú pháp YAML") from None
    data = yaml.safe_load(text)
    items = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(items, list) or node is None:
        raise EvalError(f"{path}:1: cần khóa 'cases' là một danh sách")
    lines = [n.start_mark.line + 1 for k, v in node.value if k.value == "cases" for n in v.value]
    cases = []
    for item, line in zip(items, lines, strict=False):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or not isinstance(item.get("expect"), list):
            raise EvalError(f"{path}:{line}: mỗi mục cần 'q' (chữ) và 'expect' (danh sách id)")
        cases.append(Case(item["q"], tuple(str(e) for e in item["expect"]), line))
    return cases


@dataclass
class Outcome:
    case: Case
    route: Route

    @property
    def in_scope(self) -> bool:
        return bool(self.case.expect)

    @property
    def is_long(self) -> bool:
        return len(self.case.q.split()) >= LONG_WORDS

    @property
    def right(self) -> bool:
        return self.verdict in ("answered_right", "clarified_right", "rejected")

    @property
    def verdict(self) -> str:
        r, expect = self.route, set(self.case.expect)
        if not expect:
            if r.decision == "none":
                return "rejected"
            return "oos_answered" if r.decision == "answer" else "oos_clarified"
        if r.decision == "answer":
            return "answered_right" if r.procedure in expect else "wrong"
        if r.decision == "clarify":
            return "clarified_right" if expect & set(r.candidates) else "missed"
        return "missed"


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def _count(self, *verdicts: str) -> int:
        return sum(1 for o in self.outcomes if o.verdict in verdicts)

    @property
    def n_in(self) -> int:
        return sum(1 for o in self.outcomes if o.in_scope)

    @property
    def n_out(self) -> int:
        return len(self.outcomes) - self.n_in

    def rate(self, *verdicts: str, out_of_scope: bool = False) -> float:
        n = self.n_out if out_of_scope else self.n_in
        return self._count(*verdicts) / n if n else 0.0

    @property
    def figures(self) -> dict[str, float]:
        clarified = sum(1 for o in self.outcomes if o.in_scope and o.route.decision == "clarify")
        long = [o for o in self.outcomes if o.is_long]
        return {
            "cases": len(self.outcomes),
            "in_scope": self.n_in,
            "out_of_scope": self.n_out,
            "right": self.rate("answered_right", "clarified_right"),
            "answered_right": self.rate("answered_right"),
            "clarified_right": self.rate("clarified_right"),
            "clarified": clarified / self.n_in if self.n_in else 0.0,
            "wrong": self.rate("wrong"),
            "missed": self.rate("missed"),
            "oos_rejected": self.rate("rejected", out_of_scope=True),
            "oos_answered": self.rate("oos_answered", out_of_scope=True),
            "long_cases": len(long),
            "long_right": sum(o.right for o in long) / len(long) if long else 0.0,
        }

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.verdict in ("wrong", "missed", "oos_answered", "oos_clarified")]

    def as_json(self) -> dict[str, Any]:
        return {
            **{k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.figures.items()},
            "failures": [
                {"q": o.case.q, "line": o.case.line, "expect": list(o.case.expect), "verdict": o.verdict,
                 **o.route.as_json()}
                for o in self.failures()
            ],
        }

    def as_text(self) -> str:
        f = self.figures

        def pct(x: float) -> str:
            return f"{100 * x:5.1f}%"

        lines = [
            f"cases: {f['cases']} ({f['in_scope']} in scope, {f['out_of_scope']} out of scope)",
            f"right:      {pct(f['right'])}  (answered right {pct(f['answered_right'])}"
            f" + clarified with the right one {pct(f['clarified_right'])})",
            f"wrong:      {pct(f['wrong'])}  (answered with another procedure)",
            f"clarified:  {pct(f['clarified'])}  (asked which procedure was meant)",
            f"missed:     {pct(f['missed'])}  (no answer, or clarified without the right one)",
            f"out-of-scope rejected: {pct(f['oos_rejected'])}  (answered anyway: {pct(f['oos_answered'])})",
            f"long messages (>={LONG_WORDS} words) right: "
            + (f"{pct(f['long_right'])}  (of {f['long_cases']}; out of scope ones count when rejected)"
               if f["long_cases"] else "no long messages"),
        ]
        fails = self.failures()
        if fails:
            lines.append("")
            lines.append("wrong, missed and out-of-scope not rejected:")
            for o in fails:
                r = o.route
                got = r.procedure if r.decision == "answer" else (
                    "[" + ", ".join(r.candidates) + "]" if r.decision == "clarify" else f"none/{r.kind}")
                lines.append(f"  line {o.case.line}: {o.verdict:14} {o.case.q!r} expected "
                             f"[{', '.join(o.case.expect)}] got {r.decision} {got} ({r.score:.1f})")
        return "\n".join(lines)


def evaluate(router: _Router, cases: Iterable[Case], known_ids: set[str] | None = None) -> Report:
    cases = list(cases)
    if known_ids is not None:
        for c in cases:
            unknown = [e for e in c.expect if e not in known_ids]
            if unknown:
                raise EvalError(f"line {c.line}: unknown procedure id(s) {', '.join(unknown)}")
    return Report([Outcome(c, router.route(c.q)) for c in cases])
