"""The volunteers' group on Telegram (DVCBOT_VOLUNTEER_CHAT_ID): thin handlers over
bot.volunteers.VolunteerDesk, plus the outbox and reminder jobs. Registered by
bot.telegram_app.build_application with `register(...)`.

In the group:
  * the bot posts each escalation (a card with buttons Nhận / Đã xong, and "Xem số đã ẩn"
    when personal numbers were masked: an alert with them for the claiming volunteer only,
    recorded as a "reveal" escalation message), the citizen's
    follow-ups, photos, voice notes and documents (as replies to the card), reminders;
  * a volunteer answers by replying to any of those posts (the post -> escalation mapping is
    the group_posts table; forward-origin fields are not used), or with /traloi N text;
  * /hangdoi lists the open escalations oldest first; /nhan N claims; /xong N resolves;
  * after answering, "Thêm vào kho" proposes the question for the knowledge base.
Only members of the group may act: the chat must be the volunteers' group AND getChatMember
must say member/administrator/creator (cached for MEMBERSHIP_TTL seconds). Anyone else is
refused politely. Each volunteers' button press is answered here exactly once, with a short
text (the adapter's generic answer skips these buttons).

Jobs (python-telegram-bot JobQueue): "outbox" sends pending outbox rows every
DELIVERY_SECONDS (first run at start-up: what an earlier process left is sent); "reminders"
scans for due reminders every REMINDER_SCAN_SECONDS (state in the database: they survive a
restart and fire once across instances).
"""
from __future__ import annotations

import asyncio
import logging
import re
import time
from functools import partial
from typing import Any, Awaitable, Callable

from telegram import Message, ReplyParameters, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot import texts
from bot import volunteer_posts as posts
from bot.config import Config
from bot.delivery import NO_PREVIEW, Delivery, keyboard, rendered
from bot.live_knowledge import LiveKnowledge
from bot.repository import Escalation, utcnow
from bot.volunteers import DeskReply, Volunteer, VolunteerDesk

log = logging.getLogger(__name__)

MEMBER_STATUSES = frozenset({"creator", "administrator", "member"})
MEMBERSHIP_TTL = 120.0
DELIVERY_SECONDS = 5.0
REMINDER_SCAN_SECONDS = 60.0
GROUP_COMMANDS = frozenset({"hangdoi", "nhan", "traloi", "xong", "help", "giup"})
_NUMBER_AND_TEXT = re.compile(r"\s*#?([0-9]+)(?!\w)\s*(.*)", re.DOTALL)  # ASCII digits (not "²")


class Membership:
    """Is a user a member of the volunteers' group? getChatMember, cached briefly."""

    def __init__(self, ttl: float = MEMBERSHIP_TTL) -> None:
        self.ttl = ttl
        self._cache: dict[tuple[int, int], tuple[bool, float]] = {}

    async def check(self, bot: Any, chat_id: int, user_id: int) -> bool:
        key = (chat_id, user_id)
        cached = self._cache.get(key)
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        try:
            member = await bot.get_chat_member(chat_id, user_id)
            ok = member.status in MEMBER_STATUSES or (
                member.status == "restricted" and bool(getattr(member, "is_member", False)))
        except TelegramError as exc:
            log.info("getChatMember %s/%s failed: %s", chat_id, user_id, exc)
            return False  # not cached: a passing error must not lock a volunteer out
        self._cache[key] = (ok, time.monotonic() + self.ttl)
        return ok


class VolunteerButtons(CallbackQueryHandler):
    """Callback queries whose data is a volunteers' button (bot.volunteer_posts), and only
    those (CallbackQueryHandler's own pattern lets empty data through)."""

    def check_update(self, update: object) -> bool | None:
        query = update.callback_query if isinstance(update, Update) else None
        if query is None or not isinstance(query.data, str):
            return None
        return posts.parse_data(query.data) is not None


def _volunteer(user: Any) -> Volunteer:
    name = (user.full_name or user.username or str(user.id)).strip()
    return Volunteer(user.id, name[:100])


Send = Callable[[], Awaitable[None]]  # one post or edit in the group, sent after the update's work


