"""The weekly summary picture staff get with /thongke (Pillow only).

    png = weekly_chart(stats, titles={p.id: p.title for p in kb.procedures})   # PNG bytes

One tall picture that reads on a phone, top to bottom: the period and totals; messages per
day for the last 7 days (bars with their numbers); the answered / clarified / unknown shares
of the questions (one bar split in three, with a legend); the 5 procedures asked most; the
volunteers' figures (opened, answered, still waiting, median time to the first answer); the
citizens' feedback; and a funnel per walkthrough: the guides with the most citizens stuck or
gone first, each with its worst steps first (a bar per step: the citizens who reached it, of
them those who left there and those who pressed "Tôi bị vướng"). Labels are Vietnamese, drawn
with a font that has its letters (bot.reports.fonts). All numbers come from a bot.reports.stats.Stats.
"""
from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from PIL import Image, ImageDraw

from bot.dialogue import texts
from bot.reports.fonts import font as _font
from bot.reports.fonts import vietnamese_fonts
from bot.reports.stats import GuideFigures, Stats, format_duration, step_label, zone_of

WIDTH = 1200
MARGIN = 60
BG = (255, 255, 255)
INK = (33, 37, 41)
MUTED = (108, 117, 125)
GRID = (222, 226, 230)
ACCENT = (11, 79, 156)  # the poster's blue
GREEN = (46, 139, 87)
AMBER = (230, 145, 30)
RED = (200, 60, 60)
PANEL = (244, 247, 251)
PALE = (181, 202, 232)  # a funnel bar: citizens who reached the step
FUNNEL_GUIDES = 4  # guides drawn (the text of /thongke lists them all)
FUNNEL_STEPS = 5  # worst steps drawn per guide


class _Canvas:
    def __init__(self, height: int, fonts: tuple[str | None, str | None]):
        self.image = Image.new("RGB", (WIDTH, height), BG)
        self.draw = ImageDraw.Draw(self.image)
        self.regular, self.bold = fonts

    def font(self, size: int, bold: bool = False):
        return _font(self.bold if bold else self.regular, size)

    def text(self, xy, text: str, size: int, fill=INK, bold: bool = False, anchor: str = "la") -> None:
        self.draw.text(xy, text, font=self.font(size, bold), fill=fill, anchor=anchor)

    def fit(self, text: str, size: int, width: int, bold: bool = False) -> str:
        """`text`, cut with an ellipsis to fit `width` pixels."""
        f = self.font(size, bold)
        if self.draw.textlength(text, font=f) <= width:
            return text
        while text and self.draw.textlength(text + "…", font=f) > width:
            text = text[:-1]
        return text.rstrip() + "…"


def weekly_chart(stats: Stats, titles: Mapping[str, str] | None = None, *,
                 step_labels: Mapping[str, str] | None = None, font: str | Path | None = None) -> bytes:
    """The picture as PNG bytes. `step_labels`: "<procedure>:<step>" -> "Bước 3 · ..."
    (bot.reports.stats.guide_step_labels)."""
    titles = titles or {}
    funnels = stats.funnels()[:FUNNEL_GUIDES]
    funnel_height = 240 + sum(80 + max(1, len(g.worst_steps()[:FUNNEL_STEPS])) * 84 for g in funnels)
    c = _Canvas(2400 + funnel_height, vietnamese_fonts(font))  # cropped to what was drawn
    y: float = MARGIN
    for section in (_header, _messages_per_day, _shares):
        y = section(c, y, stats)
    y = _top_procedures(c, y, stats, titles)
    y = _volunteers(c, y, stats)
    y = _funnels(c, y, stats, funnels, titles, step_labels or {})
    y += MARGIN - 20

    image = c.image.crop((0, 0, WIDTH, min(y, c.image.height)))
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def _header(c: _Canvas, y: float, stats: Stats) -> float:
    """The title and the period; returns the y below it."""
    last = stats.until.astimezone(zone_of(stats.timezone)).date()
    if stats.since is not None:
        first = stats.since.astimezone(zone_of(stats.timezone)).date()
        title = texts.CHART_TITLE.format(days=(last - first).days + 1)
    else:
        first, title = (stats.per_day[0][0] if stats.per_day else last), texts.CHART_TITLE_ALL
    c.text((MARGIN, y), title, 46, ACCENT, bold=True)
    y += 62
    period = texts.CHART_PERIOD.format(first=first.strftime("%d/%m") if stats.since else "…",
                                       last=last.strftime("%d/%m/%Y"))
    c.text((MARGIN, y), f"{period} · " + texts.CHART_TOTALS.format(
        messages=stats.messages, citizens=stats.citizens), 30, MUTED)
    y += 48
    c.draw.rectangle((MARGIN, y, WIDTH - MARGIN, y + 4), fill=ACCENT)
    y += 34
    return y


