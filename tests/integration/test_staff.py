"""Staff on Telegram: /thongke (figures and the weekly picture) and /tailai (reload the
knowledge base), through the real Application with a recording Bot API.

Staff are the user ids in DVCBOT_STAFF_IDS; anyone else is refused politely. A broken
knowledge base never replaces the working one: citizens keep getting answers from it, and
staff see the problems with their lines.
"""
from __future__ import annotations

import io
import logging
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image
from telegram.ext import CallbackContext

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.live_knowledge import LiveKnowledge
from bot.storage import Storage
from bot.telegram.app import build_application
from helpers import REPO
from helpers.fake_telegram import FAKE_TOKEN, FakeBotApi
from helpers.telegram_chats import TelegramChat

# Every test opens its database with Storage.open (or a fixture that does) before anything else.
pytestmark = pytest.mark.database_at_head

KB = REPO / "procedures.yaml"
STAFF, CITIZEN = 7001, 1001
CONFIG = Config(telegram_token=FAKE_TOKEN, staff_ids=frozenset({STAFF}))


@pytest.fixture
def kb_file(tmp_path) -> Path:
    """A copy of procedures.yaml staff may edit (and break)."""
    path = tmp_path / "procedures.yaml"
    shutil.copyfile(KB, path)
    return path


@pytest.fixture
def knowledge(kb_file) -> LiveKnowledge:
    return LiveKnowledge.load(kb_file)


@pytest.fixture
async def app(sqlite_database_url, knowledge):
    storage = await Storage.open(sqlite_database_url)
    api = FakeBotApi()
    application = build_application(CONFIG, storage, knowledge, request=api, get_updates_request=api)
    await application.initialize()
    application.bot_data["test_api"] = api
    try:
        yield application
    finally:
        await application.shutdown()
        await storage.close()


@pytest.fixture
def api(app) -> FakeBotApi:
    return app.bot_data["test_api"]


@pytest.fixture
def staff(app, api) -> TelegramChat:
    return TelegramChat(app, api, user_id=STAFF)


@pytest.fixture
def lan(app, api) -> TelegramChat:
    return TelegramChat(app, api, user_id=CITIZEN)


def photos(chat: TelegramChat) -> list:
    return [c for c in chat.calls if c.method == "sendPhoto"]


def break_file(path: Path) -> int:
    """Plant an unknown key before the first procedure's `documents`; the line number it is on."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if line.strip().startswith("documents:"))
    indent = line_indent(lines[i])
    lines.insert(i, f"{indent}mau_sac: do\n")
    path.write_text("".join(lines), encoding="utf-8")
    return i + 1


def newer(path: Path) -> None:
    """Make the file's modification time visibly later (filesystems with coarse clocks)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def line_indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def retitle(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(f"title: {old}\n") == 1, old
    path.write_text(text.replace(f"title: {old}\n", f"title: {new}\n"), encoding="utf-8")


# --- /thongke -------------------------------------------------------------------------------------
async def test_staff_get_the_figures_and_the_weekly_picture(staff, lan, knowledge):
    await lan.send("đăng ký tạm trú cần giấy tờ gì")
    await lan.press(texts.BTN_USEFUL)
    await lan.send("làm hộ chiếu đi nước ngoài ở đâu")

    await staff.send("/thongke")
    text = staff.seen()
    assert text.startswith(texts.STATS_TITLE.split("{")[0])
    assert texts.STATS_MESSAGES.format(messages=2, citizens=1) in text
    assert texts.STATS_ANSWERED.format(n=1, pct="50%") in text
    assert texts.STATS_TOP_ITEM.format(i=1, name=f"{knowledge.kb.get('dang-ky-tam-tru').title} (dang-ky-tam-tru)",
                                       n=1) in text
    assert texts.STATS_FEEDBACK.format(up=1, down=0) in text
    [photo] = photos(staff)
    assert int(photo["chat_id"]) == STAFF
    assert "parse_mode" not in photo.params
    image = Image.open(io.BytesIO(photo["photo"]))
    assert image.format == "PNG" and image.size[0] == 1200
    # the text first, then the picture
    assert [c.method for c in staff.calls if c.method in ("sendMessage", "sendPhoto")][-1] == "sendPhoto"


