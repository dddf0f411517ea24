"""The dialogue engine: one citizen event in, the replies to show out. No transport here.

Both adapters (Telegram, terminal) turn what the citizen did into an `Event`, call
`await engine.handle(event)` and show the returned `Reply`s: text (plain, never markup) with
rows of `Button`s. When a button is pressed, the adapter sends back its `data` in a
`button` event. `Reply.edit` says the adapter may edit the message whose button was pressed
instead of sending a new one (walkthrough steps).

Each turn is one database transaction (`repo.unit_of_work()`, see bot.storage.unit_of_work):
load the citizen's Session, decide (`_dispatch`), give the session a new button nonce if its
state changed, then `repo.save_turn(session, TurnWrites(questions, feedback, guide_events), update_id)`
stores the processed-update record (Telegram), the session (optimistic version check), the
question log and the feedback together; the volunteer hand-off's writes made while deciding
(bot.dialogue.handoff: escalations, outbox) join the same transaction. A failure anywhere stores
nothing of the turn. On StaleSession (another instance or update saved the session first) the
transaction is rolled back and the turn redone on a fresh copy, up to SAVE_ATTEMPTS times
with a short random pause; then the citizen gets texts.BUSY. On DuplicateUpdate (the same
Telegram update was handled already, e.g. by another instance) the turn has no effect and
no reply.

Session (owned here):
    state      "idle" | "guide" (a walkthrough on screen) | "paused" (walkthrough stopped with
               "Dừng"; /tieptuc resumes it)
    procedure  the walkthrough's procedure id; step: its current step id
    data       bot.dialogue.session_data.SessionData (turn.data): the button nonce, the steps
               visited before the current one, the procedures offered to choose from, the
               question waiting for a volunteer, the feedback given, ...; decoded from the
               stored JSON when the turn starts, encoded back before the save

Button data: packed and parsed by bot.dialogue.callbacks (one type per kind of button,
malformed data refused there), at most 64 bytes (Telegram's callback limit). Citizens'
buttons carry a nonce: 4 random characters stored in the session and renewed whenever the
state (walkthrough position, history, clarify offer) changes, so a press on an outdated
message or forged data gets texts.STALE_BUTTON and leaves the session untouched. Ids in
button data are always checked against the knowledge base.

A question about one aspect of a procedure (fee, time, documents, where, online, who: see
knowledge.facets) gets a short answer (bot.dialogue.cards.facet_answer) with buttons for the whole card
and the steps; "online" for a procedure with a walkthrough starts the walkthrough. A matched
neighbour (out_of_scope) of kind "service" gets its "where to go" line and the volunteer offer;
kind "chitchat" one polite line, nothing else. Facts whose valid_until has passed are never
shown (bot.dialogue.cards); `today` is the date in Config.timezone.

Question log decisions: "answer", "clarify", "none" (unknown or out of scope), "small_talk",
"noise", "guide" (a typed "tiếp"/choice inside a walkthrough), "unresolved" (handed to a
volunteer). Personal data is masked (bot.dialogue.privacy) before anything is stored: tags such as
"[số CCCD]" in the question log, a neutral "***" in what the matcher sees.
"""
from __future__ import annotations

import asyncio
import logging
import random
import secrets
import string
from collections.abc import Callable
from datetime import date, datetime

from bot.config import Config
from bot.dialogue import browse, guide, session_data, texts
from bot.dialogue import callbacks as cb
from bot.dialogue.answers import Answers
from bot.dialogue.handoff import HandOff
from bot.dialogue.hours import time_zone
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.dialogue.relayed import RelayedAnswers
from bot.dialogue.session_data import Media
from bot.dialogue.splitting import split
from bot.dialogue.types import MEDIA_KINDS, Button, Event, EventKind, Reply, Turn, looks_sensitive, mask
from bot.dialogue.types import NONCE as _NONCE
from bot.storage.ports import (
    DialogueStore,
    DuplicateUpdate,
    StaleSession,
    TurnWrites,
)
from knowledge.routing import Route

log = logging.getLogger(__name__)

