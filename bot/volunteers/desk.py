"""The volunteers' desk: what claiming, answering, resolving, the queue, reminders and
"Thêm vào kho" do. Transport-free; bot.telegram.volunteers turns Telegram updates into
these calls and shows the `DeskReply`s.

    desk = VolunteerDesk(storage, knowledge, config)
    reply = await desk.claim(12, Volunteer(777, "Minh"))     # "Nhận" / "/nhan 12"
    reply = await desk.answer(12, volunteer, "Bạn mang ...", source="-100:55")
    reply = await desk.correct("-100:55", volunteer, "Bạn mang ... (sửa)", edit="7001")  # an edit
    reply = await desk.resolve(12, volunteer)                 # "Đã xong" / "/xong 12"
    reply = await desk.queue()                                # "/hangdoi"
    await desk.remind(now)                                    # the reminder job

An answer is stored (escalation_messages + outbox rows to the citizen, with dedupe keys
derived from the volunteer's Telegram message) before anything is sent; bot.telegram.outbound
sends it. Every state change is a conditional update in storage (two volunteers pressing
"Nhận" together: one wins, the other is told who has it).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.config import Config
from bot.dialogue import group_posts, texts
from bot.dialogue.callbacks import VolunteerAction
from bot.dialogue.citizen_quote import quote, shorten
from bot.dialogue.hours import VolunteerHours
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.dialogue.relayed import answer_buttons, citizen_chat_id
from bot.dialogue.splitting import split
from bot.dialogue.vault import Vault
from bot.storage.ports import DeskStore, Escalation, OutboxMessage, Suggestion
from bot.volunteers import posts

log = logging.getLogger(__name__)

MAX_KB_CANDIDATES = 4
MAX_CALLBACK_BYTES = 64


@dataclass(frozen=True)
class Volunteer:
    id: int
    name: str


@dataclass
class DeskReply:
    """What to show after a volunteer's action.

    text/buttons: a message for the group (a reply to the volunteer's message, or the
    pressed message's new content when `replace_pressed`); toast/alert: the answer to a
    pressed button; refresh: an escalation whose posted card should be redrawn.
    """

    text: str = ""
    buttons: group_posts.ButtonRows = field(default_factory=list)
    toast: str = ""
    alert: bool = False
    refresh: Escalation | None = None
    replace_pressed: bool = False
    escalation_id: int | None = None  # the message `text` is about (replies to it count)


class VolunteerDesk:
    def __init__(self, storage: DeskStore, knowledge: LiveKnowledge, config: Config) -> None:
        self.storage = storage
        self.knowledge = knowledge
        self.config = config
        self.hours = VolunteerHours.from_config(config)
        self.vault = Vault.from_config(config)

    # -- the card -------------------------------------------------------------------------------
    def card(self, e: Escalation) -> tuple[str, group_posts.ButtonRows]:
        return group_posts.card_text(e, self.knowledge.kb, self.hours), group_posts.card_buttons(e)

    async def _get(self, escalation_id: int) -> tuple[Escalation | None, DeskReply | None]:
        e = await self.storage.get_escalation(escalation_id)
        if e is None:
            msg = texts.VOL_NO_SUCH.format(id=escalation_id)
            return None, DeskReply(text=msg, toast=msg, alert=True)
        return e, None

    # -- claim, resolve -------------------------------------------------------------------------
    async def claim(self, escalation_id: int, v: Volunteer) -> DeskReply:
        won = await self.storage.claim_escalation(escalation_id, v.id, v.name)
        if won is not None:
            msg = texts.VOL_CLAIMED.format(id=escalation_id)
            return DeskReply(text=msg, toast=msg, refresh=won, escalation_id=escalation_id)
        e, missing = await self._get(escalation_id)
        if missing is not None:
            return missing
        assert e is not None
        if e.claimed_by == v.id and e.status in ("claimed", "answered"):
            msg = texts.VOL_ALREADY_YOURS.format(id=e.id)
        elif e.status in ("claimed", "answered"):
            msg = texts.VOL_ALREADY_CLAIMED.format(id=e.id, name=e.claimed_by_name or "?")
        else:
            msg = texts.VOL_CLOSED.format(id=e.id)
        return DeskReply(text=msg, toast=msg, alert=True, refresh=e)

    async def resolve(self, escalation_id: int, v: Volunteer) -> DeskReply:
        done = await self.storage.resolve_escalation(escalation_id)
        if done is not None:
            msg = texts.VOL_RESOLVED.format(id=escalation_id)
            return DeskReply(text=msg, toast=msg, refresh=done, escalation_id=escalation_id)
        e, missing = await self._get(escalation_id)
        if missing is not None:
            return missing
        msg = texts.VOL_CLOSED.format(id=escalation_id)
        return DeskReply(text=msg, toast=msg, refresh=e)

    # -- "Xem số đã ẩn" ------------------------------------------------------------------------
    async def reveal(self, escalation_id: int, v: Volunteer) -> DeskReply:
        """The numbers masked in the question, as an alert for the volunteer who claimed it
        (the reveal is recorded in storage); anyone else is refused. The original is kept
        sealed (bot.dialogue.vault): without the key that sealed it, the numbers are unavailable."""
        original = await self.storage.reveal_original(escalation_id, v.id, unseal=self.vault.unseal)
        if original == "":
            log.warning("escalation #%s: the masked numbers cannot be unsealed with the configured "
                        "DVCBOT_SECRET_KEY", escalation_id)
            return DeskReply(toast=texts.VOL_REVEAL_UNAVAILABLE.format(id=escalation_id), alert=True)
        if original is None:
            e, missing = await self._get(escalation_id)
            if missing is not None:
                return DeskReply(toast=missing.toast, alert=True)
            assert e is not None
            log.info("volunteer %s was refused the masked numbers of escalation #%s", v.id, escalation_id)
            template = texts.VOL_REVEAL_REFUSED if e.has_original else texts.VOL_REVEAL_NOTHING
            return DeskReply(toast=template.format(id=escalation_id), alert=True)
        log.info("volunteer %s revealed the masked numbers of escalation #%s", v.id, escalation_id)
        shown = posts.reveal_text(original) or texts.VOL_REVEAL_NOTHING.format(id=escalation_id)
        return DeskReply(toast=shown, alert=True)

    # -- answer ---------------------------------------------------------------------------------
    async def answer(self, escalation_id: int, v: Volunteer, text: str, *, source: str,
                     kind: str = "text", file_id: str | None = None) -> DeskReply:
        """Store a volunteer's answer (`source`: a unique id of their message, so the same
        message is never stored twice) and queue its delivery to the citizen."""
        text = (text or "").strip()
        if kind not in group_posts.ANSWER_KINDS or (kind != "text" and not file_id):
            return DeskReply(text=texts.VOL_ANSWER_UNSUPPORTED)
        if kind == "text" and not text:
            return DeskReply(text=texts.VOL_ANSWER_EMPTY.format(id=escalation_id))
        e, missing = await self._get(escalation_id)
        if missing is not None:
            return missing
        assert e is not None
        if e.status not in ("open", "claimed", "answered"):
            return DeskReply(text=texts.VOL_CLOSED.format(id=e.id), refresh=e)
        chat = citizen_chat_id(e.citizen)
        # A citizen of the terminal chat (no Telegram chat): the answer is stored only.
        deliveries = self._deliveries(e.id, chat, text, kind, file_id, source) if chat is not None else []
        stored = await self.storage.answer_escalation(
            e.id, v.id, v.name, group_posts.stored_answer(kind, text), deliveries, source=source)
        if stored is None:
            current = await self.storage.get_escalation(e.id)
            if current is not None and current.status in ("open", "claimed", "answered"):
                return DeskReply(text=texts.VOL_ANSWER_DUPLICATE)
            return DeskReply(text=texts.VOL_CLOSED.format(id=e.id), refresh=current)
        msg = (texts.VOL_ANSWER_STORED if chat is not None else texts.VOL_ANSWER_STORED_NO_TELEGRAM)
        return DeskReply(text=msg.format(id=e.id), buttons=group_posts.card_buttons(stored),
                         refresh=stored, escalation_id=e.id)

    async def correct(self, source: str, v: Volunteer, text: str, *, edit: str) -> DeskReply | None:
        """A volunteer edited their message `source` ("chat:message"). If it was an answer and
        what the citizen reads changed, the new text is stored as a correction and queued for
        the citizen, marked as one (texts.ESC_ANSWER_CORRECTED). `edit`: unique per edit (the
        update id), so each edit is relayed once. None: nothing to relay (not an answer, or
        the same text)."""
        versions = await self.storage.answer_versions(source)
        text = (text or "").strip()
        if not versions or not text:
            return None
        latest = versions[-1].text
        caption = group_posts.file_answer_caption(latest) if versions[-1].kind == "text" else None
        if text == (latest if caption is None else caption).strip():
            return None  # e.g. only the formatting changed
        escalation_id = versions[0].escalation_id
        e, missing = await self._get(escalation_id)
        if missing is not None:
            return None
        assert e is not None
        chat = citizen_chat_id(e.citizen)
        deliveries: list[OutboxMessage] = []
        if chat is not None:
            parts = split(texts.ESC_ANSWER_CORRECTED.format(id=e.id, answer=text))
            buttons = answer_buttons(e.id)
            deliveries = [OutboxMessage(chat, part, f"answer:{source}:edit:{edit}:{i}",
                                        buttons=buttons if i == len(parts) - 1 else None,
                                        escalation_id=e.id, purpose="correction")
                          for i, part in enumerate(parts)]
        stored = await self.storage.add_correction(e.id, v.id, text, source, deliveries)
        if stored is None:
            current = await self.storage.get_escalation(e.id)
            if current is not None and current.status in ("cancelled", "undeliverable"):
                return DeskReply(text=texts.VOL_CORRECTION_CLOSED.format(id=e.id))
            return None  # this edit was relayed already
        msg = texts.VOL_CORRECTION_STORED if chat is not None else texts.VOL_CORRECTION_STORED_NO_TELEGRAM
        return DeskReply(text=msg.format(id=e.id), escalation_id=e.id)

    def _deliveries(self, escalation_id: int, chat: int, text: str, kind: str,
                    file_id: str | None, source: str) -> list[OutboxMessage]:
        key = f"answer:{source}"
        buttons = answer_buttons(escalation_id)
        if kind != "text":
            caption = texts.ESC_ANSWER_MEDIA.format(id=escalation_id)
            if text:
                caption = f"{caption}:\n{text}"
            caption = shorten(caption, group_posts.MAX_CAPTION_CHARS)
            return [OutboxMessage(chat, caption, f"{key}:0", kind=kind, file_id=file_id,
                                  buttons=buttons, escalation_id=escalation_id, purpose="answer")]
        parts = split(texts.ESC_ANSWER.format(id=escalation_id, answer=text))
        return [OutboxMessage(chat, part, f"{key}:{i}", buttons=buttons if i == len(parts) - 1 else None,
                              escalation_id=escalation_id, purpose="answer")
                for i, part in enumerate(parts)]

    # -- the queue ------------------------------------------------------------------------------
    async def queue(self, now: datetime) -> DeskReply:
        waiting = await self.storage.list_escalations(("open", "claimed"), limit=50)
        return DeskReply(text=posts.queue_text(waiting, now))

    # -- reminders ------------------------------------------------------------------------------
    async def remind(self, now: datetime) -> list[Escalation]:
        """Post a reminder for each open escalation whose reminder is due (during volunteers'
        hours only; outside them it waits for the next opening). Once per due time, across
        processes; re-armed `reminder_minutes` later while nobody claims it."""
        group = self.config.volunteer_chat_id
        if group is None or not self.hours.is_open(now):
            return []
        next_at = now + timedelta(minutes=max(1, self.config.reminder_minutes))

        def reminder(e: Escalation) -> list[OutboxMessage]:
            return [OutboxMessage(group, posts.reminder_text(e, now),
                                  f"esc:{e.id}:remind:{int(now.timestamp())}",
                                  buttons=posts.reminder_buttons(e), purpose="reminder")]

        return await self.storage.take_due_reminders(now, next_at, reminder)

    # -- "Thêm vào kho" -------------------------------------------------------------------------
    def _candidates(self, e: Escalation) -> list[str]:
        kb = self.knowledge.kb
        ids: list[str] = []
        matcher = self.knowledge.matcher
        route = matcher.route(e.question)
        nearest = [pid for pid, _ in matcher.nearest(e.question, MAX_KB_CANDIDATES)]
        for pid in [*route.candidates, e.procedure, *(c.get("p") for c in reversed(e.context)), *nearest]:
            if pid and pid not in ids and kb.get(pid) is not None:
                ids.append(pid)
        return ids[:MAX_KB_CANDIDATES]

    async def kb_menu(self, escalation_id: int) -> DeskReply:
        e, missing = await self._get(escalation_id)
        if missing is not None:
            return missing
        assert e is not None
        kb = self.knowledge.kb
        rows: group_posts.ButtonRows = []
        for pid in self._candidates(e):
            data = VolunteerAction("vkq", e.id, pid).pack()
            p = kb.get(pid)
            if p is not None and len(data.encode()) <= MAX_CALLBACK_BYTES:
                rows.append([[p.title, data]])
        rows.append([[texts.BTN_KB_AS_FAQ, VolunteerAction("vkf", e.id).pack()]])
        rows.append([[texts.BTN_KB_CANCEL, VolunteerAction("vkx", e.id).pack()]])
        return DeskReply(text=texts.VOL_KB_MENU.format(id=e.id, question=quote(e.question, 500)),
                         buttons=rows, escalation_id=e.id)

    async def kb_propose(self, escalation_id: int, v: Volunteer, kind: str,
                         procedure: str | None = None) -> DeskReply:
        """kind "question" (with `procedure`) or "faq" (with the volunteers' last answer)."""
        e, missing = await self._get(escalation_id)
        if missing is not None:
            return missing
        assert e is not None
        if kind == "cancel":
            return DeskReply(text=texts.VOL_KB_CANCELLED, toast=texts.VOL_KB_CANCELLED, replace_pressed=True)
        if kind == "question":
            p = self.knowledge.kb.get(procedure or "")
            if p is None:
                return DeskReply(toast=texts.STALE_BUTTON, alert=True)
            await self.storage.add_suggestion(Suggestion(
                question=e.question, kind="question", procedure=p.id, escalation_id=e.id, proposed_by=v.id))
            msg = texts.VOL_KB_PROPOSED_QUESTION.format(id=e.id, title=p.title)
            return DeskReply(text=msg, toast=msg, replace_pressed=True)
        answers = [m for m in await self.storage.escalation_messages(e.id)
                   if m.direction == "volunteer" and m.kind in ("text", "correction") and m.text.strip()]
        if not answers:
            msg = texts.VOL_KB_NO_ANSWER.format(id=e.id)
            return DeskReply(toast=msg, alert=True)
        await self.storage.add_suggestion(Suggestion(
            question=e.question, kind="faq", procedure=e.procedure, answer=answers[-1].text,
            escalation_id=e.id, proposed_by=v.id))
        msg = texts.VOL_KB_PROPOSED_FAQ.format(id=e.id)
        return DeskReply(text=msg, toast=msg, replace_pressed=True)
