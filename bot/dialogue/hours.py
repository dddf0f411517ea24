"""The volunteers' working hours (config.volunteer_hours / volunteer_days / timezone); here
because the citizen is told them at hand-off; `time_zone` is the configured zone (UTC if unknown).

    hours = VolunteerHours.from_config(config)
    hours.is_open(now)      # is `now` (aware datetime) within working hours?
    hours.describe()        # ("07:30-17:00", "Thứ Hai đến Thứ Bảy") for messages

Hours are "HH:MM-HH:MM" in local time ("24:00" allowed as an end; an end before the start
spans midnight); days are ISO weekdays, "1-6" or "1,3,5" (Monday = 1). Unparseable values
fall back to "always open", so a typo never hides escalations from volunteers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config import Config
from bot.dialogue import texts

_HOURS = re.compile(r"\s*(\d{1,2})[:h.](\d{2})\s*-\s*(\d{1,2})[:h.](\d{2})\s*")


def time_zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def parse_days(spec: str) -> frozenset[int]:
    """ "1-6" -> {1..6}; "1,3,5" -> {1,3,5}; "6-2" wraps -> {6,7,1,2}."""
    days: set[int] = set()
    for part in spec.replace(";", ",").split(","):
        m = re.fullmatch(r"\s*([1-7])\s*(?:-\s*([1-7]))?\s*", part)
        if not m:
            continue
        first = int(m[1])
        last = int(m[2]) if m[2] else first
        d = first
        while True:
            days.add(d)
            if d == last:
                break
            d = d % 7 + 1
    return frozenset(days)


def describe_days(spec: str) -> str:
    """ "1-6" -> "Thứ Hai đến Thứ Bảy"; "1,3,5" -> "Thứ Hai, Thứ Tư, Thứ Sáu"."""
    spec = spec.strip()
    m = re.fullmatch(r"([1-7])\s*-\s*([1-7])", spec)
    if m:
        return texts.DAYS_RANGE.format(first=texts.WEEKDAYS[int(m[1])], last=texts.WEEKDAYS[int(m[2])])
    days = [texts.WEEKDAYS[int(d)] for d in re.findall(r"[1-7]", spec)]
    return ", ".join(days) if days else spec


@dataclass(frozen=True)
class VolunteerHours:
    start: int  # minutes after local midnight
    end: int  # minutes after local midnight (1440 = 24:00)
    days: frozenset[int]
    zone: tzinfo
    hours_text: str
    days_text: str

    @classmethod
    def from_config(cls, config: Config) -> VolunteerHours:
        m = _HOURS.fullmatch(config.volunteer_hours or "")
        start, end = 0, 24 * 60
        if m:
            start = min(int(m[1]) * 60 + int(m[2]), 24 * 60)
            end = min(int(m[3]) * 60 + int(m[4]), 24 * 60)
        days = parse_days(config.volunteer_days or "") or frozenset(range(1, 8))
        return cls(start, end, days, time_zone(config.timezone), config.volunteer_hours.strip(),
                   describe_days(config.volunteer_days))

    def local(self, now: datetime) -> datetime:
        return now.astimezone(self.zone)

    def is_open(self, now: datetime) -> bool:
        local = self.local(now)
        minute = local.hour * 60 + local.minute
        day = local.isoweekday()
        if self.start == self.end:
            return self.start == 0 and day in self.days  # "00:00-00:00": all day
        if self.start < self.end:
            return day in self.days and self.start <= minute < self.end
        # Spans midnight: the evening belongs to `day`, the early morning to the day before.
        if minute >= self.start:
            return day in self.days
        previous = (day - 2) % 7 + 1
        return minute < self.end and previous in self.days

    def describe(self) -> tuple[str, str]:
        return self.hours_text, self.days_text

    def clock(self, at: datetime) -> str:
        """ "14:05 27/11" in local time (for posts in the volunteers' group)."""
        local = self.local(at)
        return f"{local:%H:%M %d/%m}"

