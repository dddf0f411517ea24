"""The volunteers' desk for one volunteer at a terminal (`dvcbot volunteer`, bot.cli.volunteer).

A thin layer over bot.volunteers.desk.VolunteerDesk, the desk the Telegram group's handlers call:
claiming, answering, closing and "Thêm vào kho" are the desk's own calls, so
conflicts (one claimer wins, the others are told who has it), storage and delivery are
exactly those of the group. What this adds is terminal text. "Xem số đã ẩn" stays in
Telegram (an alert that goes away; a terminal keeps its scrollback and logs).

    desk = TerminalDesk(VolunteerDesk(storage, knowledge, config), storage, terminal_volunteer("Lan"))
    outcome = await desk.claim(12)          # Outcome(code, text): exit code and what to print

Identity: a terminal volunteer is their name (`terminal_volunteer`): a NEGATIVE id derived
from the name with case and spacing ignored, so it never equals a Telegram user id (those are
positive) and the same name is the same volunteer in every run.

The group: when DVCBOT_VOLUNTEER_CHAT_ID is set, a claim, answer or close made here is also
announced there through the outbox (a "notice" row about the escalation: the running bot posts
it under the question's card and redraws the card), so the group sees who has the question.

Citizens' words are shown as on the group's card: masked (bot.dialogue.handoff.for_volunteers, applied
again on display) and printable (control and formatting characters such as ANSI escapes or
bidi overrides removed, so a question cannot take over the volunteer's terminal).
"""
from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime

from bot.dialogue import citizen_quote, group_posts, texts
from bot.dialogue.citizen_quote import shorten
from bot.dialogue.handoff import for_volunteers
from bot.dialogue.relayed import citizen_chat_id
from bot.storage import Storage
from bot.storage.ports import Escalation, EscalationMessage, OutboxMessage, utcnow
from bot.volunteers import posts
from bot.volunteers.desk import Volunteer, VolunteerDesk

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
MAX_NAME_CHARS = 100
WAITING = ("open", "claimed")  # the queue, as /hangdoi
ANSWERABLE = ("open", "claimed", "answered")
MAX_LIST_QUESTION_CHARS = 120
MAX_GROUP_ANSWER_CHARS = 3500


@dataclass(frozen=True)
class Outcome:
    """An action's result: the exit code (0 done, 1 refused or unknown, 2 usage) and the text."""

    code: int
    text: str

    @property
    def ok(self) -> bool:
        return self.code == EXIT_OK


def printable(text: str, one_line: bool = False) -> str:
    """`text` safe to print on a terminal: no control or formatting characters; newlines kept
    (or, with `one_line`, all whitespace runs made one space). A group post's quoted citizen
    text (bot.dialogue.citizen_quote's markers) is shown as "│ " lines first."""
    shown = citizen_quote.visible(citizen_quote.plain(text), one_line)
    return " ".join(shown.split()) if one_line else shown


def clean_name(name: str) -> str | None:
    """The name as shown (NFC, spacing collapsed), or None if it cannot be used."""
    shown = " ".join(unicodedata.normalize("NFC", name or "").split())
    if not shown or len(shown) > MAX_NAME_CHARS or printable(shown, one_line=True) != shown:
        return None
    return shown


def terminal_volunteer(name: str) -> Volunteer | None:
    """The volunteer called `name` at the terminal (None: not a usable name)."""
    shown = clean_name(name)
    if shown is None:
        return None
    digest = hashlib.sha256(f"dvcbot-terminal-volunteer:{shown.casefold()}".encode()).digest()
    return Volunteer(-(int.from_bytes(digest[:6], "big") + 1), shown)


def clean_answer(text: str) -> str:
    """A volunteer's typed or piped answer: controls removed, lines kept, ends trimmed."""
    return printable(text or "").strip()


