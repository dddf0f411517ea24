"""The citizen's side of the volunteer hand-off; the engine (bot.dialogue.engine) calls into it.
A volunteer's answer as the citizen gets it (its buttons, the terminal chat's catch-up) is in
bot.dialogue.relayed.

What happens:
  * "Gửi cho tình nguyện viên" (after "I don't know", "Tôi bị vướng", 👎, a photo), /hoinguoi
    or typing "gặp người" / "hỏi cán bộ" / ...: the citizen is asked for consent first
    (ESC_CONSENT, buttons Đồng ý / Không). Nothing is shared before "Đồng ý".
  * At most DVCBOT_MAX_ESCALATIONS_PER_DAY escalations per citizen and local day (counted in
    the database, so across instances): beyond that the citizen is told politely to go to the
    commune's counter or to try tomorrow (ESC_DAILY_LIMIT), before consent is asked and again
    before an escalation is opened; nothing is stored or posted.
  * "Đồng ý": an escalation is stored with its context (the question, the procedure and
    walkthrough step, the last exchanges from the question log, all masked by
    bot.dialogue.privacy) and its post for the volunteers' group is put in the outbox (bot.telegram.outbound
    sends it; the terminal chat leaves it there for a running `dvcbot run`). The citizen
    is told when to expect an answer (volunteers' hours from the configuration).
  * While the escalation is open or claimed, the citizen's texts, photos, voice notes and
    documents go to it (and to the group, media by Telegram file_id); the bot does not
    answer them itself unless asked ("Trợ lý tự trả lời"). /huy cancels the escalation.
    At most DVCBOT_MAX_FOLLOWUPS_PER_HOUR of them an hour (session "ft": when the last ones
    were forwarded): beyond, the citizen is told to wait and nothing is forwarded, so one
    citizen cannot use up the group's outbound budget (20 messages a minute).
  * A volunteer's answer arrives (bot.volunteers.desk; in the terminal chat, which the outbox
    cannot reach, at the citizen's next turn) with buttons "Đã hiểu, cảm ơn" (closes
    it), "Hỏi thêm" (the next message goes to the same escalation) and 👍 / 👎. Their data
    is "e:-:ok|more:<id>" / "e:-:fb:<id>:1|0": no session nonce (the answer is sent
    outside the citizen's turn); the escalation's owner is checked instead.

Personal numbers in session data and escalations: the question waiting for "Gửi cho tình
nguyện viên" ("pending", set by the engine through `keep_question`) is masked; when masking
hid numbers, the question before masking (passwords and codes still masked) is kept only
sealed with DVCBOT_SECRET_KEY (bot.dialogue.vault): "pending_o" beside "pending", "o" in the consent,
then escalations.original, for the claiming volunteer's "Xem số đã ẩn". Without a key it
is not kept at all.

Session data used here (bot.dialogue.session_data; stored keys in quotes): "consent" (what
waits for Đồng ý: {"q", "p", "s", "m"}; "h": the
walkthrough steps behind "s"; "o": the sealed question before masking; it goes to
escalations.original and leaves the session with the consent, on "Đồng ý" or "Không"),
"pending_o" (see above), "media"
(the last photo etc., for "Gửi cho tình nguyện viên": {"k", "f", "c"}), "follow" (the
escalation "Hỏi thêm" continues), "fwd" (the last text forwarded, for "Trợ lý tự trả lời"),
"ask_person" (waiting for the question after "gặp người"), "esc" (the escalation that may
still be open: only then is storage asked), "handed", "pending", "rated", "answers_seen"
(the terminal chat only: the last volunteer's answer shown, see answers_not_sent).
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, timedelta
from typing import Any

from bot.config import Config
from bot.dialogue import callbacks as cb
from bot.dialogue import group_posts as posts
from bot.dialogue import texts
from bot.dialogue.citizen_quote import shorten
from bot.dialogue.hours import VolunteerHours
from bot.dialogue.privacy import mask_personal, mask_secrets
from bot.dialogue.session_data import Consent, Media
from bot.dialogue.types import Button, Event, Reply, mask
from bot.dialogue.types import Turn as _Turn
from bot.dialogue.vault import Vault
from bot.storage.ports import DialogueStore, Escalation, EscalationMessage, OutboxMessage, utcnow
from knowledge.normalise import words

# Routes a citizen's text as if no escalation were open ("Trợ lý tự trả lời"): the engine's.
RouteText = Callable[[_Turn, str], Awaitable[list[Reply]]]

log = logging.getLogger(__name__)

CONTEXT_EXCHANGES = 5
MAX_FORWARDED_CHARS = 3500
FORWARDED_MEDIA = ("photo", "voice", "document", "video", "sticker")
FOLLOWUP_WINDOW = 3600  # seconds: DVCBOT_MAX_FOLLOWUPS_PER_HOUR counts forwards in this window
MAX_PERSON_REQUEST_CHARS = 300  # a longer text is a question, not a plain request for a person
# Words that may surround "gặp người" in a plain request for a person (folded).
_FILLER = frozenset(
    ["toi", "minh", "em", "anh", "chi", "ban", "oi", "muon", "can", "cho", "xin", "duoc", "voi", "a",
     "nhe", "di", "hay", "lam", "on", "vui", "long", "giup", "mot", "ai", "do", "co", "the", "khong",
     "ko", "k", "the", "nao", "sao", "nay", "nguoi", "ho", "tro", "truc", "tiep"])
_PERSON = tuple(tuple(p.split()) for p in texts.PERSON_PHRASES)


def wants_a_person(text: str) -> bool:
    """ "cho tôi gặp người thật", "hỏi cán bộ", "nói chuyện với người thật đi": a request for
    a person, not a question about a procedure (a long question mentioning "cán bộ" is not)."""
    if len(text) > MAX_PERSON_REQUEST_CHARS:  # (and a flood of words costs nothing here)
        return False
    ws = words(text)
    for phrase in _PERSON:
        n = len(phrase)
        for i in range(len(ws) - n + 1):
            if tuple(ws[i:i + n]) == phrase:
                rest = [w for w in ws[:i] + ws[i + n:] if w not in _FILLER]
                if len(rest) <= 1:
                    return True
    return False


def for_volunteers(text: str) -> str:
    """A citizen's words as volunteers may see them: personal numbers replaced by tags."""
    return mask_personal(text or "").strip()


