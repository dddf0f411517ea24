"""Webhook mode (`dvcbot run --webhook URL`): the server the load balancer talks to.

In-process: the webhook server of bot.telegram.webhook on 127.0.0.1 (a free port) in front of a real
Application and Storage, Telegram being the recording fake; an HTTP client plays Telegram and
the load balancer. Then as real processes: two `python -m bot run --webhook` instances on
different ports sharing one database, the Bot API being FakeBotApiServer.

What must hold: /healthz says 200 {"status": "ok"} while the instance can work and 503
otherwise (database unreachable, stopping); an update without the right secret token gets
403 and no reply; with it, the citizen's reply is sent through the Bot API; the same update
POSTed to two instances is answered once; a stop (SIGTERM) handles what was already queued
and exits 0.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import httpx
import pytest

from bot.config import Config
from bot.dialogue import texts
from bot.storage import Storage, create_engine
from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.webhook import HEALTH_PATH, SECRET_HEADER, run_webhook, webhook_secret
from helpers import KB_PATH, REPO
from helpers.commands import run_dvcbot
from helpers.fake_api_server import FakeBotApiServer
from helpers.fake_telegram import FAKE_TOKEN, FakeBotApi, message_json, private_chat_json, update_json, user_json

CONFIG = Config(telegram_token=FAKE_TOKEN)
SECRET = webhook_secret(CONFIG)
HOOK_PATH = "/telegram/hook"
QUESTION = "dang ky tam tru can gi"
WAIT = 20  # seconds, for anything to happen


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def citizen_says(user_id: int, text: str = QUESTION, message_id: int = 1) -> dict:
    chat, user = private_chat_json(user_id, "Hoa"), user_json(user_id, "Hoa")
    return update_json(message=message_json(chat, user, message_id, text))


# --- in-process ---------------------------------------------------------------------------------
class Instance:
    """One webhook instance running in this event loop, and an HTTP client to reach it."""

    def __init__(self, storage, knowledge, *, set_webhook: bool = True) -> None:
        self.api = FakeBotApi()
        self.app = build_application(CONFIG, storage, knowledge, request=self.api, webhook=True)
        self.storage = storage
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{HOOK_PATH}"
        self.base = f"http://127.0.0.1:{self.port}"
        self.stop = asyncio.Event()
        self.server = None
        self.set_webhook = set_webhook
        self.task: asyncio.Task | None = None
        self.client = httpx.AsyncClient(trust_env=False, timeout=10)

    async def start(self) -> Instance:
        listening = asyncio.Event()

        def on_listening(server) -> None:
            self.server = server
            listening.set()

        await self.app.initialize()
        self.task = asyncio.create_task(run_webhook(
            self.app, self.storage, webhook_url=self.url, secret=SECRET,
            allowed_updates=ALLOWED_UPDATES, port=self.port, set_webhook_at_start=self.set_webhook,
            stop_signals=(), on_listening=on_listening, stop=self.stop))
        waiter = asyncio.create_task(listening.wait())
        await asyncio.wait({waiter, self.task}, timeout=WAIT, return_when=asyncio.FIRST_COMPLETED)
        if self.task.done():
            self.task.result()  # raises what went wrong
        assert listening.is_set(), "the webhook server did not start"
        return self

    async def close(self) -> None:
        self.stop.set()
        if self.task is not None:
            await asyncio.wait_for(self.task, WAIT)
        await self.client.aclose()

    async def post(self, update: dict | bytes, secret: str | None = SECRET) -> httpx.Response:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        body = update if isinstance(update, bytes) else json.dumps(update).encode("utf-8")
        return await self.client.post(self.url, content=body, headers=headers)

    async def health(self, method: str = "GET") -> httpx.Response:
        return await self.client.request(method, self.base + HEALTH_PATH)

    def sent_to(self, chat_id: int) -> list:
        return [c for c in self.api.calls_of("sendMessage") if int(c["chat_id"]) == chat_id]

    async def wait_for_reply(self, chat_id: int, count: int = 1) -> list:
        deadline = time.monotonic() + WAIT
        while len(self.sent_to(chat_id)) < count:
            assert time.monotonic() < deadline, f"no reply to {chat_id}"
            await asyncio.sleep(0.02)
        return self.sent_to(chat_id)


@pytest.fixture
async def instance(database_url, knowledge):
    storage = await Storage.open(database_url)
    inst = await Instance(storage, knowledge).start()
    try:
        yield inst
    finally:
        await inst.close()
        await storage.close()


async def test_health_secret_and_reply(instance, knowledge):
    response = await instance.health()
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert (await instance.health("HEAD")).status_code == 200

    hook = instance.api.calls_of("setWebhook")
    assert len(hook) == 1 and hook[0]["url"] == instance.url
    assert hook[0]["secret_token"] == SECRET and FAKE_TOKEN not in SECRET
    assert hook[0]["allowed_updates"] == list(ALLOWED_UPDATES)

    # Forged: a wrong or missing secret token. 403, and nothing reaches the citizen.
    assert (await instance.post(citizen_says(6001), secret="wrong-secret")).status_code == 403
    assert (await instance.post(citizen_says(6001), secret=None)).status_code == 403
    assert (await instance.post(citizen_says(6001), secret=SECRET + "x")).status_code == 403
    # Garbage with the right secret; other methods and paths.
    assert (await instance.post(b"not json")).status_code == 400
    assert (await instance.post(b"[1, 2]")).status_code == 400
    assert (await instance.client.get(instance.url)).status_code == 405
    assert (await instance.client.post(instance.base + "/other", content=b"{}")).status_code == 404

    # The real thing.
    response = await instance.post(citizen_says(6002))
    assert response.status_code == 200
    [sent] = await instance.wait_for_reply(6002)
    title = knowledge.kb.get("dang-ky-tam-tru").title
    assert sent["text"].startswith(texts.CARD_TITLE.format(title=title))
    await asyncio.sleep(0.3)
    assert instance.sent_to(6001) == []  # the forged ones were never handled


async def test_redelivered_update_is_answered_once(instance):
    update = citizen_says(6101)
    responses = await asyncio.gather(*(instance.post(update) for _ in range(3)))
    assert [r.status_code for r in responses] == [200, 200, 200]  # Telegram stops resending
    await instance.wait_for_reply(6101)
    await asyncio.sleep(0.3)
    assert len(instance.sent_to(6101)) == 1


async def test_stop_answers_what_was_queued_then_refuses(database_url, knowledge):
    storage = await Storage.open(database_url)
    inst = await Instance(storage, knowledge, set_webhook=False).start()
    try:
        assert inst.api.calls_of("setWebhook") == []  # --no-set-webhook
        citizens = list(range(6201, 6211))
        responses = await asyncio.gather(*(inst.post(citizen_says(uid)) for uid in citizens))
        assert all(r.status_code == 200 for r in responses)
        inst.stop.set()  # as SIGTERM does, with the updates still queued
        await asyncio.wait_for(inst.task, WAIT)
        for uid in citizens:
            assert len(inst.sent_to(uid)) == 1, uid
        assert not inst.app.running
        with pytest.raises(httpx.TransportError):
            await inst.health()
    finally:
        await inst.close()
        await storage.close()


async def test_health_is_503_while_stopping(instance):
    instance.server.refuse()  # the first thing a stop does
    response = await instance.health()
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable" and response.json()["application"] is False
    assert (await instance.post(citizen_says(6301))).status_code == 503  # Telegram retries elsewhere


async def test_health_is_503_when_the_database_does_not_answer(knowledge):
    # Nothing listens on port 1: the database is down.
    storage = Storage(create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/dvcbot"))
    inst = await Instance(storage, knowledge).start()
    try:
        response = await inst.health()
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "application": True, "database": False}
    finally:
        await inst.close()
        await storage.close()


# --- real processes -----------------------------------------------------------------------------
PUBLIC_URL = "https://bot.example.org" + HOOK_PATH
PROCESS_SECRET = "an-operator-chosen_secret-123"
PROCESS_TOKEN = "123456:FAKE-token-for-webhook-tests"
START_TIMEOUT = 60
STOP_TIMEOUT = 20


def process_env(database_url: str, api_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVCBOT_")
           and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update({
        "DVCBOT_TELEGRAM_TOKEN": PROCESS_TOKEN,
        "DVCBOT_TELEGRAM_API_URL": api_url,
        "DVCBOT_DATABASE_URL": database_url,
        "DVCBOT_KNOWLEDGE": str(KB_PATH),
        "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "PYTHONIOENCODING": "utf-8",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    })
    env.update(extra)
    return env


class Process:
    """`python -m bot run --webhook PUBLIC_URL --port N [ARGS]` in its own directory."""

    def __init__(self, workdir: Path, env: dict[str, str], *args: str) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.log = workdir / "stderr.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--webhook", PUBLIC_URL, "--port", str(self.port), *args],
            cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=self.log.open("wb"))

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body,
                                         method=method, headers=headers or {})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def post(self, update: dict, secret: str) -> int:
        return self.request("POST", HOOK_PATH, json.dumps(update).encode("utf-8"),
                            {"Content-Type": "application/json", SECRET_HEADER: secret})[0]

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert self.proc.poll() is None, self.stderr()
            try:
                status, body = self.request("GET", HEALTH_PATH)
                if status == 200:
                    assert json.loads(body) == {"status": "ok"}
                    return
            except OSError:  # not listening yet
                pass
            assert time.monotonic() < deadline, "not healthy in time:\n" + self.stderr()
            time.sleep(0.2)

    def terminate(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=STOP_TIMEOUT)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=STOP_TIMEOUT)

    def stderr(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


def replies_to(server: FakeBotApiServer, chat_id: int) -> list:
    return [c for c in server.calls_of("sendMessage") if int(c["chat_id"]) == chat_id]


def wait_replies(server: FakeBotApiServer, chat_ids: list[int], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not all(replies_to(server, c) for c in chat_ids):
        assert time.monotonic() < deadline, [c for c in chat_ids if not replies_to(server, c)]
        time.sleep(0.05)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_two_webhook_processes_share_one_database(tmp_path, database_url):
    with FakeBotApiServer() as server:
        env = process_env(database_url, server.base_url, DVCBOT_WEBHOOK_SECRET=PROCESS_SECRET)
        # Both start at the same moment on a fresh database (migrations run once).
        first = Process(tmp_path / "a", env)
        second = Process(tmp_path / "b", env, "--no-set-webhook")
        try:
            first.wait_healthy()
            second.wait_healthy()
            server.wait_for("setWebhook", timeout=WAIT)
            [hook] = server.calls_of("setWebhook")  # only the first instance set it
            assert hook["url"] == PUBLIC_URL and hook["secret_token"] == PROCESS_SECRET
            assert hook["allowed_updates"] == list(ALLOWED_UPDATES)

            # The derived secret is not this deployment's: refused, by both.
            derived = webhook_secret(Config(telegram_token=PROCESS_TOKEN))
            assert first.post(citizen_says(7001), derived) == 403
            assert second.post(citizen_says(7001), "") == 403

            # The same update reaches both instances at the same moment: one reply.
            same = citizen_says(7002)
            results: list[int] = []
            threads = [threading.Thread(target=lambda p=p: results.append(p.post(same, PROCESS_SECRET)))
                       for p in (first, second, first, second)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=WAIT)
            assert results == [200] * 4
            # Different citizens spread over both instances: one reply each.
            others = list(range(7101, 7111))
            for i, uid in enumerate(others):
                assert (first, second)[i % 2].post(citizen_says(uid), PROCESS_SECRET) == 200
            wait_replies(server, [7002] + others)
            time.sleep(1.0)  # time for a duplicate to show up, were there one
            assert len(replies_to(server, 7002)) == 1
            assert all(len(replies_to(server, uid)) == 1 for uid in others)
            assert replies_to(server, 7001) == []
            assert replies_to(server, 7002)[0]["text"].startswith("📄")

            assert first.terminate() == 0, first.stderr()
            # The other instance still serves while the first is gone.
            second.wait_healthy()
            assert second.post(citizen_says(7201), PROCESS_SECRET) == 200
            wait_replies(server, [7201])
            assert second.terminate() == 0, second.stderr()
            for p in (first, second):
                log = p.stderr()
                assert "Traceback" not in log, log
                assert PROCESS_TOKEN not in log and PROCESS_SECRET not in log, log
                assert QUESTION not in log, log  # no citizen's text in the logs
        finally:
            first.kill()
            second.kill()


def test_an_invalid_webhook_secret_is_refused_at_start(tmp_path):
    env = process_env(f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}", "http://127.0.0.1:9/bot",
                      DVCBOT_WEBHOOK_SECRET="not a valid secret!")
    proc = run_dvcbot("run", "--webhook", PUBLIC_URL, cwd=tmp_path, env=env, timeout=START_TIMEOUT, text=False)
    stderr = proc.stderr.decode("utf-8")
    assert proc.returncode == 2, stderr
    assert "DVCBOT_WEBHOOK_SECRET" in stderr and "Traceback" not in stderr


async def test_a_refused_webhook_url_stops_the_instance(database_url, knowledge):
    from telegram.error import BadRequest

    storage = await Storage.open(database_url)
    inst = Instance(storage, knowledge)
    inst.api.fail("setWebhook", 400, "Bad Request: bad webhook: An HTTPS URL must be provided")
    try:
        with pytest.raises(BadRequest):
            await inst.start()
        assert not inst.app.running
        with pytest.raises(httpx.TransportError):  # no longer listening
            await inst.health()
    finally:
        await inst.client.aclose()
        await storage.close()


def test_a_taken_port_exits_2_with_a_clear_message(tmp_path):
    with FakeBotApiServer() as server, socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = process_env(f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}", server.base_url)
        proc = run_dvcbot("run", "--webhook", PUBLIC_URL, "--port", str(port), cwd=tmp_path, env=env,
                          timeout=START_TIMEOUT, text=False)
    stderr = proc.stderr.decode("utf-8")
    assert proc.returncode == 2, stderr
    assert f"127.0.0.1:{port}" in stderr and "Traceback" not in stderr, stderr
