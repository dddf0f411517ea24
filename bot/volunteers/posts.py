"""What the volunteers' group sees besides the escalation's card: reminders, the queue
(/hangdoi), "Xem số đã ẩn", waiting times. Pure functions (no transport, no storage).

The card itself, its buttons, follow-ups and media captions are written at hand-off time, so
they live below in bot.dialogue.group_posts; volunteers' button data: bot.dialogue.callbacks.
"""
from __future__ import annotations

from datetime import datetime

from bot.dialogue import texts
from bot.dialogue.callbacks import VolunteerAction
from bot.dialogue.citizen_quote import quote, shorten
from bot.dialogue.group_posts import ButtonRows, name_of
from bot.dialogue.privacy import find_personal
from bot.storage.ports import Escalation

__all__ = ["MAX_ALERT_CHARS", "MAX_TEXT_CHARS", "age", "queue_text", "reminder_buttons", "reminder_text",
           "reveal_text"]

MAX_ALERT_CHARS = 200  # Telegram's limit for a callback query's answer
MAX_TEXT_CHARS = 4000  # Telegram allows 4096 for a message


def age(since: datetime, now: datetime) -> str:
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return texts.VOL_AGE_MINUTES.format(m=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return texts.VOL_AGE_HOURS.format(h=hours, m=minutes)
    days, hours = divmod(hours, 24)
    return texts.VOL_AGE_DAYS.format(d=days, h=hours)


def reveal_text(original: str) -> str:
    """The personal items found in `original` (not the rest of it, and no passwords or
    codes): "CCCD: 012345678901 · SĐT: 0912345678", at most MAX_ALERT_CHARS."""
    items = []
    for f in find_personal(original):
        label = texts.VOL_REVEAL_LABELS.get(f.kind)
        if label is None:  # "secret": never shown
            continue
        value = original[f.start:f.end]
        if f.kind == "id_card" and sum(c.isdigit() for c in value) == 9:
            label = texts.VOL_REVEAL_LABELS["id_card_9"]
        items.append(f"{label}: {value}")
    return shorten(texts.VOL_REVEAL_SEPARATOR.join(items), MAX_ALERT_CHARS)


def reminder_text(e: Escalation, now: datetime) -> str:
    return texts.VOL_REMINDER.format(id=e.id, age=age(e.created_at, now),
                                     question=quote(e.question, 500))


def reminder_buttons(e: Escalation) -> ButtonRows:
    return [[[texts.BTN_CLAIM, VolunteerAction("vn", e.id).pack()]]]


def queue_text(escalations: list[Escalation], now: datetime) -> str:
    if not escalations:
        return texts.VOL_QUEUE_EMPTY
    lines = [texts.VOL_QUEUE_HEADER.format(n=len(escalations))]
    for e in escalations:
        status = (texts.VOL_QUEUE_OPEN if e.status == "open"
                  else texts.VOL_QUEUE_CLAIMED.format(name=name_of(e.claimed_by_name)))
        lines.append(texts.VOL_QUEUE_LINE.format(id=e.id, age=age(e.created_at, now), status=status,
                                                 question=quote(e.question, 120, one_line=True)))
    return "\n".join(lines)
