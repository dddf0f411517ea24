"""Configuration from environment variables (a `.env` file in the working directory may set them).

Every variable is documented in the README's configuration table. `Config.from_env` checks
every one of them and raises ConfigError listing each malformed value with its variable's
name and what is expected (Vietnamese, then English: operators read it on stderr); `dvcbot`
exits 2 on it before doing anything (bot.cli.main), so a typo never passes silently.
"""
from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

T = TypeVar("T")


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines; comments and blank lines ignored, quotes stripped."""
    out: dict[str, str] = {}
    if not path.is_file():
        return out
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: không đọc được tệp .env ({exc}) / cannot read the .env file"]) from exc
    for raw in content.splitlines():
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


class ConfigError(ValueError):
    """Malformed environment variables: `problems` holds one line per variable."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


# What each kind of value must look like: (Vietnamese, English).
EXPECT_INT = ("một số nguyên {bound}", "a whole number {bound}")
EXPECT_NUMBER = ("một số {bound}", "a number {bound}")
EXPECT_CHAT_ID = ("mã số nhóm Telegram (số nguyên, thường âm, ví dụ -1001234567890)",
                  "a Telegram chat id (a whole number, usually negative, e.g. -1001234567890)")
EXPECT_IDS = ("các mã số người dùng Telegram cách nhau bằng dấu phẩy (ví dụ 11111111,22222222)",
              "Telegram user ids separated by commas (e.g. 11111111,22222222)")
EXPECT_HOURS = ("giờ làm việc dạng HH:MM-HH:MM (ví dụ 07:30-17:00; cho phép 24:00)",
                "working hours as HH:MM-HH:MM (e.g. 07:30-17:00; 24:00 allowed)")
EXPECT_DAYS = ("các thứ trong tuần theo số 1-7 (thứ Hai = 1): một khoảng 1-6 hoặc danh sách 1,3,5",
               "ISO weekdays 1-7 (Monday = 1): a range 1-6 or a list 1,3,5")
EXPECT_TIMEZONE = ("tên múi giờ IANA (ví dụ Asia/Ho_Chi_Minh)", "an IANA time zone name (e.g. Asia/Ho_Chi_Minh)")
EXPECT_USERNAME = ("tên bot Telegram: 5-32 ký tự chữ, số, dấu _ (ví dụ dvc_xa_bot)",
                   "a Telegram bot username: 5-32 letters, digits or _ (e.g. dvc_xa_bot)")
EXPECT_TOKEN = ("token dạng 123456:ABC... lấy từ @BotFather", "a token like 123456:ABC... from @BotFather")
EXPECT_URL = ("địa chỉ http:// hoặc https://", "an http:// or https:// URL")
EXPECT_DATABASE = ("địa chỉ cơ sở dữ liệu sqlite+aiosqlite:///tệp.sqlite3 hoặc postgresql+asyncpg://người@máy/csdl",
                   "a database URL sqlite+aiosqlite:///file.sqlite3 or postgresql+asyncpg://user@host/db")
EXPECT_SECRET = ("1-256 ký tự A-Z, a-z, 0-9, _ và -", "1-256 characters A-Z, a-z, 0-9, _ and -")
EXPECT_FERNET_KEYS = ("một hoặc nhiều khoá Fernet (44 ký tự) cách nhau bằng dấu phẩy; tạo khoá bằng: python -c "
                      "\"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())\"",
                      "one or more Fernet keys (44 characters) separated by commas; make one with: python -c "
                      "\"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())\"")
# Values never echoed back (secrets, or URLs that may hold a password).
SECRET_VARIABLES = frozenset({"DVCBOT_TELEGRAM_TOKEN", "DVCBOT_WEBHOOK_SECRET", "DVCBOT_DATABASE_URL",
                              "DVCBOT_SECRET_KEY"})

_HOURS = re.compile(r"\s*(\d{1,2})[:h.](\d{2})\s*-\s*(\d{1,2})[:h.](\d{2})\s*")
_DAY_PART = re.compile(r"\s*[1-7]\s*(?:-\s*[1-7])?\s*")
_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{4,31}")
_TOKEN = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{1,100}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")  # ASCII digits only; no "²", no 10**30


