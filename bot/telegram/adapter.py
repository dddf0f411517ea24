"""The citizens' side of the Telegram adapter: updates in, engine Events; Replies out, Bot API calls.

Handler groups (registered by bot.telegram.app, in this order):
    -2  a callback query is answered at once (the spinner on the citizen's button stops)
    -1  de-duplication (`Deduplication`): an update id already recorded in storage is dropped
        (redelivery). A citizen's update is recorded with its effects, in the turn's one
        transaction (Engine.handle(event, update_id)), a volunteer's likewise
        (bot.telegram.volunteers): bot.telegram.app names those handlers; any other update is
        recorded here, before it runs
     0  staff commands, the volunteers' group, then citizens (private chats only; staff
        excepted, each message or button press first passes the per-citizen rate limit,
        bot.telegram.limits). Replies are plain text (never parse_mode) with inline keyboards;
        a reply marked `edit` replaces the pressed message, or is sent anew if that fails.
Errors: logged (update id and exception; never the token or the citizen's text), and the
citizen is told in Vietnamese to try again (texts.ERROR). Sessions live in storage.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Iterable
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, ApplicationHandlerStop, BaseHandler, ContextTypes

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.engine import Engine, Event, Reply
from bot.dialogue.group_posts import parse_data as parse_volunteer_data
from bot.dialogue.splitting import split
from bot.storage import Storage
from bot.storage.ports import utcnow
from bot.telegram.limits import ALLOW, WARN, RateLimiter
from bot.telegram.messages import NO_PREVIEW, citizen_key, event_from_message, keyboard
from bot.telegram.outbound import Delivery

log = logging.getLogger(__name__)

# Handler groups.
ANSWER_GROUP, DEDUP_GROUP, MAIN_GROUP = -2, -1, 0
# How long an update waits for its sends (the outbox it kicked, the volunteers' group posts):
# see TelegramAdapter.finish_soon.
FLUSH_WAIT = 1.0
# At shutdown, how long the sends still running in the background (a volunteer's card edit, a
# reply in the group: not outbox rows) may take to finish before they are cancelled.
SHUTDOWN_GRACE = 5.0
# Processed update ids are kept this long for de-duplication (Telegram gives up redelivering
# an update after 24 hours), and forgotten by a job (bot.telegram.app).
PROCESSED_UPDATES_KEPT = timedelta(days=3)


class Deduplication:
    """Group -1: drops an update whose id storage has recorded already (Telegram's redelivery).

    `records_own_update`: the group-0 handlers that record their update's id themselves, in
    the transaction of its effects (the citizens' ones through the engine, the volunteers'
    ones in bot.telegram.volunteers), given by bot.telegram.app.register_handlers. An update
    one of them takes first is not even looked up here: a repeat is refused there (no effect,
    no reply), and a crash mid-update leaves it unrecorded, so a redelivery takes effect.
    Any other update is recorded here, before it runs.
    """

    def __init__(self, storage: Storage, records_own_update: Iterable[BaseHandler[Any, Any, Any]]) -> None:
        self.storage = storage
        self._records_own_update = frozenset(records_own_update)  # (handlers hash by identity)

    async def drop_duplicate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if self._recorded_by_handler(update, context.application):
            return
        if not await self.storage.mark_update_processed(update.update_id):
            log.info("update %s already processed; skipped", update.update_id)
            raise ApplicationHandlerStop

    def _recorded_by_handler(self, update: Update, app: Application) -> bool:
        """Whether the group-0 handler that takes `update` (the first whose check matches, as
        python-telegram-bot picks it) records the update itself."""
        for handler in app.handlers.get(MAIN_GROUP, ()):
            check = handler.check_update(update)
            if check is not None and check is not False:
                return handler in self._records_own_update
        return False


class TelegramAdapter:
    """The handlers. One per Application; the engine and storage are shared by all updates."""

    def __init__(self, engine: Engine, storage: Storage, delivery: Delivery, config: Config,
                 limiter: RateLimiter) -> None:
        self.engine = engine
        self.storage = storage
        self.delivery = delivery
        self.config = config
        self.limiter = limiter  # per citizen, this process
        self._flushing: set[asyncio.Task[Any]] = set()  # sends left to finish in the background

    # ---- group -2: stop the button's spinner before any slow work ---------------------------
    async def answer_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        if parse_volunteer_data(query.data or "") is not None:
            return  # answered, with a text, by bot.telegram.volunteers
        try:
            await query.answer()
        except TelegramError as exc:  # e.g. "query is too old" on a redelivered update
            log.info("could not answer callback query of update %s: %s", update.update_id, exc)

    # ---- group 0: citizens ------------------------------------------------------------------
    async def on_citizen_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        assert message is not None
        if await self._rate_limited(context.bot, message.chat_id, message.from_user):
            return
        event = event_from_message(message)
        if event is None:
            return
        replies = await self.engine.handle(event, update_id=update.update_id)
        await self.send_replies(context.bot, message.chat_id, replies)
        await self._flush_outbox(context.bot)

    async def on_citizen_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        message = query.message
        if message is None or message.chat.type != ChatType.PRIVATE:
            return  # an inline-mode message or a group's button: not a citizen's (yet)
        if await self._rate_limited(context.bot, message.chat.id, query.from_user):
            return  # (the press was answered in group -2: no spinner)
        event = Event.button(citizen_key(query.from_user), query.data or "")
        replies = await self.engine.handle(event, update_id=update.update_id)
        # Messages older than 48 hours arrive "inaccessible" (date 0): they cannot be edited.
        pressed = message if isinstance(message, Message) and message.is_accessible else None
        await self.send_replies(context.bot, message.chat.id, replies, pressed=pressed)
        await self._flush_outbox(context.bot)

    async def _rate_limited(self, bot, chat_id: int, user: User | None) -> bool:
        """The per-citizen rate limit (bot.telegram.limits), before the engine: True to drop the update
        (the first one over the limit is told texts.RATE_LIMITED). Staff are not limited; the
        volunteers' group never comes here (private chats only)."""
        if user is None or user.id in self.config.staff_ids:
            return False
        verdict = self.limiter.check(citizen_key(user))
        if verdict == WARN:
            log.info("%s sends too fast; quiet for %.0f s", citizen_key(user), self.limiter.cooldown)
            await bot.send_message(chat_id=chat_id, text=texts.RATE_LIMITED,
                                   link_preview_options=NO_PREVIEW, **self._retries(bot))
        return verdict != ALLOW

    async def _flush_outbox(self, bot) -> None:
        """Send at once what the turn put in the outbox (an escalation's post, ...), waiting
        at most FLUSH_WAIT seconds (see finish_soon; the rows are stored, so the "outbox" job
        would send them anyway)."""
        if not self.delivery.kicked:
            return  # most turns enqueue nothing: no task to start and wait for
        await self.finish_soon(self.delivery.flush_if_kicked(bot), "outbox")

    async def finish_soon(self, work: Awaitable, what: str = "sending") -> None:
        """Run `work` (sends to Telegram), waiting for it at most FLUSH_WAIT seconds.

        Updates are handled one at a time, so a handler must not wait long for a send: posts
        the outbound rate limiter holds back (the volunteers' group takes 20 a minute), a slow
        Bot API or a long backlog must not hold up every other chat. What is not done by then
        finishes in the background (given SHUTDOWN_GRACE at shutdown, see drain). The citizens'
        outbox flush and the volunteers' handlers (bot.telegram.volunteers) both use this."""
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=FLUSH_WAIT)
        if task in done:
            task.result()  # (an error reaches on_error, as before)
            return
        log.info("%s still running after %.1f s; finishing in the background", what, FLUSH_WAIT)
        self._flushing.add(task)
        task.add_done_callback(self._flushed)

    async def drain(self, timeout: float | None = None) -> None:
        """Wait, at most `timeout` seconds (SHUTDOWN_GRACE), for the sends still running in
        the background. At shutdown, after the last update and before the Bot API client
        closes: what stop_flushing then cancels is lost unless it is an outbox row."""
        tasks = list(self._flushing)
        if not tasks:
            return
        timeout = SHUTDOWN_GRACE if timeout is None else timeout
        log.info("waiting up to %.0f s for %d sends still running", timeout, len(tasks))
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        if pending:
            log.warning("%d sends still running after %.0f s; they are cancelled", len(pending), timeout)

    async def stop_flushing(self) -> None:
        """Cancel the sends still running in the background (at shutdown: outbox rows stay
        leased for a while, then any process sends them)."""
        tasks = list(self._flushing)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _flushed(self, task: asyncio.Task) -> None:
        self._flushing.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("sending in the background failed", exc_info=task.exception())

    def _retries(self, bot) -> dict:
        """Keyword arguments of a reply in a citizen's turn: retried by the outbound rate
        limiter after a 429 (see outbound_rate_limiter), when there is one."""
        retries = self.config.outbound_max_retries
        if retries > 0 and getattr(bot, "rate_limiter", None) is not None:
            return {"rate_limit_args": retries}
        return {}

    async def send_replies(self, bot, chat_id: int, replies: list[Reply],
                           pressed: Message | None = None) -> None:
        """Show the engine's replies: plain text, keyboard on the last part of each reply.

        The first part of the first `edit` reply replaces the pressed message when there is
        one; if Telegram refuses the edit (unchanged, too old, deleted) it is sent anew.
        """
        for reply in replies:
            if not reply.text.strip():  # Telegram refuses empty messages
                log.warning("empty reply (with %d button rows) not sent", len(reply.buttons))
                continue
            parts = split(reply.text)
            markup = keyboard(reply.buttons)
            for i, part in enumerate(parts):
                part_markup = markup if i == len(parts) - 1 else None
                if reply.edit and i == 0 and pressed is not None:
                    target, pressed = pressed, None  # one message, edited at most once
                    if await self._edit(bot, target, part, part_markup):
                        continue
                await bot.send_message(chat_id=chat_id, text=part, reply_markup=part_markup,
                                       link_preview_options=NO_PREVIEW, **self._retries(bot))

    async def _edit(self, bot, message: Message, text: str, markup: InlineKeyboardMarkup | None) -> bool:
        try:
            await bot.edit_message_text(text=text, chat_id=message.chat.id,
                                        message_id=message.message_id, reply_markup=markup,
                                        link_preview_options=NO_PREVIEW, **self._retries(bot))
            return True
        except BadRequest as exc:
            log.info("could not edit message %s (%s); sending a new one", message.message_id, exc)
            return False

    # ---- errors -----------------------------------------------------------------------------
    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        if isinstance(error, Forbidden):  # the citizen blocked the bot: nobody to tell
            log.info("update %s: %s", update_id, error)
            raise ApplicationHandlerStop
        # exc_info gives the traceback; the update itself (with the citizen's text) is not logged.
        log.error("update %s failed: %s", update_id, type(error).__name__, exc_info=error)
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is not None and chat.type == ChatType.PRIVATE:
            try:
                await context.bot.send_message(chat_id=chat.id, text=texts.ERROR,
                                               link_preview_options=NO_PREVIEW)
            except TelegramError as exc:
                log.warning("could not tell chat of update %s about the error: %s", update_id, exc)
        raise ApplicationHandlerStop  # no further handlers for this update

    # ---- job: keep the de-duplication table small -------------------------------------------
    async def forget_processed_updates(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """(JobQueue callback; harmless when several instances do it at once.)"""
        await self.storage.forget_processed_updates(utcnow() - PROCESSED_UPDATES_KEPT)


__all__ = ["ANSWER_GROUP", "DEDUP_GROUP", "MAIN_GROUP", "Deduplication", "TelegramAdapter"]