async def test_thongke_takes_a_number_of_days(staff):
    await staff.send("/thongke 30")
    assert texts.STATS_MESSAGES.format(messages=0, citizens=0) in staff.seen()
    assert len(photos(staff)) == 1


@pytest.mark.parametrize("command", ["/thongke", "/tailai"])
async def test_anyone_else_is_refused_politely(lan, command, kb_file, knowledge):
    break_file(kb_file)
    await lan.send(command)
    assert lan.seen() == texts.STAFF_ONLY
    assert not photos(lan)
    assert knowledge.kb.get("dang-ky-tam-tru") is not None
    # nothing was reloaded for them: the file's problems are not shown either
    assert str(kb_file) not in lan.seen()


async def test_staff_commands_are_not_taken_for_citizens_questions(staff):
    await staff.send("đăng ký tạm trú cần gì")  # staff may ask like anyone else
    assert texts.CARD_TITLE.format(title="Đăng ký tạm trú") in staff.seen()


# --- /tailai --------------------------------------------------------------------------------------
async def test_tailai_with_a_broken_file_keeps_the_old_base_and_shows_the_line(staff, lan, kb_file, knowledge):
    old_title = knowledge.kb.get("dang-ky-tam-tru").title
    retitle(kb_file, old_title, "Tạm trú (bản mới)")
    line = break_file(kb_file)

    await staff.send("/tailai")
    reply = staff.seen()
    assert reply.startswith(texts.RELOAD_FAILED.split("{")[0])
    assert f"{kb_file}:{line}: " in reply
    assert "mau_sac" in reply

    await lan.send("dang ky tam tru can gi")
    assert texts.CARD_TITLE.format(title=old_title) in lan.seen()  # the old base answers


async def test_tailai_with_a_fixed_file_switches(staff, lan, kb_file, knowledge):
    original = kb_file.read_text(encoding="utf-8")
    break_file(kb_file)
    await staff.send("/tailai")
    assert staff.seen().startswith(texts.RELOAD_FAILED.split("{")[0])

    kb_file.write_text(original, encoding="utf-8")
    retitle(kb_file, knowledge.kb.get("dang-ky-tam-tru").title, "Đăng ký tạm trú (bản mới)")
    await staff.send("/tailai")
    assert staff.seen() == texts.RELOAD_OK.format(n=len(knowledge.kb.procedures))

    await lan.send("dang ky tam tru can gi")
    assert texts.CARD_TITLE.format(title="Đăng ký tạm trú (bản mới)") in lan.seen()


async def test_the_reload_job_never_puts_a_broken_file_in_service(app, lan, kb_file, knowledge, caplog):
    await app.post_init(app)  # what `dvcbot run` does after connecting: schedules the job
    [job] = app.job_queue.get_jobs_by_name("reload-knowledge")
    old_title = knowledge.kb.get("dang-ky-tam-tru").title
    retitle(kb_file, old_title, "Tạm trú (bản hỏng)")
    line = break_file(kb_file)
    newer(kb_file)

    with caplog.at_level(logging.WARNING):
        await job.callback(CallbackContext.from_job(job, app))
    assert f"{kb_file}:{line}: " in caplog.text  # logged for the operator
    await lan.send("dang ky tam tru can gi")
    assert texts.CARD_TITLE.format(title=old_title) in lan.seen()

    # A valid edit is picked up by the next run of the job.
    kb_file.write_text(KB.read_text(encoding="utf-8").replace(f"title: {old_title}\n",
                                                               "title: Tạm trú (đã sửa)\n"), encoding="utf-8")
    newer(kb_file)
    newer(kb_file)
    await job.callback(CallbackContext.from_job(job, app))
    await lan.send("dang ky tam tru can gi")
    assert texts.CARD_TITLE.format(title="Tạm trú (đã sửa)") in lan.seen()
    job.schedule_removal()


# --- facts past their valid_until: citizens never see them, staff are told once ---------------------
EXPIRED_TEXT = "Giảm thử nghiệm còn 1.000đ"