class VolunteerHandlers:
    """The handlers do the update's database work at once (claim, answer, ...), answer the
    button, and collect their posts and card edits in the group as `Send`s; those, then the
    outbox, go out through `finish_soon` (TelegramAdapter.finish_soon: waited for at most
    about a second, the rest in the background), so a throttled or slow group never holds
    up the other chats. The sends of successive updates go out in order (`_sending`)."""

    def __init__(self, desk: VolunteerDesk, delivery: Delivery, config: Config,
                 membership: Membership | None = None,
                 finish_soon: Callable[[Awaitable, str], Awaitable[None]] | None = None) -> None:
        self.desk = desk
        self.delivery = delivery
        self.config = config
        self.membership = membership or Membership()
        self.finish_soon = finish_soon  # None: wait for the sends (no adapter)
        self._sending = asyncio.Lock()

    @property
    def chat_id(self) -> int | None:
        return self.config.volunteer_chat_id

    # ---- buttons ------------------------------------------------------------------------------
    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        answered = False

        async def answer(text: str = "", alert: bool = False) -> None:
            nonlocal answered
            if answered:
                return
            answered = True
            try:
                await query.answer(text or None, show_alert=alert)
            except TelegramError as exc:
                log.info("could not answer callback query of update %s: %s", update.update_id, exc)

        try:
            parsed = posts.parse_data(query.data or "")
            message = query.message
            if parsed is None or message is None or self.chat_id is None or message.chat.id != self.chat_id:
                await answer(texts.VOL_WRONG_CHAT, alert=True)
                return
            if not await self.membership.check(context.bot, self.chat_id, query.from_user.id):
                await answer(texts.VOL_NOT_MEMBER, alert=True)
                return
            action, escalation_id, arg = parsed
            v = _volunteer(query.from_user)
            if action == "vn":
                reply = await self.desk.claim(escalation_id, v)
            elif action == "vd":
                reply = await self.desk.resolve(escalation_id, v)
            elif action == "vk":
                reply = await self.desk.kb_menu(escalation_id)
            elif action == "vkq":
                reply = await self.desk.kb_propose(escalation_id, v, "question", arg)
            elif action == "vr":
                reply = await self.desk.reveal(escalation_id, v)
            elif action == "vkf":
                reply = await self.desk.kb_propose(escalation_id, v, "faq")
            else:
                reply = await self.desk.kb_propose(escalation_id, v, "cancel")
            await answer(reply.toast, reply.alert)
            pressed = message if isinstance(message, Message) and message.is_accessible else None
            bot = context.bot
            sends: list[Send] = [partial(self._refresh, bot, reply.refresh, pressed)]
            if action == "vk" and reply.buttons:
                sends.append(partial(self._post, bot, reply,
                                     reply_to=pressed.message_id if pressed else None))
            elif reply.replace_pressed and pressed is not None and reply.text:
                sends.append(partial(self._edit, bot, pressed.chat.id, pressed.message_id, reply.text, []))
        finally:
            await answer()
        await self._send(context.bot, sends)

    # ---- messages: commands and replies ------------------------------------------------------
    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None or message.from_user is None or message.from_user.is_bot:
            return
        text = message.text or ""
        if text.startswith("/"):
            head, _, rest = text.partition(" ")
            name, _, target = head[1:].partition("@")
            if target and target.lower() != (context.bot.username or "").lower():
                return  # a command for another bot
            name = name.lower()
            if name not in GROUP_COMMANDS:
                return
            sends: list[Send] = []
            if not await self._allowed(context.bot, message, sends):
                await self._send(context.bot, sends, deliver=False)
                return
            await self._command(context.bot, message, name, rest, sends)
        elif message.reply_to_message is not None:
            replied = message.reply_to_message
            if replied.from_user is None or replied.from_user.id != context.bot.id:
                return  # volunteers talking among themselves
            sends = []
            escalation_id = await self.desk.storage.escalation_of_post(message.chat.id, replied.message_id)
            if escalation_id is None:
                self._say(context.bot, message, texts.VOL_REPLY_UNKNOWN, sends)
                await self._send(context.bot, sends, deliver=False)
                return
            if not await self._allowed(context.bot, message, sends):
                await self._send(context.bot, sends, deliver=False)
                return
            await self._answer(context.bot, message, escalation_id, message.text or message.caption or "",
                               sends)
        else:
            return
        await self._send(context.bot, sends)

    async def _allowed(self, bot: Any, message: Message, sends: list[Send]) -> bool:
        assert message.from_user is not None
        if await self.membership.check(bot, message.chat.id, message.from_user.id):
            return True
        self._say(bot, message, texts.VOL_NOT_MEMBER, sends)
        return False

    async def _command(self, bot: Any, message: Message, name: str, rest: str, sends: list[Send]) -> None:
        v = _volunteer(message.from_user)
        if name in ("help", "giup"):
            self._say(bot, message, texts.VOL_USAGE, sends)
            return
        if name == "hangdoi":
            self._show(bot, message, await self.desk.queue(utcnow()), sends)
            return
        m = _NUMBER_AND_TEXT.match(rest)
        if m is None:
            self._say(bot, message, texts.VOL_USAGE_NUMBER.format(command=name), sends)
            return
        escalation_id, body = posts.parse_id(m[1]), m[2]
        if escalation_id is None:  # beyond any escalation number (and the database's integers)
            self._say(bot, message, texts.VOL_NO_SUCH.format(id=posts.shorten(m[1], 24)), sends)
            return
        if name == "nhan":
            reply = await self.desk.claim(escalation_id, v)
        elif name == "xong":
            reply = await self.desk.resolve(escalation_id, v)
        else:  # traloi
            await self._answer(bot, message, escalation_id, body, sends)
            return
        sends.append(partial(self._refresh, bot, reply.refresh, None))
        self._show(bot, message, reply, sends)

    async def _answer(self, bot: Any, message: Message, escalation_id: int, text: str,
                      sends: list[Send]) -> None:
        from bot.telegram_app import media_file_id, media_kind

        kind, file_id = "text", None
        if message.text is None:
            kind, file_id = media_kind(message), media_file_id(message) or None
        reply = await self.desk.answer(escalation_id, _volunteer(message.from_user), text,
                                       source=f"{message.chat.id}:{message.message_id}",
                                       kind=kind, file_id=file_id)
        sends.append(partial(self._refresh, bot, reply.refresh, None))
        self._show(bot, message, reply, sends)

    async def after_send(self, bot: Any, row: Any) -> None:
        """A notice about an escalation reached the group (the citizen closed or cancelled
        it, it became undeliverable): redraw its card."""
        if row.purpose == "notice" and row.escalation_id is not None and row.chat_id == self.chat_id:
            await self._refresh(bot, await self.desk.storage.get_escalation(row.escalation_id), None)

    # ---- showing ------------------------------------------------------------------------------
    async def _send(self, bot: Any, sends: list[Send], deliver: bool = True) -> None:
        """The update's posts and edits in the group, in order, then (`deliver`) the outbox
        (the citizen's answer, notices ...): waited for at most about a second (finish_soon)."""
        if not sends and not deliver:
            return

        async def run() -> None:
            async with self._sending:  # the next update's sends wait for these
                for send in sends:
                    await send()
            if deliver:
                await self.delivery.run_once(bot)

        if self.finish_soon is None:
            await run()
        else:
            await self.finish_soon(run(), "the volunteers' group")

    def _show(self, bot: Any, message: Message, reply: DeskReply, sends: list[Send]) -> None:
        if reply.text:
            sends.append(partial(self._post, bot, reply, reply_to=message.message_id))

    def _say(self, bot: Any, message: Message, text: str, sends: list[Send]) -> None:
        sends.append(partial(self._post, bot, DeskReply(text=text), reply_to=message.message_id))

    async def _post(self, bot: Any, reply: DeskReply, reply_to: int | None) -> None:
        """A message in the group (a reply to the volunteer's); replies to it reach the
        escalation it is about."""
        assert self.chat_id is not None
        extra = {}
        if reply_to is not None:
            extra["reply_parameters"] = ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
        parts = posts.split(reply.text)  # a long /hangdoi
        for i, part in enumerate(parts):
            markup = keyboard(reply.buttons) if i == len(parts) - 1 else None
            text, entities = rendered(part)  # citizens' words as quotes
            try:
                sent = await bot.send_message(self.chat_id, text, reply_markup=markup, entities=entities or None,
                                              link_preview_options=NO_PREVIEW, **extra)
            except TelegramError as exc:
                log.warning("could not post in the volunteers' group: %s", exc)
                return
            if reply.escalation_id is not None:
                await self.desk.storage.add_group_post(self.chat_id, sent.message_id, reply.escalation_id, "ack")

    async def _refresh(self, bot: Any, e: Escalation | None, pressed: Message | None) -> None:
        """Redraw the escalation's card (who has it, its buttons); a pressed reminder loses
        its outdated "Nhận" button."""
        if e is None:
            return
        text, buttons = self.desk.card(e)
        for chat_id, message_id, role in await self.desk.storage.group_posts(e.id):
            if role == "card":
                await self._edit(bot, chat_id, message_id, text, buttons)
            elif role == "reminder" and e.status != "open":
                await self._edit_markup(bot, chat_id, message_id)

    async def _edit(self, bot: Any, chat_id: int, message_id: int, text: str,
                    buttons: posts.ButtonRows) -> None:
        shown, entities = rendered(text)  # citizens' words as quotes
        try:
            await bot.edit_message_text(shown, chat_id=chat_id, message_id=message_id,
                                        reply_markup=keyboard(buttons), entities=entities or None,
                                        link_preview_options=NO_PREVIEW)
        except BadRequest as exc:  # "message is not modified", deleted, too old
            log.info("could not edit %s/%s: %s", chat_id, message_id, exc)
        except TelegramError as exc:
            log.warning("could not edit %s/%s: %s", chat_id, message_id, exc)

    async def _edit_markup(self, bot: Any, chat_id: int, message_id: int) -> None:
        try:
            await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        except TelegramError as exc:
            log.info("could not edit the buttons of %s/%s: %s", chat_id, message_id, exc)


