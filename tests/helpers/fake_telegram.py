"""A fake Telegram Bot API for tests: records every call and answers like the Bot API.

    api = FakeBotApi()
    app = build_application(config, storage, knowledge, request=api, get_updates_request=api)
    await app.initialize()
    lan = TelegramChat(app, api, user_id=1001)     # helpers.telegram_chats
    await lan.send("dang ky tam tru can gi")
    assert "Tạm trú" in lan.last_text()

`FakeBotApi` is a python-telegram-bot `BaseRequest` (the library's own way to test without
a network): `do_request` answers like the Bot API (`{"ok": true, "result": ...}`) and keeps
every call as an `ApiCall(method, params)`. It remembers the messages the bot sent and
edited per chat, so a citizen can press a button of any message, old or new. Also here: the
Bot API JSON builders (`message_json`, `update_json`...), `deliver`, and what must hold after
any conversation (`check_invariants`). People who chat: helpers.telegram_chats; the same API
over HTTP for a real process: helpers.fake_api_server.
"""
from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.constants import MessageLimit
from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 424242, "is_bot": True, "first_name": "Trợ lý Dịch vụ công", "username": "dvcbot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
FAKE_TOKEN = "424242:TEST-token-not-real"

# Update ids grow across the whole test session, so two Applications sharing one database
# (a restart) never see a fresh update as a duplicate.
_update_ids = itertools.count(1000)


def next_update_id() -> int:
    return next(_update_ids)


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    result: Any = None  # what the fake Bot API answered (None for failed calls)

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


@dataclass
class ApiFailure:
    status: int
    description: str
    times: int  # how many more calls fail; -1 = always
    retry_after: int | None = None  # 429: the "parameters": {"retry_after": N} of the answer
    chat_id: int | None = None  # only calls for this chat fail

# Sending media by file_id: the method and the parameter holding the file.
MEDIA_METHODS = {"sendPhoto": "photo", "sendVoice": "voice", "sendDocument": "document",
                 "sendVideo": "video", "sendSticker": "sticker"}
SEND_METHODS = ("sendMessage", *MEDIA_METHODS)


