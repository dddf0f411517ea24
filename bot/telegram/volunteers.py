"""The volunteers' group on Telegram (DVCBOT_VOLUNTEER_CHAT_ID): thin handlers over
bot.volunteers.desk.VolunteerDesk, plus the outbox and reminder jobs. Registered by
bot.telegram.app.build_application (handlers in group 0, the reminder job).

In the group:
  * the bot posts each escalation (a card with buttons Nhận / Đã xong, and "Xem số đã ẩn"
    when personal numbers were masked: an alert with them for the claiming volunteer only,
    recorded as a "reveal" escalation message), the citizen's
    follow-ups, photos, voice notes and documents (as replies to the card), reminders;
  * a volunteer answers by replying to any of those posts (the post -> escalation mapping is
    the group_posts table; forward-origin fields are not used), or with /traloi N text;
  * a volunteer who edits an answer already stored has the new text relayed to the citizen,
    marked as a correction, once per edit (escalation_messages.source finds the answer);
    edits of other messages are ignored;
  * /hangdoi lists the open escalations oldest first; /nhan N claims; /xong N resolves;
  * after answering, "Thêm vào kho" proposes the question for the knowledge base.
Only members of the group may act: the chat must be the volunteers' group AND getChatMember
must say member/administrator/creator (cached for MEMBERSHIP_TTL seconds). Anyone else is
refused politely. Each volunteers' button press is answered here exactly once, with a short
text (the adapter's generic answer skips these buttons).

Exactly once: a volunteer's update (reply, command, button) is recorded as processed in the
same transaction as its effect (answer and outbox rows stored, escalation claimed ...), after
the membership check and before any post. The handlers of on_button, on_message and on_edit
are registered as recording their own update (bot.telegram.app.register_handlers), so
de-duplication (bot.telegram.adapter.Deduplication) leaves them the record. If the action fails, nothing is
stored, the update included (a redelivery after a crash takes effect, once), and the
volunteer is told in the group (texts.VOL_ACTION_FAILED) to try again.

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
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from telegram import Message, ReplyParameters, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.config import Config
from bot.dialogue import group_posts, texts
from bot.dialogue.citizen_quote import shorten
from bot.dialogue.splitting import split
from bot.storage import Storage
from bot.storage.ports import utcnow
from bot.telegram.group_cards import GroupCards
from bot.telegram.messages import NO_PREVIEW, keyboard, media_file_id, media_kind, rendered
from bot.telegram.outbound import Delivery
from bot.volunteers.desk import DeskReply, Volunteer, VolunteerDesk

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
    """Callback queries whose data is a volunteers' button (bot.dialogue.group_posts), and only
    those (CallbackQueryHandler's own pattern lets empty data through)."""

    def check_update(self, update: object) -> bool | None:
        query = update.callback_query if isinstance(update, Update) else None
        if query is None or not isinstance(query.data, str):
            return None
        return group_posts.parse_data(query.data) is not None


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

    def __init__(self, desk: VolunteerDesk, storage: Storage, delivery: Delivery, config: Config, cards: GroupCards,
                 membership: Membership | None = None,
                 finish_soon: Callable[[Awaitable[None], str], Awaitable[None]] | None = None) -> None:
        self.desk = desk
        self.storage = storage  # update records and group posts: more than the desk's own port
        self.delivery = delivery
        self.config = config
        self.cards = cards
        self.membership = membership or Membership()
        self.finish_soon = finish_soon  # None: wait for the sends (no adapter)
        self._sending = asyncio.Lock()

    @property
    def chat_id(self) -> int | None:
        return self.config.volunteer_chat_id

    # ---- exactly once ---------------------------------------------------------------------------
    @asynccontextmanager
    async def _recorded(self, update_id: int) -> AsyncIterator[bool]:
        """The update's database work and its processed-update record in one transaction, as
        a citizen's turn: True inside when the update is new, False when it was handled
        already (then nothing is to be done). If the work fails, nothing of it is stored, the
        record included, so Telegram's redelivery (after a crash) takes effect, once."""
        storage = self.storage
        async with storage.unit_of_work():
            yield await storage.mark_update_processed(update_id)

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

        sends: list[Send] = []
        try:
            parsed = group_posts.parse_data(query.data or "")
            message = query.message
            if parsed is None or message is None or self.chat_id is None or message.chat.id != self.chat_id:
                await answer(texts.VOL_WRONG_CHAT, alert=True)
                return
            if not await self.membership.check(context.bot, self.chat_id, query.from_user.id):
                await answer(texts.VOL_NOT_MEMBER, alert=True)
                return
            action, escalation_id, arg = parsed
            v = _volunteer(query.from_user)
            async with self._recorded(update.update_id) as new:
                if not new:
                    return  # redelivered: it took effect already
                reply = await self._button(action, escalation_id, arg, v)
            await answer(reply.toast, reply.alert)
            pressed = message if isinstance(message, Message) and message.is_accessible else None
            bot = context.bot
            sends.append(partial(self.cards.refresh, bot, reply.refresh, pressed))
            if action == "vk" and reply.buttons:
                sends.append(partial(self._post, bot, reply,
                                     reply_to=pressed.message_id if pressed else None))
            elif reply.replace_pressed and pressed is not None and reply.text:
                sends.append(partial(self.cards.edit, bot, pressed.chat.id, pressed.message_id, reply.text, []))
        except Exception:
            await answer(texts.VOL_ACTION_FAILED, alert=True)
            raise  # logged by the adapter's error handler; nothing was stored
        finally:
            await answer()
        await self._send(context.bot, sends)

    async def _button(self, action: str, escalation_id: int, arg: str | None, v: Volunteer) -> DeskReply:
        if action == "vn":
            return await self.desk.claim(escalation_id, v)
        if action == "vd":
            return await self.desk.resolve(escalation_id, v)
        if action == "vk":
            return await self.desk.kb_menu(escalation_id)
        if action == "vkq":
            return await self.desk.kb_propose(escalation_id, v, "question", arg)
        if action == "vr":
            return await self.desk.reveal(escalation_id, v)
        if action == "vkf":
            return await self.desk.kb_propose(escalation_id, v, "faq")
        return await self.desk.kb_propose(escalation_id, v, "cancel")

    # ---- messages: commands and replies ------------------------------------------------------
    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None or message.from_user is None or message.from_user.is_bot:
            return
        text = message.text or ""
        bot = context.bot
        sends: list[Send] = []
        if text.startswith("/"):
            head, _, rest = text.partition(" ")
            name, _, target = head[1:].partition("@")
            if target and target.lower() != (bot.username or "").lower():
                return  # a command for another bot
            name = name.lower()
            if name not in GROUP_COMMANDS:
                return
            if not await self._allowed(bot, message, sends):
                await self._send(bot, sends, deliver=False)
                return
            work = partial(self._command, bot, message, name, rest, sends)
        elif message.reply_to_message is not None:
            replied = message.reply_to_message
            if replied.from_user is None or replied.from_user.id != bot.id:
                return  # volunteers talking among themselves
            escalation_id = await self.storage.escalation_of_post(message.chat.id, replied.message_id)
            if escalation_id is None:
                self._say(bot, message, texts.VOL_REPLY_UNKNOWN, sends)
                await self._send(bot, sends, deliver=False)
                return
            if not await self._allowed(bot, message, sends):
                await self._send(bot, sends, deliver=False)
                return
            work = partial(self._answer, bot, message, escalation_id,
                           message.text or message.caption or "", sends)
        else:
            return
        await self._once(bot, update.update_id, message, work)
        await self._send(bot, sends)

    # ---- edited messages: corrected answers ---------------------------------------------------
    async def on_edit(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A volunteer edited a message in the group. If it was an answer (a reply to the bot's
        post, or /traloi N ...), the new text goes to the citizen as a correction, once per
        edit; an edit of anything else is left alone."""
        message = update.edited_message
        if message is None or message.from_user is None or message.from_user.is_bot:
            return
        bot = context.bot
        source = f"{message.chat.id}:{message.message_id}"
        text = message.text or message.caption or ""
        versions = await self.storage.answer_versions(source)
        if not versions:
            return  # not an answer: nothing to correct
        if message.text is not None and text.startswith("/"):
            m = _NUMBER_AND_TEXT.match(text.partition(" ")[2])
            if m is None or int(m[1]) != versions[0].escalation_id:
                return  # no longer "/traloi <its number> ...": not a correction we can relay
            text = m[2]
        sends: list[Send] = []
        if not await self._allowed(bot, message, sends):
            await self._send(bot, sends, deliver=False)
            return
        await self._once(bot, update.update_id, message,
                         partial(self._correct, bot, message, source, text, update.update_id, sends))
        await self._send(bot, sends)

    async def _correct(self, bot: Any, message: Message, source: str, text: str, update_id: int,
                       sends: list[Send]) -> None:
        reply = await self.desk.correct(source, _volunteer(message.from_user), text, edit=str(update_id))
        if reply is not None:
            self._show(bot, message, reply, sends)

    async def _once(self, bot: Any, update_id: int, message: Message,
                    work: Callable[[], Awaitable[None]]) -> None:
        """Do a volunteer's message's `work` (database only: its posts are collected as
        sends) in the transaction that records the update; a redelivered update does
        nothing. If it fails, the volunteer is told in the group, politely, to try again."""
        try:
            async with self._recorded(update_id) as new:
                if new:
                    await work()
        except Exception:
            failed: list[Send] = []
            self._say(bot, message, texts.VOL_ACTION_FAILED, failed)
            await self._send(bot, failed, deliver=False)
            raise  # logged by the adapter's error handler; nothing was stored

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
        escalation_id, body = group_posts.parse_id(m[1]), m[2]
        if escalation_id is None:  # beyond any escalation number (and the database's integers)
            self._say(bot, message, texts.VOL_NO_SUCH.format(id=shorten(m[1], 24)), sends)
            return
        if name == "nhan":
            reply = await self.desk.claim(escalation_id, v)
        elif name == "xong":
            reply = await self.desk.resolve(escalation_id, v)
        else:  # traloi
            await self._answer(bot, message, escalation_id, body, sends)
            return
        sends.append(partial(self.cards.refresh, bot, reply.refresh, None))
        self._show(bot, message, reply, sends)

    async def _answer(self, bot: Any, message: Message, escalation_id: int, text: str,
                      sends: list[Send]) -> None:
        kind, file_id = "text", None
        if message.text is None:
            kind, file_id = media_kind(message), media_file_id(message) or None
        reply = await self.desk.answer(escalation_id, _volunteer(message.from_user), text,
                                       source=f"{message.chat.id}:{message.message_id}",
                                       kind=kind, file_id=file_id)
        sends.append(partial(self.cards.refresh, bot, reply.refresh, None))
        self._show(bot, message, reply, sends)

    # ---- job -----------------------------------------------------------------------------------
    async def remind(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Remind the group of unclaimed escalations that are due (JobQueue callback)."""
        try:
            if await self.desk.remind(utcnow()):
                await self.delivery.run_once(context.bot)
        except Exception:  # noqa: BLE001
            log.exception("reminders failed")

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
        parts = split(reply.text)  # a long /hangdoi
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
                await self.storage.add_group_post(self.chat_id, sent.message_id, reply.escalation_id, "ack")


__all__ = ["GROUP_COMMANDS", "Membership", "VolunteerButtons", "VolunteerHandlers"]