def _messages_per_day(c: _Canvas, y: float, stats: Stats) -> float:
    """Messages per day; returns the y below it."""
    inner = WIDTH - 2 * MARGIN
    week_messages = sum(n for _, n in stats.per_day)
    c.text((MARGIN, y), texts.CHART_PER_DAY.format(days=len(stats.per_day)), 36, bold=True)
    y += 58
    chart_h = 260
    top, base = y + 40, y + 40 + chart_h
    most = max([n for _, n in stats.per_day] + [1])
    slots = max(1, len(stats.per_day))
    slot = inner / slots
    c.draw.line((MARGIN, base, WIDTH - MARGIN, base), fill=GRID, width=3)
    for i, (day, n) in enumerate(stats.per_day):
        cx = MARGIN + slot * i + slot / 2
        h = round(chart_h * n / most)
        bar_w = slot * 0.62
        if h:
            c.draw.rounded_rectangle((cx - bar_w / 2, base - h, cx + bar_w / 2, base), radius=8, fill=ACCENT)
        c.text((cx, base - h - 8), str(n), 30, INK, bold=True, anchor="ms")
        c.text((cx, base + 14), texts.WEEKDAYS_SHORT[day.isoweekday()], 28, INK, anchor="mt")
        c.text((cx, base + 50), day.strftime("%d/%m"), 24, MUTED, anchor="mt")
    if not week_messages:
        c.text((WIDTH / 2, top + chart_h / 2), texts.CHART_NO_DATA, 30, MUTED, anchor="mm")
    y = base + 110
    return y


def _shares(c: _Canvas, y: float, stats: Stats) -> float:
    """Answered / clarified / unknown; returns the y below it."""
    inner = WIDTH - 2 * MARGIN
    c.text((MARGIN, y), texts.CHART_SHARES.format(n=stats.questions), 36, bold=True)
    y += 58
    parts = [(texts.CHART_ANSWERED, stats.answered, GREEN),
             (texts.CHART_CLARIFIED, stats.clarified, AMBER),
             (texts.CHART_UNKNOWN, stats.unknown, RED)]
    bar_h = 56
    if stats.questions:
        x = float(MARGIN)
        for _, n, colour in parts:
            w = inner * n / stats.questions
            if w > 0:
                c.draw.rectangle((x, y, x + w, y + bar_h), fill=colour)
                if w > 90:
                    c.text((x + w / 2, y + bar_h / 2), f"{stats.rate(n) * 100:.0f}%", 28, BG, bold=True,
                           anchor="mm")
            x += w
    else:
        c.draw.rectangle((MARGIN, y, WIDTH - MARGIN, y + bar_h), fill=GRID)
        c.text((WIDTH / 2, y + bar_h / 2), texts.CHART_NO_DATA, 28, MUTED, anchor="mm")
    y += bar_h + 24
    col = inner / 3
    for i, (label, n, colour) in enumerate(parts):
        x = MARGIN + col * i
        c.draw.rectangle((x, y + 6, x + 26, y + 32), fill=colour)
        c.text((x + 38, y), c.fit(label, 27, int(col - 44)), 27)
        c.text((x + 38, y + 36), f"{n} · {stats.rate(n) * 100:.0f}%", 27, MUTED)
    y += 110
    return y


def _top_procedures(c: _Canvas, y: float, stats: Stats, titles: Mapping[str, str]) -> float:
    """Top procedures; returns the y below it."""
    inner = WIDTH - 2 * MARGIN
    c.text((MARGIN, y), texts.CHART_TOP, 36, bold=True)
    y += 60
    top5 = stats.top_procedures[:5]
    best = max([n for _, n in top5] + [1])
    count_w = 90
    list_top = y
    if not top5:
        c.text((MARGIN, y), texts.CHART_NO_DATA, 30, MUTED)
    for pid, n in top5:
        name = titles.get(pid) or pid
        c.text((MARGIN, y), c.fit(name, 28, inner), 28)
        y += 38
        w = max(6, (inner - count_w) * n / best)
        c.draw.rounded_rectangle((MARGIN, y, MARGIN + w, y + 26), radius=6, fill=ACCENT)
        c.text((MARGIN + w + 14, y + 13), str(n), 28, INK, bold=True, anchor="lm")
        y += 46
    y = list_top + max(len(top5), 1) * 84 + 10
    return y


