"""Long polling through a 429 on getUpdates: the loop waits as Telegram asks and goes on, with
`RetryAfter.retry_after` an int (python-telegram-bot 22's default) or a timedelta (PTB_TIMEDELTA,
the library's next default). Real Application, fake Bot API.
"""
from __future__ import annotations

import asyncio

import pytest

from bot.storage import Storage
from bot.telegram.app import build_application
from bot.telegram.polling import poll
from helpers.fake_telegram import FakeBotApi, message_json, private_chat_json, update_json, user_json
from helpers.world import volunteer_config

pytestmark = pytest.mark.database_at_head


@pytest.mark.parametrize("timedelta_mode", ["false", "true"])
async def test_polling_waits_after_429_and_handles_the_next_batch(sqlite_database_url, knowledge, monkeypatch,
                                                                  timedelta_mode):
    monkeypatch.setenv("PTB_TIMEDELTA", timedelta_mode)
    storage = await Storage.open(sqlite_database_url)
    api = FakeBotApi()
    app = build_application(volunteer_config(), storage, knowledge, request=api, get_updates_request=api)
    await app.initialize()
    stop = asyncio.Event()
    try:
        api.fail("getUpdates", 429, "Too Many Requests: retry after 1", retry_after=1)
        chat = private_chat_json(1001)
        api.updates.append(update_json(message=message_json(chat, user_json(1001), 1, "dang ky tam tru can gi")))
        polling = asyncio.create_task(poll(app, ["message"], stop, poll_timeout=0))
        for _ in range(100):
            if api.sent_to(1001) or polling.done():
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(polling, timeout=5)  # re-raises whatever broke the loop
        calls = api.calls_of("getUpdates")
        assert len(calls) >= 2  # the refused call, then the one that brought the update
        assert api.sent_to(1001), "the update after the 429 was not handled"
    finally:
        stop.set()
        await app.shutdown()
        await storage.close()
