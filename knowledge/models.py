"""Typed models of a knowledge base (the shape of procedures.yaml).

Plain frozen dataclasses: the loader builds them after validation, every other layer
only reads them.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal, NamedTuple


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
class Place:
    """An office, defined once under `places:` and referenced by procedures' `where`.

    Optional fields are "" when the file leaves them empty (the commune fills them in);
    an empty field is simply not shown.
    """

    id: str
    name: str
    handles: str = ""
    address: str = ""
    hours: str = ""
    phone: str = ""
    map: str = ""
    line: int = 0


@dataclass(frozen=True)
class PlaceRef:
    """One item of a procedure's `where`: the place (already resolved) and an optional note."""

    place: Place
    note: str = ""
    line: int = 0

    @property
    def text(self) -> str:
        """"Công an xã Đại Phước (nơi đang cư trú)", or the name alone without a note."""
        return f"{self.place.name} ({self.note})" if self.note else self.place.name


# What a source may say it covers (`covers:`); "agency" stands for the `where` of a procedure.
SOURCE_COVERS = ("agency", "time", "fee", "documents", "who", "online", "general")


@dataclass(frozen=True)
class Source:
    """A document a person can re-check: its title, optionally the article and a URL."""

    title: str
    article: str = ""
    url: str = ""
    covers: tuple[str, ...] = ()
    line: int = 0

    @property
    def text(self) -> str:
        """"Thông tư 75/2022/TT-BTC, Điều 4" (title and article; the URL is separate)."""
        return f"{self.title}, {self.article}" if self.article else self.title


@dataclass(frozen=True)
class Fact:
    """One item of `time`, `fee`, `who` or `notes`.

    `valid_until` is the last day the item holds (inclusive); None means it has no end date.
    `line` is the item's line in the file (for `FILE:LINE` messages).
    """

    text: str
    valid_until: date | None = None
    line: int = 0

    def expired(self, today: date) -> bool:
        """True when the item has an end date and `today` is after it."""
        return self.valid_until is not None and self.valid_until < today


def current(facts: tuple[Fact, ...], today: date) -> tuple[Fact, ...]:
    """The facts still valid on `today` (items without `valid_until` always are)."""
    return tuple(f for f in facts if not f.expired(today))


# The procedure fields made of `Fact` items, in the order a card shows them.
FactField = Literal["time", "fee", "who", "notes"]
FACT_FIELDS: tuple[FactField, ...] = ("time", "fee", "who", "notes")


@dataclass(frozen=True)
class Procedure:
    """One procedure. Everything in it is citizen-facing except `staff_notes`, `sources`
    (shown only as a footer/citation), `reviewed` and `line`.

    `time`, `fee`, `who` and `notes` are tuples of `Fact`: use `facts(name, today)` (or
    `current(p.fee, today)`) to get the items still valid; an expired item must not be shown
    (the citizen is told to ask the counter for that value instead).
    """

    id: str
    title: str
    topic: str
    summary: str
    aliases: tuple[str, ...]
    questions: tuple[str, ...]
    where: tuple[PlaceRef, ...]
    documents: tuple[str, ...]
    time: tuple[Fact, ...]
    fee: tuple[Fact, ...]
    online: Online
    steps: tuple[str, ...]
    sources: tuple[Source, ...]
    reviewed: date
    code: str = ""
    who: tuple[Fact, ...] = ()
    notes: tuple[Fact, ...] = ()
    staff_notes: tuple[str, ...] = ()
    faq: tuple[Faq, ...] = ()
    guide: Guide | None = None
    line: int = 0

    @property
    def phrasings(self) -> tuple[str, ...]:
        """Every text a citizen message is matched against."""
        return (self.title, *self.aliases, *self.questions, *(f.q for f in self.faq))

    @property
    def where_text(self) -> str:
        """The `where` list as one line: "Công an xã Đại Phước (nơi đang cư trú); hoặc ..."."""
        return "; hoặc ".join(ref.text for ref in self.where)

    def facts(self, name: FactField, today: date) -> tuple[Fact, ...]:
        """The items of `time`, `fee`, `who` or `notes` still valid on `today`."""
        items: tuple[Fact, ...] = getattr(self, name)
        return current(items, today)

    def has_expired(self, name: FactField, today: date) -> bool:
        """True when some item of that field has expired (the card then says to ask the counter)."""
        items: tuple[Fact, ...] = getattr(self, name)
        return any(f.expired(today) for f in items)

    def sources_for(self, aspect: str) -> tuple[Source, ...]:
        """The sources whose `covers` names `aspect` ("agency", "time", "fee", ...)."""
        return tuple(s for s in self.sources if aspect in s.covers)