COMMANDS: list[tuple[str, str]] = texts.COMMANDS
MAX_CALLBACK_BYTES = 64
SAVE_ATTEMPTS = 6  # turns tried when the session keeps changing underneath (StaleSession)
RETRY_PAUSE = 0.01  # seconds; the n-th redo first waits a random time up to RETRY_PAUSE * 2**(n-1)
# Only the start of a long message is routed: Config.max_text_chars (DVCBOT_MAX_TEXT_CHARS).
# Anything beyond Telegram's own limit (the terminal, a forged update) is cut off first, so that
# masking, logging and forwarding a message cost a bounded time too.
MAX_INPUT_CHARS = 4096
GUIDE_PAYLOAD_PREFIX = "guide-"
_NONCE_ALPHABET = string.ascii_lowercase + string.digits
_Turn = Turn
__all__ = ["COMMANDS", "GUIDE_PAYLOAD_PREFIX", "MAX_CALLBACK_BYTES", "MEDIA_KINDS", "Button", "Engine",
           "Event", "EventKind", "Reply", "looks_sensitive", "mask"]


def _state_key(t: Turn) -> tuple[object, ...]:
    s = t.session
    return (s.state, s.procedure, s.step, tuple(t.data.history), tuple(t.data.clarify))


class _DispatchFailed(Exception):
    """The turn's decision raised (a bug): nothing of the turn is stored, texts.ERROR is shown."""


