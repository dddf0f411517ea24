"""Delivery that loses nothing: sends the outbox (bot.storage.escalations) through the Bot API.

Everything the bot says outside a citizen's own turn (posts in the volunteers' group,
volunteers' answers relayed to citizens, notices) is first stored as an outbox row with a
unique dedupe_key, then sent here:

  * `run_once(bot)` takes the due rows (leased atomically, so several processes can run it;
    a chat's rows go out in order) and sends each; a row is marked sent right after the
    Bot API accepted it. A repeating JobQueue job calls it, and the Telegram adapter kicks
    it right after something was enqueued; on start-up it sends what an earlier process
    left pending (a restart between storing and sending loses nothing and sends nothing
    twice).

Delivery is AT LEAST once. A row is sent again only if its sender stops between Telegram
accepting the message and the row being marked sent: the process is killed, or the database
stays unreachable for the few retries of `_mark_sent`; the row's lease (LEASE) then runs out
and any process sends it again, so the citizen or the group gets that message twice. The
window is kept to the one database write that marks the row: nothing else runs between the
Bot API's answer and it, a cancellation (a shutdown) waits for it to be stored, and a
failing write is retried (MARK_ATTEMPTS) before the row is left to its lease.
  * Network errors, timeouts and 5xx: retried with exponential backoff (2 s … 10 min);
    429: retried after the `retry_after` Telegram asks for.
  * 403 (the citizen blocked the bot) or "chat not found": the citizen's pending rows
    become undeliverable, their escalations are marked undeliverable and the volunteers'
    group is told. Other 400s: the row failed (logged; the group is told for answers).
  * Rows to the volunteers' group that belong to an escalation are recorded as its group
    posts when sent (replies to them are answers), and are sent as replies to the
    escalation's card, so a thread reads as one.
"""
from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from telegram import ReplyParameters
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import CallbackContext

from bot.config import Config
from bot.dialogue import texts
from bot.storage import Storage
from bot.storage.ports import OutboxMessage, utcnow
from bot.telegram.messages import NO_PREVIEW, keyboard, rendered

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # a row being sent is not due for others meanwhile
MARK_ATTEMPTS = 4  # writes of "sent" tried before the row is left to its lease (a duplicate)
MARK_PAUSE = 0.25  # seconds before the first retry; doubled each time
MIN_BACKOFF, MAX_BACKOFF = 2.0, 600.0
MAX_ATTEMPTS = 60  # about 8 hours of retries
BATCH = 50
UNREACHABLE = ("chat not found", "user is deactivated", "bot was blocked", "peer_id_invalid",
               "bot can't initiate conversation")


def backoff(attempts: int) -> float:
    return min(MAX_BACKOFF, MIN_BACKOFF * 2 ** max(0, attempts - 1))


