"""The group's posts the hand-off writes when a citizen's question arrives: the escalation's
card and buttons, follow-ups and media captions (bot.volunteers.posts adds reminders and the
queue). Pure functions: citizens' words, masked by the caller, are shown as quotes
(bot.dialogue.citizen_quote). Volunteers' button data: see bot.dialogue.callbacks.
"""
from __future__ import annotations

import re

from bot.dialogue import cards, texts
from bot.dialogue.callbacks import MAX_ID, VOLUNTEER_ACTIONS, VolunteerAction, parse_id
from bot.dialogue.citizen_quote import clean, quote, shorten, utf16_len
from bot.dialogue.hours import VolunteerHours
from bot.storage.ports import Escalation
from knowledge.models import KnowledgeBase

REVEAL_STATUSES = ("open", "claimed", "answered")  # the card offers "Xem số đã ẩn"
# Lengths are in UTF-16 code units, as Telegram counts them (an emoji is two).
MAX_QUESTION_CHARS = 1500  # of a card; the full text is in the database
MAX_CAPTION_CHARS = 1000  # Telegram allows 1024 for media captions
ButtonRows = list[list[list[str]]]
__all__ = ["MAX_ID", "VOLUNTEER_ACTIONS", "parse_id", "data", "parse_data"]
# What a volunteer may answer with; a file answer is stored as "[photo] caption".
ANSWER_KINDS = ("text", "photo", "voice", "document", "video")
_FILE_KINDS = "|".join(ANSWER_KINDS[1:])
_FILE_ANSWER = re.compile(rf"\[({_FILE_KINDS})\]\s*(.*)", re.DOTALL)


def stored_answer(kind: str, text: str) -> str:
    """A volunteer's answer as escalation_messages keeps it: the text, or "[photo] caption"."""
    return text if kind == "text" else f"[{kind}] {text}".strip()


def file_answer_caption(stored: str) -> str | None:
    """The caption of a stored file answer ("" without one); None for a text answer."""
    found = _FILE_ANSWER.fullmatch(stored.strip())
    return found.group(2) if found else None


def name_of(name: str | None) -> str:
    """A volunteer's Telegram name, on one line and without invisible characters."""
    return shorten(clean(name or "", one_line=True), 64) or "?"


def status_line(e: Escalation) -> str:
    name = name_of(e.claimed_by_name)
    return {
        "open": texts.VOL_STATUS_OPEN,
        "claimed": texts.VOL_STATUS_CLAIMED.format(name=name),
        "answered": texts.VOL_STATUS_ANSWERED.format(name=name),
        "resolved": texts.VOL_STATUS_RESOLVED,
        "cancelled": texts.VOL_STATUS_CANCELLED,
        "undeliverable": texts.VOL_STATUS_UNDELIVERABLE,
    }.get(e.status, e.status)


def _title(kb: KnowledgeBase | None, pid: str | None) -> str:
    p = kb.get(pid) if kb is not None and pid else None
    return p.title if p is not None else (pid or "")


def card_text(e: Escalation, kb: KnowledgeBase | None, hours: VolunteerHours) -> str:
    """The escalation's post: number, question, procedure and step, context, status."""
    lines = [texts.VOL_CARD_HEADER.format(id=e.id, time=hours.clock(e.created_at))]
    if e.procedure:
        lines.append(texts.VOL_CARD_PROCEDURE.format(title=_title(kb, e.procedure)))
        p = kb.get(e.procedure) if kb is not None else None
        step = p.guide.step(e.step) if e.step and p is not None and p.guide is not None else None
        if e.step and p is not None and p.guide is not None and step is not None:
            # As the citizen saw it: counted along their path (bot.dialogue.cards.step_position).
            visited = len(e.step_path) if e.step_path is not None else None
            n, m = cards.step_position(p.guide, e.step, visited)
            step_title = f" \"{step.title}\"" if step.title else ""
            lines.append(texts.VOL_CARD_STEP.format(n=n, m=m, step_title=step_title))
    lines += ["", texts.VOL_CARD_QUESTION.format(question=quote(e.question, MAX_QUESTION_CHARS))]
    context = [c for c in e.context if c.get("q")]
    if context:
        lines += ["", texts.VOL_CARD_CONTEXT]
        for c in context:
            what = texts.VOL_CONTEXT_DECISIONS.get(c.get("d", ""), c.get("d", ""))
            lines.append(texts.VOL_CARD_CONTEXT_LINE.format(
                q=quote(c["q"], 200, one_line=True), what=what.format(title=_title(kb, c.get("p")))))
    lines += ["", status_line(e), texts.VOL_CARD_HOWTO.format(id=e.id)]
    return "\n".join(lines)


def card_buttons(e: Escalation) -> ButtonRows:
    rows = _card_buttons(e)
    if e.has_original and e.status in REVEAL_STATUSES:
        rows = rows + [[[texts.BTN_REVEAL, VolunteerAction("vr", e.id).pack()]]]
    return rows


def _card_buttons(e: Escalation) -> ButtonRows:
    if e.status == "open":
        return [[[texts.BTN_CLAIM, VolunteerAction("vn", e.id).pack()],
                 [texts.BTN_RESOLVE, VolunteerAction("vd", e.id).pack()]]]
    if e.status == "claimed":
        return [[[texts.BTN_RESOLVE, VolunteerAction("vd", e.id).pack()]]]
    if e.status == "answered":
        return [[[texts.BTN_ADD_TO_KB, VolunteerAction("vk", e.id).pack()],
                 [texts.BTN_RESOLVE, VolunteerAction("vd", e.id).pack()]]]
    if e.status in ("resolved", "undeliverable"):
        return [[[texts.BTN_ADD_TO_KB, VolunteerAction("vk", e.id).pack()]]] if e.first_answer_at else []
    return []


def followup_text(escalation_id: int, text: str) -> str:
    return texts.VOL_FOLLOWUP.format(id=escalation_id, text=quote(text, 3500))


def media_caption(escalation_id: int, kind: str, caption: str) -> str:
    what = texts.ESC_MEDIA_WHAT.get(kind, texts.ESC_MEDIA_WHAT_DEFAULT)
    if caption.strip():
        head = texts.VOL_MEDIA_CAPTION_TEXT.format(id=escalation_id, what=what, text="")
        return head + quote(caption, MAX_CAPTION_CHARS - utf16_len(head) - 2)
    return texts.VOL_MEDIA_CAPTION.format(id=escalation_id, what=what)


def data(action: str, escalation_id: int, arg: str = "") -> str:
    """A volunteers' button's data (bot.dialogue.callbacks.VolunteerAction)."""
    return VolunteerAction(action, escalation_id, arg).pack()


def parse_data(value: str) -> VolunteerAction | None:
    """(action, escalation id, arg) of a volunteers' button, or None (malformed)."""
    return VolunteerAction.parse(value)
