"""Figures for staff: what citizens asked, how well dvcbot answered, how volunteers kept up.

    stats = await compute_stats(storage, since=datetime(2026, 11, 1, tzinfo=timezone.utc))
    print(stats.as_text(titles={p.id: p.title for p in kb.procedures}))
    csv.writer(fh).writerows(stats.rows())

Everything is counted with SQL aggregates on the question log, the feedback and the
escalations (no table is read row by row). What is counted, from `since` (inclusive, all
time when None) to `until` (default now):

* messages: every logged message (questions, small talk, noise, typed "tiếp" in a guide);
  citizens: the distinct people who sent them.
* questions: the messages about procedures, decided as answer, clarify, none (unknown or
  out of scope) or unresolved (handed to a volunteer). A hand-off of a question that was
  already logged as none (same citizen, same text) is not counted a second time.
  answered / clarified / unknown (none + unresolved) are shares of the questions.
* top procedures: the procedures answered most often (decision "answer").
* escalations (0 when the volunteers' tables do not exist yet): opened in the period,
  of those answered (a first answer was given), the median time to that first answer,
  and how many are still open now (open or claimed), whenever they were opened.
* feedback: 👍 / 👎 presses.
* per_day: messages per local calendar day for the `days` days ending at `until`
  (for the weekly chart), in the configured time zone.
* the walkthrough funnel (0 when the table does not exist yet), per guide step, counted in
  distinct citizens from the walkthrough events the engine stores (bot.storage.tables
  .guide_events) in the period: reached (the step was shown to them), stuck (they pressed
  "Tôi bị vướng" on it), left (they left the walkthrough there: no further step of it and no
  finish within a day; a step shown in the day before `until` is not counted yet). Per
  guide also how many opened it and how many finished it. With `guides` (the step ids of
  every guide, in order: `guide_steps(kb)`) every step is listed, zeros included.
  `worst_steps` orders them for staff: most citizens stuck or left first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable, Mapping, Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from knowledge.models import KnowledgeBase

from bot import cards, texts
from bot.storage import tables

ANSWERED, CLARIFIED = ("answer",), ("clarify",)
UNKNOWN = ("none", "unresolved")
QUESTION_DECISIONS = ANSWERED + CLARIFIED + UNKNOWN
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
LEFT_AFTER = timedelta(days=1)  # no further step within this time: the citizen left there
TEXT_STEPS_PER_GUIDE = 5  # worst steps listed per guide in the text (the CSV has them all)


@dataclass(frozen=True)
class GuideStepFigures:
    """One walkthrough step's funnel figures, in distinct citizens."""

    procedure: str
    step: str
    reached: int = 0
    stuck: int = 0
    left: int = 0

    @property
    def key(self) -> str:
        """"<procedure-id>:<step-id>", the CSV key."""
        return f"{self.procedure}:{self.step}"

    @property
    def trouble(self) -> int:
        """Citizens who pressed "Tôi bị vướng" here plus those who left here."""
        return self.stuck + self.left


@dataclass(frozen=True)
class GuideFigures:
    """One walkthrough: who opened it, who finished it, and its steps (in guide order)."""

    procedure: str
    opened: int
    done: int
    steps: tuple[GuideStepFigures, ...]

    @property
    def trouble(self) -> int:
        return sum(s.trouble for s in self.steps)

    def worst_steps(self) -> list[GuideStepFigures]:
        """The steps where citizens got stuck or left, most first (ties: the larger share of
        those who reached it, then the guide's order)."""
        order = {s.step: i for i, s in enumerate(self.steps)}
        troubled = [s for s in self.steps if s.trouble]
        return sorted(troubled, key=lambda s: (-s.trouble, -s.trouble / max(s.reached, 1), order[s.step]))


