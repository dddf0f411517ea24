"""The statistics' SQL: aggregates over the question log, feedback, escalations and walkthrough
events (no table is read row by row). bot.reports.stats turns the counts into figures for staff.

    counts = await storage.stats_counts(window, days, top=10)   # StatsCounts
    steps, guides = await storage.funnel_counts(window)         # the walkthrough funnel
    rows = await storage.unresolved_counts(window)              # [(text, times asked)]

A hand-off of a question already logged as "none" (same citizen, same text) is counted once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from . import tables

ANSWERED, CLARIFIED = ("answer",), ("clarify",)
UNKNOWN = ("none", "unresolved")
LEFT_AFTER = timedelta(days=1)  # no further step within this time: the citizen left there


@dataclass(frozen=True)
class Window:
    """From `since` (inclusive; None: all time) to `until` (exclusive)."""

    since: datetime | None
    until: datetime

    def of(self, column: Any) -> list[Any]:
        return [column < self.until] + ([column >= self.since] if self.since is not None else [])


@dataclass
class StatsCounts:
    """What `stats_counts` counts; see bot.reports.stats for what each means."""

    messages: int = 0
    citizens: int = 0
    answered: int = 0
    clarified: int = 0
    unknown: int = 0
    per_day: list[int] = field(default_factory=list)  # one count per [bounds[i], bounds[i+1])
    top_procedures: list[tuple[str, int]] = field(default_factory=list)
    feedback_up: int = 0
    feedback_down: int = 0
    escalations_opened: int = 0
    escalations_answered: int = 0
    escalations_open: int = 0
    median_first_answer: timedelta | None = None


# (procedure, step) -> [reached, stuck, left]; procedure -> (opened, done)
StepCounts = dict[tuple[str, str], list[int]]
GuideCounts = dict[str, tuple[int, int]]


class StatisticsQueries(Protocol):
    """What bot.reports.stats needs of the storage."""

    async def stats_counts(self, window: Window, bounds: list[datetime], top: int) -> StatsCounts: ...

    async def funnel_counts(self, window: Window) -> tuple[StepCounts, GuideCounts] | None: ...

    async def unresolved_counts(self, window: Window) -> list[tuple[str, int]]: ...


def _count_if(condition: Any) -> Any:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


class StatsStore:
    """The statistics queries of bot.storage.Storage (a mixin: it brings `engine`)."""

    engine: AsyncEngine

    async def stats_counts(self, window: Window, bounds: list[datetime], top: int) -> StatsCounts:
        """Messages and questions by decision, messages per day between consecutive `bounds`,
        the `top` procedures answered, feedback, escalations (0 before their tables exist)."""
        counts = StatsCounts()
        async with self.engine.connect() as conn:
            await _question_counts(conn, counts, window)
            counts.per_day = await _per_day(conn, bounds)
            counts.top_procedures = await _top_procedures(conn, window, top)
            f = tables.feedback
            up, down = (await conn.execute(
                sa.select(_count_if(f.c.useful == sa.true()), _count_if(f.c.useful == sa.false()))
                .where(*window.of(f.c.at)))).one()
            counts.feedback_up, counts.feedback_down = int(up), int(down)
            if "escalations" in await _table_names(conn):
                await _escalation_counts(conn, counts, window)
        return counts

    async def funnel_counts(self, window: Window) -> tuple[StepCounts, GuideCounts] | None:
        """The walkthrough funnel in distinct citizens; None before its table exists."""
        async with self.engine.connect() as conn:
            if "guide_events" not in await _table_names(conn):
                return None
            return await _funnel(conn, window)

    async def unresolved_counts(self, window: Window) -> list[tuple[str, int]]:
        """The texts of the questions not answered (decisions none and unresolved), as (text,
        times asked), most asked first; purged (emptied) texts left out."""
        q = tables.questions
        n = sa.func.count().label("n")
        stmt = (sa.select(q.c.text, n)
                .where(*window.of(q.c.at), q.c.decision.in_(UNKNOWN), q.c.text.is_not(None), q.c.text != "",
                       _not_a_repeat(window.since))
                .group_by(q.c.text).order_by(n.desc(), q.c.text))
        async with self.engine.connect() as conn:
            return [(text, int(count)) for text, count in await conn.execute(stmt)]


async def _table_names(conn: AsyncConnection) -> set[str]:
    return set(await conn.run_sync(lambda c: sa.inspect(c).get_table_names()))


async def _question_counts(conn: AsyncConnection, counts: StatsCounts, window: Window) -> None:
    q = tables.questions
    row = (await conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.count(sa.distinct(q.c.citizen)),
            _count_if(q.c.decision.in_(ANSWERED)),
            _count_if(q.c.decision.in_(CLARIFIED)),
            _count_if(sa.and_(q.c.decision.in_(UNKNOWN), _not_a_repeat(window.since))),
        ).where(*window.of(q.c.at))
    )).one()
    counts.messages, counts.citizens, counts.answered, counts.clarified, counts.unknown = map(int, row)


async def _per_day(conn: AsyncConnection, bounds: list[datetime]) -> list[int]:
    """Messages between consecutive bounds: one CASE per day, in one pass."""
    if len(bounds) < 2:
        return []
    q = tables.questions
    row = (await conn.execute(
        sa.select(*[_count_if(sa.and_(q.c.at >= bounds[i], q.c.at < bounds[i + 1]))
                    for i in range(len(bounds) - 1)])
        .where(q.c.at >= bounds[0], q.c.at < bounds[-1])
    )).one()
    return [int(n) for n in row]


async def _top_procedures(conn: AsyncConnection, window: Window, top: int) -> list[tuple[str, int]]:
    q = tables.questions
    n = sa.func.count().label("n")
    rows = await conn.execute(
        sa.select(q.c.procedure, n)
        .where(*window.of(q.c.at), q.c.decision.in_(ANSWERED), q.c.procedure.is_not(None))
        .group_by(q.c.procedure).order_by(n.desc(), q.c.procedure).limit(top))
    return [(pid, int(c)) for pid, c in rows]


def _not_a_repeat(since: datetime | None) -> Any:
    """False for an "unresolved" row that hands off an earlier "none" (same citizen, same
    text, in the period): the citizen asked once."""
    q = tables.questions
    earlier = q.alias("earlier")
    repeated = (sa.select(sa.literal(1)).select_from(earlier)
                .where(earlier.c.citizen == q.c.citizen, earlier.c.text == q.c.text,
                       earlier.c.decision == "none", earlier.c.at <= q.c.at, earlier.c.id != q.c.id,
                       *([earlier.c.at >= since] if since is not None else []))
                .exists())
    return sa.or_(q.c.decision != "unresolved", ~repeated)


async def _escalation_counts(conn: AsyncConnection, counts: StatsCounts, window: Window) -> None:
    e = tables.escalations
    opened, n_answered = (await conn.execute(
        sa.select(sa.func.count(), _count_if(e.c.first_answer_at.is_not(None))).where(*window.of(e.c.created_at))
    )).one()
    counts.escalations_opened, counts.escalations_answered = int(opened), int(n_answered)
    counts.escalations_open = int((await conn.execute(
        sa.select(sa.func.count()).select_from(e).where(e.c.status.in_(tables.ESCALATION_ACTIVE))
    )).scalar_one())
    k = counts.escalations_answered
    if not k:
        return
    # The median in SQL: the middle one or two durations of the sorted list.
    seconds = _seconds_between(conn.dialect.name, e.c.created_at, e.c.first_answer_at)
    middle = [float(s) for s in (await conn.execute(
        sa.select(seconds.label("s")).where(*window.of(e.c.created_at), e.c.first_answer_at.is_not(None))
        .order_by(seconds).offset((k - 1) // 2).limit(2 if k % 2 == 0 else 1)
    )).scalars()]
    if middle:
        # (SQLite computes through julianday(): round off its float noise.)
        counts.median_first_answer = timedelta(seconds=round(sum(middle) / len(middle), 3))


async def _funnel(conn: AsyncConnection, window: Window) -> tuple[StepCounts, GuideCounts]:
    g = tables.guide_events

    def citizens_if(condition: Any) -> Any:
        return sa.func.count(sa.distinct(sa.case((condition, g.c.citizen), else_=None)))

    per_step: StepCounts = {}
    rows = await conn.execute(
        sa.select(g.c.procedure, g.c.step, citizens_if(g.c.kind == "step"), citizens_if(g.c.kind == "stuck"))
        .where(*window.of(g.c.at)).group_by(g.c.procedure, g.c.step))
    for pid, sid, reached, stuck in rows:
        per_step[(pid, sid)] = [int(reached), int(stuck), 0]
    rows = await conn.execute(
        sa.select(g.c.procedure, g.c.step, sa.func.count(sa.distinct(g.c.citizen)))
        .where(*window.of(g.c.at), g.c.kind == "step", g.c.at <= window.until - LEFT_AFTER,
               ~_further(conn.dialect.name))
        .group_by(g.c.procedure, g.c.step))
    for pid, sid, left in rows:
        per_step.setdefault((pid, sid), [0, 0, 0])[2] = int(left)
    per_guide: GuideCounts = {}
    rows = await conn.execute(
        sa.select(g.c.procedure, citizens_if(g.c.kind == "step"), citizens_if(g.c.kind == "done"))
        .where(*window.of(g.c.at)).group_by(g.c.procedure))
    for pid, opened, done in rows:
        per_guide[pid] = (int(opened), int(done))
    return per_step, per_guide


def _further(dialect: str) -> Any:
    """Left: shown in the period, at least a day before `until`, and followed by no other
    step and no finish of the same walkthrough by the same citizen within a day."""
    g = tables.guide_events
    later = g.alias("later")
    return (sa.select(sa.literal(1)).select_from(later)
            .where(later.c.citizen == g.c.citizen, later.c.procedure == g.c.procedure,
                   later.c.kind.in_(("step", "done")),
                   sa.or_(later.c.at > g.c.at, sa.and_(later.c.at == g.c.at, later.c.id > g.c.id)),
                   # (+0.5 s: SQLite computes the difference through floating julianday())
                   _seconds_between(dialect, g.c.at, later.c.at) <= LEFT_AFTER.total_seconds() + 0.5)
            .exists())


def _seconds_between(dialect: str, start: Any, end: Any) -> Any:
    if dialect == "postgresql":
        return sa.extract("epoch", end - start)
    # SQLite keeps these as "YYYY-MM-DD HH:MM:SS.ffffff" text in UTC.
    return (sa.func.julianday(end) - sa.func.julianday(start)) * 86400.0


__all__ = ["ANSWERED", "CLARIFIED", "LEFT_AFTER", "UNKNOWN", "GuideCounts", "StatisticsQueries", "StatsCounts",
           "StatsStore", "StepCounts", "Window"]