class TerminalDesk:
    def __init__(self, desk: VolunteerDesk, storage: Storage, volunteer: Volunteer | None) -> None:
        self.desk = desk
        self.volunteer = volunteer
        self.storage = storage  # lists and the outbox: more than the desk's own port

    # -- reading ------------------------------------------------------------------------------
    async def waiting(self) -> list[Escalation]:
        """Open and claimed questions, oldest first (the group's /hangdoi)."""
        return list(await self.storage.list_escalations(WAITING))

    async def answered(self) -> list[Escalation]:
        """Answered questions the citizen has not confirmed yet."""
        return list(await self.storage.list_escalations(("answered",)))

    def queue_line(self, e: Escalation, now: datetime) -> str:
        if e.status == "open":
            status = texts.VOL_QUEUE_OPEN
        elif e.status == "answered":
            status = texts.DESK_QUEUE_ANSWERED_BY.format(name=self._name(e.claimed_by_name))
        else:
            status = texts.VOL_QUEUE_CLAIMED.format(name=self._name(e.claimed_by_name))
        where = self._where(e)
        question = shorten(printable(for_volunteers(e.question), one_line=True), MAX_LIST_QUESTION_CHARS)
        return texts.DESK_QUEUE_LINE.format(
            id=e.id, age=posts.age(e.created_at, now), status=status,
            where=texts.DESK_QUEUE_WHERE.format(title=where) if where else "", question=question)

    async def queue(self, limit: int = 0) -> Outcome:
        """The queue as `dvcbot volunteer queue` prints it (`limit` 0: every question)."""
        now = utcnow()
        waiting = await self.waiting()
        shown = waiting[:limit] if limit > 0 else waiting
        lines = [texts.VOL_QUEUE_HEADER.format(n=len(waiting)) if waiting else texts.VOL_QUEUE_EMPTY]
        lines += [self.queue_line(e, now) for e in shown]
        if len(shown) < len(waiting):
            lines.append(texts.DESK_QUEUE_MORE.format(n=len(waiting) - len(shown)))
        footer = self.answered_line(await self.answered())
        if footer:
            lines += ["", footer]
        return Outcome(EXIT_OK, "\n".join(lines))

    def answered_line(self, answered: list[Escalation]) -> str:
        if not answered:
            return ""
        items = ", ".join(texts.DESK_QUEUE_ANSWERED_ITEM.format(id=e.id, name=self._name(e.claimed_by_name))
                          for e in answered)
        return texts.DESK_QUEUE_ANSWERED.format(items=items)

    async def get(self, escalation_id: int) -> Escalation | None:
        found: Escalation | None = await self.storage.get_escalation(escalation_id)
        return found

    async def show(self, escalation_id: int) -> Outcome:
        e = await self.get(escalation_id)
        if e is None:
            return self._no_such(escalation_id)
        return Outcome(EXIT_OK, await self.view(e, howto=texts.DESK_HOWTO.format(id=e.id)))

    async def view(self, e: Escalation, howto: str = "") -> str:
        """The question as the group's card shows it (number, procedure and step, masked
        question and context, who has it), `howto` instead of the group's reply hint, then
        the messages that followed (citizen's masked)."""
        masked = dataclasses.replace(
            e, question=for_volunteers(e.question),
            context=[{**c, "q": for_volunteers(str(c["q"]))} if c.get("q") else c for c in e.context])
        card, _ = self.desk.card(masked)
        group_howto = texts.VOL_CARD_HOWTO.format(id=e.id)
        if group_howto in card:
            card = card.replace(group_howto, howto).rstrip()
        elif howto:
            card = f"{card}\n{howto}"
        lines = [printable(card)]
        thread = [self._message_line(e, m) for m in self._thread(e, await self.storage.escalation_messages(e.id))]
        if thread:
            lines += ["", texts.DESK_MESSAGES, *thread]
        return "\n".join(lines)

    @staticmethod
    def _thread(e: Escalation, messages: list[EscalationMessage]) -> list[EscalationMessage]:
        shown = [m for m in messages if m.kind != "reveal" and (m.text.strip() or m.kind != "text")]
        if shown and shown[0].direction == "citizen" and shown[0].kind == "text" and shown[0].text == e.question:
            shown = shown[1:]  # the question itself, already on the card
        return shown

    def _message_line(self, e: Escalation, m: EscalationMessage) -> str:
        time = self.desk.hours.clock(m.at)
        if m.direction == "citizen":
            text = printable(for_volunteers(m.text))
            if m.kind != "text":
                what = texts.ESC_MEDIA_WHAT.get(m.kind, texts.ESC_MEDIA_WHAT_DEFAULT)
                text = f"{texts.DESK_MESSAGE_FILE.format(what=what)} {text}".strip()
            return texts.DESK_MESSAGE_CITIZEN.format(time=time, text=text)
        if self.volunteer is not None and m.volunteer_id == self.volunteer.id:
            name = self.volunteer.name
        elif m.volunteer_id is not None and m.volunteer_id == e.claimed_by and e.claimed_by_name:
            name = self._name(e.claimed_by_name)
        else:
            name = texts.DESK_MESSAGE_VOLUNTEER_NAME
        return texts.DESK_MESSAGE_VOLUNTEER.format(time=time, name=name, text=printable(m.text))

    def _where(self, e: Escalation) -> str:
        """The procedure (and walkthrough step) the citizen was at, by title."""
        if not e.procedure:
            return ""
        p = self.desk.knowledge.kb.get(e.procedure)
        if p is None:
            return e.procedure
        where = p.title
        step = p.guide.step(e.step) if e.step and p.guide is not None else None
        if step is not None:
            where += ", " + texts.DESK_STEP_TITLE.format(title=step.title or step.id)
        return where

    @staticmethod
    def _name(name: str | None) -> str:
        return printable(name or "?", one_line=True) or "?"

    @staticmethod
    def _no_such(escalation_id: int) -> Outcome:
        return Outcome(EXIT_INVALID, texts.DESK_NO_SUCH.format(id=escalation_id))

    def _me(self) -> Volunteer:
        if self.volunteer is None:  # the CLI asks for a name before any action
            raise RuntimeError("a volunteer's action without a volunteer")
        return self.volunteer

    # -- acting: the desk's own calls -----------------------------------------------------------
    async def claim(self, escalation_id: int) -> Outcome:
        v = self._me()
        before = await self.get(escalation_id)
        if before is None:
            return self._no_such(escalation_id)
        reply = await self.desk.claim(escalation_id, v)
        after = reply.refresh or await self.get(escalation_id)
        mine = after is not None and after.claimed_by == v.id and after.status in ("claimed", "answered")
        if mine and before.claimed_by != v.id:
            await self._tell_group(escalation_id, texts.DESK_GROUP_CLAIMED.format(id=escalation_id, name=v.name))
        return Outcome(EXIT_OK if mine else EXIT_INVALID, printable(reply.text or reply.toast))

    async def answer(self, escalation_id: int, text: str) -> Outcome:
        v = self._me()
        text = clean_answer(text)
        if not text:
            return Outcome(EXIT_USAGE, texts.DESK_ANSWER_EMPTY.format(id=escalation_id))
        e = await self.get(escalation_id)
        if e is None:
            return self._no_such(escalation_id)
        # `source` names the volunteer's message (the outbox's dedupe key): each run is new.
        reply = await self.desk.answer(escalation_id, v, text, source=f"cli:{uuid.uuid4().hex}")
        stored = (reply.escalation_id == escalation_id and reply.refresh is not None
                  and reply.refresh.status == "answered")
        if not stored:
            return Outcome(EXIT_INVALID, printable(reply.text or reply.toast))
        await self._tell_group(escalation_id, texts.DESK_GROUP_ANSWERED.format(
            id=escalation_id, name=v.name, answer=shorten(text, MAX_GROUP_ANSWER_CHARS)))
        said = reply.text
        if citizen_chat_id(e.citizen) is not None:
            said += "\n" + texts.DESK_ANSWER_QUEUED
        return Outcome(EXIT_OK, said)

    async def close(self, escalation_id: int) -> Outcome:
        v = self._me()
        if await self.get(escalation_id) is None:
            return self._no_such(escalation_id)
        reply = await self.desk.resolve(escalation_id, v)
        done = (reply.escalation_id == escalation_id and reply.refresh is not None
                and reply.refresh.status == "resolved")
        if done:
            await self._tell_group(escalation_id, texts.DESK_GROUP_RESOLVED.format(id=escalation_id, name=v.name))
        return Outcome(EXIT_OK if done else EXIT_INVALID, printable(reply.text or reply.toast))

    # -- "Thêm vào kho" -------------------------------------------------------------------------
    async def kb_choices(self, escalation_id: int) -> list[tuple[str, str]]:
        """(procedure id, title) the desk proposes for the question, best first."""
        menu = await self.desk.kb_menu(escalation_id)
        choices = []
        for row in menu.buttons:
            for label, data in row:
                parsed = group_posts.parse_data(data)
                if parsed is not None and parsed[0] == "vkq":
                    choices.append((parsed[2], label))
        return choices

    def kb_offered(self, e: Escalation) -> bool:
        """The group's card offers "Thêm vào kho" (after a volunteer's answer)."""
        return any((parsed := group_posts.parse_data(data)) is not None and parsed[0] == "vk"
                   for row in group_posts.card_buttons(e) for _, data in row)

    async def suggest(self, escalation_id: int, procedure: str | None, faq: bool) -> Outcome:
        e = await self.get(escalation_id)
        if e is None:
            return self._no_such(escalation_id)
        if procedure and faq:
            return Outcome(EXIT_USAGE, texts.DESK_SUGGEST_BOTH)
        if not self.kb_offered(e):
            return Outcome(EXIT_INVALID, texts.DESK_SUGGEST_NOT_YET.format(id=e.id))
        if not procedure and not faq:
            lines = [texts.DESK_SUGGEST_CHOOSE.format(
                id=e.id, question=shorten(printable(for_volunteers(e.question), one_line=True), 300))]
            lines += [texts.DESK_SUGGEST_PROCEDURE.format(pid=pid, title=title)
                      for pid, title in await self.kb_choices(e.id)]
            lines.append(texts.DESK_SUGGEST_FAQ)
            return Outcome(EXIT_USAGE, "\n".join(lines))
        kb = self.desk.knowledge.kb
        if procedure and kb.get(procedure) is None:
            from bot.cli.staff import similar_ids

            lines = [texts.DESK_UNKNOWN_PROCEDURE.format(id=printable(procedure, one_line=True))]
            similar = similar_ids(procedure, kb)
            if similar:
                lines.append(texts.POSTER_SIMILAR.format(ids=", ".join(similar)))
            return Outcome(EXIT_INVALID, "\n".join(lines))
        reply = await self.desk.kb_propose(e.id, self._me(), "faq" if faq else "question", procedure)
        proposed = bool(reply.text) and not reply.alert
        return Outcome(EXIT_OK if proposed else EXIT_INVALID, printable(reply.text or reply.toast))

    # -- the group ------------------------------------------------------------------------------
    async def _tell_group(self, escalation_id: int, text: str) -> None:
        group = self.desk.config.volunteer_chat_id
        if group is None:
            return
        await self.storage.enqueue([OutboxMessage(
            group, shorten(text, posts.MAX_TEXT_CHARS), f"esc:{escalation_id}:desk:{uuid.uuid4().hex}",
            escalation_id=escalation_id, purpose="notice")])
