"""Rate limits: per citizen, in (a token bucket per citizen, checked by bot.telegram.adapter before
the engine runs), and for what the bot sends, out (python-telegram-bot's AIORateLimiter, at the end).

    limiter = RateLimiter(burst=8, per_minute=20, cooldown=60)
    verdict = limiter.check("tg:1001")   # ALLOW | WARN | SILENT

Each citizen has a bucket of `burst` tokens that refills at `per_minute` tokens a minute; a
message or a button press takes one. With the bucket empty the citizen is told once to slow
down (WARN: texts.RATE_LIMITED), then ignored (SILENT: no reply, no engine work) for
`cooldown` seconds; after that everything is as before (the bucket kept refilling meanwhile,
so a normal pace is never affected: 8 at once, then one every 3 s, is allowed for ever).
`burst` or `per_minute` 0 turns the limit off.

Why in memory, per process, and not in the database: the check runs on every update, before
anything else, and must cost nothing (a database write per update would add a write
transaction to every message, SQLite's single writer and PostgreSQL alike, and a flood would
then load the database it is meant to protect). With several webhook instances each instance
limits its own share: the load balancer spreads a citizen's updates over at most N instances,
so a flood gets at most N x burst answers and N slow-down notices, still bounded; long polling
runs one instance only. A restart forgets the buckets (a fresh burst), which is harmless.

Memory is bounded: buckets live in an LRU (OrderedDict) of at most `max_citizens`. A bucket
that has refilled completely and is not in a cool-down is the same as a fresh one, so such idle
buckets are evicted as they reach the old end; when the LRU is full the least recently seen
citizen is dropped anyway (they would just get a fresh burst).
"""
from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram.ext import AIORateLimiter

from bot.config import Config

ALLOW, WARN, SILENT = "allow", "warn", "silent"
MAX_CITIZENS = 10_000  # buckets kept (a few hundred bytes each)
_EVICT_PER_CHECK = 2  # idle buckets looked at per check: eviction costs O(1) per update


@dataclass
class _Bucket:
    tokens: float
    at: float  # when `tokens` was last brought up to date
    silent_until: float = 0.0  # end of the cool-down; 0.0: not in one


class RateLimiter:
    def __init__(self, burst: int, per_minute: float, cooldown: float, *,
                 clock: Callable[[], float] = time.monotonic,
                 max_citizens: int = MAX_CITIZENS) -> None:
        self.burst = max(0, int(burst))
        self.rate = max(0.0, float(per_minute)) / 60.0  # tokens per second
        self.cooldown = max(0.0, float(cooldown))
        self.clock = clock
        self.max_citizens = max(1, int(max_citizens))
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    @classmethod
    def from_config(cls, config: Config, **kwargs: Any) -> RateLimiter:
        """From a bot.config.Config (DVCBOT_RATE_BURST, _PER_MINUTE, _COOLDOWN_SECONDS)."""
        return cls(config.rate_burst, config.rate_per_minute, config.rate_cooldown_seconds, **kwargs)

    @property
    def enabled(self) -> bool:
        return self.burst > 0 and self.rate > 0

    def __len__(self) -> int:
        """How many citizens' buckets are kept."""
        return len(self._buckets)

    def check(self, citizen: str) -> str:
        """Count one message or button press of `citizen`: ALLOW (handle it), WARN (tell
        them to slow down, and nothing else) or SILENT (ignore it)."""
        if not self.enabled:
            return ALLOW
        now = self.clock()
        bucket = self._buckets.get(citizen)
        if bucket is None:
            bucket = _Bucket(float(self.burst), now)
            self._buckets[citizen] = bucket
            self._evict(now)
        else:
            self._buckets.move_to_end(citizen)
        if bucket.silent_until:
            if now < bucket.silent_until:
                return SILENT
            bucket.silent_until = 0.0
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return ALLOW
        bucket.silent_until = now + self.cooldown if self.cooldown > 0 else 0.0
        return WARN

    def _idle(self, bucket: _Bucket, now: float) -> bool:
        if bucket.silent_until and now < bucket.silent_until:
            return False
        return bucket.tokens + (now - bucket.at) * self.rate >= self.burst

    def _evict(self, now: float) -> None:
        buckets = self._buckets
        for _ in range(_EVICT_PER_CHECK):
            if len(buckets) <= 1:
                break
            oldest = next(iter(buckets.values()))
            if not self._idle(oldest, now):
                break
            buckets.popitem(last=False)
        while len(buckets) > self.max_citizens:
            buckets.popitem(last=False)


class OutboundRateLimiter(AIORateLimiter):
    """AIORateLimiter for what the bot sends; requests that only read about a chat
    (getChatMember: is this a volunteer?) are not held back. Telegram's limits are about
    messages, and AIORateLimiter counts every request with a group's chat_id against that
    group's 20 a minute: a volunteer's answer whose membership check waited behind a backlog
    of group posts held up every update after it (seen: two minutes after a restart)."""

    READS = frozenset({"getChatMember", "getChat", "getChatAdministrators", "getChatMemberCount"})

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        if endpoint in self.READS:
            data = {k: v for k, v in data.items() if k != "chat_id"}  # as a callback answer
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


def outbound_rate_limiter(config: Config) -> AIORateLimiter | None:
    """python-telegram-bot's own AIORateLimiter (a maintained implementation of Telegram's
    limits, rather than ours): at most DVCBOT_OUTBOUND_RATE_LIMIT requests a second for the
    whole bot and DVCBOT_OUTBOUND_GROUP_PER_MINUTE messages a minute per group (the
    volunteers' group); None (no limiter) when DVCBOT_OUTBOUND_RATE_LIMIT is 0. Per process:
    with N instances, divide both by N. Callback answers (no chat_id) and reads such as
    getChatMember are never held back (OutboundRateLimiter).

    429 (RetryAfter) is retried in ONE place per message, never twice: the limiter's own
    retry (it waits retry_after, pausing all requests, as Telegram asks) only for the replies
    of a citizen's turn, which are stored nowhere else (rate_limit_args in
    bot.telegram.adapter.TelegramAdapter.send_replies, DVCBOT_OUTBOUND_MAX_RETRIES); max_retries=0 for everything
    else, so an outbox row's 429 goes straight to bot.telegram.outbound, which stores its next attempt
    retry_after later and sends the other chats' rows meanwhile (no sleeping in a handler).
    """
    if config.outbound_rate_limit <= 0:
        return None
    return OutboundRateLimiter(overall_max_rate=config.outbound_rate_limit, overall_time_period=1,
                               group_max_rate=max(0.0, config.outbound_group_per_minute),
                               group_time_period=60, max_retries=0)


__all__ = ["ALLOW", "SILENT", "WARN", "OutboundRateLimiter", "RateLimiter", "outbound_rate_limiter"]