@dataclass
class Stats:
    since: datetime | None
    until: datetime
    messages: int = 0
    citizens: int = 0
    answered: int = 0
    clarified: int = 0
    unknown: int = 0
    top_procedures: list[tuple[str, int]] = field(default_factory=list)  # (id, count), most first
    escalations_opened: int = 0
    escalations_answered: int = 0
    median_first_answer: timedelta | None = None
    escalations_open: int = 0
    feedback_up: int = 0
    feedback_down: int = 0
    per_day: list[tuple[date, int]] = field(default_factory=list)  # oldest first
    timezone: str = DEFAULT_TIMEZONE
    guides: list[GuideFigures] = field(default_factory=list)  # the walkthrough funnel

    @property
    def guide_steps(self) -> list[GuideStepFigures]:
        """Every step's figures, guide by guide, in guide order."""
        return [s for g in self.guides for s in g.steps]

    def funnels(self) -> list[GuideFigures]:
        """The guides someone opened in the period, most citizens stuck or left first."""
        used = [g for g in self.guides if g.opened or any(s.reached for s in g.steps)]
        return sorted(used, key=lambda g: (-g.trouble, -g.opened, g.procedure))

    @property
    def questions(self) -> int:
        return self.answered + self.clarified + self.unknown

    def rate(self, count: int) -> float:
        """`count` as a share (0-1) of the questions; 0 when there were none."""
        return count / self.questions if self.questions else 0.0

    @property
    def answered_rate(self) -> float:
        return self.rate(self.answered)

    @property
    def clarified_rate(self) -> float:
        return self.rate(self.clarified)

    @property
    def unknown_rate(self) -> float:
        return self.rate(self.unknown)

    # -- presenting ----------------------------------------------------------------------
    def period_text(self) -> str:
        """The period in local dates, e.g. "12/05/2026 - 18/05/2026"."""
        until = _local(self.until, self.timezone).strftime("%d/%m/%Y %H:%M")
        if self.since is None:
            return texts.STATS_PERIOD_ALL.format(until=until)
        since = _local(self.since, self.timezone).strftime("%d/%m/%Y %H:%M")
        return texts.STATS_PERIOD.format(since=since, until=until)

    def as_text(self, titles: Mapping[str, str] | None = None,
                step_labels: Mapping[str, str] | None = None) -> str:
        """A plain-text summary in Vietnamese for staff (the terminal and /thongke).
        `step_labels`: "<procedure>:<step>" -> "Bước 3 · ..." (`guide_step_labels(kb)`)."""
        titles = titles or {}
        pct = lambda n: f"{self.rate(n) * 100:.0f}%"  # noqa: E731
        lines = [
            texts.STATS_TITLE.format(period=self.period_text()),
            texts.STATS_MESSAGES.format(messages=self.messages, citizens=self.citizens),
            texts.STATS_QUESTIONS.format(n=self.questions),
        ]
        if self.questions:
            lines += [
                texts.STATS_ANSWERED.format(n=self.answered, pct=pct(self.answered)),
                texts.STATS_CLARIFIED.format(n=self.clarified, pct=pct(self.clarified)),
                texts.STATS_UNKNOWN.format(n=self.unknown, pct=pct(self.unknown)),
            ]
        if self.top_procedures:
            lines.append(texts.STATS_TOP)
            for i, (pid, n) in enumerate(self.top_procedures, 1):
                title = titles.get(pid)
                name = f"{title} ({pid})" if title else pid
                lines.append(texts.STATS_TOP_ITEM.format(i=i, name=name, n=n))
        lines.append(texts.STATS_ESCALATIONS.format(
            opened=self.escalations_opened, answered=self.escalations_answered,
            open=self.escalations_open))
        if self.median_first_answer is not None:
            lines.append(texts.STATS_MEDIAN.format(duration=format_duration(self.median_first_answer)))
        lines.append(texts.STATS_FEEDBACK.format(up=self.feedback_up, down=self.feedback_down))
        lines += self._funnel_lines(titles, step_labels or {})
        return "\n".join(lines)

    def _funnel_lines(self, titles: Mapping[str, str], labels: Mapping[str, str]) -> list[str]:
        funnels = self.funnels()
        if not funnels:
            return [texts.STATS_GUIDES_NONE]
        lines = [texts.STATS_GUIDES]
        for g in funnels:
            title = titles.get(g.procedure)
            name = f"{title} ({g.procedure})" if title else g.procedure
            lines.append(texts.STATS_GUIDE.format(name=name, opened=g.opened, done=g.done))
            worst = g.worst_steps()
            if not worst:
                lines.append(texts.STATS_GUIDE_NO_TROUBLE)
            for s in worst[:TEXT_STEPS_PER_GUIDE]:
                lines.append(texts.STATS_GUIDE_STEP.format(
                    label=step_label(s, labels), reached=s.reached,
                    stuck=s.stuck, left=s.left))
            if len(worst) > TEXT_STEPS_PER_GUIDE:
                lines.append(texts.STATS_GUIDE_MORE.format(n=len(worst) - TEXT_STEPS_PER_GUIDE))
        return lines

    def rows(self) -> list[tuple[str, str, Any]]:
        """CSV rows (header first): metric, key, value. Rates are 0-1 with 4 decimals."""
        def iso(d: datetime | None) -> str:
            return d.astimezone(timezone.utc).isoformat() if d is not None else ""

        median = self.median_first_answer
        out: list[tuple[str, str, Any]] = [
            ("metric", "key", "value"),
            ("since", "", iso(self.since)),
            ("until", "", iso(self.until)),
            ("messages", "", self.messages),
            ("citizens", "", self.citizens),
            ("questions", "", self.questions),
            ("answered", "", self.answered),
            ("clarified", "", self.clarified),
            ("unknown", "", self.unknown),
            ("answered_rate", "", f"{self.answered_rate:.4f}"),
            ("clarified_rate", "", f"{self.clarified_rate:.4f}"),
            ("unknown_rate", "", f"{self.unknown_rate:.4f}"),
        ]
        out += [("top_procedure", pid, n) for pid, n in self.top_procedures]
        out += [
            ("escalations_opened", "", self.escalations_opened),
            ("escalations_answered", "", self.escalations_answered),
            ("median_first_answer_seconds", "", "" if median is None else round(median.total_seconds())),
            ("escalations_open", "", self.escalations_open),
            ("feedback_up", "", self.feedback_up),
            ("feedback_down", "", self.feedback_down),
        ]
        out += [("messages_per_day", d.isoformat(), n) for d, n in self.per_day]
        for s in self.guide_steps:
            out += [("guide_reached", s.key, s.reached), ("guide_stuck", s.key, s.stuck),
                    ("guide_left", s.key, s.left)]
        return out