def retry_after_seconds(exc: RetryAfter) -> float:
    """RetryAfter.retry_after in seconds (an int, or a timedelta with PTB_TIMEDELTA)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22's deprecation of the int form
        value = exc.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value or 0)


# What runs after a row was sent: (bot, row).
AfterSend = Callable[[Any, OutboxMessage], Awaitable[None]]


class Delivery:
    """Sends the outbox. One per process; `storage` is a bot.storage.Storage."""

    def __init__(self, storage: Storage, config: Config, *, lease: timedelta = LEASE,
                 after_send: AfterSend | None = None) -> None:
        self.storage = storage
        self.config = config
        self.lease = lease
        self._lock = asyncio.Lock()
        self._kicked = False
        # Called after a row was sent (bot.telegram.group_cards redraws a card after a notice).
        self.after_send = after_send

    # -- when to run --------------------------------------------------------------------------
    def kick(self) -> None:
        """Something was enqueued: the next `flush_if_kicked` sends it."""
        self._kicked = True

    @property
    def kicked(self) -> bool:
        """Whether something was enqueued since the last run."""
        return self._kicked

    async def flush_if_kicked(self, bot: Any) -> None:
        if self._kicked:
            await self.run_once(bot)

    async def send_due(self, context: CallbackContext[Any, Any, Any, Any]) -> None:
        """Send the pending outbox (the "outbox" JobQueue callback, bot.telegram.app)."""
        try:
            await self.run_once(context.bot)
        except Exception:  # noqa: BLE001 - the next run tries again
            log.exception("outbox delivery failed")

    async def run_once(self, bot: Any, now: datetime | None = None) -> int:
        """Send every due row (without waiting for retries); how many were sent."""
        sent = 0
        async with self._lock:
            self._kicked = False
            for _ in range(20):  # a chat's next row becomes due once the previous one is sent
                current = now or utcnow()
                rows = await self.storage.claim_outbox(current, current + self.lease, limit=BATCH)
                if not rows:
                    break
                for row in rows:
                    sent += await self._deliver(bot, row, current)
        return sent

    # -- one row ------------------------------------------------------------------------------
    async def _deliver(self, bot: Any, row: OutboxMessage, now: datetime) -> int:
        assert row.id is not None
        try:
            message = await self._send(bot, row)
        except RetryAfter as exc:
            wait = max(retry_after_seconds(exc), 1.0)
            log.info("outbox %s: flood control, retrying in %.0f s", row.id, wait)
            await self.storage.retry_outbox(row.id, now + timedelta(seconds=wait), str(exc))
            return 0
        except InvalidToken:
            await self.storage.retry_outbox(row.id, now + timedelta(seconds=MAX_BACKOFF), "invalid token")
            raise
        except Forbidden as exc:
            await self._unreachable(row, now, str(exc))
            return 0
        except BadRequest as exc:
            if any(marker in str(exc).lower() for marker in UNREACHABLE):
                await self._unreachable(row, now, str(exc))
            else:
                await self._failed(row, str(exc))
            return 0
        except (NetworkError, TelegramError) as exc:  # timeouts, 5xx, connection errors
            if row.attempts >= MAX_ATTEMPTS:
                await self._failed(row, str(exc))
            else:
                wait = backoff(row.attempts)
                log.info("outbox %s: %s; retrying in %.0f s", row.id, exc, wait)
                await self.storage.retry_outbox(row.id, now + timedelta(seconds=wait), str(exc))
            return 0
        await self._mark_sent(row, message)
        if self.after_send is not None:
            try:
                await self.after_send(bot, row)
            except Exception:  # noqa: BLE001 - the row is sent; the rest is cosmetic
                log.exception("after sending outbox %s", row.id)
        return 1

    async def _mark_sent(self, row: OutboxMessage, message: Any) -> None:
        """Record at once that Telegram accepted `row` (see the module docstring: until this is
        stored, a crash means the row is sent again). A cancellation arriving meanwhile (a
        shutdown) waits for the write, then goes on; a database error is retried a few times,
        then raised (the row is left to its lease)."""
        assert row.id is not None
        role = row.purpose if self._is_group(row.chat_id) and row.escalation_id is not None else None
        write = asyncio.ensure_future(self._write_sent(row.id, getattr(message, "message_id", None), role))
        try:
            await asyncio.shield(write)
        except asyncio.CancelledError:
            if not write.done():
                await write  # the message is out: store that before giving in to the cancellation
            raise

    async def _write_sent(self, outbox_id: int, message_id: int | None, role: str | None) -> None:
        pause = MARK_PAUSE
        for attempt in range(1, MARK_ATTEMPTS + 1):
            try:
                await self.storage.mark_sent(outbox_id, message_id, group_post_role=role)
                return
            except Exception:  # noqa: BLE001 - a database error: retried, then raised
                if attempt == MARK_ATTEMPTS:
                    log.error("outbox %s was sent but could not be marked sent; it will be sent again "
                              "after its lease", outbox_id)
                    raise
                log.warning("outbox %s was sent; marking it sent failed (attempt %d), retrying",
                            outbox_id, attempt, exc_info=True)
                await asyncio.sleep(pause)
                pause *= 2

    def _is_group(self, chat_id: int) -> bool:
        return self.config.volunteer_chat_id is not None and chat_id == self.config.volunteer_chat_id

    async def _send(self, bot: Any, row: OutboxMessage) -> Any:
        markup = keyboard(row.buttons)
        extra: dict[str, Any] = {}
        if self._is_group(row.chat_id) and row.escalation_id is not None and row.purpose != "card":
            cards = await self.storage.group_posts(row.escalation_id, role="card")
            if cards:
                extra["reply_parameters"] = ReplyParameters(message_id=cards[0][1],
                                                            allow_sending_without_reply=True)
        text, entities = rendered(row.text or "")
        caption = text or None
        if caption and row.kind != "sticker":
            extra["caption_entities"] = entities or None
        if row.kind == "photo":
            return await bot.send_photo(row.chat_id, photo=row.file_id, caption=caption,
                                        reply_markup=markup, **extra)
        if row.kind == "voice":
            return await bot.send_voice(row.chat_id, voice=row.file_id, caption=caption,
                                        reply_markup=markup, **extra)
        if row.kind == "document":
            return await bot.send_document(row.chat_id, document=row.file_id, caption=caption,
                                           reply_markup=markup, **extra)
        if row.kind == "video":
            return await bot.send_video(row.chat_id, video=row.file_id, caption=caption,
                                        reply_markup=markup, **extra)
        extra.pop("caption_entities", None)
        if row.kind == "sticker":
            return await bot.send_sticker(row.chat_id, sticker=row.file_id, reply_markup=markup, **extra)
        return await bot.send_message(row.chat_id, text, reply_markup=markup, entities=entities or None,
                                      link_preview_options=NO_PREVIEW, **extra)

    async def _unreachable(self, row: OutboxMessage, now: datetime, error: str) -> None:
        assert row.id is not None  # (a row read from the outbox)
        if self._is_group(row.chat_id):
            # The bot was removed from the volunteers' group: keep the posts until it is back.
            log.error("cannot post to the volunteers' group (%s); retrying later", error)
            await self.storage.retry_outbox(row.id, now + timedelta(seconds=MAX_BACKOFF), error)
            return
        log.info("chat %s unreachable (%s): its pending messages are undeliverable", row.chat_id, error)
        await self.storage.fail_outbox(row.id, "undeliverable", error)
        escalations = set(await self.storage.fail_chat_outbox(row.chat_id, error))
        if row.escalation_id is not None:
            escalations.add(row.escalation_id)
        group = self.config.volunteer_chat_id
        for escalation_id in sorted(escalations):
            notice = [] if group is None else [OutboxMessage(
                group, texts.VOL_UNDELIVERABLE.format(id=escalation_id),
                f"esc:{escalation_id}:undeliverable", escalation_id=escalation_id, purpose="notice")]
            await self.storage.mark_undeliverable(escalation_id, notice)
        # The notices are sent by the loop in run_once (they are due now).

    async def _failed(self, row: OutboxMessage, error: str) -> None:
        log.warning("outbox %s (%s to %s) failed: %s", row.id, row.kind, row.chat_id, error)
        assert row.id is not None  # (a row read from the outbox)
        await self.storage.fail_outbox(row.id, "failed", error)
        group = self.config.volunteer_chat_id
        if row.escalation_id is not None and group is not None and not self._is_group(row.chat_id):
            await self.storage.enqueue([OutboxMessage(
                group, texts.VOL_SEND_FAILED.format(id=row.escalation_id, error=error[:200]),
                f"outbox:{row.id}:failed", escalation_id=row.escalation_id, purpose="notice")])
