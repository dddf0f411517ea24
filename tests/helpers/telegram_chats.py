"""People chatting with the bot through a fake Bot API (helpers.fake_telegram).

`TelegramChat` (a citizen in a private chat) builds Updates as the Bot API would deliver them
and feeds them through `application.process_update`, exactly as polling or a webhook would;
`GroupMember` is someone in the volunteers' group; `Bot` one running instance.
"""
from __future__ import annotations

from typing import Any

from helpers.fake_telegram import (
    SEND_METHODS,
    ApiCall,
    FakeBotApi,
    buttons_of,
    deliver,
    media_json,
    message_json,
    next_update_id,
    private_chat_json,
    update_json,
    user_json,
)


# --- A citizen in a private chat ---------------------------------------------------------------
class TelegramChat:
    """A citizen chatting with the bot in a private chat: reads like a conversation.

    After each action, `replies` holds the bot's messages produced by it (sent or edited,
    as Bot API dicts, in order); `last_text()` is the text of the last one.
    """

    def __init__(self, application, api: FakeBotApi, user_id: int = 1001, first_name: str = "Lan"):
        self.app = application
        self.api = api
        self.user_id = user_id
        self.user = user_json(user_id, first_name)
        self.chat = private_chat_json(user_id, first_name)
        self.replies: list[dict] = []
        self.calls: list[ApiCall] = []  # every API call made during the last action
        self.last_update: dict | None = None

    @property
    def chat_id(self) -> int:
        return self.user_id

    # -- acting ----------------------------------------------------------------------------
    async def send(self, text: str) -> list[dict]:
        """Type a message (a "/command" gets its bot_command entity, as on Telegram)."""
        message = message_json(self.chat, self.user, self.api.next_message_id(self.chat_id), text)
        return await self.deliver(update_json(message=message))

    async def send_media(self, kind: str, **extra: Any) -> list[dict]:
        """Send a photo, voice, sticker, location, document, video or contact."""
        message = message_json(self.chat, self.user, self.api.next_message_id(self.chat_id),
                               **media_json(kind), **extra)
        return await self.deliver(update_json(message=message))

    async def press(self, label: str, message: dict | None = None) -> list[dict]:
        """Press the button labelled `label` (exact, else contained) of the bot's last message
        with a keyboard, or of `message` (a message dict, e.g. an old one)."""
        if message is None:
            message = self.last_keyboard_message()
        return await self.press_data(self.button_data(label, message), message)

    async def press_data(self, data: str, message: dict | None = None) -> list[dict]:
        """Send a callback query with arbitrary data (forged, stale...) from `message`."""
        if message is None:
            message = self.last_keyboard_message()
        query = {"id": f"cq{next_update_id()}", "from": self.user, "chat_instance": f"ci{self.chat_id}",
                 "data": data, "message": message}
        return await self.deliver(update_json(callback_query=query))

    async def deliver(self, data: dict) -> list[dict]:
        """Feed a prepared update; collect the bot's messages it caused."""
        self.last_update = data
        before = len(self.api.calls)
        await deliver(self.app, data)
        self.calls = self.api.calls[before:]
        self.replies = []
        for call in self.calls:
            if (call.method in (*SEND_METHODS, "editMessageText") and call.result is not None
                    and int(call["chat_id"]) == self.chat_id):
                reply = {"method": call.method, "text": call.get("text") or call.get("caption") or "",
                         "buttons": [b["text"] for row in (call.get("reply_markup") or {}).get(
                             "inline_keyboard", []) for b in row]}
                if call.method == "editMessageText":
                    reply["message_id"] = int(call["message_id"])
                reply["message"] = self._stored(call)
                self.replies.append(reply)
        return self.replies

    def _stored(self, call: ApiCall) -> dict | None:
        """The message a successful send/edit call produced, as it looks now."""
        if not isinstance(call.result, dict):
            return None
        return self.api.messages.get(self.chat_id, {}).get(call.result["message_id"])

    # -- looking ---------------------------------------------------------------------------
    def messages(self) -> list[dict]:
        """The bot's messages in this chat as they look now, oldest first."""
        return self.api.chat_messages(self.chat_id)

    def last_message(self) -> dict:
        """The bot's message (as it looks now) of the last reply."""
        assert self.replies, "the last action got no reply"
        message = self.replies[-1]["message"]
        assert message is not None
        return message

    def last_keyboard_message(self) -> dict:
        """The message the citizen's eyes go to: the last reply with buttons, else the newest."""
        for reply in reversed(self.replies):
            if reply["buttons"] and reply["message"] is not None:
                return reply["message"]
        for m in reversed(self.messages()):
            if buttons_of(m):
                return m
        raise AssertionError("no message with buttons")

    def last_text(self) -> str:
        assert self.replies, "the last action got no reply"
        return self.replies[-1]["text"]

    def seen(self) -> str:
        """All texts the last action produced."""
        return "\n\n".join(r["text"] for r in self.replies)

    def buttons(self) -> list[str]:
        """Labels of all buttons the last action produced."""
        return [label for r in self.replies for label in r["buttons"]]

    def has_button(self, label: str) -> bool:
        return any(label in b for b in self.buttons())

    @staticmethod
    def button_data(label: str, message: dict) -> str:
        buttons = buttons_of(message)
        for b in buttons:
            if b["text"] == label:
                return b["callback_data"]
        for b in buttons:
            if label in b["text"]:
                return b["callback_data"]
        raise AssertionError(f"no button {label!r} among {[b['text'] for b in buttons]}")