class HandOff:
    """The hand-off's narrow view of the engine: its repository, `route_text` (the engine's
    routing of a text, for "Trợ lý tự trả lời") and `kick` (after writing to the outbox)."""

    def __init__(self, config: Config, repo: DialogueStore, route_text: RouteText,
                 kick: Callable[[], None] | None = None) -> None:
        self.config = config
        self.repo = repo
        self.route_text = route_text
        self.kick = kick
        self.hours = VolunteerHours.from_config(config)
        self.vault = Vault.from_config(config)

    def kick_safely(self) -> None:
        """Tell the outbox sender to look now (it also runs on a timer: a failure is only logged)."""
        if self.kick is not None:
            try:
                self.kick()
            except Exception:  # noqa: BLE001 - delivery also runs on a timer
                log.exception("outbox listener failed")

    # ==== asking for consent ====================================================================
    async def offer(self, t: _Turn, question: str, procedure: str | None = None,
                    media: Media | None = None) -> list[Reply]:
        """Ask whether the question may go to the volunteers (nothing is shared yet)."""
        active = await self.repo.active_escalation(t.session.citizen)
        if active is not None:
            return [Reply(texts.ESC_ALREADY_OPEN.format(id=active.id))]
        refused = await self.over_daily_limit(t)
        if refused is not None:
            return refused
        step = None
        if (procedure is None or procedure == t.session.procedure) and (
                t.session.state in ("guide", "paused") and t.session.procedure):
            procedure, step = t.session.procedure, t.session.step
        masked = for_volunteers(question)
        # (the path taken: the volunteers' card says the same "Bước N" as the citizen saw)
        path = list(t.data.history) if step is not None else None
        # The sealed original is kept until "Đồng ý"/"Không", for "Xem số đã ẩn" only.
        t.data.consent = Consent(masked, procedure, step, media, path,
                                 self._sealed_original(t, question, masked) or None)
        t.data.ask_person = False
        body = texts.ESC_CONSENT.format(question=shorten(masked, 300)) if masked \
            else texts.ESC_CONSENT_NO_QUESTION
        return [Reply(body, [[Button(texts.BTN_CONSENT_YES, cb.Volunteer("yes").pack()),
                              Button(texts.BTN_CONSENT_NO, cb.Volunteer("no").pack())]])]

    def keep_question(self, t: _Turn, text: str) -> str:
        """The citizen's question as the session keeps it ("pending", until "Gửi cho tình
        nguyện viên"): masked. When masking hid numbers, the question before masking
        (secrets still masked) is sealed beside it ("pending_o"; nothing without a key)."""
        masked = for_volunteers(text)
        original = mask_secrets(text or "").strip()
        sealed = self.vault.seal(original) if original != masked else None
        t.data.pending_original = sealed or None
        return masked

    def _sealed_original(self, t: _Turn, question: str, masked: str) -> str | None:
        """The sealed question before masking, for the consent: sealed now when `question` is
        the citizen's own text with numbers in it, or the one sealed with the masked
        "pending" question it is."""
        original = mask_secrets(question or "").strip()
        if original != masked:
            return self.vault.seal(original)
        sealed = t.data.pending_original
        if sealed and question == t.data.pending:
            return sealed
        return None

    async def on_button(self, t: _Turn, what: str) -> list[Reply] | None:
        """v:N:yes | no | auto."""
        if what == "yes":
            consent, t.data.consent = t.data.consent, None
            if consent is None:
                return [Reply(texts.VOLUNTEER_ALREADY if t.data.handed else texts.VOLUNTEER_NOTHING)]
            return await self._open(t, consent)
        if what == "no":
            if t.data.consent is None:
                return None
            t.data.consent = None
            return [Reply(texts.ESC_DECLINED)]
        if what == "auto":
            text, t.data.forward = t.data.forward, None
            if not text:
                return [Reply(texts.ESC_AUTO_NOTHING)]
            return await self.route_text(t, text)
        return None

    async def over_daily_limit(self, t: _Turn) -> list[Reply] | None:
        """The polite refusal when the citizen has opened DVCBOT_MAX_ESCALATIONS_PER_DAY
        escalations since local midnight (whatever became of them); None: one more may open."""
        limit = self.config.max_escalations_per_day
        if limit <= 0:
            return None
        midnight = self.hours.local(utcnow()).replace(hour=0, minute=0, second=0, microsecond=0)
        opened = await self.repo.count_escalations(t.session.citizen, midnight.astimezone(UTC))
        if opened < limit:
            return None
        t.data.consent, t.data.ask_person = None, False
        return [Reply(texts.ESC_DAILY_LIMIT.format(n=opened))]

    # ==== opening ==============================================================================
    async def _open(self, t: _Turn, consent: Consent) -> list[Reply]:
        refused = await self.over_daily_limit(t)  # (the consent may be from before the limit)
        if refused is not None:
            return refused
        question = consent.question or texts.VOLUNTEER_PHOTO_NOTE
        original = consent.original if consent.question else None
        procedure, step = consent.procedure, consent.step
        t.record(question, " ".join(words(question)), "unresolved", procedure, 0.0)
        t.data.pending = t.data.pending_original = None
        t.data.handed = True

        citizen = t.session.citizen
        context = await self._context(citizen)
        media = consent.media
        first = [EscalationMessage(0, "citizen", "text", question)]
        if media and media.file_id:
            first.append(EscalationMessage(0, "citizen", media.kind, media.caption, file_id=media.file_id))
        now = utcnow()
        group = self.config.volunteer_chat_id
        kb = t.kb

        def group_posts(e: Escalation) -> list[OutboxMessage]:
            if group is None:
                return []
            out = [OutboxMessage(group, posts.card_text(e, kb, self.hours), f"esc:{e.id}:card",
                                 buttons=posts.card_buttons(e), purpose="card")]
            if media and media.file_id:
                out.append(OutboxMessage(group, posts.media_caption(e.id, media.kind, media.caption),
                                         f"esc:{e.id}:media:0", kind=media.kind, file_id=media.file_id,
                                         purpose="media"))
            return out

        try:
            escalation, created = await self.repo.open_escalation(
                citizen, question, procedure=procedure, step=step, step_path=consent.path,
                context=context,
                remind_at=now + timedelta(minutes=max(1, self.config.reminder_minutes)),
                messages=first, posts=group_posts, original=original or None)
        except Exception:  # noqa: BLE001 - tell the citizen honestly, keep the consent
            log.exception("could not open an escalation for %s", citizen)
            t.data.consent = consent
            return [Reply(texts.ESC_NOT_AVAILABLE)]
        t.data.escalation = escalation.id
        if not created and escalation.question != question:
            return [Reply(texts.ESC_ALREADY_OPEN.format(id=escalation.id))]
        # (not created but the same question: this turn is being redone after a StaleSession)
        self.kick_safely()
        if group is None:  # stored, but posted nowhere: no promise of a volunteer
            return [Reply(texts.ESC_RECORDED_NO_GROUP.format(id=escalation.id))]
        hours, days = self.hours.describe()
        template = texts.ESC_OPENED_IN_HOURS if self.hours.is_open(now) else texts.ESC_OPENED_OUT_OF_HOURS
        return [Reply(template.format(id=escalation.id, hours=hours, days=days) + "\n\n"
                      + texts.ESC_WHILE_WAITING)]

    async def _context(self, citizen: str) -> list[dict[str, Any]]:
        try:
            recent = await self.repo.recent_questions(citizen, CONTEXT_EXCHANGES)
        except Exception:  # noqa: BLE001 - context is a help, not a must
            log.exception("could not read the question log of %s", citizen)
            return []
        return [{"q": for_volunteers(q.text)[:500], "d": q.decision, "p": q.procedure}
                for q in reversed(recent)]

    # ==== while an escalation is open =========================================================
    async def on_text(self, t: _Turn, text: str) -> list[Reply] | None:
        """Before matching: a request for a person, the question after one, a follow-up
        ("Hỏi thêm"), or a message for the open escalation. None: route as usual."""
        follow, t.data.follow = t.data.follow, None
        if follow is not None:
            added = await self._add(t, int(follow), "text", text, None, reopen=True)
            if added is not None:
                return added
            return await self.offer(t, text)
        active = await self._active(t)
        if active is not None:
            if wants_a_person(text):
                return [Reply(texts.ESC_ALREADY_OPEN.format(id=active.id))]
            return await self._add(t, active.id, "text", text, None)
        if t.data.ask_person:
            t.data.ask_person = False
            return await self.offer(t, text)
        if wants_a_person(text):
            return await self.ask_for_person(t, "")
        return None

    async def ask_for_person(self, t: _Turn, question: str) -> list[Reply]:
        """/hoinguoi [question], "gặp người": consent for the question (the one just
        typed, else the one the bot could not answer), or ask for it first."""
        active = await self.repo.active_escalation(t.session.citizen)
        if active is not None:
            return [Reply(texts.ESC_ALREADY_OPEN.format(id=active.id))]
        question = question.strip() or t.data.pending or ""
        if question:
            return await self.offer(t, question)
        refused = await self.over_daily_limit(t)  # not worth typing the question
        if refused is not None:
            return refused
        t.data.ask_person = True
        return [Reply(texts.ESC_ASK_QUESTION)]

    async def on_media(self, t: _Turn, event: Event) -> list[Reply] | None:
        """A photo, voice note, document ... for the open escalation (by file_id). Without
        one, the media is remembered for "Gửi cho tình nguyện viên"; None: the usual reply."""
        kind = event.media or "other"
        forwardable = kind in FORWARDED_MEDIA and bool(event.file_id)
        follow, t.data.follow = t.data.follow, None
        target = None
        reopen = False
        if follow is not None:
            target, reopen = int(follow), True
        else:
            active = await self._active(t)
            target = active.id if active is not None else None
        if target is not None:
            if not forwardable:
                return [Reply(texts.ESC_MEDIA_NOT_FORWARDED)]
            added = await self._add(t, target, kind, event.caption, event.file_id, reopen=reopen)
            if added is not None:
                return added
        if forwardable and kind == "photo":  # for its "Gửi cho tình nguyện viên" button
            t.data.media = Media(kind, event.file_id, for_volunteers(event.caption)[:900])
        return None

    async def _active(self, t: _Turn) -> Escalation | None:
        """The citizen's open escalation. Only looked up when the session says there may be
        one ("esc"), so most turns cost no extra query; the mark goes once it is closed."""
        if t.data.escalation is None:
            return None
        active = await self.repo.active_escalation(t.session.citizen)
        if active is None:
            t.data.escalation = None
        return active

    async def _add(self, t: _Turn, escalation_id: int, kind: str, text: str,
                   file_id: str | None, reopen: bool = False) -> list[Reply] | None:
        capped, recent = self._followups_capped(t, escalation_id)
        if capped is not None:
            if reopen:  # the next message, after the wait, still continues this question
                t.data.follow = escalation_id
            return capped
        masked = for_volunteers(text)[:MAX_FORWARDED_CHARS]
        group = self.config.volunteer_chat_id
        out: list[OutboxMessage] = []
        key = f"esc:{escalation_id}:c:{t.key or utcnow().timestamp()}"  # same on a redone turn
        if group is not None:
            if file_id:
                out.append(OutboxMessage(group, posts.media_caption(escalation_id, kind, masked), key,
                                         kind=kind, file_id=file_id, purpose="media"))
            else:
                out.append(OutboxMessage(group, posts.followup_text(escalation_id, masked), key,
                                         purpose="followup"))
        message = EscalationMessage(escalation_id, "citizen", kind, masked, file_id=file_id)
        escalation = await self.repo.add_citizen_message(escalation_id, message, out, reopen=reopen)
        if escalation is None or escalation.citizen != t.session.citizen:
            return None
        t.data.escalation = escalation.id
        if recent is not None:
            t.data.followup_times = recent + [int(utcnow().timestamp())]
        self.kick_safely()
        if group is None:
            return [Reply(texts.ESC_ADDED_NO_GROUP.format(id=escalation.id))]
        if file_id:
            what = texts.ESC_MEDIA_WHAT.get(kind, texts.ESC_MEDIA_WHAT_DEFAULT)
            return [Reply(texts.ESC_FORWARDED_MEDIA.format(what=what, id=escalation.id))]
        t.data.forward = mask(text)[:MAX_FORWARDED_CHARS]
        return [Reply(texts.ESC_FORWARDED.format(id=escalation.id),
                      [[Button(texts.BTN_AUTO_ANSWER, cb.Volunteer("auto").pack())]])]

    def _followups_capped(self, t: _Turn, escalation_id: int) -> tuple[list[Reply] | None, list[int] | None]:
        """(the notice, None) when DVCBOT_MAX_FOLLOWUPS_PER_HOUR were forwarded in the last
        hour; else (None, the recent forward times to extend; None without a limit)."""
        limit = self.config.max_followups_per_hour
        if limit <= 0:
            return None, None
        now = int(utcnow().timestamp())
        recent = [s for s in t.data.followup_times if 0 <= now - s < FOLLOWUP_WINDOW]
        recent = recent[-limit:]
        if len(recent) < limit:
            return None, recent
        t.data.followup_times = recent
        minutes = max(1, -(-(FOLLOWUP_WINDOW - (now - recent[0])) // 60))  # rounded up
        return [Reply(texts.ESC_FOLLOWUPS_CAPPED.format(n=len(recent), id=escalation_id, minutes=minutes))], None

    # ==== commands ==============================================================================
    async def on_command(self, t: _Turn, name: str, args: str) -> list[Reply] | None:
        if name == "hoinguoi":
            return await self.ask_for_person(t, args)
        if name == "huy":
            return await self.cancel(t)
        return None

    async def cancel(self, t: _Turn) -> list[Reply] | None:
        """/huy with an open escalation: withdraw it (the group is told)."""
        d = t.data
        d.follow, d.forward, d.consent, d.ask_person, d.escalation = None, None, None, False, None
        active = await self.repo.active_escalation(t.session.citizen)
        if active is None:
            return None
        group = self.config.volunteer_chat_id
        notice = [] if group is None else [OutboxMessage(
            group, texts.VOL_CANCELLED.format(id=active.id), f"esc:{active.id}:cancelled", purpose="notice")]
        cancelled = await self.repo.cancel_escalation(active.id, notice)
        if cancelled is None:
            return None
        self.kick_safely()
        return [Reply(texts.ESC_CANCELLED.format(id=active.id))]
