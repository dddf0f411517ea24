"""`dvcbot run`: the Telegram adapter. Thin: Updates in -> engine Events; Replies out -> Bot API calls.

What happens to an update (handler groups run in this order):
    -2  a callback query is answered at once (the spinner on the citizen's button stops)
    -1  de-duplication: an update id already recorded in storage is dropped (redelivery).
        A citizen's update is recorded with its effects, in the turn's one transaction
        (Engine.handle(event, update_id)); any other update is recorded here, before it runs
     0  citizens, private chats only (staff excepted, each message or button press first
        passes the per-citizen rate limit, bot.limits: over it, one texts.RATE_LIMITED, then
        nothing, not even the engine, for DVCBOT_RATE_COOLDOWN_SECONDS):
          text (including /commands and /start <deep-link payload>) -> Event "text"/"command"
          photo, voice, sticker, location, document, video, ... -> Event "media"
          a button press (callback query) -> Event "button"
        The engine's replies are sent as plain text (never parse_mode), with inline keyboards;
        a reply marked `edit` replaces the pressed message, or is sent anew if that fails.
Anything else (groups, channels, edited messages) gets no reply for now. The volunteers'
group will get its own handlers in group 0, filtered on its chat id (see `_register`).

Errors: logged (update id and exception; never the token or the citizen's text), and the
citizen is told in Vietnamese to try again (bot.texts.ERROR). Sessions live in storage, so
nothing is lost.

    app = build_application(config, storage, knowledge)    # tests inject a fake BaseRequest
    run_bot(config)                                         # long polling; exit code
    run_bot(config, webhook_url="https://example.org/tg")   # webhook server on listen:port
                                                            # (bot.webhook; several instances)
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import sys
from datetime import timedelta
from typing import Awaitable, Sequence

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
    User,
)
from telegram.constants import ChatType, MessageLimit
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import telegram_volunteers, texts
from bot.config import Config
from bot.engine import COMMANDS, Button, Engine, Event, Reply
from bot.limits import ALLOW, WARN, RateLimiter
from bot.live_knowledge import LiveKnowledge
from bot.volunteer_posts import parse_data as parse_volunteer_data

log = logging.getLogger(__name__)

# Adapter-only strings: operator messages on stderr, Vietnamese first, then English.
MESSAGES = {
    "no_token": (
        "Chưa có token của bot Telegram. Hãy đặt biến môi trường DVCBOT_TELEGRAM_TOKEN "
        "(hoặc ghi vào tệp .env) bằng token lấy từ @BotFather.\n"
        "No Telegram bot token: set the environment variable DVCBOT_TELEGRAM_TOKEN "
        "(or put it in a .env file) to the token @BotFather gave you."
    ),
    "bad_token": (
        "Telegram không chấp nhận token trong DVCBOT_TELEGRAM_TOKEN. "
        "Hãy kiểm tra lại token lấy từ @BotFather.\n"
        "The Telegram Bot API rejected the token in DVCBOT_TELEGRAM_TOKEN. "
        "Check the token @BotFather gave you."
    ),
    "unreachable": (
        "Không kết nối được Telegram Bot API ({url}): {error}\n"
        "Cannot reach the Telegram Bot API ({url}): {error}"
    ),
    "bad_knowledge": "Tệp thủ tục có lỗi, chưa chạy được bot. / The knowledge base has problems:",
    "bad_secret": (
        "DVCBOT_WEBHOOK_SECRET chỉ được gồm 1–256 ký tự A-Z, a-z, 0-9, _ và -.\n"
        "DVCBOT_WEBHOOK_SECRET must be 1-256 characters A-Z, a-z, 0-9, _ and -."
    ),
    "bad_webhook": (
        "Telegram không nhận địa chỉ webhook {url}: {error}\n"
        "Telegram refused the webhook URL {url}: {error}"
    ),
    "bad_address": (
        "Không mở được cổng {listen}:{port} cho webhook: {error}\n"
        "Cannot listen on {listen}:{port} for the webhook: {error}"
    ),
    "no_group": (
        "Chưa đặt DVCBOT_VOLUNTEER_CHAT_ID: câu hỏi gửi tình nguyện viên chỉ được lưu lại (xem bằng "
        "dvcbot unresolved), không gửi vào nhóm nào; người dân được báo đúng như vậy.\n"
        "DVCBOT_VOLUNTEER_CHAT_ID is not set: questions for volunteers are only stored (see dvcbot "
        "unresolved), posted to no group; citizens are told so."
    ),
    "bad_database": (
        "Không mở được cơ sở dữ liệu (DVCBOT_DATABASE_URL): {error}\n"
        "Cannot open the database (DVCBOT_DATABASE_URL): {error}"
    ),
}

TEXT_LIMIT = MessageLimit.MAX_TEXT_LENGTH  # 4096, counted in UTF-16 code units
# What we ask Telegram to deliver. Edited messages are ignored but asked for, so that the
# volunteers' group (later) can see corrections; channel posts are not needed.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
KNOWLEDGE_RELOAD_SECONDS = 60
# Processed update ids are kept this long for de-duplication (Telegram gives up redelivering
# an update after 24 hours), and forgotten by a job running every PROCESSED_UPDATES_SWEEP.
PROCESSED_UPDATES_KEPT = timedelta(days=3)
PROCESSED_UPDATES_SWEEP = 3600
START_ATTEMPTS = 4  # getMe attempts at start-up when the Bot API cannot be reached
# How long an update waits for its sends (the outbox it kicked, the volunteers' group posts):
# see TelegramAdapter.finish_soon.
FLUSH_WAIT = 1.0
# At shutdown, how long the sends still running in the background (a volunteer's card edit, a
# reply in the group: not outbox rows) may take to finish before they are cancelled.
SHUTDOWN_GRACE = 5.0

# Handler groups.
_ANSWER_GROUP, _DEDUP_GROUP, _MAIN_GROUP = -2, -1, 0
# A citizen's new message in a private chat, with something we can react to.
CITIZEN_MESSAGE = (filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
                   & (filters.TEXT | filters.ATTACHMENT))


# --- Translation: Telegram -> engine ------------------------------------------------------------
def citizen_key(user: User) -> str:
    return f"tg:{user.id}"


def media_kind(message: Message) -> str:
    """The engine's media kind (bot.engine.MEDIA_KINDS) of a message without text."""
    if message.photo:
        return "photo"
    if message.voice or message.audio:
        return "voice"
    if message.sticker:
        return "sticker"
    if message.location or message.venue:
        return "location"
    if message.video or message.video_note or message.animation:
        return "video"  # (an animation also carries a document: check it first)
    if message.document:
        return "document"
    return "other"


