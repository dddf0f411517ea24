"""Typed models of a knowledge base (the shape of procedures.yaml).

Plain frozen dataclasses: the loader builds them after validation, every other layer
only reads them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from datetime import date
from typing import Any, Mapping


@dataclass(frozen=True)
class Choice:
    """A button in a guide step that jumps to another step."""

    label: str
    goto: str


@dataclass(frozen=True)
class GuideStep:
    id: str
    text: str
    title: str = ""
    choices: tuple[Choice, ...] = ()
    # Explicit next step for "Tiếp"; None means the following step in the list,
    # unless `end` is set (the walkthrough finishes here).
    next: str | None = None
    end: bool = False
    line: int = 0


@dataclass(frozen=True)
class Guide:
    steps: tuple[GuideStep, ...]

    # A guide never changes once loaded, and a walkthrough turn asks these several times
    # (the "Bước 3/8" of a card): computed once per guide (cached_property writes to the
    # instance's __dict__, which a frozen dataclass allows; fields and equality unchanged).
    @cached_property
    def _index(self) -> dict[str, int]:
        index: dict[str, int] = {}
        for i, s in enumerate(self.steps):
            index.setdefault(s.id, i)
        return index

    @cached_property
    def _depths(self) -> dict[str, int]:
        out = {self.start.id: 0}
        frontier = [self.start.id]
        while frontier:
            nxt: list[str] = []
            for sid in frontier:
                for t in self.successors(sid):
                    if t not in out:
                        out[t] = out[sid] + 1
                        nxt.append(t)
            frontier = nxt
        return out

    @cached_property
    def _remaining(self) -> dict[str, int]:
        return {s.id: self._fewest_left(s.id) for s in self.steps}

    @property
    def start(self) -> GuideStep:
        return self.steps[0]

    def step(self, step_id: str) -> GuideStep | None:
        i = self._index.get(step_id)
        return self.steps[i] if i is not None else None

    def next_of(self, step_id: str) -> str | None:
        """Where "Tiếp" leads from a step without choices; None when the guide ends there."""
        i = self._index.get(step_id)
        if i is None:
            return None
        s = self.steps[i]
        if s.choices or s.end:
            return None
        if s.next:
            return s.next
        return self.steps[i + 1].id if i + 1 < len(self.steps) else None

    def successors(self, step_id: str) -> list[str]:
        s = self.step(step_id)
        if s is None:
            return []
        if s.choices:
            return [c.goto for c in s.choices]
        n = self.next_of(step_id)
        return [n] if n else []

    def depths(self) -> Mapping[str, int]:
        """Shortest distance of each reachable step from the start (for "Bước 3/8");
        read-only."""
        return MappingProxyType(self._depths)

    def remaining(self, step_id: str) -> int:
        """Fewest steps left after this one on the way to an end of the walkthrough."""
        left = self._remaining.get(step_id)
        return left if left is not None else self._fewest_left(step_id)

    def _fewest_left(self, step_id: str) -> int:
        seen, frontier, n = {step_id}, [step_id], 0
        while frontier:
            if any(not self.successors(s) for s in frontier):
                return n
            nxt = [t for s in frontier for t in self.successors(s) if t not in seen]
            seen.update(nxt)
            frontier, n = nxt, n + 1
        return 0


@dataclass(frozen=True)
class Online:
    channels: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Faq:
    q: str
    a: str


@dataclass(frozen=True)
class Procedure:
    id: str
    title: str
    topic: str
    summary: str
    aliases: tuple[str, ...]
    questions: tuple[str, ...]
    agency: str
    documents: tuple[str, ...]
    time: str
    fee: str
    online: Online
    steps: tuple[str, ...]
    source: str
    reviewed: date
    notes: tuple[str, ...] = ()
    faq: tuple[Faq, ...] = ()
    guide: Guide | None = None
    line: int = 0

    @property
    def phrasings(self) -> tuple[str, ...]:
        """Every text a citizen message is matched against."""
        return (self.title, *self.aliases, *self.questions, *(f.q for f in self.faq))


@dataclass(frozen=True)
class OutOfScope:
    """A neighbouring service dvcbot does not cover; matching it means "I don't know"."""

    id: str
    title: str
    phrasings: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    id: str
    title: str


@dataclass(frozen=True)
class KnowledgeBase:
    procedures: tuple[Procedure, ...]
    topics: tuple[Topic, ...] = ()
    out_of_scope: tuple[OutOfScope, ...] = ()
    # Extra vocabulary (same sections as knowledge/data/vocabulary.yaml), merged over the
    # built-in table, and overrides of the matcher's thresholds.
    vocabulary: Mapping[str, Any] = field(default_factory=dict)
    matching: Mapping[str, float] = field(default_factory=dict)
    path: str = ""

    def get(self, procedure_id: str) -> Procedure | None:
        for p in self.procedures:
            if p.id == procedure_id:
                return p
        return None

    def by_topic(self, topic_id: str) -> list[Procedure]:
        return [p for p in self.procedures if p.topic == topic_id]
