"""`dvcbot run`: load, open, connect, serve; the operator's messages and the exit code.

    run_bot(config)                                         # long polling; exit code
    run_bot(config, webhook_url="https://example.org/tg")   # webhook server on listen:port
                                                            # (bot.telegram.webhook; several instances)

Exit codes: 0 after a graceful stop; 1 the knowledge base is invalid or the Bot API
unreachable; 2 configuration errors: no token, token rejected, database cannot be opened, a
bad webhook secret, URL or address. Every failure is one line on stderr (Vietnamese first,
then English), never a traceback.
"""
from __future__ import annotations

import asyncio
import logging
import sys
from dataclasses import dataclass

from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import Application

from bot.config import Config
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.storage import Storage
from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.logs import configure_logging
from bot.telegram.polling import run_polling
from bot.telegram.webhook import ListenError, run_webhook, valid_secret, webhook_secret
from knowledge.loader import KnowledgeError

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
START_ATTEMPTS = 4  # getMe attempts at start-up when the Bot API cannot be reached


@dataclass(frozen=True)
class Serving:
    """How updates arrive: long polling (no webhook_url) or a webhook server on listen:port."""

    webhook_url: str | None = None
    listen: str = "127.0.0.1"
    port: int = 8080
    set_webhook: bool = True


def run_bot(config: Config, webhook_url: str | None = None, listen: str = "127.0.0.1",
            port: int = 8080, set_webhook: bool = True) -> int:
    """Run the bot until SIGINT/SIGTERM. Returns the process exit code (see the module doc).

    With `webhook_url`: bot.telegram.webhook's server on listen:port (updates on the URL's path,
    /healthz for the load balancer), calling setWebhook at start unless `set_webhook` is
    False. Otherwise long polling (one instance only).
    """
    configure_logging(config.telegram_token)
    if not config.telegram_token:
        return _fail(MESSAGES["no_token"], 2)
    if webhook_url and not valid_secret(webhook_secret(config)):
        return _fail(MESSAGES["bad_secret"], 2)
    if config.volunteer_chat_id is None:
        _stderr(MESSAGES["no_group"])
    knowledge = _load_knowledge(config)
    if knowledge is None:
        return 1
    # One event loop for the storage and the Application (database drivers are bound to it).
    return asyncio.run(_run(config, knowledge, Serving(webhook_url, listen, port, set_webhook)))


def _load_knowledge(config: Config) -> LiveKnowledge | None:
    try:
        return LiveKnowledge.load(config.knowledge, max_bytes=config.knowledge_max_bytes)
    except KnowledgeError as exc:
        _stderr(MESSAGES["bad_knowledge"])
        for problem in exc.problems:
            _stderr(str(problem))
    except OSError as exc:
        _stderr(f"{config.knowledge}: {exc}")
    return None


async def _run(config: Config, knowledge: LiveKnowledge, serving: Serving) -> int:
    try:
        storage = await Storage.open(config.database_url)
    except Exception as exc:  # noqa: BLE001 - reported, not a crash
        return _fail(MESSAGES["bad_database"].format(error=exc), 2)
    try:
        app = build_application(config, storage, knowledge, webhook=True)
        code = await _connect(app, config)
        if code is None:
            code = await _serve(app, storage, config, serving)
        return code
    finally:
        await storage.close()


async def _connect(app: Application, config: Config) -> int | None:
    """getMe (Application.initialize), retried a few times while the Bot API is unreachable;
    None when connected, else the exit code (the problem told on stderr)."""
    delay = 1.0
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            await app.initialize()
            return None
        except InvalidToken:  # (its message contains the token: not printed)
            return _fail(MESSAGES["bad_token"], 2)
        except NetworkError as exc:
            if attempt == START_ATTEMPTS:
                return _fail(_unreachable(app, config, exc), 1)
            log.warning("Bot API unreachable (%s); retrying in %.0f s", exc, delay)
            await asyncio.sleep(delay)
            delay *= 2
    return None  # (not reached)


async def _serve(app: Application, storage: Storage, config: Config, serving: Serving) -> int:
    """Poll or serve the webhook until a stop signal; the exit code."""
    url = serving.webhook_url
    try:
        if url:
            await run_webhook(app, storage, webhook_url=url, secret=webhook_secret(config),
                              allowed_updates=ALLOWED_UPDATES, listen=serving.listen, port=serving.port,
                              set_webhook_at_start=serving.set_webhook)
        else:
            await run_polling(app, ALLOWED_UPDATES)
    except InvalidToken:  # revoked while running
        return _fail(MESSAGES["bad_token"], 2)
    except BadRequest as exc:  # setWebhook refused the URL
        if not url:
            raise
        return _fail(MESSAGES["bad_webhook"].format(url=url, error=exc), 2)
    except NetworkError as exc:  # setWebhook: the Bot API stayed unreachable
        if not url:
            raise
        return _fail(_unreachable(app, config, exc), 1)
    except ListenError as exc:  # the webhook address is taken or not ours
        return _fail(MESSAGES["bad_address"].format(listen=serving.listen, port=serving.port, error=exc), 2)
    log.info("stopped")
    return 0


def _unreachable(app: Application, config: Config, exc: Exception) -> str:
    token = config.telegram_token
    return MESSAGES["unreachable"].format(url=app.bot.base_url.replace(token, "<token>"),
                                          error=str(exc).replace(token, "<token>"))


def _fail(message: str, code: int) -> int:
    _stderr(message)
    return code


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


__all__ = ["MESSAGES", "Serving", "run_bot"]
