"""`python -m bot run` as a real process against a fake Bot API server on 127.0.0.1.

The process must: check its token with getMe, publish its commands, long-poll getUpdates,
answer a citizen, stop cleanly on SIGTERM (exit 0), and refuse to start (exit 2, with a
clear message) without a token or with one the Bot API rejects. Also the webhook mode.
Every wait is bounded; the process is always killed in the end.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.dialogue import texts
from bot.dialogue.engine import COMMANDS
from helpers import KB_PATH, REPO
from helpers.fake_api_server import FakeBotApiServer
from helpers.fake_telegram import message_json, private_chat_json, update_json, user_json
from knowledge.loader import load_knowledge

TOKEN = "123456:FAKE-token-for-tests"
CITIZEN = 5555
START_TIMEOUT = 60  # seconds for the process to come up and answer (imports, knowledge index)
STOP_TIMEOUT = 15

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(KB_PATH)


@pytest.fixture
def server():
    with FakeBotApiServer() as s:
        yield s


def env_for(tmp_path: Path, api_url: str | None, token: str | None = TOKEN) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVCBOT_")
           and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update({
        "DVCBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        "DVCBOT_KNOWLEDGE": str(KB_PATH),
        "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "PYTHONIOENCODING": "utf-8",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    })
    if api_url:
        env["DVCBOT_TELEGRAM_API_URL"] = api_url
    if token:
        env["DVCBOT_TELEGRAM_TOKEN"] = token
    return env


def start(tmp_path: Path, env: dict[str, str], *args: str) -> tuple[subprocess.Popen, Path]:
    """Start `python -m bot run ARGS` in tmp_path (so no .env is read); stderr to a file."""
    log = tmp_path / "stderr.log"
    proc = subprocess.Popen([sys.executable, "-m", "bot", "run", *args], cwd=tmp_path, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=log.open("wb"))
    return proc, log


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=STOP_TIMEOUT)


def citizen_says(text: str) -> dict:
    chat, user = private_chat_json(CITIZEN, "Hoa"), user_json(CITIZEN, "Hoa")
    return update_json(message=message_json(chat, user, 1, text))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_polling_answers_a_citizen_and_stops_on_sigterm(tmp_path, server, kb):
    p = kb.get("dang-ky-tam-tru")
    update = citizen_says("dang ky tam tru can gi")
    server.add_update(update)
    proc, log = start(tmp_path, env_for(tmp_path, server.base_url))
    try:
        sent = server.wait_for("sendMessage", timeout=START_TIMEOUT)
        assert int(sent["chat_id"]) == CITIZEN
        assert sent["text"].startswith(texts.CARD_TITLE.format(title=p.title))
        assert f"{p.reviewed:%d/%m/%Y}" in sent["text"]
        assert "parse_mode" not in sent.params
        assert sent["reply_markup"]["inline_keyboard"][0][0]["text"] == texts.BTN_STEPS

        assert server.calls_of("getMe")
        commands = server.wait_for("setMyCommands", timeout=5)["commands"]
        assert [(c["command"], c["description"]) for c in commands] == list(COMMANDS)
        assert set(server.tokens) == {TOKEN}
        # Still long-polling, now past the answered update.
        server.wait_for("getUpdates", timeout=10, count=len(server.calls_of("getUpdates")) + 1)

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=STOP_TIMEOUT) == 0, log.read_text("utf-8")
        # The update was acknowledged (a later offset), so a restart will not answer it again.
        offsets = [int(c.get("offset") or 0) for c in server.calls_of("getUpdates")]
        assert max(offsets) == update["update_id"] + 1
        assert len(server.calls_of("sendMessage")) == 1
        stderr = log.read_text("utf-8")
        assert TOKEN not in stderr and "Traceback" not in stderr, stderr
        assert "dang ky tam tru" not in stderr  # no citizen text in the logs
    finally:
        stop(proc)


def test_missing_token_exits_2_with_a_clear_message(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path,
                          env=env_for(tmp_path, None, token=None), capture_output=True, timeout=START_TIMEOUT)
    stderr = proc.stderr.decode("utf-8")
    assert proc.returncode == 2, stderr
    assert "DVCBOT_TELEGRAM_TOKEN" in stderr
    assert "Chưa có token" in stderr and "No Telegram bot token" in stderr  # Vietnamese and English
    assert "Traceback" not in stderr


def test_rejected_token_exits_2_with_a_clear_message(tmp_path):
    with FakeBotApiServer(rejected_tokens=(TOKEN,)) as server:
        proc, log = start(tmp_path, env_for(tmp_path, server.base_url))
        try:
            assert proc.wait(timeout=START_TIMEOUT) == 2
        finally:
            stop(proc)
        assert [c.method for c in server.api.calls] == ["getMe"]
    stderr = log.read_text("utf-8")
    assert "DVCBOT_TELEGRAM_TOKEN" in stderr and "@BotFather" in stderr
    assert "rejected" in stderr and "không chấp nhận" in stderr
    assert TOKEN not in stderr and "Traceback" not in stderr, stderr


def test_webhook_mode_answers_and_checks_the_secret(tmp_path, server, kb):
    port = free_port()
    webhook = f"http://127.0.0.1:{port}/telegram/hook"
    proc, log = start(tmp_path, env_for(tmp_path, server.base_url), "--webhook", webhook, "--port", str(port))
    try:
        hook = server.wait_for("setWebhook", timeout=START_TIMEOUT)
        assert hook["url"] == webhook
        secret = hook["secret_token"]
        assert secret and TOKEN not in secret
        server.wait_for("setMyCommands", timeout=10)

        def post(update: dict, token: str | None) -> int:
            request = urllib.request.Request(webhook, data=json.dumps(update).encode("utf-8"), method="POST",
                                             headers={"Content-Type": "application/json"})
            if token is not None:
                request.add_header("X-Telegram-Bot-Api-Secret-Token", token)
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            deadline = time.monotonic() + 20
            while True:
                try:
                    with opener.open(request, timeout=10) as response:
                        return response.status
                except urllib.error.HTTPError as exc:
                    return exc.code
                except OSError:  # the webhook server is not listening yet
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)

        assert post(citizen_says("dang ky tam tru"), "wrong-secret") == 403
        assert post(citizen_says("dang ky tam tru can gi"), secret) == 200
        sent = server.wait_for("sendMessage", timeout=20)
        assert int(sent["chat_id"]) == CITIZEN
        assert sent["text"].startswith(texts.CARD_TITLE.format(title=kb.get("dang-ky-tam-tru").title))
        assert len(server.calls_of("sendMessage")) == 1  # not for the forged one

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=STOP_TIMEOUT) == 0, log.read_text("utf-8")
    finally:
        stop(proc)
