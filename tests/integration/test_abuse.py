"""Floods that went around the limits: strangers' staff commands, a citizen's follow-ups to an
open question, webhook requests without the secret (log flooding), deeply nested JSON."""
from __future__ import annotations

import asyncio
import json
import logging
import socket
from datetime import timedelta

import httpx
import pytest

from bot.config import Config
from bot.dialogue import texts
from bot.storage import Storage
from bot.storage.ports import utcnow
from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.webhook import SECRET_HEADER, run_webhook, webhook_secret
from helpers.fake_telegram import (
    FAKE_TOKEN,
    FakeBotApi,
    check_invariants,
    message_json,
    private_chat_json,
    update_json,
    user_json,
)
from helpers.telegram_chats import GroupMember, TelegramChat
from helpers.world import open_escalation, start_world, volunteer_config

# Every test opens its database with Storage.open (or a fixture that does) before anything else.
pytestmark = pytest.mark.database_at_head

BURST = 4
STAFF = 4242


# --- staff commands from strangers ------------------------------------------------------------------
@pytest.fixture
async def app(store, knowledge):
    api = FakeBotApi()
    config = Config(telegram_token=FAKE_TOKEN, rate_burst=BURST, rate_per_minute=1, rate_cooldown_seconds=600,
                    staff_ids=frozenset({STAFF}))
    application = build_application(config, store, knowledge, request=api, get_updates_request=api)
    await application.initialize()
    try:
        yield application, api
    finally:
        await application.shutdown()
    check_invariants(api)


@pytest.mark.parametrize("where", ["private", "group"])
async def test_strangers_staff_commands_are_rate_limited(app, where):
    application, api = app
    stranger = (TelegramChat(application, api, user_id=5005, first_name="Lạ") if where == "private"
                else GroupMember(application, api, group_id=-100777, user_id=5005, first_name="Lạ"))
    said = []
    for i in range(40):
        await stranger.send("/thongke" if i % 2 else "/tailai")
        said += [r["text"] for r in stranger.replies]
    assert said == [texts.STAFF_ONLY] * BURST + [texts.RATE_LIMITED], said
    # The same budget as their other messages: a question now gets nothing either.
    await stranger.send("dang ky tam tru can gi")
    assert stranger.replies == []


async def test_staff_themselves_are_not_limited(app):
    application, api = app
    staff = TelegramChat(application, api, user_id=STAFF)
    for _ in range(3 * BURST):
        await staff.send("/tailai")
        assert [r["text"] for r in staff.replies][0].startswith(texts.RELOAD_OK.split("{", 1)[0])


# --- follow-ups to an open question --------------------------------------------------------------------
async def test_follow_ups_are_capped_per_hour_with_a_polite_notice(sqlite_database_url, knowledge, monkeypatch):
    config = volunteer_config(rate_burst=0, outbound_rate_limit=0, max_followups_per_hour=3)
    world = await start_world(sqlite_database_url, knowledge, config)
    try:
        lan = world.citizen()
        escalation = await open_escalation(world, lan)
        await world.deliver()
        posts_before = len(world.group())
        notices = []
        for i in range(8):
            await lan.send(f"em bổ sung lần {i}")
            if lan.last_text().startswith(texts.ESC_FORWARDED.format(id=escalation)):
                continue
            notices.append(lan.last_text())
        await lan.send_media("photo")
        notices.append(lan.last_text())
        await world.deliver()
        forwarded = world.group()[posts_before:]
        assert [m["text"].split("\n")[-1] for m in forwarded] == [f"em bổ sung lần {i}" for i in range(3)]
        assert len(notices) == 6
        assert notices[0] == texts.ESC_FOLLOWUPS_CAPPED.format(n=3, id=escalation, minutes=60)
        stored = [m.text for m in await world.storage.escalation_messages(escalation) if m.direction == "citizen"]
        assert len(stored) == 1 + 3  # the question and three follow-ups

        # An hour later, the citizen can add more.
        later = utcnow() + timedelta(minutes=61)
        monkeypatch.setattr("bot.dialogue.handoff.utcnow", lambda: later)
        await lan.send("em bổ sung sau một giờ")
        assert lan.last_text().startswith(texts.ESC_FORWARDED.format(id=escalation))
        await world.deliver()
        assert world.group()[-1]["text"].endswith("em bổ sung sau một giờ")
    finally:
        await world.close()


# --- the webhook -----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def hook(sqlite_database_url, knowledge, monkeypatch):
    monkeypatch.setattr("bot.telegram.webhook.REFUSAL_LOG_SECONDS", 0.5)
    config = Config(telegram_token=FAKE_TOKEN)
    storage = await Storage.open(sqlite_database_url)
    api = FakeBotApi()
    app = build_application(config, storage, knowledge, request=api, webhook=True)
    await app.initialize()
    port = free_port()
    stop, listening = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(run_webhook(
        app, storage, webhook_url=f"http://127.0.0.1:{port}/hook", secret=webhook_secret(config),
        allowed_updates=ALLOWED_UPDATES, port=port, set_webhook_at_start=False, stop_signals=(),
        on_listening=lambda server: listening.set(), stop=stop))
    await asyncio.wait_for(listening.wait(), 20)
    client = httpx.AsyncClient(trust_env=False, timeout=20)

    async def post(body: bytes, secret: str | None) -> httpx.Response:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        return await client.post(f"http://127.0.0.1:{port}/hook", content=body, headers=headers)

    try:
        yield post, webhook_secret(config), api
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)
        await client.aclose()
        await storage.close()


async def test_refused_requests_are_logged_once_then_summarised(hook, caplog):
    post, _, _ = hook
    caplog.set_level(logging.INFO, logger="bot.telegram.webhook")
    body = json.dumps(update_json(message={"message_id": 1})).encode()
    for _ in range(50):
        assert (await post(body, "wrong")).status_code == 403
    refused = [r for r in caplog.records if r.name == "bot.telegram.webhook" and r.levelno >= logging.WARNING]
    assert len(refused) == 1 and "without the right secret token" in refused[0].getMessage()
    await asyncio.sleep(0.8)  # the window ends: one summary line
    refused = [r for r in caplog.records if r.name == "bot.telegram.webhook" and r.levelno >= logging.WARNING]
    assert len(refused) == 2
    assert refused[1].getMessage().startswith("49 more webhook requests without the right secret token")
    assert "127.0.0.1" in refused[1].getMessage()


async def test_deeply_nested_json_with_the_right_secret_is_400(hook, caplog):
    post, secret, api = hook
    deep = b"[" * 200_000 + b"]" * 200_000
    response = await post(deep, secret)
    assert response.status_code == 400 and response.json()["ok"] is False
    nested_update = b'{"update_id": 5, "message": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001
    assert (await post(nested_update, secret)).status_code == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    # An ordinary update still works afterwards.
    chat, user = private_chat_json(6001), user_json(6001)
    update = update_json(message=message_json(chat, user, 1, "dang ky tam tru can gi"))
    assert (await post(json.dumps(update).encode(), secret)).status_code == 200
    assert any(int(c["chat_id"]) == 6001 for c in api.calls_of("sendMessage"))
