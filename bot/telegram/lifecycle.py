"""Running an Application without python-telegram-bot's Updater (bot.telegram.polling, bot.telegram.webhook).

Both serve updates their own way but share the life cycle python-telegram-bot's run_* methods
give: stop signals, post_init, start, then on the way out stop, post_stop, shutdown and
post_shutdown, in that order and in every case.
"""
from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from telegram.ext import Application

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@asynccontextmanager
async def serving(application: Application, stop_signals: Sequence[int] = STOP_SIGNALS,
                  stop: asyncio.Event | None = None) -> AsyncIterator[asyncio.Event]:
    """Start `application` (initialised, built without an Updater); yield the event a stop
    signal sets; stop and shut it down when the block is left."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    installed: list[int] = []
    for sig in stop_signals:
        try:
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, Windows
            pass
    started = False
    try:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        started = True
        yield stop
    finally:
        if started and application.running:
            await application.stop()  # handles every update already queued
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
        for sig in installed:
            loop.remove_signal_handler(sig)


__all__ = ["STOP_SIGNALS", "serving"]
