"""Telegram messages in the engine's terms and back: the helpers every handler module shares.

In: a citizen's message as an engine Event (`event_from_message`), the kind and file of a
media message. Out: the one inline-keyboard builder (`keyboard`), text with citizens' words
as quote entities (`rendered`), (texts are cut into parts by bot.dialogue.splitting).
Nothing here registers handlers or sends anything.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message, MessageEntity, User
from telegram.constants import MessageLimit

from bot.dialogue.citizen_quote import render
from bot.dialogue.engine import Event

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


# --- Telegram -> engine -------------------------------------------------------------------------
def citizen_key(user: User) -> str:
    return f"tg:{user.id}"


def media_kind(message: Message) -> str:
    """The engine's media kind (bot.dialogue.engine.MEDIA_KINDS) of a message without text."""
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
    """The file_id by which the media can be sent on as the same kind (bot.telegram.outbound), or ""
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


# --- engine -> Telegram -------------------------------------------------------------------------
class _Labelled(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def data(self) -> str: ...


# A button: the engine's Button (label, data) or a stored [label, data] pair (outbox rows,
# the volunteers' cards).
ButtonLike = _Labelled | Sequence[str]


def keyboard(rows: Sequence[Sequence[ButtonLike]] | None) -> InlineKeyboardMarkup | None:
    """The inline keyboard of rows of buttons (None without buttons)."""
    markup = [[_button(b) for b in row] for row in rows or () if row]
    return InlineKeyboardMarkup(markup) if markup else None


def _button(button: ButtonLike) -> InlineKeyboardButton:
    if isinstance(button, Sequence):
        label, data = button
        return InlineKeyboardButton(label, callback_data=data)
    return InlineKeyboardButton(button.label, callback_data=button.data)


def rendered(text: str) -> tuple[str, list[MessageEntity]]:
    """The text to send and its entities: citizens' words quoted (bot.dialogue.citizen_quote), as
    blockquote entities, never parse_mode."""
    plain, entities = render(text)
    return plain, [MessageEntity(kind, offset, length) for kind, offset, length in entities]


__all__ = ["NO_PREVIEW", "citizen_key", "event_from_message", "keyboard", "media_file_id",
           "media_kind", "rendered", "without_nul"]