class FakeBotApi(BaseRequest):
    """A recording Bot API. `calls` holds every request in order."""

    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        # chat id -> message id -> the message as the bot last sent or edited it (Bot API JSON)
        self.messages: dict[int, dict[int, dict]] = {}
        self.failures: dict[str, list[ApiFailure]] = {}
        self.updates: list[dict] = []  # returned by the next getUpdates
        self.delivered: list[dict] = []  # updates fed to an application using this API (deliver())
        self._message_ids: dict[int, itertools.count] = {}
        # getChatMember: user id -> status ("member", "administrator", "left", ...)
        self.member_status: dict[int, str] = {}
        self.default_member_status = "member"

    # -- BaseRequest -----------------------------------------------------------------------
    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None,
                         connect_timeout: Any = None, pool_timeout: Any = None) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data is not None else {}
        if request_data is not None and request_data.contains_files:
            # Uploaded files (e.g. sendPhoto with bytes): the part's content under its name.
            for name, part in request_data.multipart_data.items():
                params[name] = part[1] if isinstance(part, tuple) else part
        call = ApiCall(api_method, params)
        self.calls.append(call)
        failure = self._failure(api_method, params.get("chat_id"))
        if failure is not None:
            answer = {"ok": False, "error_code": failure.status, "description": failure.description}
            if failure.retry_after is not None:
                answer["parameters"] = {"retry_after": failure.retry_after}
            return failure.status, api_json(answer)
        call.result = self.respond(api_method, params)
        return 200, api_json({"ok": True, "result": call.result})

    # -- configuring -----------------------------------------------------------------------
    def fail(self, method: str, status: int = 400, description: str = "Bad Request: error",
             times: int = 1, retry_after: int | None = None, chat_id: int | None = None) -> None:
        """Make the next `times` calls of `method` fail (times=-1: all of them); with
        `retry_after` (status 429) the answer asks to retry after that many seconds; with
        `chat_id` only the calls for that chat fail."""
        self.failures.setdefault(method, []).append(
            ApiFailure(status, description, times, retry_after, chat_id))

    def _failure(self, method: str, chat_id: Any = None) -> ApiFailure | None:
        queue = self.failures.get(method) or []
        queue[:] = [f for f in queue if f.times != 0]
        for f in queue:
            if f.chat_id is not None and (chat_id is None or int(chat_id) != f.chat_id):
                continue
            if f.times > 0:
                f.times -= 1
            return f
        return None

    # -- the Bot API -----------------------------------------------------------------------
    def respond(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            out, self.updates = self.updates, []
            return out
        if method == "sendMessage":
            chat_id = int(params["chat_id"])
            message = {
                "message_id": self.next_message_id(chat_id), "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "from": BOT_USER, "text": params["text"],
            }
            for key in ("reply_markup", "entities"):
                if params.get(key):
                    message[key] = params[key]
            self.messages.setdefault(chat_id, {})[message["message_id"]] = message
            return message
        if method == "editMessageText":
            chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
            old = self.messages.get(chat_id, {}).get(message_id)
            message = dict(old or {"message_id": message_id, "date": int(time.time()),
                                   "chat": {"id": chat_id, "type": "private"}, "from": BOT_USER})
            message["text"] = params["text"]
            message["edit_date"] = int(time.time())
            for key in ("reply_markup", "entities"):
                message.pop(key, None)
                if params.get(key):
                    message[key] = params[key]
            self.messages.setdefault(chat_id, {})[message_id] = message
            return message
        if method == "sendPhoto":
            chat_id = int(params["chat_id"])
            message = {
                "message_id": self.next_message_id(chat_id), "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "from": BOT_USER, "photo": [{"file_id": f"photo-{len(self.calls)}",
                                            "file_unique_id": f"up-{len(self.calls)}",
                                            "width": 1200, "height": 1600}],
            }
            for key in ("caption", "caption_entities"):
                if params.get(key):
                    message[key] = params[key]
            self.messages.setdefault(chat_id, {})[message["message_id"]] = message
            return message
        if method in MEDIA_METHODS:
            chat_id = int(params["chat_id"])
            field = MEDIA_METHODS[method]
            file = {"file_id": str(params.get(field)), "file_unique_id": f"u-{len(self.calls)}"}
            content = {
                "photo": [dict(file, width=800, height=800)],
                "voice": dict(file, duration=3),
                "document": dict(file, file_name="tep.pdf"),
                "video": dict(file, width=640, height=360, duration=5),
                "sticker": dict(file, width=512, height=512, is_animated=False, is_video=False,
                                type="regular"),
            }[field]
            message = {"message_id": self.next_message_id(chat_id), "date": int(time.time()),
                       "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                       "from": BOT_USER, field: content}
            for key in ("caption", "caption_entities", "reply_markup"):
                if params.get(key):
                    message[key] = params[key]
            self.messages.setdefault(chat_id, {})[message["message_id"]] = message
            return message
        if method == "editMessageReplyMarkup":
            chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
            message = dict(self.messages.get(chat_id, {}).get(message_id) or {
                "message_id": message_id, "date": int(time.time()),
                "chat": {"id": chat_id, "type": "group"}, "from": BOT_USER, "text": "?"})
            message.pop("reply_markup", None)
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            self.messages.setdefault(chat_id, {})[message_id] = message
            return message
        if method == "getChatMember":
            user_id = int(params["user_id"])
            status = self.member_status.get(user_id, self.default_member_status)
            member: dict[str, Any] = {"status": status, "user": user_json(user_id)}
            if status == "restricted":
                member.update(is_member=True, until_date=0, can_send_messages=True,
                              can_send_audios=True, can_send_documents=True, can_send_photos=True,
                              can_send_videos=True, can_send_video_notes=True,
                              can_send_voice_notes=True, can_send_polls=True,
                              can_send_other_messages=True, can_add_web_page_previews=True,
                              can_change_info=False, can_invite_users=False, can_pin_messages=False,
                              can_manage_topics=False)
            elif status == "kicked":
                member["until_date"] = 0
            elif status == "administrator":
                member.update(can_be_edited=False, is_anonymous=False, can_manage_chat=True,
                              can_delete_messages=True, can_manage_video_chats=True,
                              can_restrict_members=True, can_promote_members=False,
                              can_change_info=True, can_invite_users=True, can_post_stories=False,
                              can_edit_stories=False, can_delete_stories=False)
            return member
        return True  # answerCallbackQuery, setMyCommands, deleteWebhook, ...

    def next_message_id(self, chat_id: int) -> int:
        """Message ids are shared by both sides of a chat, as on Telegram."""
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    # -- reading what happened -------------------------------------------------------------
    def calls_of(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method == method]

    def sent_to(self, chat_id: int) -> list[ApiCall]:
        """sendMessage and editMessageText calls for a chat, in order."""
        return [c for c in self.calls if c.method in ("sendMessage", "editMessageText")
                and int(c.params["chat_id"]) == chat_id]

    def chat_messages(self, chat_id: int) -> list[dict]:
        """The bot's messages in a chat as they look now (after edits), oldest first."""
        return [m for _, m in sorted(self.messages.get(chat_id, {}).items())]


def api_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def buttons_of(message: dict) -> list[dict]:
    """The inline buttons of a Bot API message dict (flattened rows)."""
    markup = message.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


# --- Building updates ---------------------------------------------------------------------------
def user_json(user_id: int, first_name: str = "Lan") -> dict:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "vi"}


