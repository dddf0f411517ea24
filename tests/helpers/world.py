"""A citizen, volunteers and the bot: the real Application on a fake Bot API, for the
volunteer hand-off tests (integration/test_escalation.py, test_volunteers.py, test_delivery.py...).

    world = await start_world(database_url, knowledge)
    lan = world.citizen()                     # private chat, user 1001
    minh = world.volunteer(777, "Minh")       # member of the volunteers' group
    await lan.send("làm hộ chiếu ở đâu"); await lan.press(texts.BTN_VOLUNTEER)
    await lan.press(texts.BTN_CONSENT_YES)
    card = world.card(1)                      # the escalation's post in the group, as it looks now
    await minh.press(texts.BTN_CLAIM, card)
    await minh.reply(card, "Bạn đến ...")
    world.received(lan)                       # what the citizen got outside their own turns
    await world.close()                       # also checks what must always hold
"""
from __future__ import annotations

from datetime import datetime

from telegram.ext import CallbackContext

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.storage import Storage
from bot.storage.ports import utcnow
from bot.telegram.app import build_application
from helpers.fake_telegram import FAKE_TOKEN, SEND_METHODS, FakeBotApi, buttons_of, check_invariants
from helpers.telegram_chats import GroupMember, TelegramChat

GROUP = -100500
UNKNOWN_QUESTION = "làm hộ chiếu đi nước ngoài ở đâu"  # passports are out of scope


# A DVCBOT_SECRET_KEY for the tests (bot.dialogue.vault): "Xem số đã ẩn" needs one.
SECRET_KEY = "wbwvbKgOs0Ra3xjaFkbyT6BzaNHbXI9QvoFKdBRuSxA="


def volunteer_config(**overrides) -> Config:
    """Volunteers always at work (tests must not depend on the clock), group GROUP, a secret key."""
    values = dict(telegram_token=FAKE_TOKEN, volunteer_chat_id=GROUP, volunteer_hours="00:00-24:00",
                  volunteer_days="1-7", reminder_minutes=30, secret_keys=(SECRET_KEY,))
    values.update(overrides)
    return Config(**values)


class World:
    def __init__(self, app, api: FakeBotApi, storage: Storage, config: Config):
        self.app, self.api, self.storage, self.config = app, api, storage, config

    # -- people -----------------------------------------------------------------------------
    def citizen(self, user_id: int = 1001, first_name: str = "Lan") -> TelegramChat:
        return TelegramChat(self.app, self.api, user_id=user_id, first_name=first_name)

    def volunteer(self, user_id: int = 777, first_name: str = "Minh", status: str = "member") -> GroupMember:
        self.api.member_status[user_id] = status
        return GroupMember(self.app, self.api, GROUP, user_id, first_name)

    # -- the machinery ----------------------------------------------------------------------
    @property
    def delivery(self):
        return self.app.services.delivery

    @property
    def desk(self):
        return self.app.services.desk

    async def deliver(self, now: datetime | None = None) -> int:
        """Run the outbox once (what the "outbox" job does), at `now` (default: now)."""
        return await self.delivery.run_once(self.app.bot, now=now)

    async def run_job(self, name: str) -> None:
        """Run a repeating job's callback once, as the JobQueue would."""
        job = next(j for j in self.app.job_queue.jobs() if j.name == name)
        await job.callback(CallbackContext(self.app))

    # -- looking ----------------------------------------------------------------------------
    def group(self) -> list[dict]:
        """The bot's messages in the volunteers' group as they look now, oldest first."""
        return self.api.chat_messages(GROUP)

    def sent_to(self, chat_id: int, methods=SEND_METHODS) -> list:
        """Successful send calls to a chat, in order."""
        return [c for c in self.api.calls if c.method in methods and c.result is not None
                and int(c["chat_id"]) == chat_id]

    def received(self, chat: TelegramChat) -> list[str]:
        """Texts (or captions) of everything the bot sent to a citizen, in order."""
        return [c.get("text") or c.get("caption") or "" for c in self.sent_to(chat.chat_id)]

    def card(self, escalation_id: int) -> dict:
        """The escalation's card in the group, as it looks now."""
        header = texts.VOL_CARD_HEADER.split("·")[0].format(id=escalation_id)
        cards = [m for m in self.group() if (m.get("text") or "").startswith(header)]
        assert cards, f"no card for #{escalation_id} among {[m.get('text', '')[:40] for m in self.group()]}"
        return cards[-1]

    def last_in_group(self, containing: str = "") -> dict:
        for m in reversed(self.group()):
            if containing in (m.get("text") or m.get("caption") or ""):
                return m
        raise AssertionError(f"nothing with {containing!r} in the group")

    async def close(self) -> None:
        try:
            await self.app.shutdown()
        finally:
            await self.storage.close()
        check_invariants(self.api)


async def start_world(database_url: str, knowledge: LiveKnowledge, config: Config | None = None) -> World:
    config = config or volunteer_config()
    storage = await Storage.open(database_url)
    api = FakeBotApi()
    app = build_application(config, storage, knowledge, request=api, get_updates_request=api)
    await app.initialize()
    return World(app, api, storage, config)


async def open_escalation(world: World, chat: TelegramChat, question: str = UNKNOWN_QUESTION) -> int:
    """The citizen asks something the bot does not know and agrees to ask a volunteer."""
    await chat.send(question)
    await chat.press(texts.BTN_VOLUNTEER)
    await chat.press(texts.BTN_CONSENT_YES)
    escalation = await world.storage.active_escalation(f"tg:{chat.user_id}")
    assert escalation is not None, chat.seen()
    return escalation.id


def labels(message: dict) -> list[str]:
    return [b["text"] for b in buttons_of(message)]


def now() -> datetime:
    return utcnow()