def _volunteers(c: _Canvas, y: float, stats: Stats) -> float:
    """Volunteers and feedback; returns the y below it."""
    inner = WIDTH - 2 * MARGIN
    c.text((MARGIN, y), texts.CHART_ESCALATIONS, 36, bold=True)
    y += 60
    median = format_duration(stats.median_first_answer) if stats.median_first_answer is not None else "–"
    tiles = [(texts.CHART_OPENED, str(stats.escalations_opened)),
             (texts.CHART_ESC_ANSWERED, str(stats.escalations_answered)),
             (texts.CHART_OPEN, str(stats.escalations_open))]
    gap = 24
    tile_w = (inner - 2 * gap) / 3
    for i, (label, value) in enumerate(tiles):
        x = MARGIN + i * (tile_w + gap)
        c.draw.rounded_rectangle((x, y, x + tile_w, y + 130), radius=14, fill=PANEL)
        c.text((x + tile_w / 2, y + 50), value, 56, ACCENT, bold=True, anchor="mm")
        c.text((x + tile_w / 2, y + 104), label, 27, MUTED, anchor="mm")
    y += 130 + 26
    c.text((MARGIN, y), f"{texts.CHART_MEDIAN}: ", 29)
    label_w = c.draw.textlength(f"{texts.CHART_MEDIAN}: ", font=c.font(29))
    c.text((MARGIN + label_w, y), median, 29, bold=True)
    y += 48
    c.text((MARGIN, y), texts.CHART_FEEDBACK.format(up=stats.feedback_up, down=stats.feedback_down), 29)
    y += 48 + 40
    return y


def _funnels(c: _Canvas, y: float, stats: Stats, funnels: list[GuideFigures],
             titles: Mapping[str, str], labels: Mapping[str, str]) -> float:
    """The walkthrough funnels from `y`; returns where the next section would start."""
    inner = WIDTH - 2 * MARGIN
    c.text((MARGIN, y), texts.CHART_GUIDES, 36, bold=True)
    y += 58
    legend = [(texts.CHART_GUIDE_REACHED, PALE), (texts.CHART_GUIDE_LEFT, RED), (texts.CHART_GUIDE_STUCK, AMBER)]
    col = inner / 3
    for i, (label, colour) in enumerate(legend):
        x = MARGIN + col * i
        c.draw.rectangle((x, y + 4, x + 26, y + 30), fill=colour)
        c.text((x + 38, y), label, 27, MUTED)
    y += 56
    if not funnels:
        c.text((MARGIN, y), texts.CHART_NO_DATA, 30, MUTED)
        return y + 50
    numbers_w = 190
    for g in funnels:
        name = titles.get(g.procedure) or g.procedure
        c.text((MARGIN, y), c.fit(texts.CHART_GUIDE.format(name=name, opened=g.opened, done=g.done), 30,
                                  inner, bold=True), 30, ACCENT, bold=True)
        y += 50
        worst = g.worst_steps()[:FUNNEL_STEPS]
        if not worst:
            c.text((MARGIN, y), texts.STATS_GUIDE_NO_TROUBLE.strip(" •"), 27, MUTED)
            y += 84
            continue
        # Bars on one scale per guide: the citizens who opened it (or the most at any step).
        most = max([g.opened] + [s.reached for s in g.steps] + [1])
        bar_w = inner - numbers_w
        for s in worst:
            label = step_label(s, labels)
            c.text((MARGIN, y), c.fit(label, 27, inner), 27)
            y += 36
            reached_w = bar_w * min(s.reached, most) / most
            c.draw.rectangle((MARGIN, y, MARGIN + max(reached_w, 4), y + 30), fill=PALE)
            left_w = bar_w * min(s.left, most) / most
            stuck_w = bar_w * min(s.stuck, most) / most
            if left_w:
                c.draw.rectangle((MARGIN, y, MARGIN + left_w, y + 30), fill=RED)
            if stuck_w:
                c.draw.rectangle((MARGIN + left_w, y, MARGIN + left_w + stuck_w, y + 30), fill=AMBER)
            c.text((MARGIN + bar_w + 16, y + 15), f"{s.reached} · {s.left} · {s.stuck}", 26, INK, bold=True,
                   anchor="lm")
            y += 48
        y += 30
    hidden = len(stats.funnels()) - len(funnels)
    if hidden > 0:
        c.text((MARGIN, y), texts.CHART_GUIDE_MORE.format(n=hidden), 27, MUTED)
        y += 44
    return y


def save_weekly_chart(stats: Stats, path: str | Path, titles: Mapping[str, str] | None = None) -> Path:
    path = Path(path)
    path.write_bytes(weekly_chart(stats, titles))
    return path


__all__ = ["save_weekly_chart", "weekly_chart"]
