"""The weekly summary picture staff get with /thongke (Pillow only).

    png = weekly_chart(stats, titles={p.id: p.title for p in kb.procedures})   # PNG bytes

One tall picture that reads on a phone, top to bottom: the period and totals; messages per
day for the last 7 days (bars with their numbers); the answered / clarified / unknown shares
of the questions (one bar split in three, with a legend); the 5 procedures asked most; the
volunteers' figures (opened, answered, still waiting, median time to the first answer) and
the citizens' feedback. Labels are Vietnamese, drawn with a font that has its letters
(bot.fonts). All numbers come from a bot.stats.Stats.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Mapping

from PIL import Image, ImageDraw

from bot import texts
from bot.fonts import font as _font, vietnamese_fonts
from bot.stats import Stats, format_duration, zone_of

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
                 font: str | Path | None = None) -> bytes:
    """The picture as PNG bytes."""
    titles = titles or {}
    c = _Canvas(2400, vietnamese_fonts(font))  # cropped to what was drawn
    y = MARGIN
    inner = WIDTH - 2 * MARGIN

    # -- header ------------------------------------------------------------------------------
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
    week_messages = sum(n for _, n in stats.per_day)
    c.text((MARGIN, y), f"{period} · " + texts.CHART_TOTALS.format(
        messages=stats.messages, citizens=stats.citizens), 30, MUTED)
    y += 48
    c.draw.rectangle((MARGIN, y, WIDTH - MARGIN, y + 4), fill=ACCENT)
    y += 34

    # -- messages per day ----------------------------------------------------------------------
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

    # -- answered / clarified / unknown -----------------------------------------------------------
    c.text((MARGIN, y), texts.CHART_SHARES.format(n=stats.questions), 36, bold=True)
    y += 58
    parts = [(texts.CHART_ANSWERED, stats.answered, GREEN),
             (texts.CHART_CLARIFIED, stats.clarified, AMBER),
             (texts.CHART_UNKNOWN, stats.unknown, RED)]
    bar_h = 56
    if stats.questions:
        x = float(MARGIN)
        for i, (_, n, colour) in enumerate(parts):
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

    # -- top procedures ------------------------------------------------------------------------------
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

    # -- volunteers and feedback ---------------------------------------------------------------------
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
    y += 48 + MARGIN - 20

    image = c.image.crop((0, 0, WIDTH, min(y, c.image.height)))
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def save_weekly_chart(stats: Stats, path: str | Path, titles: Mapping[str, str] | None = None) -> Path:
    path = Path(path)
    path.write_bytes(weekly_chart(stats, titles))
    return path


__all__ = ["save_weekly_chart", "weekly_chart"]