def media_file_id(message: Message) -> str:
    """The file_id by which the media can be sent on as the same kind (bot.delivery), or ""
    (audio, video notes, animations, locations ... are not passed on)."""
    if message.photo:
        return message.photo[-1].file_id  # the largest size
    if message.voice:
        return message.voice.file_id
    if message.sticker:
        return message.sticker.file_id
    if message.video:
        return message.video.file_id
    if message.document and not message.animation:
        return message.document.file_id
    return ""


def event_from_message(message: Message) -> Event | None:
    """A citizen's message as an engine Event (None when there is nobody to answer)."""
    user = message.from_user
    if user is None:
        return None
    key = citizen_key(user)
    # Never more than Telegram's own limits (a local Bot API server or a forged update may
    # carry more): what is masked, logged and forwarded stays bounded.
    if message.text is not None:  # "/cmd args" -> command, else text
        return Event.message(key, without_nul(message.text[:MessageLimit.MAX_TEXT_LENGTH]))
    return Event(key, "media", media=media_kind(message), file_id=media_file_id(message),
                 caption=without_nul((message.caption or "")[:MessageLimit.CAPTION_LENGTH]))


def without_nul(text: str) -> str:
    """The text without NUL characters: PostgreSQL's text and JSONB columns refuse them (the
    question log, the session's pending question, escalations), so one would fail the turn."""
    return text.replace("\x00", "") if "\x00" in text else text