# --- jobs ------------------------------------------------------------------------------------------
async def deliver_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the pending outbox (JobQueue callback)."""
    delivery: Delivery = context.bot_data["delivery"]
    try:
        await delivery.run_once(context.bot)
    except Exception:  # noqa: BLE001 - the next run tries again
        log.exception("outbox delivery failed")


async def remind_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remind the group of unclaimed escalations that are due (JobQueue callback)."""
    desk: VolunteerDesk = context.bot_data["volunteer_desk"]
    delivery: Delivery = context.bot_data["delivery"]
    try:
        if await desk.remind(utcnow()):
            await delivery.run_once(context.bot)
    except Exception:  # noqa: BLE001
        log.exception("reminders failed")


def register(app: Application, config: Config, storage: Any, knowledge: LiveKnowledge,
             engine: Any = None, adapter: Any = None) -> VolunteerHandlers:
    """Add the volunteers' handlers (before the citizens' ones in group 0) and jobs."""
    delivery = Delivery(storage, config)
    desk = VolunteerDesk(storage, knowledge, config)
    handlers = VolunteerHandlers(desk, delivery, config,
                                 finish_soon=adapter.finish_soon if adapter is not None else None)
    delivery.after_send = handlers.after_send
    app.bot_data["delivery"] = delivery
    app.bot_data["volunteer_desk"] = desk
    app.bot_data["volunteer_handlers"] = handlers
    if engine is not None:
        engine.on_outbox = delivery.kick
    if adapter is not None:
        adapter.delivery = delivery
    # Volunteers' buttons, wherever pressed (outside the group they are refused).
    app.add_handler(VolunteerButtons(handlers.on_button), group=0)
    if config.volunteer_chat_id is not None:
        app.add_handler(MessageHandler(filters.Chat(config.volunteer_chat_id) & filters.UpdateType.MESSAGE,
                                       handlers.on_message), group=0)
    if app.job_queue is not None:
        app.job_queue.run_repeating(deliver_job, interval=DELIVERY_SECONDS, first=0.5, name="outbox")
        app.job_queue.run_repeating(remind_job, interval=REMINDER_SCAN_SECONDS, first=5, name="reminders")
    return handlers