class _Env:
    """Reads variables, collecting a problem for each malformed one instead of raising."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = values
        self.problems: list[str] = []

    def text(self, name: str, default: str = "") -> str:
        return self.values.get(name, "").strip() or default

    def _bad(self, name: str, expected: tuple[str, str], bound: str = "") -> None:
        raw = self.values.get(name, "").strip()
        shown = "(đã ẩn / hidden)" if name in SECRET_VARIABLES else repr(raw[:80])
        vi, en = expected[0].format(bound=bound).strip(), expected[1].format(bound=bound).strip()
        self.problems.append(f"{name}={shown}: cần {vi} / expected {en}")

    def checked(self, name: str, default: T, parse: Callable[[str], T | None],
                expected: tuple[str, str]) -> T:
        raw = self.text(name)
        if not raw:
            return default
        value = parse(raw)
        if value is None:
            self._bad(name, expected)
            return default
        return value

    def integer(self, name: str, default: int, minimum: int = 0) -> int:
        raw = self.text(name)
        if not raw:
            return default
        if not _INTEGER.fullmatch(raw) or int(raw) < minimum:
            self._bad(name, EXPECT_INT, f">= {minimum}")
            return default
        return int(raw)

    def number(self, name: str, default: float, minimum: float = 0, above: bool = False) -> float:
        raw = self.text(name)
        if not raw:
            return default
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < minimum or (above and value == minimum) or value > 1e9:
            self._bad(name, EXPECT_NUMBER, f"> {minimum:g}" if above else f">= {minimum:g}")
            return default
        return value


def _chat_id(raw: str) -> int | None:
    if not _INTEGER.fullmatch(raw) or int(raw) == 0:
        return None
    return int(raw)


def _user_ids(raw: str) -> frozenset[int] | None:
    parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
    if not parts or not all(re.fullmatch(r"[0-9]{1,18}", p) and int(p) > 0 for p in parts):
        return None
    return frozenset(int(p) for p in parts)


def _hours(raw: str) -> str | None:
    m = _HOURS.fullmatch(raw)
    if m is None:
        return None
    for h, mm in ((int(m[1]), int(m[2])), (int(m[3]), int(m[4]))):
        if mm > 59 or h > 24 or (h == 24 and mm):
            return None
    return raw


def _days(raw: str) -> str | None:
    parts = raw.replace(";", ",").split(",")
    return raw if all(_DAY_PART.fullmatch(p) for p in parts) else None


def _timezone(raw: str) -> str | None:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return raw


def _username(raw: str) -> str | None:
    name = raw.removeprefix("@")
    return name if _USERNAME.fullmatch(name) else None


def _url(raw: str) -> str | None:
    return raw if re.fullmatch(r"https?://[^\s/]+(/\S*)?", raw) else None


def _database(raw: str) -> str | None:
    return raw if re.fullmatch(r"(sqlite|postgresql)(\+\w+)?://\S*", raw) else None


def _secret_keys(raw: str) -> tuple[str, ...] | None:
    """DVCBOT_SECRET_KEY: comma-separated Fernet keys (bot.dialogue.vault); None if one is malformed."""
    from bot.dialogue.vault import check_keys

    keys = tuple(k.strip() for k in raw.split(",") if k.strip())
    try:
        check_keys(keys)
    except ValueError:
        return None
    return keys


def _matches(pattern: re.Pattern[str]) -> Callable[[str], str | None]:
    return lambda raw: raw if pattern.fullmatch(raw) else None


@dataclass(frozen=True)
class Config:
    telegram_token: str = ""
    telegram_api_url: str = ""  # python-telegram-bot's base_url; "" = Telegram's
    database_url: str = "sqlite+aiosqlite:///dvcbot.sqlite3"
    knowledge: str = "procedures.yaml"
    knowledge_max_mb: float = 8  # a larger knowledge file is refused (knowledge.yaml_safety)
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
    bot_username: str = ""  # "" = unset: `dvcbot poster` asks the Bot API (getMe)
    # Webhook mode: the secret Telegram sends in X-Telegram-Bot-Api-Secret-Token ("" = derived
    # from the token, see bot.telegram.app.webhook_secret). Every instance must agree.
    webhook_secret: str = ""
    # `dvcbot purge` empties citizens' texts older than this many days (see bot.storage.retention).
    retention_days: int = 90
    # Abuse limits (bot.telegram.limits, bot.dialogue.handoff, bot.dialogue.engine, bot.telegram.app); see the README.
    rate_burst: int = 8  # a citizen's messages and presses at once; 0 = no per-citizen limit
    rate_per_minute: float = 20  # then this many a minute
    rate_cooldown_seconds: float = 60  # silence after the slow-down notice
    max_escalations_per_day: int = 5  # questions a citizen may send to volunteers a day; 0 = no limit
    max_followups_per_hour: int = 10  # a citizen's messages forwarded to an open question an hour; 0 = no limit
    max_text_chars: int = 500  # the start of a message the matcher reads
    # Outbound (python-telegram-bot's AIORateLimiter): requests a second for the whole bot
    # (0 = no limiter at all), messages a minute per group, retries of a reply after a 429.
    outbound_rate_limit: float = 30
    outbound_group_per_minute: float = 20
    outbound_max_retries: int = 2
    # Keys sealing what is kept only for "Xem số đã ẩn" (bot.dialogue.vault): the first encrypts, all
    # decrypt; none = no such original is kept.
    secret_keys: tuple[str, ...] = field(default=(), repr=False)
    # Answered escalations whose citizen never pressed "Đã hiểu" are closed this many days
    # after the last message in them (bot.storage.retention, `dvcbot purge`); 0 = never.
    answered_close_days: int = 7
    # `dvcbot check` warns about entries whose `reviewed` date is older than this many days
    # (its --max-age-days wins); the same default as knowledge.loader.DEFAULT_REVIEW_MAX_DAYS.
    review_max_days: int = 180

    @property
    def knowledge_max_bytes(self) -> int:
        return int(self.knowledge_max_mb * 1024 * 1024)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, dotenv: Path | None = None) -> Config:
        """The configuration from the environment (and .env); ConfigError if any value is malformed."""
        merged: dict[str, str] = {}
        merged.update(read_dotenv(dotenv if dotenv is not None else Path(".env")))
        merged.update(os.environ if env is None else env)
        e = _Env(merged)
        config = cls(
            telegram_token=e.checked("DVCBOT_TELEGRAM_TOKEN", "", _matches(_TOKEN), EXPECT_TOKEN),
            telegram_api_url=e.checked("DVCBOT_TELEGRAM_API_URL", "", _url, EXPECT_URL),
            database_url=e.checked("DVCBOT_DATABASE_URL", cls.database_url, _database, EXPECT_DATABASE),
            knowledge=e.text("DVCBOT_KNOWLEDGE", cls.knowledge),
            knowledge_max_mb=e.number("DVCBOT_KNOWLEDGE_MAX_MB", cls.knowledge_max_mb, 0, above=True),
            volunteer_chat_id=e.checked("DVCBOT_VOLUNTEER_CHAT_ID", None, _chat_id, EXPECT_CHAT_ID),
            staff_ids=e.checked("DVCBOT_STAFF_IDS", frozenset(), _user_ids, EXPECT_IDS),
            volunteer_hours=e.checked("DVCBOT_VOLUNTEER_HOURS", cls.volunteer_hours, _hours, EXPECT_HOURS),
            volunteer_days=e.checked("DVCBOT_VOLUNTEER_DAYS", cls.volunteer_days, _days, EXPECT_DAYS),
            timezone=e.checked("DVCBOT_TIMEZONE", cls.timezone, _timezone, EXPECT_TIMEZONE),
            reminder_minutes=e.integer("DVCBOT_REMINDER_MINUTES", cls.reminder_minutes, 1),
            bot_username=e.checked("DVCBOT_BOT_USERNAME", cls.bot_username, _username, EXPECT_USERNAME),
            webhook_secret=e.checked("DVCBOT_WEBHOOK_SECRET", "", _matches(_SECRET), EXPECT_SECRET),
            retention_days=e.integer("DVCBOT_RETENTION_DAYS", cls.retention_days, 1),
            rate_burst=e.integer("DVCBOT_RATE_BURST", cls.rate_burst),
            rate_per_minute=e.number("DVCBOT_RATE_PER_MINUTE", cls.rate_per_minute),
            rate_cooldown_seconds=e.number("DVCBOT_RATE_COOLDOWN_SECONDS", cls.rate_cooldown_seconds),
            max_escalations_per_day=e.integer("DVCBOT_MAX_ESCALATIONS_PER_DAY", cls.max_escalations_per_day),
            max_followups_per_hour=e.integer("DVCBOT_MAX_FOLLOWUPS_PER_HOUR", cls.max_followups_per_hour),
            max_text_chars=e.integer("DVCBOT_MAX_TEXT_CHARS", cls.max_text_chars, 1),
            outbound_rate_limit=e.number("DVCBOT_OUTBOUND_RATE_LIMIT", cls.outbound_rate_limit),
            outbound_group_per_minute=e.number("DVCBOT_OUTBOUND_GROUP_PER_MINUTE", cls.outbound_group_per_minute),
            outbound_max_retries=e.integer("DVCBOT_OUTBOUND_MAX_RETRIES", cls.outbound_max_retries),
            secret_keys=e.checked("DVCBOT_SECRET_KEY", (), _secret_keys, EXPECT_FERNET_KEYS),
            answered_close_days=e.integer("DVCBOT_ANSWERED_CLOSE_DAYS", cls.answered_close_days),
            review_max_days=e.integer("DVCBOT_REVIEW_MAX_DAYS", cls.review_max_days),
        )
        if e.problems:
            raise ConfigError(e.problems)
        return config