# --- Translation: engine -> Telegram ------------------------------------------------------------
def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split `text` into parts Telegram accepts (at most `limit` UTF-16 units each).

    Cuts at a paragraph, then a line, then a space, in the second half of the allowed
    length; only a text without any of them is cut mid-word.
    """
    parts: list[str] = []
    rest = text
    while _utf16_len(rest) > limit:
        # The longest prefix within the limit (characters outside the BMP count twice).
        size, fit = 0, 0
        for i, ch in enumerate(rest):
            size += 2 if ord(ch) > 0xFFFF else 1
            if size > limit:
                fit = i
                break
        window = rest[:fit]
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = window.rfind(sep)
            if cut > fit // 2:
                break
        if cut <= 0:
            cut = fit
        head = rest[:cut].rstrip()
        if head:
            parts.append(head)
        rest = rest[cut:].lstrip()
    if not parts:
        return [rest]  # short enough: unchanged
    if rest.strip():
        parts.append(rest.rstrip())
    return parts


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """The inline keyboard of a Reply's rows of buttons (None without buttons)."""
    markup = [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in rows if row]
    return InlineKeyboardMarkup(markup) if markup else None


class TelegramAdapter:
    """The handlers. One per Application; the engine and storage are shared by all updates."""

    def __init__(self, engine: Engine, storage) -> None:
        self.engine = engine
        self.storage = storage
        self.delivery = None  # bot.delivery.Delivery, set by bot.telegram_volunteers.register
        self.limiter = RateLimiter.from_config(engine.config)  # per citizen, this process
        self._flushing: set[asyncio.Task] = set()  # sends left to finish in the background

    # ---- group -2: stop the button's spinner before any slow work ---------------------------
    async def answer_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        if parse_volunteer_data(query.data or "") is not None:
            return  # answered, with a text, by bot.telegram_volunteers
        try:
            await query.answer()
        except TelegramError as exc:  # e.g. "query is too old" on a redelivered update
            log.info("could not answer callback query of update %s: %s", update.update_id, exc)

    # ---- group -1: drop redelivered updates -------------------------------------------------
    async def drop_duplicate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if self._for_engine(update, context.application):
            # Not even looked up: the engine records the update with the turn's effects, in its
            # one transaction, and a repeat is refused there (DuplicateUpdate: no effect, no
            # reply). A crash mid-turn leaves it unrecorded, so Telegram's redelivery is handled.
            return
        if not await self.storage.mark_update_processed(update.update_id):
            log.info("update %s already processed; skipped", update.update_id)
            raise ApplicationHandlerStop

    def _for_engine(self, update: Update, app: Application) -> bool:
        """Whether the group-0 handler that takes `update` is a citizens' one (the engine)."""
        for handler in app.handlers.get(_MAIN_GROUP, ()):
            check = handler.check_update(update)
            if check is not None and check is not False:
                return handler.callback in (self.on_citizen_message, self.on_citizen_button)
        return False

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
        """The per-citizen rate limit (bot.limits), before the engine: True to drop the update
        (the first one over the limit is told texts.RATE_LIMITED). Staff are not limited; the
        volunteers' group never comes here (private chats only)."""
        if user is None or user.id in self.engine.config.staff_ids:
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
        if self.delivery is None or not self.delivery.kicked:
            return  # most turns enqueue nothing: no task to start and wait for
        await self.finish_soon(self.delivery.flush_if_kicked(bot), "outbox")

    async def finish_soon(self, work: Awaitable, what: str = "sending") -> None:
        """Run `work` (sends to Telegram), waiting for it at most FLUSH_WAIT seconds.

        Updates are handled one at a time, so a handler must not wait long for a send: posts
        the outbound rate limiter holds back (the volunteers' group takes 20 a minute), a slow
        Bot API or a long backlog must not hold up every other chat. What is not done by then
        finishes in the background (given SHUTDOWN_GRACE at shutdown, see drain). The citizens'
        outbox flush and the volunteers' handlers (bot.telegram_volunteers) both use this."""
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
        retries = self.engine.config.outbound_max_retries
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
            parts = split_text(reply.text)
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