def guide_steps(kb: KnowledgeBase) -> dict[str, list[str]]:
    """The step ids of every guide of `kb`, in the file's order (for compute_stats)."""
    return {p.id: [s.id for s in p.guide.steps] for p in kb.procedures if p.guide is not None}


def guide_step_labels(kb: KnowledgeBase) -> dict[str, str]:
    """"<procedure>:<step>" -> "Bước 3 · Chụp giấy tờ chỗ ở (chup-giay-to)": the step number
    as on the main path (bot.cards.step_position), its title and id."""
    out: dict[str, str] = {}
    for p in kb.procedures:
        if p.guide is None:
            continue
        for step in p.guide.steps:
            n = cards.step_position(p.guide, step.id)[0]
            label = (texts.GUIDE_STEP_LABEL.format(n=n, title=step.title, id=step.id) if step.title
                     else texts.GUIDE_STEP_LABEL_UNTITLED.format(n=n, id=step.id))
            out[f"{p.id}:{step.id}"] = label
    return out


def step_label(figures: GuideStepFigures, labels: Mapping[str, str]) -> str:
    """How staff read a step: its label from `guide_step_labels`; a step missing there is no
    longer in its guide (the file was edited), or, without any labels (no knowledge base),
    its key."""
    if figures.key in labels:
        return labels[figures.key]
    return texts.GUIDE_STEP_LABEL_GONE.format(id=figures.step) if labels else figures.key


