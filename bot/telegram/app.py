"""The Application of dvcbot: every part built with its dependencies, every handler registered
in one visible place (`register_handlers`, in the order they see an update), the jobs.

    app = build_application(config, storage, knowledge)    # tests inject a fake BaseRequest
    app.services.adapter, app.services.delivery, ...         # the parts, typed

Handler groups: -2 answers every button press at once, -1 drops redelivered updates, 0 hands
the update to its first match: staff commands, the volunteers' group, then citizens in private
chats (bot.telegram.adapter has the details). Anything else gets no reply. `dvcbot run` is
bot.telegram.run.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, NamedTuple

from telegram import BotCommand, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import Config
from bot.dialogue.engine import COMMANDS, Engine
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.storage import Storage
from bot.telegram.adapter import ANSWER_GROUP, DEDUP_GROUP, MAIN_GROUP, Deduplication, TelegramAdapter
from bot.telegram.group_cards import GroupCards
from bot.telegram.limits import RateLimiter, outbound_rate_limiter
from bot.telegram.outbound import Delivery
from bot.telegram.staff import StaffCommands
from bot.telegram.volunteers import VolunteerButtons, VolunteerHandlers
from bot.volunteers.desk import VolunteerDesk

log = logging.getLogger(__name__)

# What we ask Telegram to deliver. Edited messages: a volunteer's corrected answer is relayed
# (bot.telegram.volunteers), other edits are ignored; channel posts are not needed.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
# A citizen's new message in a private chat, with something we can react to.
CITIZEN_MESSAGE = (filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
                   & (filters.TEXT | filters.ATTACHMENT))
KNOWLEDGE_RELOAD_SECONDS = 60
PROCESSED_UPDATES_SWEEP = 3600  # seconds between sweeps of the de-duplication table
DELIVERY_SECONDS = 5.0  # the outbox job (first run at start-up: what an earlier process left)
REMINDER_SCAN_SECONDS = 60.0  # due reminders (state in the database: once across instances)


@dataclass(frozen=True)
class Services:
    """The parts of one Application, built once by `build_services`."""

    config: Config
    storage: Storage
    knowledge: LiveKnowledge
    engine: Engine
    delivery: Delivery
    desk: VolunteerDesk
    adapter: TelegramAdapter
    volunteers: VolunteerHandlers
    staff: StaffCommands


class DvcbotApplication(Application):
    """python-telegram-bot's Application with dvcbot's parts as a typed attribute (no bot_data keys)."""

    def __init__(self, *, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services


def build_services(config: Config, storage: Storage, knowledge: LiveKnowledge) -> Services:
    """Every part, given its dependencies when built (nothing is wired afterwards)."""
    desk = VolunteerDesk(storage, knowledge, config)
    cards = GroupCards(desk, storage, config)
    delivery = Delivery(storage, config, after_send=cards.after_send)
    engine = Engine(knowledge, storage, config, on_outbox=delivery.kick)
    limiter = RateLimiter.from_config(config)  # per citizen, this process
    adapter = TelegramAdapter(engine, storage, delivery, config, limiter)
    volunteers = VolunteerHandlers(desk, storage, delivery, config, cards, finish_soon=adapter.finish_soon)
    staff = StaffCommands(config, storage, knowledge, limiter)  # refusals count against the limit
    return Services(config, storage, knowledge, engine, delivery, desk, adapter, volunteers, staff)


class MainHandler(NamedTuple):
    """A handler of group 0, and whether its callback records the update's id itself, with the
    update's effects in one transaction (then de-duplication leaves it the record)."""

    handler: BaseHandler[Any, Any, Any]
    records_its_update: bool


