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
    data       {"n": button nonce, "history": [step ids visited before the current one],
                "clarify": [candidate ids offered], "pending": question waiting for a
                volunteer, "rated": [feedback already given], ...}

Button data: "<action>:<nonce>[:<arg>...]", at most 64 bytes (Telegram's callback limit).
The nonce is 4 random characters stored in the session and renewed whenever the state
(walkthrough position, history, clarify offer) changes, so a press on an outdated message
or forged data gets texts.STALE_BUTTON and leaves the session untouched. Ids in button data
are always checked against the knowledge base.
    p:N:<pid>            open the card of a procedure
    st:N:<pid>           its steps            fq:N:<pid>       its FAQ and notes
    dc:N:<pid>           its documents        sr:N:<pid>       its sources in full
    dt:N:<pid>           everything, unshortened (when the card or a short answer was shortened)
    fb:N:<pid>:1|0[:g]   feedback useful / not useful (g: on a walkthrough)
    gs:N:<pid>           start the walkthrough (guide) of a procedure
    g:N:next             "Tiếp" on the current step (or "Xong" on the last one)
    g:N:c:<i>            choice i of the current step
    g:N:back | stuck | stop | go    "Quay lại", "Tôi bị vướng", "Dừng", continue/resume
    c:N:<i> | c:N:x      clarify: candidate i of the offered ones | "Không phải"
    v:N:q | stuck | photo | fb:<pid>    send to a volunteer (see hand_off_to_volunteer)
    v:N:yes | no | auto  consent to share with volunteers; "Trợ lý tự trả lời" (bot.dialogue.handoff)
    e:-:ok|more:<id>, e:-:fb:<id>:1|0   under a volunteer's relayed answer (no nonce; bot.dialogue.handoff)
    t:N | t:N:<topic> | t:N:- | t:N:+   browse: topics | one topic | procedures without topic
                                        | the walkthroughs (guides)

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
import copy
import logging
import random
import secrets
import string
from collections.abc import Callable
from datetime import date, datetime

from knowledge.models import GuideStep, Procedure
from knowledge.normalise import words
from knowledge.routing import Route

from bot.config import Config
from bot.dialogue import cards, texts
from bot.dialogue.handoff import HandOff
from bot.dialogue.hours import time_zone
from bot.dialogue.live_knowledge import LiveKnowledge, facets_for
from bot.dialogue.types import MEDIA_KINDS, Button, Event, EventKind, Reply, Turn, looks_sensitive, mask
from bot.dialogue.types import NONCE as _NONCE
from bot.storage.ports import (
    DuplicateUpdate,
    FeedbackRecord,
    GuideEvent,
    Repository,
    Session,
    StaleSession,
    TurnWrites,
)

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
_IDLE, _GUIDE, _PAUSED = "idle", "guide", "paused"
_Turn = Turn
__all__ = ["COMMANDS", "GUIDE_PAYLOAD_PREFIX", "MAX_CALLBACK_BYTES", "MEDIA_KINDS", "Button", "Engine",
           "Event", "EventKind", "Reply", "looks_sensitive", "mask"]


def _folded(text: str) -> str:
    return " ".join(words(text))


def _state_key(s: Session) -> tuple:
    return (s.state, s.procedure, s.step, tuple(s.data.get("history", ())), tuple(s.data.get("clarify", ())))


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
    def __init__(self, knowledge: LiveKnowledge, repo: Repository, config: Config | None = None,
                 today: Callable[[], date] | None = None, *,
                 on_outbox: Callable[[], None] | None = None) -> None:
        self.knowledge = knowledge
        self.repo = repo
        self.config = config or Config()
        # The date facts are checked against (valid_until); a test may pass another clock.
        self.today = today or self._local_today
        # Called after messages were put in the outbox (the Telegram adapter sends them at once).
        self.on_outbox = on_outbox
        # The volunteer hand-off, citizen side: routes "Trợ lý tự trả lời" back through us.
        self.handoff = HandOff(self.config, repo, route_text=self._route_unassisted, kick=self._kick_outbox)

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
                     facets=getattr(snap, "facet_detector", None))
        before_key = _state_key(session)
        before = (session.state, session.procedure, session.step, copy.deepcopy(session.data))

        try:
            replies = await self.handoff.answers_not_sent(turn) + await self._dispatch(turn)
        except Exception as exc:  # a bug must not leave the citizen without an answer
            log.exception("engine failed on a %s event of %s", event.kind, event.citizen)
            raise _DispatchFailed from exc  # (rolls back what the turn wrote so far)
        self._offer_continue(turn, replies)

        data = session.data
        if _state_key(session) != before_key or (
                "n" not in data and any(r.buttons for r in replies)):
            data["n"] = _new_nonce(data.get("n"))
        changed = (session.state, session.procedure, session.step, session.data) != before
        await self.repo.save_turn(session if changed else None,
                                  TurnWrites(turn.questions, turn.feedback, turn.guide_events), update_id)
        return replies, data.get("n", "")

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

        typed = self._typed_in_guide(t, routed)
        if typed is not None:
            t.record(text, _folded(routed), "guide", t.session.procedure, 0.0)
            return replies + typed

        route = t.matcher.route(routed)
        decision = route.decision if route.kind not in ("small_talk", "noise") else route.kind
        t.record(text, route.normalised, decision, route.procedure, route.score)
        t.data.pop("clarify", None)
        # The question waiting for a volunteer is kept masked; its numbers only sealed, for
        # the claiming volunteer's "Xem số đã ẩn" (bot.dialogue.handoff.keep_question).
        return replies + self._respond(t, route, self.handoff.keep_question(t, text))

    def _respond(self, t: _Turn, route: Route, text: str) -> list[Reply]:
        if route.decision == "answer" and t.kb.get(route.procedure or ""):
            t.data.pop("pending", None)
            return self._answer(t, t.kb.get(route.procedure), self._facet(t, text), text)  # type: ignore[arg-type]
        if route.decision == "clarify":
            candidates = [c for c in route.candidates if t.kb.get(c)]
            if len(candidates) >= 2:
                return self._clarify(t, candidates, text)
            if candidates:
                return self._answer(t, t.kb.get(candidates[0]), self._facet(t, text), text)  # type: ignore[arg-type]
        if route.kind == "small_talk":
            return self._small_talk(t, text)
        if route.kind == "noise":
            return [Reply(texts.NOISE)]
        neighbour = t.kb.neighbour(route.out_of_scope) if route.kind == "out_of_scope" and route.out_of_scope else None
        if neighbour is not None and neighbour.kind == "chitchat":
            return [Reply(texts.OUT_OF_SCOPE_CHITCHAT)]  # no counter, no volunteer
        return self._dont_know(t, text, neighbour.go if neighbour is not None else None)

    def _small_talk(self, t: _Turn, text: str) -> list[Reply]:
        kind = None
        normaliser = getattr(t.matcher, "normaliser", None)
        if normaliser is not None:
            kind = normaliser.small_talk_kind(text)
        reply = texts.SMALL_TALK.get(kind or "", texts.SMALL_TALK_DEFAULT)
        if kind == "greeting":
            resume = self._resume_offer(t)
            if resume is not None:
                return [Reply(f"{reply}\n{resume.text}", resume.buttons)]
        return [Reply(reply)]

    def _typed_in_guide(self, t: _Turn, text: str) -> list[Reply] | None:
        """"tiếp", "quay lại" or a choice's label typed while a walkthrough is on screen."""
        pos = self._position(t)
        if pos is None or t.session.state != _GUIDE:
            return None
        p, step = pos
        folded = _folded(text)
        for i, choice in enumerate(step.choices):
            if folded == _folded(choice.label):
                return self._guide_choice(t, str(i), edit=False)
        if folded in texts.TYPED_NEXT:
            if step.choices:
                return [self._step_reply(t, p, step)]
            return self._guide_next(t, edit=False)
        if folded in texts.TYPED_BACK and t.data.get("history"):
            return self._guide_back(t, edit=False)
        return None

    # ==== answering, clarifying, not knowing ============================================================
    @staticmethod
    def _facet(t: _Turn, text: str) -> str | None:
        """The one aspect a question asks about (fee, time, documents, where, online, who)."""
        if t.facets is None:  # a knowledge snapshot without its detector: build one for its base
            t.facets = facets_for(t.kb)
        return t.facets.detect(text)

    def _answer(self, t: _Turn, p: Procedure, facet: str | None = None, question: str = "") -> list[Reply]:
        """The card of `p`, or the short answer to the one aspect `question` asked about."""
        rated = t.data.get("rated")
        if rated and p.id in rated:
            t.data["rated"] = [r for r in rated if r != p.id]
        if facet == "online" and p.guide is not None:
            return self._start_guide(t, p.id) or []  # "làm online thế nào": walk them through it
        today = self.today()
        short = cards.facet_answer(p, facet, today, question) if facet else None
        if short is not None:
            rows = [[Button(texts.BTN_STEPS, f"st:{_NONCE}:{p.id}"), Button(texts.BTN_CARD, f"p:{_NONCE}:{p.id}")]]
            if not short.complete:
                rows.append([Button(texts.BTN_DETAILS, f"dt:{_NONCE}:{p.id}")])
            if p.guide is not None:
                rows.append([Button(texts.BTN_GUIDE, f"gs:{_NONCE}:{p.id}")])
            rows.append(_feedback_row(p.id))
            return [Reply(short.text, rows)]
        shown = cards.card(p, today)
        first = [Button(texts.BTN_STEPS, f"st:{_NONCE}:{p.id}")]
        if p.documents:
            first.append(Button(texts.BTN_DOCUMENTS, f"dc:{_NONCE}:{p.id}"))
        second = [Button(texts.BTN_FAQ, f"fq:{_NONCE}:{p.id}")] if cards.has_faq_or_notes(p) else []
        second.append(Button(texts.BTN_SOURCES, f"sr:{_NONCE}:{p.id}"))
        if not shown.complete:
            second.append(Button(texts.BTN_DETAILS, f"dt:{_NONCE}:{p.id}"))
        rows = [first, second]
        if p.guide is not None:
            rows.append([Button(texts.BTN_GUIDE, f"gs:{_NONCE}:{p.id}")])
        rows.append(_feedback_row(p.id))
        return [Reply(shown.text, rows)]

    def _clarify(self, t: _Turn, candidates: list[str], text: str) -> list[Reply]:
        t.data["clarify"] = candidates[:3]
        t.data["pending"] = text
        rows = [[Button(t.kb.get(c).title, f"c:{_NONCE}:{i}")] for i, c in enumerate(candidates[:3])]  # type: ignore[union-attr]
        rows.append([Button(texts.BTN_NONE_OF_THESE, f"c:{_NONCE}:x")])
        return [Reply(texts.CLARIFY, rows)]

    def _dont_know(self, t: _Turn, text: str, go: str | None = None) -> list[Reply]:
        """Say plainly that we do not know (never guess) and offer a volunteer; for a neighbouring
        service (`go`: its "where to go" line) say where it is done instead."""
        t.data["pending"] = text
        t.data.pop("handed", None)
        body = (f"{texts.OUT_OF_SCOPE_SERVICE.format(go=go.strip())}\n{texts.OUT_OF_SCOPE_VOLUNTEER}"
                if go and go.strip() else texts.DONT_KNOW)
        return [Reply(body, [[Button(texts.BTN_VOLUNTEER, f"v:{_NONCE}:q")]])]

    async def hand_off_to_volunteer(self, t: _Turn, question: str, procedure: str | None = None,
                                    media: dict | None = None) -> list[Reply]:
        """THE volunteer path: every "Gửi cho tình nguyện viên" ends here.

        The citizen is asked for consent (Đồng ý / Không); on "Đồng ý" bot.dialogue.handoff opens an
        escalation with its context, posts it to the volunteers' group (through the outbox)
        and logs the question as "unresolved". See bot.dialogue.handoff for the whole citizen side.
        """
        return await self.handoff.offer(t, question, procedure, media)

    # ==== buttons ============================================================================================
    async def _on_button(self, t: _Turn, data: str) -> list[Reply]:
        parts = (data or "").split(":")
        if parts[0] == "e" and len(parts) >= 2 and parts[1] == "-":  # under a volunteer's answer
            result = await self.handoff.on_answer_button(t, parts[2:])
            return result if result is not None else self._stale(t)
        nonce = t.data.get("n")
        if len(parts) < 2 or not nonce or parts[1] != nonce:
            return self._stale(t)
        action, args = parts[0], parts[2:]
        result: list[Reply] | None = None
        if action == "v" and len(args) == 1 and args[0] in ("yes", "no", "auto"):
            result = await self.handoff.on_button(t, args[0])
            return result if result is not None else self._stale(t)
        if action == "g" and args:
            result = self._on_guide_button(t, args)
        elif action == "gs" and len(args) == 1:
            result = self._start_guide(t, args[0])
        elif action in ("p", "st", "fq", "dc", "sr", "dt") and len(args) == 1:
            p = t.kb.get(args[0])
            if p is not None:
                result = self._detail(t, p, action)
        elif action == "fb" and len(args) in (2, 3):
            result = self._feedback(t, args)
        elif action == "c" and len(args) == 1:
            result = self._clarify_choice(t, args[0])
        elif action == "v" and args:
            result = await self._volunteer_button(t, args)
        elif action == "t" and len(args) <= 1:
            result = self._browse(t, args[0] if args else None)
        return result if result is not None else self._stale(t)

    def _stale(self, t: _Turn) -> list[Reply]:
        """An outdated or forged button: say so, change nothing, offer to continue."""
        pos = self._position(t)
        if pos is not None:
            p, step = pos
            n = cards.step_position(p.guide, step.id, len(t.data.get("history", [])))[0]  # type: ignore[arg-type]
            return [Reply(texts.STALE_BUTTON_IN_GUIDE.format(n=n, title=p.title),
                          [[Button(texts.BTN_RESUME.format(n=n), f"g:{_NONCE}:go")]])]
        return [Reply(texts.STALE_BUTTON)]

    def _detail(self, t: _Turn, p: Procedure, action: str) -> list[Reply] | None:
        """A button of the card: the card itself or one of its details (None: not offered)."""
        if action == "p":
            return self._answer(t, p)
        if action == "st":
            return [Reply(cards.steps(p), self._steps_buttons(p))]
        if action == "fq":
            return [Reply(cards.faq(p, self.today()), [_feedback_row(p.id)])] if cards.has_faq_or_notes(p) else None
        if action == "dc":
            return [Reply(cards.documents(p), [[Button(texts.BTN_CARD, f"p:{_NONCE}:{p.id}")]])]
        if action == "sr":
            return [Reply(cards.sources(p), [[Button(texts.BTN_CARD, f"p:{_NONCE}:{p.id}")]])]
        return [Reply(cards.details(p, self.today()),
                      [[Button(texts.BTN_STEPS, f"st:{_NONCE}:{p.id}")], *self._steps_buttons(p)])]

    def _steps_buttons(self, p: Procedure) -> list[list[Button]]:
        rows = []
        if p.guide is not None:
            rows.append([Button(texts.BTN_GUIDE, f"gs:{_NONCE}:{p.id}")])
        rows.append(_feedback_row(p.id))
        return rows

    def _feedback(self, t: _Turn, args: list[str]) -> list[Reply] | None:
        pid, flag = args[0], args[1]
        on_guide = len(args) == 3
        if t.kb.get(pid) is None or flag not in ("0", "1") or (on_guide and args[2] != "g"):
            return None
        key = f"g:{pid}" if on_guide else pid
        rated = list(t.data.get("rated", []))
        if key in rated:
            return [Reply(texts.FEEDBACK_ALREADY)]
        t.data["rated"] = (rated + [key])[-20:]
        useful = flag == "1"
        t.feedback.append(FeedbackRecord(t.session.citizen, pid, useful, "guide" if on_guide else ""))
        if useful:
            return [Reply(texts.FEEDBACK_THANKS)]
        return [Reply(texts.FEEDBACK_SORRY, [[Button(texts.BTN_VOLUNTEER, f"v:{_NONCE}:fb:{pid}")]])]

    def _clarify_choice(self, t: _Turn, arg: str) -> list[Reply] | None:
        offered = t.data.get("clarify") or []
        if arg == "x" and offered:
            t.data.pop("clarify", None)
            return self._dont_know(t, t.data.get("pending", ""))
        if not (arg.isascii() and arg.isdigit()) or int(arg) >= len(offered):
            return None
        p = t.kb.get(offered[int(arg)])
        if p is None:
            return None
        t.data.pop("clarify", None)
        question = t.data.pop("pending", None)
        return self._answer(t, p, self._facet(t, question) if question else None, question or "")

    async def _volunteer_button(self, t: _Turn, args: list[str]) -> list[Reply] | None:
        what = args[0]
        if what == "q" and len(args) == 1:
            question = t.data.get("pending")
            if not question:
                return [Reply(texts.VOLUNTEER_ALREADY if t.data.get("handed") else texts.VOLUNTEER_NOTHING)]
            return await self.hand_off_to_volunteer(t, question)
        if what == "stuck" and len(args) == 1:
            pos = self._position(t)
            if pos is None:
                return None
            p, step = pos
            n = cards.step_position(p.guide, step.id, len(t.data.get("history", [])))[0]  # type: ignore[arg-type]
            note = texts.VOLUNTEER_STUCK_NOTE.format(n=n, title=p.title)
            return await self.hand_off_to_volunteer(t, note, p.id)
        if what == "photo" and len(args) == 1:
            media = t.data.pop("media", None)
            note = texts.VOLUNTEER_PHOTO_NOTE
            if media and media.get("c"):
                note = f"{note}: {media['c']}"
            return await self.hand_off_to_volunteer(t, note, media=media)
        if what == "fb" and len(args) == 2 and t.kb.get(args[1]) is not None:
            p = t.kb.get(args[1])
            return await self.hand_off_to_volunteer(t, texts.VOLUNTEER_FEEDBACK_NOTE.format(title=p.title), p.id)  # type: ignore[union-attr]
        return None

    # ==== walkthroughs: what happens when a citizen presses "Tiếp" (and the other step buttons) ======
    def _on_guide_button(self, t: _Turn, args: list[str]) -> list[Reply] | None:
        cmd = args[0]
        if cmd == "go" and len(args) == 1:
            return self._resume(t)
        if t.session.state != _GUIDE or self._position(t) is None:
            return None
        if cmd == "next" and len(args) == 1:
            return self._guide_next(t, edit=True)
        if cmd == "c" and len(args) == 2:
            return self._guide_choice(t, args[1], edit=True)
        if cmd == "back" and len(args) == 1:
            return self._guide_back(t, edit=True)
        if cmd == "stuck" and len(args) == 1:
            return self._guide_stuck(t)
        if cmd == "stop" and len(args) == 1:
            return self._guide_stop(t)
        return None

    def _position(self, t: _Turn) -> tuple[Procedure, GuideStep] | None:
        """The walkthrough in progress (on screen or paused), if it still exists as saved."""
        s = t.session
        if s.state not in (_GUIDE, _PAUSED) or not s.procedure or not s.step:
            return None
        p = t.kb.get(s.procedure)
        if p is None or p.guide is None:
            return None
        step = p.guide.step(s.step)
        if step is None or step.id not in p.guide.depths():
            return None
        return p, step

    def _start_guide(self, t: _Turn, pid: str) -> list[Reply] | None:
        p = t.kb.get(pid)
        if p is None or p.guide is None:
            return None
        s = t.session
        s.state, s.procedure, s.step = _GUIDE, p.id, p.guide.start.id
        t.data["history"] = []
        t.data.pop("clarify", None)
        return [self._step_reply(t, p, p.guide.start)]

    def _move(self, t: _Turn, p: Procedure, target: str, edit: bool) -> list[Reply] | None:
        step = p.guide.step(target)  # type: ignore[union-attr]
        if step is None:
            return None
        t.data["history"] = list(t.data.get("history", [])) + [t.session.step]
        t.session.step = step.id
        return [self._step_reply(t, p, step, edit=edit)]

    def _guide_next(self, t: _Turn, edit: bool) -> list[Reply] | None:
        p, step = self._position(t)  # type: ignore[misc]
        if step.choices:
            return None  # "Tiếp" is not on a step with choices: forged
        target = p.guide.next_of(step.id)  # type: ignore[union-attr]
        if target is None:
            return self._guide_finish(t, p)
        return self._move(t, p, target, edit)

    def _guide_choice(self, t: _Turn, arg: str, edit: bool) -> list[Reply] | None:
        p, step = self._position(t)  # type: ignore[misc]
        if not (arg.isascii() and arg.isdigit()) or int(arg) >= len(step.choices):  # ("²".isdigit())
            return None
        return self._move(t, p, step.choices[int(arg)].goto, edit)

    def _guide_back(self, t: _Turn, edit: bool) -> list[Reply] | None:
        p, _ = self._position(t)  # type: ignore[misc]
        history = [h for h in t.data.get("history", []) if p.guide.step(h) is not None]  # type: ignore[union-attr]
        if not history:
            return None
        target = history.pop()
        t.data["history"] = history
        t.session.step = target
        return [self._step_reply(t, p, p.guide.step(target), edit=edit)]  # type: ignore[union-attr,arg-type]

    def _guide_stuck(self, t: _Turn) -> list[Reply]:
        p, step = self._position(t)  # type: ignore[misc]
        self._guide_event(t, p, step.id, "stuck")
        n = cards.step_position(p.guide, step.id, len(t.data.get("history", [])))[0]  # type: ignore[arg-type]
        return [Reply(texts.GUIDE_STUCK.format(n=n, title=p.title), [
            [Button(texts.BTN_VOLUNTEER, f"v:{_NONCE}:stuck")],
            [Button(texts.BTN_CONTINUE_GUIDE.format(n=n), f"g:{_NONCE}:go")],
        ])]

    def _guide_stop(self, t: _Turn) -> list[Reply]:
        p, step = self._position(t)  # type: ignore[misc]
        n = cards.step_position(p.guide, step.id, len(t.data.get("history", [])))[0]  # type: ignore[arg-type]
        t.session.state = _PAUSED
        return [Reply(texts.GUIDE_STOPPED.format(title=p.title, n=n),
                      [[Button(texts.BTN_RESUME.format(n=n), f"g:{_NONCE}:go")]])]

    def _guide_finish(self, t: _Turn, p: Procedure) -> list[Reply]:
        self._guide_event(t, p, t.session.step or "", "done")
        self._clear_guide(t)
        return [Reply(texts.GUIDE_DONE.format(title=p.title), [_feedback_row(p.id, on_guide=True)])]

    def _resume(self, t: _Turn) -> list[Reply]:
        """Show the saved step again (after "Dừng", a restart, a question in between)."""
        pos = self._position(t)
        s = t.session
        if pos is None:
            p = t.kb.get(s.procedure or "") if s.state in (_GUIDE, _PAUSED) else None
            if p is not None and p.guide is not None:
                # The guide was edited and the saved step is gone: start it again.
                replies = self._start_guide(t, p.id) or []
                return [Reply(texts.GUIDE_RESTARTED.format(title=p.title))] + replies
            if s.state in (_GUIDE, _PAUSED):
                self._clear_guide(t)
                return [Reply(texts.GUIDE_MISSING)]
            return [Reply(texts.GUIDE_NONE)]
        p, step = pos
        s.state = _GUIDE
        return [self._step_reply(t, p, step)]

    def _resume_offer(self, t: _Turn) -> Reply | None:
        pos = self._position(t)
        if pos is None:
            return None
        p, step = pos
        n = cards.step_position(p.guide, step.id, len(t.data.get("history", [])))[0]  # type: ignore[arg-type]
        return Reply(texts.WELCOME_RESUME.format(title=p.title, n=n),
                     [[Button(texts.BTN_RESUME.format(n=n), f"g:{_NONCE}:go")]])

    def _clear_guide(self, t: _Turn) -> None:
        s = t.session
        s.state, s.procedure, s.step = _IDLE, None, None
        t.data.pop("history", None)

    @staticmethod
    def _guide_event(t: _Turn, p: Procedure, step_id: str, kind: str) -> None:
        """For the funnel (bot.reports.stats): stored with the turn."""
        t.guide_events.append(GuideEvent(t.session.citizen, p.id, step_id, kind))

    def _step_reply(self, t: _Turn, p: Procedure, step: GuideStep, edit: bool = False) -> Reply:
        """A step shown to the citizen (recorded as reached for the funnel)."""
        guide = p.guide
        assert guide is not None
        self._guide_event(t, p, step.id, "step")
        rows: list[list[Button]] = []
        if step.choices:
            rows.extend([Button(c.label, f"g:{_NONCE}:c:{i}")] for i, c in enumerate(step.choices))
        else:
            label = texts.BTN_FINISH if guide.next_of(step.id) is None else texts.BTN_NEXT
            rows.append([Button(label, f"g:{_NONCE}:next")])
        nav = []
        if t.data.get("history"):
            nav.append(Button(texts.BTN_BACK, f"g:{_NONCE}:back"))
        nav.append(Button(texts.BTN_STUCK, f"g:{_NONCE}:stuck"))
        nav.append(Button(texts.BTN_STOP, f"g:{_NONCE}:stop"))
        rows.append(nav)
        return Reply(cards.guide_step(p, step, len(t.data.get("history", []))), rows, edit=edit)

    def _offer_continue(self, t: _Turn, replies: list[Reply]) -> None:
        """While a walkthrough is on screen, the latest message always leads back to it."""
        if t.session.state != _GUIDE or not replies:
            return
        pos = self._position(t)
        if pos is None:
            return
        if any(b.data.startswith("g:") for r in replies for row in r.buttons for b in row):
            return
        p, step = pos
        n = cards.step_position(p.guide, step.id, len(t.data.get("history", [])))[0]  # type: ignore[arg-type]
        replies[-1].buttons.append([Button(texts.BTN_CONTINUE_GUIDE.format(n=n), f"g:{_NONCE}:go")])

    # ==== commands =============================================================================================
    def _on_command(self, t: _Turn, command: str, args: str) -> list[Reply]:
        name = command.strip().lstrip("/").split("@", 1)[0].lower()
        if name == "start":
            return self._start(t, args.strip())
        if name in ("help", "giup", "huongdan"):
            return [Reply(texts.HELP.format(commands=_command_list()))]
        if name == "thutuc":
            return self._browse(t, None) or []
        if name == "huy":
            return self._cancel(t)
        if name == "tieptuc":
            return self._resume(t)
        return [Reply(texts.UNKNOWN_COMMAND.format(command=name[:30], commands=_command_list()))]

    def _start(self, t: _Turn, payload: str) -> list[Reply]:
        """/start, or a deep link t.me/<bot>?start=<payload>.

        Payload forms: "<procedure-id>" opens the procedure's card; "guide-<procedure-id>"
        starts its walkthrough. Anything else (or nothing) shows the plain welcome.
        """
        if payload.startswith(GUIDE_PAYLOAD_PREFIX):
            started = self._start_guide(t, payload[len(GUIDE_PAYLOAD_PREFIX):])
            if started is not None:
                return started
        elif payload and t.kb.get(payload) is not None:
            return self._answer(t, t.kb.get(payload))  # type: ignore[arg-type]
        rows: list[list[Button]] = []
        resume = self._resume_offer(t)
        text = texts.WELCOME
        if resume is not None:
            rows.extend(resume.buttons)
            text = f"{texts.WELCOME}\n\n{resume.text}"
        shortcuts = [Button(label, f"p:{_NONCE}:{pid}") for label, pid in texts.START_SHORTCUTS
                     if t.kb.get(pid) is not None]
        rows.extend(shortcuts[i:i + 2] for i in range(0, len(shortcuts), 2))
        rows.append([Button(texts.BTN_ALL_PROCEDURES, f"t:{_NONCE}")])
        return [Reply(text, rows)]

    def _browse(self, t: _Turn, topic: str | None) -> list[Reply] | None:
        kb = t.kb
        topic_ids = {tp.id for tp in kb.topics}
        others = [p for p in kb.procedures if p.topic not in topic_ids]
        topics = [tp for tp in kb.topics if kb.by_topic(tp.id)]
        guides = [p for p in kb.procedures if p.guide is not None]
        guides_row = [Button(texts.BTN_BROWSE_GUIDES.format(n=len(guides)), f"t:{_NONCE}:+")] if guides else []
        if topic == "+" and guides:
            rows = [[Button(p.title, f"gs:{_NONCE}:{p.id}")] for p in guides]
            rows.append([Button(texts.BTN_BACK_TO_TOPICS, f"t:{_NONCE}")])
            return [Reply(texts.BROWSE_GUIDES, rows)]
        if topic is None and topics:
            rows = [[Button(tp.title, f"t:{_NONCE}:{tp.id}")] for tp in topics]
            if others:
                rows.append([Button(texts.BROWSE_OTHER_TOPIC, f"t:{_NONCE}:-")])
            if guides_row:
                rows.append(guides_row)
            return [Reply(texts.BROWSE_TOPICS, rows)]
        if topic is None:
            procs, text = list(kb.procedures), texts.BROWSE_ALL
        elif topic == "-" and others:
            procs, text = others, texts.BROWSE_PROCEDURES.format(topic=texts.BROWSE_OTHER_TOPIC)
        elif topic in topic_ids:
            title = next(tp.title for tp in kb.topics if tp.id == topic)
            procs, text = kb.by_topic(topic), texts.BROWSE_PROCEDURES.format(topic=title)
        else:
            return None
        rows = [[Button(p.title, f"p:{_NONCE}:{p.id}")] for p in procs]
        if topics:
            rows.append([Button(texts.BTN_BACK_TO_TOPICS, f"t:{_NONCE}")])
        elif guides_row:
            rows.append(guides_row)
        return [Reply(text, rows)]

    def _cancel(self, t: _Turn) -> list[Reply]:
        s = t.session
        title = None
        if s.state in (_GUIDE, _PAUSED) and s.procedure:
            p = t.kb.get(s.procedure)
            title = p.title if p else None
        had_something = s.state != _IDLE or bool(t.data.get("clarify")) or bool(t.data.get("pending"))
        self._clear_guide(t)
        for key in ("clarify", "pending"):
            t.data.pop(key, None)
        if title:
            return [Reply(texts.CANCELLED_GUIDE.format(title=title))]
        return [Reply(texts.CANCELLED if had_something else texts.NOTHING_TO_CANCEL)]

    # ==== photos, voice, stickers ... ===================================================================
    def _on_media(self, t: _Turn, kind: str) -> list[Reply]:
        """Only text is understood; say so kindly, and change nothing."""
        reply = Reply(texts.MEDIA.get(kind, texts.MEDIA_DEFAULT))
        if kind == "photo":
            reply.buttons.append([Button(texts.BTN_VOLUNTEER, f"v:{_NONCE}:photo")])
        return [reply]

def _feedback_row(pid: str, on_guide: bool = False) -> list[Button]:
    suffix = ":g" if on_guide else ""
    return [Button(texts.BTN_USEFUL, f"fb:{_NONCE}:{pid}:1{suffix}"),
            Button(texts.BTN_NOT_USEFUL, f"fb:{_NONCE}:{pid}:0{suffix}")]


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
        parts = cards.split(r.text)
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            out.append(Reply(part, rows if last else [], edit=r.edit and i == 0))
    return out