def _register(app: Application, adapter: TelegramAdapter) -> None:
    app.add_handler(CallbackQueryHandler(adapter.answer_button), group=_ANSWER_GROUP)
    app.add_handler(TypeHandler(Update, adapter.drop_duplicate), group=_DEDUP_GROUP)
    # Citizens (private chats).
    app.add_handler(MessageHandler(CITIZEN_MESSAGE, adapter.on_citizen_message), group=_MAIN_GROUP)
    app.add_handler(CallbackQueryHandler(adapter.on_citizen_button), group=_MAIN_GROUP)
    # The volunteers' group: bot.telegram_volunteers.register adds its handlers to group 0
    # before these (one handler per group handles an update).
    app.add_error_handler(adapter.on_error)


# --- The Application ----------------------------------------------------------------------------
def file_url_for(base_url: str) -> str | None:
    """base_file_url matching a Bot API base_url: ".../bot" -> ".../file/bot"."""
    i = base_url.rfind("/bot")
    if i < 0:
        return None
    return base_url[:i] + "/file" + base_url[i:]


async def _post_init(app: Application) -> None:
    me = app.bot.bot
    log.info("connected to Telegram as @%s (id %s)", me.username, me.id)
    try:
        await app.bot.set_my_commands([BotCommand(name, description) for name, description in COMMANDS])
    except InvalidToken:
        raise
    except TelegramError as exc:  # the menu is a convenience; answering matters more
        log.warning("setMyCommands failed: %s", exc)
    knowledge = app.bot_data.get("knowledge")
    if app.job_queue is not None and isinstance(knowledge, LiveKnowledge) and knowledge.path:
        app.job_queue.run_repeating(_reload_knowledge, interval=KNOWLEDGE_RELOAD_SECONDS,
                                    first=KNOWLEDGE_RELOAD_SECONDS, name="reload-knowledge")
    if app.job_queue is not None:
        app.job_queue.run_repeating(_forget_processed_updates, interval=PROCESSED_UPDATES_SWEEP,
                                    first=60, name="forget-processed-updates")


async def _post_stop(app: Application) -> None:
    adapter = app.bot_data.get("adapter")
    if isinstance(adapter, TelegramAdapter):
        await adapter.drain()


async def _post_shutdown(app: Application) -> None:
    adapter = app.bot_data.get("adapter")
    if isinstance(adapter, TelegramAdapter):
        await adapter.stop_flushing()