def _new_nonce(old: str | None) -> str:
    base = len(_NONCE_ALPHABET)
    while True:
        k = secrets.randbelow(base ** 4)  # one draw from the OS, not one per character
        n = "".join(_NONCE_ALPHABET[(k // base ** i) % base] for i in range(4))
        if n != old:
            return n


class Engine:
    def __init__(self, knowledge: LiveKnowledge, repo: DialogueStore, config: Config | None = None,
                 today: Callable[[], date] | None = None, *,
                 on_outbox: Callable[[], None] | None = None) -> None:
        self.knowledge = knowledge
        self.repo = repo
        self.config = config or Config()
        # The date facts are checked against (valid_until); a test may pass another clock.
        self.today = today or self._local_today
        self.answers = Answers(lambda: self.today())
        # Called after messages were put in the outbox (the Telegram adapter sends them at once).
        self.on_outbox = on_outbox
        # The volunteer hand-off, citizen side: routes "Trợ lý tự trả lời" back through us.
        self.handoff = HandOff(self.config, repo, route_text=self._route_unassisted, kick=self._kick_outbox)
        self.relayed = RelayedAnswers(self.config, repo, self.handoff.kick_safely)

    def _local_today(self) -> date:
        return datetime.now(time_zone(self.config.timezone)).date()

    def _kick_outbox(self) -> None:
        if self.on_outbox is not None:
            self.on_outbox()

    async def _route_unassisted(self, t: Turn, text: str) -> list[Reply]:
        """The text routed by the assistant even while an escalation is open."""
        return await self._on_text(t, text, hand_off=False)

    # ==== entry point ====================================================================================
    async def handle(self, event: Event, update_id: int | None = None) -> list[Reply]:
        """The replies to one event. `update_id`: the Telegram update it came in (recorded as
        processed together with the turn's effects; [] if it was already handled)."""
        # Another instance (or a concurrent update) may save the citizen's session between our
        # load and save (StaleSession): the turn is then redone on a fresh copy, after a short
        # random pause, up to SAVE_ATTEMPTS times in all; then the citizen is asked to resend.
        turn_key = secrets.token_hex(8)
        for attempt in range(SAVE_ATTEMPTS):
            if attempt:
                await asyncio.sleep(random.uniform(0, RETRY_PAUSE * 2 ** (attempt - 1)))
            try:
                async with self.repo.unit_of_work():
                    replies, nonce = await self._turn(event, turn_key, update_id)
            except _DispatchFailed:
                return [Reply(texts.ERROR)]
            except StaleSession:
                if attempt + 1 < SAVE_ATTEMPTS:
                    log.info("session %s changed meanwhile; redoing the turn", event.citizen)
                    continue
                log.warning("session %s still stale after %d attempts; giving up this turn",
                            event.citizen, SAVE_ATTEMPTS)
                return [Reply(texts.BUSY)]
            except DuplicateUpdate:
                log.info("update %s was already handled; no reply", update_id)
                return []
            return _finalise(replies, nonce)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _turn(self, event: Event, turn_key: str, update_id: int | None) -> tuple[list[Reply], str]:
        """One attempt, inside the turn's unit of work: decide, then store it all (save_turn)."""
        session = await self.repo.load_session(event.citizen)
        snap = self.knowledge.current
        turn = _Turn(event, session, snap.kb, snap.matcher, key=turn_key,
                     facets=snap.facet_detector, data=session_data.decode(session.data))
        before_key = _state_key(turn)
        # What would be stored, to tell whether the turn changed the session (cheaper than a
        # deep copy of the SessionData, and exactly "would the save write something new").
        before = (session.state, session.procedure, session.step, session_data.encode(turn.data))

        try:
            replies = await self.relayed.answers_not_sent(turn) + await self._dispatch(turn)
        except Exception as exc:  # a bug must not leave the citizen without an answer
            log.exception("engine failed on a %s event of %s", event.kind, event.citizen)
            raise _DispatchFailed from exc  # (rolls back what the turn wrote so far)
        guide.offer_continue(turn, replies)

        data = turn.data
        if _state_key(turn) != before_key or (
                data.nonce is None and any(r.buttons for r in replies)):
            data.nonce = _new_nonce(data.nonce)
        stored = session_data.encode(data)
        changed = (session.state, session.procedure, session.step, stored) != before
        if changed:
            session.data = stored
        await self.repo.save_turn(session if changed else None,
                                  TurnWrites(turn.questions, turn.feedback, turn.guide_events), update_id)
        return replies, data.nonce or ""

    async def _dispatch(self, t: _Turn) -> list[Reply]:
        e = t.event
        if e.kind == "text" and e.text.strip().startswith("/"):
            e = Event.message(e.citizen, e.text)  # a command that arrived as plain text
        if e.kind == "text":
            return await self._on_text(t, e.text)
        if e.kind == "button":
            return await self._on_button(t, e.data)
        if e.kind == "command":
            name = e.command.strip().lstrip("/").split("@", 1)[0].lower()
            handed = await self.handoff.on_command(t, name, e.args)
            return handed if handed is not None else self._on_command(t, e.command, e.args)
        handed = await self.handoff.on_media(t, e)
        return handed if handed is not None else self._on_media(t, e.media or "other")

    # ==== free text ======================================================================================
    async def _on_text(self, t: _Turn, raw: str, hand_off: bool = True) -> list[Reply]:
        text = (raw or "")[:MAX_INPUT_CHARS].strip()
        if not text:
            return [Reply(texts.EMPTY_TEXT)]
        replies: list[Reply] = []
        if looks_sensitive(text) and hand_off:
            replies.append(Reply(texts.SENSITIVE_WARNING))
        if hand_off:  # an open escalation, "gặp người", a follow-up: see bot.dialogue.handoff
            handed = await self.handoff.on_text(t, text)
            if handed is not None:
                return replies + handed
        masked = mask(text)
        limit = self.config.max_text_chars
        routed = masked[:limit]
        if len(masked) > limit:
            replies.append(Reply(texts.TOO_LONG))

        typed = guide.typed(t, routed)
        if typed is not None:
            t.record(text, guide.folded(routed), "guide", t.session.procedure, 0.0)
            return replies + typed

        route = t.matcher.route(routed)
        decision = route.decision if route.kind not in ("small_talk", "noise") else route.kind
        t.record(text, route.normalised, decision, route.procedure, route.score)
        t.data.clarify = []
        # The question waiting for a volunteer is kept masked; its numbers only sealed, for
        # the claiming volunteer's "Xem số đã ẩn" (bot.dialogue.handoff.keep_question).
        return replies + self._respond(t, route, self.handoff.keep_question(t, text))

    def _respond(self, t: _Turn, route: Route, text: str) -> list[Reply]:
        p = t.kb.get(route.procedure or "")
        if route.decision == "answer" and p is not None:
            t.data.pending = None
            return self.answers.answer(t, p, self.answers.facet(t, text), text)
        if route.decision == "clarify":
            found = [c for c in (t.kb.get(pid) for pid in route.candidates) if c is not None]
            if len(found) >= 2:
                return self.answers.clarify(t, found, text)
            if found:
                return self.answers.answer(t, found[0], self.answers.facet(t, text), text)
        if route.kind == "small_talk":
            return self._small_talk(t, text)
        if route.kind == "noise":
            return [Reply(texts.NOISE)]
        neighbour = t.kb.neighbour(route.out_of_scope) if route.kind == "out_of_scope" and route.out_of_scope else None
        if neighbour is not None and neighbour.kind == "chitchat":
            return [Reply(texts.OUT_OF_SCOPE_CHITCHAT)]  # no counter, no volunteer
        return self.answers.dont_know(t, text, neighbour.go if neighbour is not None else None)

    def _small_talk(self, t: _Turn, text: str) -> list[Reply]:
        kind = t.matcher.normaliser.small_talk_kind(text)
        reply = texts.SMALL_TALK.get(kind or "", texts.SMALL_TALK_DEFAULT)
        if kind == "greeting":
            resume = guide.resume_offer(t)
            if resume is not None:
                return [Reply(f"{reply}\n{resume.text}", resume.buttons)]
        return [Reply(reply)]

    async def hand_off_to_volunteer(self, t: _Turn, question: str, procedure: str | None = None,
                                    media: Media | None = None) -> list[Reply]:
        """THE volunteer path: every "Gửi cho tình nguyện viên" ends here.

        The citizen is asked for consent (Đồng ý / Không); on "Đồng ý" bot.dialogue.handoff opens an
        escalation with its context, posts it to the volunteers' group (through the outbox)
        and logs the question as "unresolved". See bot.dialogue.handoff for the whole citizen side.
        """
        return await self.handoff.offer(t, question, procedure, media)

    # ==== buttons ============================================================================================
    async def _on_button(self, t: _Turn, data: str) -> list[Reply]:
        """A pressed button: parsed (bot.dialogue.callbacks), its nonce checked, then done."""
        pressed = cb.parse(data)
        if isinstance(pressed, cb.AnswerButton):  # under a volunteer's answer: no nonce
            result = await self.relayed.on_answer_button(t, pressed)
            return result if result is not None else guide.stale(t)
        nonce = t.data.nonce
        if pressed is None or not nonce or pressed.nonce != nonce:
            return guide.stale(t)
        result = await self._pressed(t, pressed.button)
        return result if result is not None else guide.stale(t)

    async def _pressed(self, t: _Turn, button: cb.CitizenData) -> list[Reply] | None:
        if isinstance(button, cb.Volunteer):
            if button.what in ("yes", "no", "auto"):
                return await self.handoff.on_button(t, button.what)
            return await self._volunteer_button(t, button)
        if isinstance(button, cb.GuideNav):
            return guide.on_button(t, button)
        if isinstance(button, cb.StartGuide):
            return guide.start(t, button.procedure)
        if isinstance(button, cb.Open):
            p = t.kb.get(button.procedure)
            return self.answers.detail(t, p, button.action) if p is not None else None
        if isinstance(button, cb.Feedback):
            return self.answers.feedback(t, button)
        if isinstance(button, cb.Clarify):
            return self._clarify_choice(t, button.choice)
        return browse.topics(t, button.topic)

    def _clarify_choice(self, t: _Turn, choice: int | None) -> list[Reply] | None:
        offered = t.data.clarify
        if choice is None and offered:
            t.data.clarify = []
            return self.answers.dont_know(t, t.data.pending or "")
        if choice is None or choice >= len(offered):
            return None
        p = t.kb.get(offered[choice])
        if p is None:
            return None
        t.data.clarify = []
        question, t.data.pending = t.data.pending, None
        return self.answers.answer(t, p, self.answers.facet(t, question) if question else None, question or "")

    async def _volunteer_button(self, t: _Turn, button: cb.Volunteer) -> list[Reply] | None:
        what = button.what
        if what == "q":
            question = t.data.pending
            if not question:
                return [Reply(texts.VOLUNTEER_ALREADY if t.data.handed else texts.VOLUNTEER_NOTHING)]
            return await self.hand_off_to_volunteer(t, question)
        if what == "stuck":
            pos = guide.position(t)
            if pos is None:
                return None
            note = texts.VOLUNTEER_STUCK_NOTE.format(n=pos.number, title=pos.procedure.title)
            return await self.hand_off_to_volunteer(t, note, pos.procedure.id)
        if what == "photo":
            media, t.data.media = t.data.media, None
            note = texts.VOLUNTEER_PHOTO_NOTE
            if media and media.caption:
                note = f"{note}: {media.caption}"
            return await self.hand_off_to_volunteer(t, note, media=media)
        p = t.kb.get(button.procedure or "") if what == "fb" else None
        if p is not None:
            return await self.hand_off_to_volunteer(t, texts.VOLUNTEER_FEEDBACK_NOTE.format(title=p.title), p.id)
        return None

    # ==== commands =============================================================================================
    def _on_command(self, t: _Turn, command: str, args: str) -> list[Reply]:
        name = command.strip().lstrip("/").split("@", 1)[0].lower()
        if name == "start":
            return self._start(t, args.strip())
        if name in ("help", "giup", "huongdan"):
            return [Reply(texts.HELP.format(commands=_command_list()))]
        if name == "thutuc":
            return browse.topics(t, None) or []
        if name == "huy":
            return self._cancel(t)
        if name == "tieptuc":
            return guide.resume(t)
        return [Reply(texts.UNKNOWN_COMMAND.format(command=name[:30], commands=_command_list()))]

    def _start(self, t: _Turn, payload: str) -> list[Reply]:
        """/start, or a deep link t.me/<bot>?start=<payload>.

        Payload forms: "<procedure-id>" opens the procedure's card; "guide-<procedure-id>"
        starts its walkthrough. Anything else (or nothing) shows the plain welcome.
        """
        if payload.startswith(GUIDE_PAYLOAD_PREFIX):
            started = guide.start(t, payload[len(GUIDE_PAYLOAD_PREFIX):])
            if started is not None:
                return started
        elif payload and (p := t.kb.get(payload)) is not None:
            return self.answers.answer(t, p)
        rows: list[list[Button]] = []
        resume = guide.resume_offer(t)
        text = texts.WELCOME
        if resume is not None:
            rows.extend(resume.buttons)
            text = f"{texts.WELCOME}\n\n{resume.text}"
        shortcuts = [Button(label, cb.Open("p", pid).pack()) for label, pid in texts.START_SHORTCUTS
                     if t.kb.get(pid) is not None]
        rows.extend(shortcuts[i:i + 2] for i in range(0, len(shortcuts), 2))
        rows.append([Button(texts.BTN_ALL_PROCEDURES, cb.Browse().pack())])
        return [Reply(text, rows)]

    def _cancel(self, t: _Turn) -> list[Reply]:
        s = t.session
        title = None
        if s.state in (guide.GUIDE, guide.PAUSED) and s.procedure:
            p = t.kb.get(s.procedure)
            title = p.title if p else None
        had_something = s.state != guide.IDLE or bool(t.data.clarify) or bool(t.data.pending)
        guide.clear(t)
        t.data.clarify, t.data.pending = [], None
        if title:
            return [Reply(texts.CANCELLED_GUIDE.format(title=title))]
        return [Reply(texts.CANCELLED if had_something else texts.NOTHING_TO_CANCEL)]

    # ==== photos, voice, stickers ... ===================================================================
    def _on_media(self, t: _Turn, kind: str) -> list[Reply]:
        """Only text is understood; say so kindly, and change nothing."""
        reply = Reply(texts.MEDIA.get(kind, texts.MEDIA_DEFAULT))
        if kind == "photo":
            reply.buttons.append([Button(texts.BTN_VOLUNTEER, cb.Volunteer("photo").pack())])
        return [reply]

def _command_list() -> str:
    return "\n".join(texts.COMMAND_LINE.format(command=c, description=d) for c, d in COMMANDS)


def _finalise(replies: list[Reply], nonce: str) -> list[Reply]:
    """Put the session's nonce into button data; split texts above Telegram's limit."""
    out: list[Reply] = []
    for r in replies:
        rows: list[list[Button]] = []
        for row in r.buttons:
            new_row = []
            for b in row:
                data = b.data.replace(_NONCE, nonce, 1)
                if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
                    log.warning("button %r dropped: callback data %r over %d bytes", b.label, data, MAX_CALLBACK_BYTES)
                    continue
                new_row.append(Button(b.label, data))
            if new_row:
                rows.append(new_row)
        parts = split(r.text)
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            out.append(Reply(part, rows if last else [], edit=r.edit and i == 0))
    return out
