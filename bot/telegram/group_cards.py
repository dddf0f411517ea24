"""The escalation cards in the volunteers' group: redrawn when an escalation changes.

A card shows who has the escalation and its buttons (bot.volunteers.desk.VolunteerDesk.card);
`refresh` edits every card of an escalation and takes the outdated "Nhận" button off its
reminders. bot.telegram.volunteers calls it after a volunteer's action, bot.telegram.outbound
(`after_send`) after a notice about the escalation reached the group.
"""
from __future__ import annotations

import logging
from typing import Any

from telegram import Message
from telegram.error import BadRequest, TelegramError

from bot.config import Config
from bot.dialogue.group_posts import ButtonRows
from bot.storage import Storage
from bot.storage.ports import Escalation, OutboxMessage
from bot.telegram.messages import NO_PREVIEW, keyboard, rendered
from bot.volunteers.desk import VolunteerDesk

log = logging.getLogger(__name__)


class GroupCards:
    def __init__(self, desk: VolunteerDesk, storage: Storage, config: Config) -> None:
        self.desk = desk
        self.storage = storage  # the group's posts: more than the desk's own port
        self.config = config

    async def after_send(self, bot: Any, row: OutboxMessage) -> None:
        """A notice about an escalation reached the group (the citizen closed or cancelled
        it, it became undeliverable): redraw its card."""
        if row.purpose == "notice" and row.escalation_id is not None and row.chat_id == self.config.volunteer_chat_id:
            await self.refresh(bot, await self.storage.get_escalation(row.escalation_id), None)

    async def refresh(self, bot: Any, e: Escalation | None, pressed: Message | None) -> None:
        """Redraw the escalation's card (who has it, its buttons); a pressed reminder loses
        its outdated "Nhận" button."""
        if e is None:
            return
        text, buttons = self.desk.card(e)
        for chat_id, message_id, role in await self.storage.group_posts(e.id):
            if role == "card":
                await self.edit(bot, chat_id, message_id, text, buttons)
            elif role == "reminder" and e.status != "open":
                await self.edit_markup(bot, chat_id, message_id)

    async def edit(self, bot: Any, chat_id: int, message_id: int, text: str,
                    buttons: ButtonRows) -> None:
        shown, entities = rendered(text)  # citizens' words as quotes
        try:
            await bot.edit_message_text(shown, chat_id=chat_id, message_id=message_id,
                                        reply_markup=keyboard(buttons), entities=entities or None,
                                        link_preview_options=NO_PREVIEW)
        except BadRequest as exc:  # "message is not modified", deleted, too old
            log.info("could not edit %s/%s: %s", chat_id, message_id, exc)
        except TelegramError as exc:
            log.warning("could not edit %s/%s: %s", chat_id, message_id, exc)

    async def edit_markup(self, bot: Any, chat_id: int, message_id: int) -> None:
        try:
            await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        except TelegramError as exc:
            log.info("could not edit the buttons of %s/%s: %s", chat_id, message_id, exc)


__all__ = ["GroupCards"]
