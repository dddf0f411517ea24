"""Configuration errors: every variable is checked at start-up, for every command; a malformed
one stops `dvcbot` with exit 2 and a message naming the variable and what it should be. And a
bot without a volunteers' group says so, to the operator and to citizens."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.config import Config, ConfigError
from bot.dialogue import texts
from helpers import REPO
from helpers.commands import run_dvcbot
from helpers.fake_api_server import FakeBotApiServer
from helpers.world import UNKNOWN_QUESTION, start_world, volunteer_config
from knowledge.loader import DEFAULT_REVIEW_MAX_DAYS

NO_DOTENV = Path("/nonexistent/.env")

# (variable, malformed value, words of what is expected)
MALFORMED = [
    ("DVCBOT_RATE_BURST", "abc", "số nguyên >= 0"),
    ("DVCBOT_RATE_BURST", "-1", "số nguyên >= 0"),
    ("DVCBOT_RATE_BURST", "²", "số nguyên >= 0"),
    ("DVCBOT_RATE_PER_MINUTE", "nhanh", "một số >= 0"),
    ("DVCBOT_RATE_PER_MINUTE", "nan", "một số >= 0"),
    ("DVCBOT_RATE_COOLDOWN_SECONDS", "-5", "một số >= 0"),
    ("DVCBOT_MAX_ESCALATIONS_PER_DAY", "5.5", "số nguyên >= 0"),
    ("DVCBOT_MAX_TEXT_CHARS", "0", "số nguyên >= 1"),
    ("DVCBOT_OUTBOUND_RATE_LIMIT", "inf", "một số >= 0"),
    ("DVCBOT_OUTBOUND_GROUP_PER_MINUTE", "x", "một số >= 0"),
    ("DVCBOT_OUTBOUND_MAX_RETRIES", "2 lần", "số nguyên >= 0"),
    ("DVCBOT_REMINDER_MINUTES", "0", "số nguyên >= 1"),
    ("DVCBOT_RETENTION_DAYS", "90 ngày", "số nguyên >= 1"),
    ("DVCBOT_REVIEW_MAX_DAYS", "nửa năm", "số nguyên >= 0"),
    ("DVCBOT_REVIEW_MAX_DAYS", "-1", "số nguyên >= 0"),
    ("DVCBOT_KNOWLEDGE_MAX_MB", "0", "một số > 0"),
    ("DVCBOT_KNOWLEDGE_MAX_MB", "abc", "một số > 0"),
    ("DVCBOT_VOLUNTEER_CHAT_ID", "nhom-tinh-nguyen", "mã số nhóm Telegram"),
    ("DVCBOT_VOLUNTEER_CHAT_ID", "-100 123", "mã số nhóm Telegram"),
    ("DVCBOT_VOLUNTEER_CHAT_ID", "9" * 30, "mã số nhóm Telegram"),
    ("DVCBOT_STAFF_IDS", "111,bob", "mã số người dùng Telegram"),
    ("DVCBOT_VOLUNTEER_HOURS", "7h-17h", "HH:MM-HH:MM"),
    ("DVCBOT_VOLUNTEER_HOURS", "07:30-25:00", "HH:MM-HH:MM"),
    ("DVCBOT_VOLUNTEER_HOURS", "07:30", "HH:MM-HH:MM"),
    ("DVCBOT_VOLUNTEER_DAYS", "thu hai", "thứ trong tuần"),
    ("DVCBOT_VOLUNTEER_DAYS", "1-8", "thứ trong tuần"),
    ("DVCBOT_TIMEZONE", "Asia/Hanoi-ish", "múi giờ"),
    ("DVCBOT_BOT_USERNAME", "t.me/dvc", "tên bot Telegram"),
    ("DVCBOT_TELEGRAM_API_URL", "127.0.0.1:8081/bot", "http://"),
    ("DVCBOT_DATABASE_URL", "mysql://x@y/z", "cơ sở dữ liệu"),
    ("DVCBOT_WEBHOOK_SECRET", "có dấu cách", "1-256 ký tự"),
    ("DVCBOT_TELEGRAM_TOKEN", "not a token", "token dạng"),
]
SECRET = {"DVCBOT_TELEGRAM_TOKEN", "DVCBOT_WEBHOOK_SECRET", "DVCBOT_DATABASE_URL"}


@pytest.fixture
def clean_env(tmp_path, monkeypatch):
    """No DVCBOT_ variable from outside; the working directory has no .env."""
    for name in list(os.environ):
        if name.startswith("DVCBOT_") and not name.startswith(("DVCBOT_TEST", "DVCBOT_FUZZ", "DVCBOT_HYPO")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


@pytest.mark.parametrize("name, value, expected", MALFORMED)
def test_a_malformed_variable_stops_every_command_with_exit_2(clean_env, capsys, name, value, expected):
    clean_env.setenv(name, value)
    for command in (["run"], ["chat"], ["stats"], ["unresolved"], ["purge"], ["check"],
                    ["poster", "dang-ky-tam-tru"]):
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert "Cấu hình sai" in err and "Invalid configuration" in err
        assert name in err and expected in err, err
        if name in SECRET:
            assert value not in err  # a token or a password in a URL is never echoed
        else:
            assert repr(value) in err


def test_all_problems_are_listed_at_once(clean_env, capsys):
    clean_env.setenv("DVCBOT_RATE_BURST", "abc")
    clean_env.setenv("DVCBOT_VOLUNTEER_HOURS", "sáng")
    clean_env.setenv("DVCBOT_STAFF_IDS", "x")
    assert main(["chat"]) == 2
    err = capsys.readouterr().err
    assert all(n in err for n in ("DVCBOT_RATE_BURST", "DVCBOT_VOLUNTEER_HOURS", "DVCBOT_STAFF_IDS"))


def test_the_process_exits_2_without_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVCBOT_")}
    env.update(DVCBOT_RATE_BURST="abc", PYTHONIOENCODING="utf-8",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    run = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "DVCBOT_RATE_BURST='abc': cần một số nguyên >= 0" in run.stderr


def test_well_formed_values_are_read():
    config = Config.from_env({
        "DVCBOT_VOLUNTEER_CHAT_ID": " -1001234567890 ", "DVCBOT_STAFF_IDS": "11111111, 22222222;3",
        "DVCBOT_VOLUNTEER_HOURS": "22:00-06:00", "DVCBOT_VOLUNTEER_DAYS": "1,3,5-7",
        "DVCBOT_TIMEZONE": "Asia/Bangkok", "DVCBOT_BOT_USERNAME": "@dvc_xa_bot",
        "DVCBOT_KNOWLEDGE_MAX_MB": "2,5", "DVCBOT_RATE_PER_MINUTE": "0.5",
        "DVCBOT_DATABASE_URL": "postgresql+asyncpg://dvcbot@127.0.0.1/dvcbot",
        "DVCBOT_TELEGRAM_API_URL": "http://127.0.0.1:8081/bot", "DVCBOT_WEBHOOK_SECRET": "a-b_C9",
        "DVCBOT_REVIEW_MAX_DAYS": " 0 ",
    }, dotenv=NO_DOTENV)
    assert config.review_max_days == 0  # every entry's review is due: check warns about all
    assert config.volunteer_chat_id == -1001234567890
    assert config.staff_ids == frozenset({11111111, 22222222, 3})
    assert (config.volunteer_hours, config.volunteer_days) == ("22:00-06:00", "1,3,5-7")
    assert config.bot_username == "dvc_xa_bot"
    assert config.knowledge_max_bytes == int(2.5 * 1024 * 1024) and config.rate_per_minute == 0.5
    assert Config.from_env({"DVCBOT_VOLUNTEER_HOURS": "00:00-24:00"}, dotenv=NO_DOTENV).volunteer_hours \
        == "00:00-24:00"
    empty = Config.from_env({name: "" for name, _, _ in MALFORMED}, dotenv=NO_DOTENV)
    assert empty == Config()  # empty values are the defaults
    assert Config().review_max_days == DEFAULT_REVIEW_MAX_DAYS  # `dvcbot check` and the library agree


def test_a_bad_dotenv_value_is_reported_too(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("DVCBOT_VOLUNTEER_CHAT_ID=-100abc\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Config.from_env({}, dotenv=dotenv)
    assert caught.value.problems[0].startswith("DVCBOT_VOLUNTEER_CHAT_ID='-100abc': cần mã số nhóm Telegram")
    dotenv.write_bytes(b"DVCBOT_KNOWLEDGE=\xff\xfe\n")
    with pytest.raises(ConfigError):
        Config.from_env({}, dotenv=dotenv)


# --- Without a volunteers' group ------------------------------------------------------------------
def test_run_warns_when_no_volunteers_group_is_configured(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVCBOT_")
           and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update(PYTHONIOENCODING="utf-8", NO_PROXY="127.0.0.1", no_proxy="127.0.0.1",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               DVCBOT_KNOWLEDGE=str(REPO / "procedures.yaml"), DVCBOT_TELEGRAM_TOKEN="123:rejected",
               DVCBOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}")
    with FakeBotApiServer(rejected_tokens=("123:rejected",)) as server:
        env["DVCBOT_TELEGRAM_API_URL"] = server.base_url

        def run(**extra: str) -> str:
            done = run_dvcbot("run", cwd=tmp_path, env={**env, **extra}, timeout=60)
            assert done.returncode == 2, done.stderr  # (the token is rejected: it stops there)
            return done.stderr

        warned = run()
        assert "Chưa đặt DVCBOT_VOLUNTEER_CHAT_ID" in warned
        assert "DVCBOT_VOLUNTEER_CHAT_ID is not set" in warned
        assert "DVCBOT_VOLUNTEER_CHAT_ID" not in run(DVCBOT_VOLUNTEER_CHAT_ID="-100500")


async def test_without_a_group_the_citizen_is_not_told_it_was_sent(tmp_path, knowledge):
    config = volunteer_config(volunteer_chat_id=None)
    world = await start_world(f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}", knowledge, config)
    try:
        lan = world.citizen()
        await lan.send(UNKNOWN_QUESTION)
        await lan.press(texts.BTN_VOLUNTEER)
        await lan.press(texts.BTN_CONSENT_YES)
        escalation = await world.storage.active_escalation("tg:1001")
        assert escalation is not None and escalation.question == UNKNOWN_QUESTION  # stored for staff
        said = lan.seen()
        assert said == texts.ESC_RECORDED_NO_GROUP.format(id=escalation.id)
        assert "Đã gửi" not in said and "đã gửi" not in said
        assert "một cửa" in said  # the counter is offered
        await lan.send("em cần gấp trong tuần này")
        assert lan.seen() == texts.ESC_ADDED_NO_GROUP.format(id=escalation.id)
        assert "chuyển cho tình nguyện viên" not in lan.seen()
        await world.deliver()
        assert world.api.calls_of("sendMessage") and all(
            int(c["chat_id"]) == 1001 for c in world.api.calls_of("sendMessage"))  # no group anywhere
    finally:
        await world.close()