OutOfScopeKind = Literal["service", "chitchat"]


@dataclass(frozen=True)
class OutOfScope:
    """A neighbouring service dvcbot does not cover; matching it means "I don't know".

    kind "service": `go` is the one line saying where to go ("Việc này không làm ở đây, bà con
    đến ..."). kind "chitchat" (gold price, weather...): `go` is "" and the assistant answers
    that it helps only with administrative procedures. `title` is an internal label: never
    quote it to a citizen.
    """

    id: str
    title: str
    phrasings: tuple[str, ...]
    kind: OutOfScopeKind = "service"
    go: str = ""
    sources: tuple[Source, ...] = ()
    reviewed: date | None = None
    staff_notes: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Topic:
    id: str
    title: str


class ExpiredFact(NamedTuple):
    """An item whose `valid_until` has passed: which entry and field, where in the file, what."""

    entry_id: str
    field: str
    line: int
    text: str
    valid_until: date


class StaleEntry(NamedTuple):
    """An entry whose `reviewed` date is older than allowed (a warning for staff)."""

    entry_id: str
    kind: Literal["procedure", "out_of_scope"]
    line: int
    reviewed: date
    age_days: int


@dataclass(frozen=True)
class KnowledgeBase:
    procedures: tuple[Procedure, ...]
    topics: tuple[Topic, ...] = ()
    out_of_scope: tuple[OutOfScope, ...] = ()
    places: tuple[Place, ...] = ()
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

    def place(self, place_id: str) -> Place | None:
        """The place with that id, or None."""
        return next((p for p in self.places if p.id == place_id), None)

    def neighbour(self, oos_id: str) -> OutOfScope | None:
        """The out_of_scope entry with that id, or None."""
        return next((o for o in self.out_of_scope if o.id == oos_id), None)

    def expired_facts(self, today: date) -> list[ExpiredFact]:
        """Every `time`/`fee`/`who`/`notes` item whose `valid_until` is before `today`, in
        file order (for staff notices and `dvcbot check`)."""
        out: list[ExpiredFact] = []
        for p in self.procedures:
            for name in FACT_FIELDS:
                items: tuple[Fact, ...] = getattr(p, name)
                out.extend(ExpiredFact(p.id, name, f.line, f.text, f.valid_until)
                           for f in items if f.valid_until is not None and f.valid_until < today)
        out.sort(key=lambda e: e.line)
        return out

    def stale_entries(self, today: date, max_age_days: int) -> list[StaleEntry]:
        """Procedures and out_of_scope entries reviewed more than `max_age_days` days before
        `today`, in file order (`line` is the entry's first line)."""
        out: list[StaleEntry] = []
        for p in self.procedures:
            if (today - p.reviewed).days > max_age_days:
                out.append(StaleEntry(p.id, "procedure", p.line, p.reviewed, (today - p.reviewed).days))
        for o in self.out_of_scope:
            if o.reviewed is not None and (today - o.reviewed).days > max_age_days:
                out.append(StaleEntry(o.id, "out_of_scope", o.line, o.reviewed, (today - o.reviewed).days))
        out.sort(key=lambda e: e.line)
        return out