# --- A volunteer in a group ------------------------------------------------------------------------
class Bot:
    """One running instance: the Application on its fake Bot API; `chat()` opens a citizen's
    chat. `storage`: a Storage opened for this bot alone, closed with it by `close()`.
    `clock`: the rate limiter's clock when a test moves time by hand."""

    def __init__(self, app: Any, api: FakeBotApi, storage: Any = None, clock: Any = None) -> None:
        self.app, self.api, self.storage, self.clock = app, api, storage, clock

    def chat(self, user_id: int = 1001) -> TelegramChat:
        return TelegramChat(self.app, self.api, user_id=user_id)

    async def close(self) -> None:
        """Stops the Application (and closes the bot's own storage); no call used parse_mode."""
        try:
            await self.app.shutdown()
        finally:
            if self.storage is not None:
                await self.storage.close()
        for call in self.api.calls:
            assert "parse_mode" not in call.params, call


def group_chat_json(chat_id: int, title: str = "Tình nguyện viên") -> dict:
    return {"id": chat_id, "type": "supergroup", "title": title}


class GroupMember(TelegramChat):
    """Someone in a group chat with the bot (the volunteers' group): sends messages and
    commands, replies to the bot's messages, presses their buttons. `replies` holds the
    bot's messages in the group caused by the last action; `toasts()` the texts of the
    callback answers.

        minh = GroupMember(app, api, group_id=-100500, user_id=777, first_name="Minh")
        await minh.reply(card, "Bạn mang theo ...")
        await minh.press("Nhận", card)
    """

    def __init__(self, application, api: FakeBotApi, group_id: int, user_id: int,
                 first_name: str = "Minh"):
        super().__init__(application, api, user_id=user_id, first_name=first_name)
        self.group_id = group_id
        self.chat = group_chat_json(group_id)

    @property
    def chat_id(self) -> int:
        return self.group_id

    async def reply(self, to: dict, text: str | None = None, **content: Any) -> list[dict]:
        """Reply (Telegram's "Trả lời") to a message of the group, with text or media."""
        message = message_json(self.chat, self.user, self.api.next_message_id(self.chat_id), text,
                               reply_to_message=to, **content)
        return await self.deliver(update_json(message=message))

    def toasts(self) -> list[str]:
        """Texts of the callback answers of the last action ("" for a plain answer)."""
        return [c.get("text") or "" for c in self.calls if c.method == "answerCallbackQuery"]

