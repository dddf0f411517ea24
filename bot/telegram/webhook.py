"""The webhook server of `dvcbot run --webhook URL`: several instances behind a load balancer.

python-telegram-bot's own "custom webhook" pattern: the Application has no Updater
(`build_application(..., webhook=True)`), is started with `application.start()`, and a small
web server (tornado, which python-telegram-bot[webhooks] already brings) hands each update
Telegram POSTs to `application.process_update`, several at once. Routes:

    POST <the webhook URL's path>   an update from Telegram. The header
                                    X-Telegram-Bot-Api-Secret-Token must carry the secret
                                    (`webhook_secret`): 403 otherwise. 200 once the update has
                                    been handled; 400 a body that is not a JSON object (or
                                    nested too deeply to read); 503 while
                                    the instance is stopping (Telegram retries; the load
                                    balancer sends the retry to another instance).
    GET|HEAD /healthz               for the load balancer: 200 {"status": "ok"} when the
                                    Application is running and the database answers
                                    `SELECT 1` within HEALTH_DB_TIMEOUT seconds; else 503
                                    {"status": "unavailable", "application": .., "database": ..}.

Several instances may receive the same update (Telegram redelivers when an answer is slow or
lost): its processed_updates record (an atomic INSERT ... ON CONFLICT DO NOTHING; for a
citizen's update written in the same transaction as the turn's effects, `Storage.save_turn`)
lets exactly one of them take effect.

`run_webhook(...)` is the whole life of an instance: start the Application, listen, call
setWebhook (secret token, allowed updates; skipped with set_webhook=False), wait for
SIGTERM/SIGINT, then stop gracefully: /healthz turns 503 and new updates are refused, the
server stops listening, the updates already queued are handled (Application.stop), then
python-telegram-bot shuts down. The caller closes the storage.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import tornado.web
from telegram import Update
from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.config import Config
from bot.telegram.lifecycle import STOP_SIGNALS, serving

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
HEALTH_DB_TIMEOUT = 5.0  # seconds the database may take to answer the health check
MAX_BODY_BYTES = 1 << 20  # an update is a few kilobytes; refuse anything absurd
SET_WEBHOOK_ATTEMPTS = 4
# What Telegram accepts as secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")


STOP_GRACE_SECONDS = 25  # under systemd's TimeoutStopSec in the README's unit
# Requests without the right secret: the first is logged (WARNING), the others of the next
# REFUSAL_LOG_SECONDS are counted and summarised in one line: a scanner cannot flood the log.
REFUSAL_LOG_SECONDS = 60.0
_REFUSAL_SOURCES_SHOWN = 5


class ListenError(OSError):
    """The webhook server cannot listen on the address (taken, not this machine's, ...)."""


def webhook_path(url: str) -> str:
    """The path the server listens on for a public webhook URL ("/" when it has none)."""
    path = urlsplit(url).path or "/"
    return path if path.startswith("/") else "/" + path


def valid_secret(secret: str) -> bool:
    return bool(SECRET_PATTERN.fullmatch(secret))


def webhook_secret(config: Config) -> str:
    """The secret_token Telegram sends with each webhook request.

    DVCBOT_WEBHOOK_SECRET when set; else derived from the bot token (the hex SHA-256 of
    "dvcbot-webhook:" + token), so every instance of a deployment agrees without more
    configuration, and nobody without the token can forge one.
    """
    if config.webhook_secret:
        return config.webhook_secret
    return hashlib.sha256(b"dvcbot-webhook:" + config.telegram_token.encode()).hexdigest()


# --- The routes ---------------------------------------------------------------------------------
class _RefusalLog:
    """Logs refused requests: the first at once, the rest as one count per window."""

    def __init__(self, window: float) -> None:
        self.window = window
        self.count = 0
        self.sources: list[str] = []
        self._until = 0.0
        self._timer: asyncio.TimerHandle | None = None

    def refused(self, remote_ip: str | None) -> None:
        now = time.monotonic()
        if now < self._until:
            self.count += 1
            if remote_ip and remote_ip not in self.sources and len(self.sources) < _REFUSAL_SOURCES_SHOWN:
                self.sources.append(remote_ip)
            return
        self.flush()
        log.warning("webhook request from %s without the right secret token: refused (more are "
                    "counted and logged once every %.0f s)", remote_ip, self.window)
        self._until = now + self.window
        self._timer = asyncio.get_running_loop().call_later(self.window, self.flush)

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.count:
            log.warning("%d more webhook requests without the right secret token refused in the last "
                        "%.0f s (from %s)", self.count, self.window, ", ".join(self.sources) or "?")
        self.count = 0
        self.sources = []


class _Shared:
    """What the request handlers need: the Application, the storage, the secret."""

    def __init__(self, application: Application, storage: Any, secret: str) -> None:
        self.application = application
        self.storage = storage
        self.secret = secret.encode("utf-8")
        self.refusals = _RefusalLog(REFUSAL_LOG_SECONDS)
        self.accepting = False  # True while the instance takes updates (healthy)
        self.in_flight = 0  # updates being handled (their requests not answered yet)

    async def database_ok(self) -> bool:
        try:
            await asyncio.wait_for(self.storage.ping(), HEALTH_DB_TIMEOUT)
            return True
        except Exception as exc:  # noqa: BLE001 - any failure means "unhealthy"
            log.warning("health check: the database does not answer (%s)", type(exc).__name__)
            return False


class _JSONHandler(tornado.web.RequestHandler):
    def initialize(self, shared: _Shared) -> None:
        self.shared = shared

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")

    def reply(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.finish(json.dumps(body))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # No traceback or HTML page, whatever went wrong.
        self.finish(json.dumps({"ok": False, "error": self._reason}))


class UpdateHandler(_JSONHandler):
    """POST from Telegram: check the secret, queue the update."""

    SUPPORTED_METHODS = ("POST",)

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(given, self.shared.secret):
            self.shared.refusals.refused(self.request.remote_ip)
            return self.reply(403, {"ok": False, "error": "forbidden"})
        if not self.shared.accepting or not self.shared.application.running:
            return self.reply(503, {"ok": False, "error": "stopping"})
        try:
            data = json.loads(self.request.body)
        except ValueError:
            return self.reply(400, {"ok": False, "error": "not JSON"})
        except RecursionError:  # "[[[[…" a hundred thousand deep: no update is like that
            return self.reply(400, {"ok": False, "error": "nested too deeply"})
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return self.reply(400, {"ok": False, "error": "not an update"})
        application = self.shared.application
        try:
            update = Update.de_json(data, application.bot)
        except Exception as exc:  # noqa: BLE001 - the update (a citizen's text) is not logged
            # 200 all the same: Telegram would redeliver it forever.
            log.error("update %s could not be read (%s); dropped", data["update_id"],
                      type(exc).__name__)
            return self.reply(200, {"ok": True})
        # Handled before the 200: Telegram keeps an update it has no answer for and sends it
        # again, so a process killed mid-way loses nothing (the processed-update record makes
        # a redelivered update that had already taken effect harmless).
        self.shared.in_flight += 1
        try:
            await application.process_update(update)
        finally:
            self.shared.in_flight -= 1
        self.reply(200, {"ok": True})


class HealthHandler(_JSONHandler):
    """GET/HEAD /healthz for the load balancer."""

    SUPPORTED_METHODS = ("GET", "HEAD")

    async def get(self) -> None:
        running = self.shared.accepting and self.shared.application.running
        database = await self.shared.database_ok()
        if running and database:
            return self.reply(200, {"status": "ok"})
        self.reply(503, {"status": "unavailable", "application": running, "database": database})

    async def head(self) -> None:
        await self.get()


class _WebApp(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        # Failures only (the URL path may carry something private, e.g. a token).
        if handler.get_status() >= 500:
            log.warning("%s %s -> %s", handler.request.method, handler.request.path,
                        handler.get_status())


class WebhookServer:
    """The HTTP server of one instance (not the Application's life cycle; see run_webhook).

        server = WebhookServer(app, storage, secret, url_path="/tg", listen="127.0.0.1", port=0)
        await server.start()        # listening; server.port is the bound port
        ...
        await server.stop()
    """

    def __init__(self, application: Application, storage: Any, secret: str, *,
                 url_path: str = "/", listen: str = "127.0.0.1", port: int = 8080,
                 health_path: str = HEALTH_PATH) -> None:
        if url_path.rstrip("/") == health_path.rstrip("/"):
            raise ValueError(f"the webhook path cannot be {health_path}")
        self.shared = _Shared(application, storage, secret)
        self.url_path = url_path
        self.listen = listen
        self._port = port
        route = re.escape(url_path.rstrip("/")) + "/?"
        self._web = _WebApp([
            (re.escape(health_path), HealthHandler, {"shared": self.shared}),
            (route, UpdateHandler, {"shared": self.shared}),
        ])
        self._http: HTTPServer | None = None

    @property
    def port(self) -> int:
        return self._port

    @property
    def accepting(self) -> bool:
        return self.shared.accepting

    async def start(self) -> None:
        """Listen (ListenError if the address is taken) and accept updates."""
        try:
            sockets = bind_sockets(self._port, self.listen)
        except OSError as exc:
            raise ListenError(exc.errno, exc.strerror) from exc
        self._port = sockets[0].getsockname()[1]
        self._http = HTTPServer(self._web, max_body_size=MAX_BODY_BYTES)
        self._http.add_sockets(sockets)
        self.shared.accepting = True
        log.info("webhook server listening on %s:%s, path %s", self.listen, self._port, self.url_path)

    def refuse(self) -> None:
        """From now on /healthz says 503 and updates get 503 (the first step of stopping)."""
        self.shared.accepting = False

    async def stop(self) -> None:
        self.refuse()
        self.shared.refusals.flush()
        if self._http is not None:
            self._http.stop()
            # Let the updates in hand finish (and get their 200) before closing connections.
            for _ in range(int(STOP_GRACE_SECONDS * 20)):
                if not self.shared.in_flight:
                    break
                await asyncio.sleep(0.05)
            await self._http.close_all_connections()
            self._http = None


# --- The life of an instance ------------------------------------------------------------------------
async def set_webhook(application: Application, url: str, secret: str,
                      allowed_updates: Sequence[str]) -> None:
    """setWebhook, retried while the Bot API cannot be reached (other errors raise)."""
    delay = 1.0
    for attempt in range(1, SET_WEBHOOK_ATTEMPTS + 1):
        try:
            await application.bot.set_webhook(url=url, secret_token=secret,
                                              allowed_updates=list(allowed_updates),
                                              drop_pending_updates=False)
            log.info("webhook set")
            return
        except NetworkError as exc:
            # (BadRequest is a NetworkError too: a refused URL is not retried.)
            if attempt == SET_WEBHOOK_ATTEMPTS or isinstance(exc, (BadRequest, InvalidToken)):
                raise
            log.warning("setWebhook failed (%s); retrying in %.0f s", exc, delay)
            await asyncio.sleep(delay)
            delay *= 2


async def run_webhook(application: Application, storage: Any, *, webhook_url: str, secret: str,
                      allowed_updates: Sequence[str], listen: str = "127.0.0.1", port: int = 8080,
                      set_webhook_at_start: bool = True,
                      stop_signals: Sequence[int] = STOP_SIGNALS,
                      on_listening: Callable[[WebhookServer], None] | None = None,
                      stop: asyncio.Event | None = None) -> None:
    """Serve updates until a stop signal (or `stop` is set); return after a graceful stop.

    `application` must be initialised (Application.initialize) and built without an Updater.
    Calls post_init / post_stop / post_shutdown like python-telegram-bot's run_* methods.
    Raises ListenError when the address cannot be bound and TelegramError when setWebhook is
    refused; the Application is shut down in every case.
    """
    server = WebhookServer(application, storage, secret, url_path=webhook_path(webhook_url),
                           listen=listen, port=port)
    async with serving(application, stop_signals, stop) as stopped:
        try:
            await server.start()
            if set_webhook_at_start:
                await set_webhook(application, webhook_url, secret, allowed_updates)
            if on_listening is not None:
                on_listening(server)
            await stopped.wait()
            log.info("stopping: refusing new updates, finishing the ones in hand")
        finally:
            # Before the Application stops: no new updates, the ones in hand answered.
            await server.stop()


__all__ = ["HEALTH_PATH", "SECRET_HEADER", "ListenError", "WebhookServer", "run_webhook", "set_webhook",
           "valid_secret", "webhook_path", "webhook_secret"]