def format_duration(d: timedelta) -> str:
    """"45 giây", "25 phút", "3 giờ 10 phút", "2 ngày 3 giờ" (rounded down)."""
    seconds = max(0, int(d.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return texts.DURATION_DAYS.format(d=days, h=hours)
    if hours:
        return texts.DURATION_HOURS.format(h=hours, m=minutes)
    if minutes:
        return texts.DURATION_MINUTES.format(m=minutes)
    return texts.DURATION_SECONDS.format(s=secs)


def _local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(zone_of(tz))


def zone_of(tz: str):
    try:
        return ZoneInfo(tz)
    except (KeyError, ValueError):
        return timezone.utc


def local_midnight(day: date, tz: str = DEFAULT_TIMEZONE) -> datetime:
    """The start of a local calendar day, in UTC."""
    return datetime.combine(day, time(0), zone_of(tz)).astimezone(timezone.utc)


def days_ago(n: int, tz: str = DEFAULT_TIMEZONE, now: datetime | None = None) -> datetime:
    """The start of the local day `n - 1` days before today: the last `n` days, today included."""
    now = now or datetime.now(timezone.utc)
    today = _local(now, tz).date()
    return local_midnight(today - timedelta(days=max(1, n) - 1), tz)


# -- computing -----------------------------------------------------------------------------

async def compute_stats(storage, since: datetime | None, *, until: datetime | None = None,
                        tz: str = DEFAULT_TIMEZONE, top: int = 10, days: int = 7,
                        guides: Mapping[str, Sequence[str]] | None = None) -> Stats:
    """The figures from `since` (None: all time) to `until` (default now); see the module doc.
    `guides`: the step ids of every guide in order (`guide_steps(kb)`), to list every step."""
    until = until or datetime.now(timezone.utc)
    stats = Stats(since=since, until=until, timezone=tz)
    q = tables.questions
    window = _window(since, until)
    counted = _not_a_repeat(since)

    def count_if(condition) -> Any:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    # Messages per local day: one CASE per day, in the same pass.
    last_day = _local(until, tz).date()
    day_list = [last_day - timedelta(days=i) for i in range(days - 1, -1, -1)]
    bounds = [local_midnight(d, tz) for d in day_list] + [until]  # the last day ends at `until`

    async with storage.engine.connect() as conn:
        row = (await conn.execute(
            sa.select(
                sa.func.count(),
                sa.func.count(sa.distinct(q.c.citizen)),
                count_if(q.c.decision.in_(ANSWERED)),
                count_if(q.c.decision.in_(CLARIFIED)),
                count_if(sa.and_(q.c.decision.in_(UNKNOWN), counted)),
            ).where(*window)
        )).one()
        stats.messages, stats.citizens, stats.answered, stats.clarified, stats.unknown = map(int, row)

        if day_list:
            per_day = (await conn.execute(
                sa.select(*[count_if(sa.and_(q.c.at >= bounds[i], q.c.at < bounds[i + 1]))
                            for i in range(len(day_list))])
                .where(q.c.at >= bounds[0], q.c.at < bounds[-1])
            )).one()
            stats.per_day = [(d, int(n)) for d, n in zip(day_list, per_day)]

        n = sa.func.count().label("n")
        top_rows = await conn.execute(
            sa.select(q.c.procedure, n)
            .where(*window, q.c.decision.in_(ANSWERED), q.c.procedure.is_not(None))
            .group_by(q.c.procedure).order_by(n.desc(), q.c.procedure).limit(top)
        )
        stats.top_procedures = [(pid, int(c)) for pid, c in top_rows]

        f = tables.feedback
        fwin = [f.c.at < until] + ([f.c.at >= since] if since is not None else [])
        up, down = (await conn.execute(
            sa.select(count_if(f.c.useful == sa.true()), count_if(f.c.useful == sa.false())).where(*fwin)
        )).one()
        stats.feedback_up, stats.feedback_down = int(up), int(down)

        present = set(await conn.run_sync(lambda c: sa.inspect(c).get_table_names()))
        if "escalations" in present:
            await _escalation_stats(conn, stats, since, until)
        if "guide_events" in present:
            stats.guides = await _funnel(conn, since, until, guides)
        elif guides:
            stats.guides = _merge({}, {}, guides)
    return stats


async def unresolved_questions(storage, since: datetime | None,
                               until: datetime | None = None, *,
                               noise: Callable[[str], bool] | None = None) -> list[tuple[str, int]]:
    """The questions dvcbot could not answer (decisions none and unresolved; small talk and
    noise are logged apart), as (text, times asked), most asked first. A hand-off repeating
    a "none" of the same citizen and text counts once. Purged rows (bot.storage.retention
    empties their text) are left out: they are not one question asked many times. So are
    the assistant's own notes handed to volunteers ("Vướng ở Bước 6 …", see `is_bot_note`;
    a photo's caption stays, as the citizen's words) and, with `noise`, texts it calls noise
    (keyboard mashing the matcher did not catch, e.g. knowledge.gibberish)."""
    q = tables.questions
    n = sa.func.count().label("n")
    stmt = (sa.select(q.c.text, n)
            .where(*_window(since, until or datetime.now(timezone.utc)),
                   q.c.decision.in_(UNKNOWN), q.c.text.is_not(None), q.c.text != "",
                   _not_a_repeat(since))
            .group_by(q.c.text).order_by(n.desc(), q.c.text))
    async with storage.engine.connect() as conn:
        rows = [(text, int(count)) for text, count in await conn.execute(stmt)]
    counts: dict[str, int] = {}
    for text, count in rows:
        own = citizen_words(text)
        if own and not (noise is not None and noise(own)):
            counts[own] = counts.get(own, 0) + count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _note_pattern(template: str) -> re.Pattern[str]:
    """A regular expression for the texts a bot.texts template produces."""
    parts = re.split(r"\{[a-z_]+\}", template)
    return re.compile(".+?".join(re.escape(part) for part in parts), re.DOTALL)


# The notes the assistant writes itself when it hands a citizen to the volunteers.
_BOT_NOTES = tuple(_note_pattern(t) for t in (texts.VOLUNTEER_STUCK_NOTE, texts.VOLUNTEER_FEEDBACK_NOTE))
_PHOTO_NOTE = _note_pattern(texts.VOLUNTEER_PHOTO_NOTE)


def citizen_words(text: str) -> str:
    """What the citizen wrote in a logged hand-off: "" for the assistant's own notes ("Vướng
    ở Bước 6 của hướng dẫn …", "Công dân thấy câu trả lời … chưa đúng", a photo without a
    caption); a photo's caption alone; any other text unchanged."""
    stripped = text.strip()
    if any(p.fullmatch(stripped) for p in _BOT_NOTES):
        return ""
    photo = _PHOTO_NOTE.match(stripped)
    if photo:
        return stripped[photo.end():].lstrip(" :").strip()
    return text


def _window(since: datetime | None, until: datetime) -> list:
    q = tables.questions
    return [q.c.at < until] + ([q.c.at >= since] if since is not None else [])


def _not_a_repeat(since: datetime | None):
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


async def _escalation_stats(conn, stats: Stats, since: datetime | None, until: datetime) -> None:
    e = tables.escalations
    window = [e.c.created_at < until] + ([e.c.created_at >= since] if since is not None else [])
    answered = [*window, e.c.first_answer_at.is_not(None)]
    opened, n_answered = (await conn.execute(
        sa.select(sa.func.count(),
                  sa.func.coalesce(sa.func.sum(sa.case((e.c.first_answer_at.is_not(None), 1), else_=0)), 0))
        .where(*window)
    )).one()
    stats.escalations_opened, stats.escalations_answered = int(opened), int(n_answered)
    active = getattr(tables, "ESCALATION_ACTIVE", ("open", "claimed"))
    stats.escalations_open = int((await conn.execute(
        sa.select(sa.func.count()).select_from(e).where(e.c.status.in_(active))
    )).scalar_one())
    if stats.escalations_answered:
        # The median in SQL: the middle one or two durations of the sorted list.
        seconds = _seconds_between(conn.dialect.name, e.c.created_at, e.c.first_answer_at)
        k = stats.escalations_answered
        middle = [float(s) for s in (await conn.execute(
            sa.select(seconds.label("s")).where(*answered).order_by(seconds)
            .offset((k - 1) // 2).limit(2 if k % 2 == 0 else 1)
        )).scalars()]
        if middle:
            # (SQLite computes through julianday(): round off its float noise.)
            stats.median_first_answer = timedelta(seconds=round(sum(middle) / len(middle), 3))


async def _funnel(conn, since: datetime | None, until: datetime,
                  guides: Mapping[str, Sequence[str]] | None) -> list[GuideFigures]:
    g = tables.guide_events
    window = [g.c.at < until] + ([g.c.at >= since] if since is not None else [])

    def citizens_if(condition) -> Any:
        return sa.func.count(sa.distinct(sa.case((condition, g.c.citizen), else_=None)))

    per_step: dict[tuple[str, str], list[int]] = {}
    rows = await conn.execute(
        sa.select(g.c.procedure, g.c.step, citizens_if(g.c.kind == "step"), citizens_if(g.c.kind == "stuck"))
        .where(*window).group_by(g.c.procedure, g.c.step))
    for pid, sid, reached, stuck in rows:
        per_step[(pid, sid)] = [int(reached), int(stuck), 0]

    # Left: shown in the period, at least a day before `until`, and followed by no other
    # step and no finish of the same walkthrough by the same citizen within a day.
    later = g.alias("later")
    further = (sa.select(sa.literal(1)).select_from(later)
               .where(later.c.citizen == g.c.citizen, later.c.procedure == g.c.procedure,
                      later.c.kind.in_(("step", "done")),
                      sa.or_(later.c.at > g.c.at, sa.and_(later.c.at == g.c.at, later.c.id > g.c.id)),
                      # (+0.5 s: SQLite computes the difference through floating julianday())
                      _seconds_between(conn.dialect.name, g.c.at, later.c.at) <= LEFT_AFTER.total_seconds() + 0.5)
               .exists())
    rows = await conn.execute(
        sa.select(g.c.procedure, g.c.step, sa.func.count(sa.distinct(g.c.citizen)))
        .where(*window, g.c.kind == "step", g.c.at <= until - LEFT_AFTER, ~further)
        .group_by(g.c.procedure, g.c.step))
    for pid, sid, left in rows:
        per_step.setdefault((pid, sid), [0, 0, 0])[2] = int(left)

    per_guide: dict[str, tuple[int, int]] = {}
    rows = await conn.execute(
        sa.select(g.c.procedure, citizens_if(g.c.kind == "step"), citizens_if(g.c.kind == "done"))
        .where(*window).group_by(g.c.procedure))
    for pid, opened, done in rows:
        per_guide[pid] = (int(opened), int(done))
    return _merge(per_step, per_guide, guides)


def _merge(per_step: Mapping[tuple[str, str], list[int]], per_guide: Mapping[str, tuple[int, int]],
           guides: Mapping[str, Sequence[str]] | None) -> list[GuideFigures]:
    """The figures guide by guide: the known guides' steps in order (zeros included), then
    steps and guides the knowledge base no longer has, sorted."""
    order: dict[str, list[str]] = {pid: list(steps) for pid, steps in (guides or {}).items()}
    for pid, sid in sorted(per_step):
        steps = order.setdefault(pid, [])
        if sid not in steps:
            steps.append(sid)
    for pid in sorted(per_guide):
        order.setdefault(pid, [])
    out = []
    for pid, steps in order.items():
        figures = tuple(GuideStepFigures(pid, sid, *per_step.get((pid, sid), (0, 0, 0))) for sid in steps)
        opened, done = per_guide.get(pid, (0, 0))
        out.append(GuideFigures(pid, opened, done, figures))
    return out


def _seconds_between(dialect: str, start, end):
    if dialect == "postgresql":
        return sa.extract("epoch", end - start)
    # SQLite keeps these as "YYYY-MM-DD HH:MM:SS.ffffff" text in UTC.
    return (sa.func.julianday(end) - sa.func.julianday(start)) * 86400.0


__all__ = ["GuideFigures", "GuideStepFigures", "Stats", "citizen_words", "compute_stats", "days_ago",
           "format_duration", "guide_step_labels", "guide_steps", "local_midnight", "step_label",
           "unresolved_questions", "zone_of"]