def register_handlers(app: Application, s: Services) -> None:
    """Every handler, in the order an update meets them (in group 0 only the first match runs)."""
    adapter, volunteers, group = s.adapter, s.volunteers, s.config.volunteer_chat_id
    main = [
        # Staff commands, new messages only, in any chat (anyone else is refused politely).
        MainHandler(CommandHandler("thongke", s.staff.thongke, filters=filters.UpdateType.MESSAGE),
                    records_its_update=False),
        MainHandler(CommandHandler("tailai", s.staff.tailai, filters=filters.UpdateType.MESSAGE),
                    records_its_update=False),
        # Volunteers' buttons, wherever pressed (outside the group they are refused), then the
        # group; each records its update with its effect (bot.telegram.volunteers).
        MainHandler(VolunteerButtons(volunteers.on_button), records_its_update=True),
    ]
    if group is not None:
        main += [
            MainHandler(MessageHandler(filters.Chat(group) & filters.UpdateType.MESSAGE, volunteers.on_message),
                        records_its_update=True),
            MainHandler(MessageHandler(filters.Chat(group) & filters.UpdateType.EDITED_MESSAGE, volunteers.on_edit),
                        records_its_update=True),
        ]
    # Citizens (private chats): the engine records the update in the turn's transaction.
    main += [
        MainHandler(MessageHandler(CITIZEN_MESSAGE, adapter.on_citizen_message), records_its_update=True),
        MainHandler(CallbackQueryHandler(adapter.on_citizen_button), records_its_update=True),
    ]
    dedup = Deduplication(s.storage, records_own_update=[m.handler for m in main if m.records_its_update])
    app.add_handler(CallbackQueryHandler(adapter.answer_button), group=ANSWER_GROUP)
    app.add_handler(TypeHandler(Update, dedup.drop_duplicate), group=DEDUP_GROUP)
    for m in main:
        app.add_handler(m.handler, group=MAIN_GROUP)
    app.add_error_handler(adapter.on_error)


def build_application(config: Config, storage: Storage, knowledge: LiveKnowledge, *,
                      request: BaseRequest | None = None,
                      get_updates_request: BaseRequest | None = None,
                      webhook: bool = False) -> DvcbotApplication:
    """The python-telegram-bot Application of dvcbot (not initialised, not started).

    `request`/`get_updates_request` replace the HTTP layer (tests). `webhook`: no Updater:
    updates come from bot.telegram.webhook's server or bot.telegram.polling's loop, which
    acknowledge an update only after handling it (`dvcbot run` always builds it so).
    """
    services = build_services(config, storage, knowledge)
    builder = (ApplicationBuilder().token(config.telegram_token)
               .application_class(DvcbotApplication, {"services": services})
               .post_init(_post_init).post_stop(_post_stop).post_shutdown(_post_shutdown))
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
        # (PTB's builder types its argument as BaseRateLimiter[None]; AIORateLimiter takes int)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    app = builder.build()
    assert isinstance(app, DvcbotApplication)
    register_handlers(app, services)
    if app.job_queue is not None:
        app.job_queue.run_repeating(services.delivery.send_due, interval=DELIVERY_SECONDS, first=0.5,
                                    name="outbox")
        app.job_queue.run_repeating(services.volunteers.remind, interval=REMINDER_SCAN_SECONDS, first=5,
                                    name="reminders")
    return app


def file_url_for(base_url: str) -> str | None:
    """base_file_url matching a Bot API base_url: ".../bot" -> ".../file/bot"."""
    i = base_url.rfind("/bot")
    if i < 0:
        return None
    return base_url[:i] + "/file" + base_url[i:]


# --- The life cycle (python-telegram-bot calls these; bot.telegram.lifecycle too) --------------
async def _post_init(app: Application) -> None:
    assert isinstance(app, DvcbotApplication)
    s = app.services
    me = app.bot.bot
    log.info("connected to Telegram as @%s (id %s)", me.username, me.id)
    try:
        await app.bot.set_my_commands([BotCommand(name, description) for name, description in COMMANDS])
    except InvalidToken:
        raise
    except TelegramError as exc:  # the menu is a convenience; answering matters more
        log.warning("setMyCommands failed: %s", exc)
    if app.job_queue is None:
        return
    if s.knowledge.path:
        app.job_queue.run_repeating(s.staff.reload_job, interval=KNOWLEDGE_RELOAD_SECONDS,
                                    first=KNOWLEDGE_RELOAD_SECONDS, name="reload-knowledge")
    app.job_queue.run_repeating(s.adapter.forget_processed_updates, interval=PROCESSED_UPDATES_SWEEP,
                                first=60, name="forget-processed-updates")


async def _post_stop(app: Application) -> None:
    assert isinstance(app, DvcbotApplication)
    await app.services.adapter.drain()


async def _post_shutdown(app: Application) -> None:
    assert isinstance(app, DvcbotApplication)
    await app.services.adapter.stop_flushing()


__all__ = ["ALLOWED_UPDATES", "CITIZEN_MESSAGE", "DvcbotApplication", "MainHandler", "Services",
           "build_application", "build_services", "file_url_for", "register_handlers"]