def private_chat_json(user_id: int, first_name: str = "Lan") -> dict:
    return {"id": user_id, "type": "private", "first_name": first_name}


def message_json(chat: dict, user: dict | None, message_id: int, text: str | None = None,
                 **content: Any) -> dict:
    """A Bot API Message: text (with a bot_command entity for "/..."), or other content."""
    message: dict[str, Any] = {"message_id": message_id, "date": int(time.time()), "chat": chat}
    if user is not None:
        message["from"] = user
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            command = text.split()[0] if text.split() else text
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    message.update(content)
    return message


def media_json(kind: str) -> dict:
    """Content fields of a message of one media kind, as the Bot API sends them."""
    file = {"file_id": f"{kind}-file", "file_unique_id": f"{kind}-unique"}
    return {
        "photo": {"photo": [dict(file, width=90, height=90), dict(file, file_id="big", width=800, height=800)]},
        "voice": {"voice": dict(file, duration=3, mime_type="audio/ogg")},
        "sticker": {"sticker": dict(file, width=512, height=512, is_animated=False, is_video=False,
                                    type="regular", emoji="👍")},
        "location": {"location": {"latitude": 10.95, "longitude": 106.82}},
        "document": {"document": dict(file, file_name="giay-to.pdf", mime_type="application/pdf")},
        "video": {"video": dict(file, width=640, height=360, duration=5)},
        "contact": {"contact": {"phone_number": "+84000000000", "first_name": "Lan"}},
    }[kind]


def update_json(**payload: Any) -> dict:
    """An Update with a fresh update id: update_json(message=...), update_json(callback_query=...)."""
    return {"update_id": next_update_id(), **payload}


async def deliver(application, data: dict) -> None:
    """Feed one update (Bot API JSON) to the application, as polling or a webhook would."""
    if isinstance(application.bot.request, FakeBotApi):
        application.bot.request.delivered.append(data)
    await application.process_update(Update.de_json(data, application.bot))


def quotes_of(message: dict) -> list[str]:
    """The parts of a Bot API message's text (or caption) inside blockquote entities."""
    text = message.get("text") or message.get("caption") or ""
    units = text.encode("utf-16-le")
    return [units[2 * e["offset"]: 2 * (e["offset"] + e["length"])].decode("utf-16-le")
            for e in message.get("entities") or message.get("caption_entities") or []
            if e["type"] in ("blockquote", "expandable_blockquote")]


def outside_quotes(message: dict) -> str:
    """A Bot API message's text (or caption) with its blockquotes cut out: the bot's own lines."""
    text = message.get("text") or message.get("caption") or ""
    units = text.encode("utf-16-le")
    kept, at = [], 0
    for e in sorted(message.get("entities") or message.get("caption_entities") or [], key=lambda e: e["offset"]):
        if e["type"] in ("blockquote", "expandable_blockquote"):
            kept.append(units[2 * at: 2 * e["offset"]])
            at = e["offset"] + e["length"]
    kept.append(units[2 * at:])
    return b"".join(kept).decode("utf-16-le")


def check_invariants(api: FakeBotApi) -> None:
    """What must hold after any conversation: no parse_mode (citizens' text is never markup),
    message texts within Telegram's limits, link previews off on every message and edit,
    every callback query answered exactly once."""
    for call in api.calls:
        assert "parse_mode" not in call.params, call
        if call.method in ("sendMessage", "editMessageText"):
            assert 0 < len(call["text"].encode("utf-16-le")) // 2 <= MessageLimit.MAX_TEXT_LENGTH
            preview = call.get("link_preview_options")
            preview = json.loads(preview) if isinstance(preview, str) else preview
            assert preview and preview.get("is_disabled") is True, f"link previews on: {call}"
    # (A call Telegram refused, e.g. "query is too old" on a redelivered update, answered nothing.)
    attempted = [c["callback_query_id"] for c in api.calls_of("answerCallbackQuery")]
    answered = [c["callback_query_id"] for c in api.calls_of("answerCallbackQuery") if c.result is not None]
    assert len(answered) == len(set(answered)), "a callback query was answered twice"
    queries = [u["callback_query"]["id"] for u in api.delivered if "callback_query" in u]
    assert set(queries) == set(attempted), "a callback query was not answered"
