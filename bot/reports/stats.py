"""Figures for staff: what citizens asked, how well dvcbot answered, how volunteers kept up.

    stats = await compute_stats(storage, since=datetime(2026, 11, 1, tzinfo=timezone.utc))
    print(stats.as_text(titles={p.id: p.title for p in kb.procedures}))
    csv.writer(fh).writerows(stats.rows())

Everything is counted with SQL aggregates (bot.storage.stats_queries) on the question log, the
feedback and the escalations. What is counted, from `since` (inclusive, all
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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.dialogue import cards, texts
from bot.storage.stats_queries import GuideCounts, StatisticsQueries, StepCounts, Window
from knowledge.models import KnowledgeBase

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
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
            return d.astimezone(UTC).isoformat() if d is not None else ""

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
    as on the main path (bot.dialogue.cards.step_position), its title and id."""
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
        return UTC


def local_midnight(day: date, tz: str = DEFAULT_TIMEZONE) -> datetime:
    """The start of a local calendar day, in UTC."""
    return datetime.combine(day, time(0), zone_of(tz)).astimezone(UTC)


def days_ago(n: int, tz: str = DEFAULT_TIMEZONE, now: datetime | None = None) -> datetime:
    """The start of the local day `n - 1` days before today: the last `n` days, today included."""
    now = now or datetime.now(UTC)
    today = _local(now, tz).date()
    return local_midnight(today - timedelta(days=max(1, n) - 1), tz)


# -- computing -----------------------------------------------------------------------------

async def compute_stats(storage: StatisticsQueries, since: datetime | None, *, until: datetime | None = None,
                        tz: str = DEFAULT_TIMEZONE, top: int = 10, days: int = 7,
                        guides: Mapping[str, Sequence[str]] | None = None) -> Stats:
    """The figures from `since` (None: all time) to `until` (default now); see the module doc.
    `guides`: the step ids of every guide in order (`guide_steps(kb)`), to list every step."""
    until = until or datetime.now(UTC)
    window = Window(since, until)
    # Messages per local day: the last `days` local days, the last one ending at `until`.
    last_day = _local(until, tz).date()
    day_list = [last_day - timedelta(days=i) for i in range(days - 1, -1, -1)]
    bounds = [local_midnight(d, tz) for d in day_list] + [until]
    c = await storage.stats_counts(window, bounds, top)
    funnel = await storage.funnel_counts(window)
    return Stats(
        since=since, until=until, timezone=tz, messages=c.messages, citizens=c.citizens,
        answered=c.answered, clarified=c.clarified, unknown=c.unknown, top_procedures=c.top_procedures,
        escalations_opened=c.escalations_opened, escalations_answered=c.escalations_answered,
        median_first_answer=c.median_first_answer, escalations_open=c.escalations_open,
        feedback_up=c.feedback_up, feedback_down=c.feedback_down,
        per_day=list(zip(day_list, c.per_day, strict=False)),
        guides=_merge(*(funnel or ({}, {})), guides))


async def unresolved_questions(storage: StatisticsQueries, since: datetime | None,
                               until: datetime | None = None, *,
                               noise: Callable[[str], bool] | None = None) -> list[tuple[str, int]]:
    """The questions dvcbot could not answer (decisions none and unresolved; small talk and
    noise are logged apart), as (text, times asked), most asked first. A hand-off repeating
    a "none" of the same citizen and text counts once. Purged rows (bot.storage.retention
    empties their text) are left out: they are not one question asked many times. So are
    the assistant's own notes handed to volunteers ("Vướng ở Bước 6 …", see `citizen_words`;
    a photo's caption stays, as the citizen's words) and, with `noise`, texts it calls noise
    (keyboard mashing the matcher did not catch, e.g. knowledge.gibberish)."""
    rows = await storage.unresolved_counts(Window(since, until or datetime.now(UTC)))
    counts: dict[str, int] = {}
    for text, count in rows:
        own = citizen_words(text)
        if own and not (noise is not None and noise(own)):
            counts[own] = counts.get(own, 0) + count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _note_pattern(template: str) -> re.Pattern[str]:
    """A regular expression for the texts a bot.dialogue.texts template produces."""
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


def _merge(per_step: StepCounts, per_guide: GuideCounts,
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


__all__ = ["GuideFigures", "GuideStepFigures", "Stats", "citizen_words", "compute_stats", "days_ago",
           "format_duration", "guide_step_labels", "guide_steps", "local_midnight", "step_label",
           "unresolved_questions", "zone_of"]
