"""`dvcbot poster` never prints a QR code for somebody else's bot: the username comes from
--username, DVCBOT_BOT_USERNAME or the Bot API (getMe, here a local fake server); without any
of them it refuses with exit 2."""
from __future__ import annotations

import os

import pytest

from bot.cli.main import main
from bot.dialogue import texts
from helpers import REPO
from helpers.fake_api_server import FakeBotApiServer
from helpers.fake_telegram import BOT_USER

TOKEN = "123456:poster-token"
OUR_BOT = "dvc_xa_dai_phuoc_bot"


@pytest.fixture
def env(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("DVCBOT_") and not name.startswith(("DVCBOT_TEST", "DVCBOT_FUZZ", "DVCBOT_HYPO")):
            monkeypatch.delenv(name)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("DVCBOT_KNOWLEDGE", str(REPO / "procedures.yaml"))
    monkeypatch.chdir(tmp_path)
    return monkeypatch


@pytest.fixture
def bot_api():
    """A local Bot API whose bot is @dvc_xa_dai_phuoc_bot."""
    with FakeBotApiServer(rejected_tokens=("999:revoked",)) as server:
        plain = server.api.respond
        server.api.respond = lambda method, params: (
            {**BOT_USER, "username": OUR_BOT} if method == "getMe" else plain(method, params))
        yield server


def test_without_a_username_or_a_token_the_poster_is_refused(env, tmp_path, capsys):
    out = tmp_path / "p.png"
    assert main(["poster", "dang-ky-tam-tru", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert texts.POSTER_NO_USERNAME in captured.err
    assert "t.me/" not in captured.out and not out.exists()


def test_the_username_is_asked_from_the_bot_api(env, tmp_path, capsys, bot_api):
    env.setenv("DVCBOT_TELEGRAM_TOKEN", TOKEN)
    env.setenv("DVCBOT_TELEGRAM_API_URL", bot_api.base_url)
    out = tmp_path / "p.png"
    assert main(["poster", "dang-ky-tam-tru", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"https://t.me/{OUR_BOT}?start=dang-ky-tam-tru" in captured.out
    assert texts.POSTER_USERNAME_FROM_TELEGRAM.format(name=OUR_BOT) in captured.err
    assert out.exists() and bot_api.calls_of("getMe") and set(bot_api.tokens) == {TOKEN}


def test_the_configured_username_or_the_option_needs_no_bot_api(env, tmp_path, capsys, bot_api):
    env.setenv("DVCBOT_TELEGRAM_TOKEN", TOKEN)
    env.setenv("DVCBOT_TELEGRAM_API_URL", bot_api.base_url)
    env.setenv("DVCBOT_BOT_USERNAME", "@dvc_cau_hinh_bot")
    assert main(["poster", "dang-ky-tam-tru", "--out", str(tmp_path / "a.png")]) == 0
    assert "https://t.me/dvc_cau_hinh_bot?start=dang-ky-tam-tru" in capsys.readouterr().out
    assert main(["poster", "dang-ky-tam-tru", "--out", str(tmp_path / "b.png"), "--username", "dvc_tuy_chon_bot"]) == 0
    assert "https://t.me/dvc_tuy_chon_bot?start=dang-ky-tam-tru" in capsys.readouterr().out
    assert not bot_api.calls_of("getMe")


def test_a_rejected_token_or_a_bad_option_is_refused(env, tmp_path, capsys, bot_api):
    env.setenv("DVCBOT_TELEGRAM_TOKEN", "999:revoked")
    env.setenv("DVCBOT_TELEGRAM_API_URL", bot_api.base_url)
    out = tmp_path / "p.png"
    assert main(["poster", "dang-ky-tam-tru", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert "Không hỏi được tên bot từ Telegram" in captured.err and "999:revoked" not in captured.err
    assert not out.exists()
    assert main(["poster", "dang-ky-tam-tru", "--out", str(out), "--username", "t.me/x"]) == 2
    assert texts.POSTER_BAD_USERNAME.format(name="t.me/x") in capsys.readouterr().err
    assert not out.exists()