async def _forget_processed_updates(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep the de-duplication table small (harmless when several instances do it at once)."""
    storage = context.bot_data["adapter"].storage
    forget = getattr(storage, "forget_processed_updates", None)
    if forget is not None:
        from bot.repository import utcnow

        await forget(utcnow() - PROCESSED_UPDATES_KEPT)


async def _reload_knowledge(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pick up staff's edits of procedures.yaml; an invalid file never replaces a working one."""
    knowledge: LiveKnowledge = context.bot_data["knowledge"]
    problems = await asyncio.to_thread(knowledge.reload_if_changed)
    staff = context.bot_data.get("staff")
    if staff is not None:  # facts past their valid_until: staff are told once (bot.telegram_staff)
        await staff.announce_expired(context.bot)
    if problems is None:
        return
    if problems:
        log.warning("%s changed but has %d problem(s); keeping the previous version:\n%s",
                    knowledge.path, len(problems), "\n".join(str(p) for p in problems))
    else:
        log.info("reloaded %s", knowledge.path)


class OutboundRateLimiter(AIORateLimiter):
    """AIORateLimiter for what the bot sends; requests that only read about a chat
    (getChatMember: is this a volunteer?) are not held back. Telegram's limits are about
    messages, and AIORateLimiter counts every request with a group's chat_id against that
    group's 20 a minute: a volunteer's answer whose membership check waited behind a backlog
    of group posts held up every update after it (seen: two minutes after a restart)."""

    READS = frozenset({"getChatMember", "getChat", "getChatAdministrators", "getChatMemberCount"})

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        if endpoint in self.READS:
            data = {k: v for k, v in data.items() if k != "chat_id"}  # as a callback answer
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


def outbound_rate_limiter(config: Config) -> AIORateLimiter | None:
    """python-telegram-bot's own AIORateLimiter (a maintained implementation of Telegram's
    limits, rather than ours): at most DVCBOT_OUTBOUND_RATE_LIMIT requests a second for the
    whole bot and DVCBOT_OUTBOUND_GROUP_PER_MINUTE messages a minute per group (the
    volunteers' group); None (no limiter) when DVCBOT_OUTBOUND_RATE_LIMIT is 0. Per process:
    with N instances, divide both by N. Callback answers (no chat_id) and reads such as
    getChatMember are never held back (OutboundRateLimiter).

    429 (RetryAfter) is retried in ONE place per message, never twice: the limiter's own
    retry (it waits retry_after, pausing all requests, as Telegram asks) only for the replies
    of a citizen's turn, which are stored nowhere else (rate_limit_args in
    TelegramAdapter.send_replies, DVCBOT_OUTBOUND_MAX_RETRIES); max_retries=0 for everything
    else, so an outbox row's 429 goes straight to bot.delivery, which stores its next attempt
    retry_after later and sends the other chats' rows meanwhile (no sleeping in a handler).
    """
    if config.outbound_rate_limit <= 0:
        return None
    return OutboundRateLimiter(overall_max_rate=config.outbound_rate_limit, overall_time_period=1,
                               group_max_rate=max(0.0, config.outbound_group_per_minute),
                               group_time_period=60, max_retries=0)


def build_application(config: Config, storage, knowledge: LiveKnowledge, *,
                      request: BaseRequest | None = None,
                      get_updates_request: BaseRequest | None = None,
                      webhook: bool = False) -> Application:
    """The python-telegram-bot Application of dvcbot (not initialised, not started).

    `storage` is a bot.storage.Storage (or anything with its repository methods and
    `mark_update_processed`); `request`/`get_updates_request` replace the HTTP layer (tests).
    `webhook`: no Updater: updates come from bot.webhook's server or bot.polling's loop, which
    acknowledge an update only after handling it (run_bot always builds it so).
    """
    builder = (ApplicationBuilder().token(config.telegram_token).post_init(_post_init)
               .post_stop(_post_stop).post_shutdown(_post_shutdown))
    if config.telegram_api_url:
        builder = builder.base_url(config.telegram_api_url)
        file_url = file_url_for(config.telegram_api_url)
        if file_url:
            builder = builder.base_file_url(file_url)
    if request is not None:
        builder = builder.request(request)
    if webhook:
        builder = builder.updater(None)
    elif get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    limiter = outbound_rate_limiter(config)
    if limiter is not None:
        builder = builder.rate_limiter(limiter)
    app = builder.build()
    adapter = TelegramAdapter(Engine(knowledge, storage, config), storage)
    app.bot_data["knowledge"] = knowledge
    app.bot_data["adapter"] = adapter
    # Staff commands (/thongke, /tailai) first: group 0 hands each update to its first match.
    from bot.telegram_staff import register_staff
    register_staff(app, config, storage, knowledge, group=_MAIN_GROUP, limiter=adapter.limiter)
    telegram_volunteers.register(app, config, storage, knowledge, engine=adapter.engine, adapter=adapter)
    _register(app, adapter)
    return app


def webhook_secret(config: Config) -> str:
    """The secret_token Telegram sends with each webhook request.

    DVCBOT_WEBHOOK_SECRET when set; else derived from the bot token (the hex SHA-256 of
    "dvcbot-webhook:" + token), so every instance of a deployment agrees without more
    configuration, and nobody without the token can forge one.
    """
    if config.webhook_secret:
        return config.webhook_secret
    return hashlib.sha256(b"dvcbot-webhook:" + config.telegram_token.encode()).hexdigest()


# --- `dvcbot run` -------------------------------------------------------------------------------
class _RedactToken(logging.Filter):
    """Replace the bot token wherever it would appear in a log line (URLs, exception texts)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<token>")
        return True


def _configure_logging(token: str) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in root.handlers:
        handler.addFilter(_RedactToken(token))
    # httpx logs every request URL (which contains the token) at INFO.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


async def _connect(app: Application) -> None:
    """getMe (Application.initialize), retried a few times while the Bot API is unreachable."""
    delay = 1.0
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            await app.initialize()
            return
        except InvalidToken:
            raise
        except NetworkError as exc:
            if attempt == START_ATTEMPTS:
                raise
            log.warning("Bot API unreachable (%s); retrying in %.0f s", exc, delay)
            await asyncio.sleep(delay)
            delay *= 2


def run_bot(config: Config, webhook_url: str | None = None, listen: str = "127.0.0.1",
            port: int = 8080, set_webhook: bool = True) -> int:
    """Run the bot until SIGINT/SIGTERM. Returns the process exit code.

    With `webhook_url`: bot.webhook's server on listen:port (updates on the URL's path,
    /healthz for the load balancer), calling setWebhook at start unless `set_webhook` is
    False. Otherwise long polling (one instance only).
    0 after a graceful stop; 1 the knowledge base is invalid or the Bot API unreachable;
    2 configuration errors: no token, token rejected, database cannot be opened, a bad
    webhook secret, URL or address.
    """
    _configure_logging(config.telegram_token)
    if not config.telegram_token:
        _stderr(MESSAGES["no_token"])
        return 2
    if webhook_url:
        from bot.webhook import valid_secret

        if not valid_secret(webhook_secret(config)):
            _stderr(MESSAGES["bad_secret"])
            return 2

    if config.volunteer_chat_id is None:
        _stderr(MESSAGES["no_group"])
    from knowledge.loader import KnowledgeError

    try:
        knowledge = LiveKnowledge.load(config.knowledge, max_bytes=config.knowledge_max_bytes)
    except KnowledgeError as exc:
        _stderr(MESSAGES["bad_knowledge"])
        for problem in exc.problems:
            _stderr(str(problem))
        return 1
    except OSError as exc:
        _stderr(f"{config.knowledge}: {exc}")
        return 1

    from bot.storage import Storage

    # One event loop for the storage and the Application (database drivers are bound to it).
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    storage = None
    try:
        try:
            storage = loop.run_until_complete(Storage.open(config.database_url))
        except Exception as exc:  # noqa: BLE001 - reported, not a crash
            _stderr(MESSAGES["bad_database"].format(error=exc))
            return 2
        app = build_application(config, storage, knowledge, webhook=True)
        try:
            loop.run_until_complete(_connect(app))
        except InvalidToken:  # (its message contains the token: not printed)
            _stderr(MESSAGES["bad_token"])
            return 2
        except NetworkError as exc:
            token = config.telegram_token
            _stderr(MESSAGES["unreachable"].format(url=app.bot.base_url.replace(token, "<token>"),
                                                   error=str(exc).replace(token, "<token>")))
            return 1
        try:
            if webhook_url:
                from bot.webhook import run_webhook

                loop.run_until_complete(run_webhook(
                    app, storage, webhook_url=webhook_url, secret=webhook_secret(config),
                    allowed_updates=ALLOWED_UPDATES, listen=listen, port=port,
                    set_webhook_at_start=set_webhook))
            else:
                from bot.polling import run_polling

                loop.run_until_complete(run_polling(app, ALLOWED_UPDATES))
        except InvalidToken:  # revoked while running
            _stderr(MESSAGES["bad_token"])
            return 2
        except BadRequest as exc:  # setWebhook refused the URL
            if not webhook_url:
                raise
            _stderr(MESSAGES["bad_webhook"].format(url=webhook_url, error=exc))
            return 2
        except NetworkError as exc:  # setWebhook: the Bot API stayed unreachable
            if not webhook_url:
                raise
            token = config.telegram_token
            _stderr(MESSAGES["unreachable"].format(url=app.bot.base_url.replace(token, "<token>"),
                                                   error=str(exc).replace(token, "<token>")))
            return 1
        except OSError as exc:  # the webhook address is taken or not ours
            from bot.webhook import ListenError

            if not isinstance(exc, ListenError):
                raise
            _stderr(MESSAGES["bad_address"].format(listen=listen, port=port, error=exc))
            return 2
        log.info("stopped")
        return 0
    finally:
        if storage is not None:
            loop.run_until_complete(storage.close())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        asyncio.set_event_loop(None)


__all__ = [
    "ALLOWED_UPDATES", "CITIZEN_MESSAGE", "MESSAGES", "TelegramAdapter", "build_application",
    "citizen_key", "event_from_message", "file_url_for", "keyboard", "media_kind",
    "outbound_rate_limiter", "run_bot",
    "split_text", "webhook_secret",
]