def expire_a_fee(path: Path) -> tuple[int, str]:
    """Give the first procedure's fee an item that expired in 2020; (its line, procedure id)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if line.strip().startswith("fee:"))
    pid = next(line.split("id:", 1)[1].strip() for line in reversed(lines[:i])
               if line.lstrip().startswith("- id:"))
    indent = line_indent(lines[i])
    value = lines[i].split("fee:", 1)[1].strip()
    item_indent = indent + "  "
    if not value:  # a block list follows: keep its indentation
        item_indent = line_indent(lines[i + 1])
    new = [f"{indent}fee:\n", f'{item_indent}- {{text: "{EXPIRED_TEXT}", valid_until: 2020-01-31}}\n']
    if value:
        new.append(f"{item_indent}- {value}\n")
    lines[i:i + 1] = new
    path.write_text("".join(lines), encoding="utf-8")
    return i + 2, pid


def expired_header() -> str:
    return texts.EXPIRED_HEADER.split("{")[0]


async def test_tailai_tells_staff_once_about_an_expired_fact(staff, lan, kb_file, knowledge):
    line, pid = expire_a_fee(kb_file)
    await staff.send("/tailai")
    reply = staff.seen()
    assert reply.startswith(texts.RELOAD_OK.format(n=len(knowledge.kb.procedures)))
    assert expired_header() in reply
    assert f"{kb_file}:{line}: {pid}" in reply and EXPIRED_TEXT in reply

    await staff.send("/thongke")  # told already: not again
    assert expired_header() not in staff.seen()
    await staff.send("/tailai")
    assert expired_header() not in staff.seen()

    # Citizens never see it; they are sent to the counter.
    title = knowledge.kb.get(pid).title
    await lan.send(f"/start {pid}")
    assert lan.last_text().startswith(texts.CARD_TITLE.format(title=title))
    assert EXPIRED_TEXT not in lan.seen()
    assert texts.FACT_EXPIRED.format(what=texts.FACT_WHAT["fee"]) in lan.seen()


async def test_thongke_tells_staff_about_an_expired_fact_once(staff, kb_file, knowledge):
    line, pid = expire_a_fee(kb_file)
    assert knowledge.reload() == []  # an expired fact does not stop the file from being used
    await staff.send("/thongke")
    first = [c["text"] for c in staff.calls if c.method == "sendMessage"]
    assert first[0].startswith(expired_header())  # first, before the figures
    assert f"{kb_file}:{line}: {pid}" in first[0]
    assert len(photos(staff)) == 1
    await staff.send("/thongke")
    assert expired_header() not in staff.seen()


async def test_the_reload_job_tells_every_staff_chat_once(app, api, staff, kb_file, caplog):
    await app.post_init(app)
    [job] = app.job_queue.get_jobs_by_name("reload-knowledge")
    line, pid = expire_a_fee(kb_file)
    newer(kb_file)
    with caplog.at_level(logging.WARNING):
        await job.callback(CallbackContext.from_job(job, app))
    told = [c["text"] for c in api.sent_to(STAFF)]
    assert len(told) == 1 and told[0].startswith(expired_header())
    assert f"{kb_file}:{line}: {pid}" in told[0]
    assert f"{kb_file}:{line}: " in caplog.text  # and logged for the operator

    await job.callback(CallbackContext.from_job(job, app))  # the next minute: nothing new
    assert len(api.sent_to(STAFF)) == 1
    await staff.send("/thongke")
    assert expired_header() not in staff.seen()
    job.schedule_removal()


async def test_when_no_staff_chat_can_be_reached_thongke_tells_later(app, api, staff, kb_file):
    await app.post_init(app)
    [job] = app.job_queue.get_jobs_by_name("reload-knowledge")
    line, _ = expire_a_fee(kb_file)
    newer(kb_file)
    api.fail("sendMessage", 403, "Forbidden: bot can't initiate conversation with a user", times=-1,
             chat_id=STAFF)
    await job.callback(CallbackContext.from_job(job, app))
    await job.callback(CallbackContext.from_job(job, app))  # not tried again every minute
    assert len([c for c in api.calls_of("sendMessage") if int(c["chat_id"]) == STAFF]) == 1
    api.failures.clear()
    await staff.send("/thongke")
    assert expired_header() in staff.seen() and f"{kb_file}:{line}: " in staff.seen()
    job.schedule_removal()
