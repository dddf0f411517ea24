"""Long polling that acknowledges an update only after it has been handled.

python-telegram-bot's Updater asks for the next batch (which tells Telegram the previous one
was received) as soon as a batch is queued, so a process killed a moment later loses every
queued update: questions a citizen sent and believes delivered. Here the offset moves past an
update only once `Application.process_update` has finished with it; after a crash Telegram
sends the unacknowledged updates again, and the processed-update record makes any that had
already taken effect harmless.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from telegram.error import InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.telegram.lifecycle import STOP_SIGNALS, serving
from bot.telegram.outbound import retry_after_seconds

log = logging.getLogger(__name__)

POLL_TIMEOUT = 10  # seconds a getUpdates call waits for news
MAX_BACKOFF = 30.0


async def poll(application: Application, allowed_updates: Sequence[str], stop: asyncio.Event,
               poll_timeout: int = POLL_TIMEOUT) -> None:
    """Fetch and handle updates one by one until `stop` is set."""
    offset: int | None = None
    backoff = 1.0
    bot = application.bot
    while not stop.is_set():
        fetch = asyncio.ensure_future(bot.get_updates(
            offset=offset, timeout=poll_timeout, allowed_updates=list(allowed_updates),
            read_timeout=poll_timeout + 10))
        stopping = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if fetch not in done:
            # Stopping: an unfinished getUpdates acknowledges nothing, so nothing is lost.
            fetch.cancel()
            await asyncio.gather(fetch, return_exceptions=True)
            break
        stopping.cancel()
        try:
            updates = fetch.result()
        except InvalidToken:
            raise
        except RetryAfter as exc:
            await _sleep(stop, max(retry_after_seconds(exc), 1.0))
            continue
        except (TimedOut, NetworkError) as exc:
            log.warning("getUpdates failed (%s); retrying in %.0f s", type(exc).__name__, backoff)
            await _sleep(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
            continue
        backoff = 1.0
        for update in updates:
            # Errors inside handlers go to the application's error handler; the update
            # counts as handled (redelivering it would fail the same way forever).
            await application.process_update(update)
            offset = update.update_id + 1


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def run_polling(application: Application, allowed_updates: Sequence[str],
                      stop_signals: Sequence[int] = STOP_SIGNALS,
                      stop: asyncio.Event | None = None) -> None:
    """Poll until a stop signal; `application` initialised and built without an Updater.

    Removes a webhook first: Telegram refuses getUpdates while one is set.
    """
    await application.bot.delete_webhook(drop_pending_updates=False)
    async with serving(application, stop_signals, stop) as stopped:
        await poll(application, allowed_updates, stopped)
        log.info("stopping")


__all__ = ["POLL_TIMEOUT", "poll", "run_polling"]
