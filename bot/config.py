"""Configuration from environment variables (a `.env` file in the working directory may set them).

Every variable is documented in the README's configuration table.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines; comments and blank lines ignored, quotes stripped."""
    out: dict[str, str] = {}
    if not path.is_file():
        return out
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        out[key] = value
    return out


def _ids(text: str) -> frozenset[int]:
    ids = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if part.lstrip("-").isdigit():
            ids.add(int(part))
    return frozenset(ids)


def _secret_keys(text: str) -> tuple[str, ...]:
    """DVCBOT_SECRET_KEY: comma-separated Fernet keys (ValueError naming the variable if one
    is malformed)."""
    from bot.vault import check_keys

    keys = tuple(k.strip() for k in text.split(",") if k.strip())
    check_keys(keys)
    return keys


@dataclass(frozen=True)
class Config:
    telegram_token: str = ""
    telegram_api_url: str = ""  # python-telegram-bot's base_url; "" = Telegram's
    database_url: str = "sqlite+aiosqlite:///dvcbot.sqlite3"
    knowledge: str = "procedures.yaml"
    volunteer_chat_id: int | None = None
    staff_ids: frozenset[int] = field(default_factory=frozenset)
    # Volunteers' working hours, local time, "HH:MM-HH:MM"; outside them citizens are told
    # their question will be answered during working hours.
    volunteer_hours: str = "07:30-17:00"
    volunteer_days: str = "1-6"  # ISO weekdays, Monday=1
    timezone: str = "Asia/Ho_Chi_Minh"
    # Remind the volunteers' group of unclaimed escalations after this many minutes.
    reminder_minutes: int = 30
    # Name of the bot account, for deep links (t.me/<name>?start=<procedure-id>).
    bot_username: str = "dvcbot"
    # Webhook mode: the secret Telegram sends in X-Telegram-Bot-Api-Secret-Token ("" = derived
    # from the token, see bot.telegram_app.webhook_secret). Every instance must agree.
    webhook_secret: str = ""
    # `dvcbot purge` empties citizens' texts older than this many days (see bot.storage.retention).
    retention_days: int = 90
    # Abuse limits (bot.limits, bot.handoff, bot.engine, bot.telegram_app); see the README.
    rate_burst: int = 8  # a citizen's messages and presses at once; 0 = no per-citizen limit
    rate_per_minute: float = 20  # then this many a minute
    rate_cooldown_seconds: float = 60  # silence after the slow-down notice
    max_escalations_per_day: int = 5  # questions a citizen may send to volunteers a day; 0 = no limit
    max_text_chars: int = 500  # the start of a message the matcher reads
    # Outbound (python-telegram-bot's AIORateLimiter): requests a second for the whole bot
    # (0 = no limiter at all), messages a minute per group, retries of a reply after a 429.
    outbound_rate_limit: float = 30
    outbound_group_per_minute: float = 20
    outbound_max_retries: int = 2
    # Keys sealing what is kept only for "Xem số đã ẩn" (bot.vault): the first encrypts, all
    # decrypt; none = no such original is kept.
    secret_keys: tuple[str, ...] = field(default=(), repr=False)
    # Answered escalations whose citizen never pressed "Đã hiểu" are closed this many days
    # after the last answer (bot.storage.retention, `dvcbot purge`).
    answered_close_days: int = 7

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, dotenv: Path | None = None) -> "Config":
        merged: dict[str, str] = {}
        merged.update(read_dotenv(dotenv if dotenv is not None else Path(".env")))
        merged.update(os.environ if env is None else env)

        def get(name: str, default: str = "") -> str:
            return merged.get(name, default).strip()

        vol = get("DVCBOT_VOLUNTEER_CHAT_ID")
        return cls(
            telegram_token=get("DVCBOT_TELEGRAM_TOKEN"),
            telegram_api_url=get("DVCBOT_TELEGRAM_API_URL"),
            database_url=get("DVCBOT_DATABASE_URL") or cls.database_url,
            knowledge=get("DVCBOT_KNOWLEDGE") or cls.knowledge,
            volunteer_chat_id=int(vol) if vol.lstrip("-").isdigit() else None,
            staff_ids=_ids(get("DVCBOT_STAFF_IDS")),
            volunteer_hours=get("DVCBOT_VOLUNTEER_HOURS") or cls.volunteer_hours,
            volunteer_days=get("DVCBOT_VOLUNTEER_DAYS") or cls.volunteer_days,
            timezone=get("DVCBOT_TIMEZONE") or cls.timezone,
            reminder_minutes=int(get("DVCBOT_REMINDER_MINUTES") or cls.reminder_minutes),
            bot_username=get("DVCBOT_BOT_USERNAME") or cls.bot_username,
            webhook_secret=get("DVCBOT_WEBHOOK_SECRET"),
            retention_days=int(get("DVCBOT_RETENTION_DAYS") or cls.retention_days),
            rate_burst=int(get("DVCBOT_RATE_BURST") or cls.rate_burst),
            rate_per_minute=float(get("DVCBOT_RATE_PER_MINUTE") or cls.rate_per_minute),
            rate_cooldown_seconds=float(get("DVCBOT_RATE_COOLDOWN_SECONDS") or cls.rate_cooldown_seconds),
            max_escalations_per_day=int(get("DVCBOT_MAX_ESCALATIONS_PER_DAY") or cls.max_escalations_per_day),
            max_text_chars=max(1, int(get("DVCBOT_MAX_TEXT_CHARS") or cls.max_text_chars)),
            outbound_rate_limit=float(get("DVCBOT_OUTBOUND_RATE_LIMIT") or cls.outbound_rate_limit),
            outbound_group_per_minute=float(get("DVCBOT_OUTBOUND_GROUP_PER_MINUTE")
                                            or cls.outbound_group_per_minute),
            outbound_max_retries=int(get("DVCBOT_OUTBOUND_MAX_RETRIES") or cls.outbound_max_retries),
            secret_keys=_secret_keys(get("DVCBOT_SECRET_KEY")),
            answered_close_days=int(get("DVCBOT_ANSWERED_CLOSE_DAYS") or cls.answered_close_days),
        )
