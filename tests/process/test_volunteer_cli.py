"""`dvcbot volunteer`: a volunteer at the terminal, on the same desk and database as the bot.

Everything runs through the command (`python -m bot volunteer ...` as a process) and, for the
citizen, `dvcbot chat` through a pipe or the real Application on a fake Bot API
(tests/helpers/world.py). Expected texts come from bot.dialogue.texts and procedures.yaml.
"""
from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import subprocess
from pathlib import Path

from bot.dialogue import texts
from bot.storage import Storage
from bot.storage.ports import EscalationMessage
from helpers import KB_PATH, REPO
from helpers.commands import run_dvcbot
from helpers.world import GROUP, labels, open_escalation

PHONE = "0912345678"


def environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVCBOT_")}
    env.update({"DVCBOT_DATABASE_URL": database_url, "DVCBOT_KNOWLEDGE": str(KB_PATH),
                "PYTHONIOENCODING": "utf-8",
                "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")})
    env.update(extra)
    return env


def dvcbot(database_url: str, *args: str, stdin: str = "", cwd: Path = REPO,
           **extra: str) -> subprocess.CompletedProcess:
    proc = run_dvcbot(*args, input=stdin, cwd=cwd, env=environment(database_url, **extra))
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def volunteer(database_url: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return dvcbot(database_url, "volunteer", *args, **kwargs)


async def seed(database_url: str, question: str, citizen: str = "cli:an", **fields) -> int:
    """An escalation as the citizen's hand-off stores it (the question already masked)."""
    from bot.dialogue.handoff import for_volunteers

    masked = for_volunteers(question)
    async with await Storage.open(database_url) as storage:
        e, _ = await storage.open_escalation(
            citizen, masked, messages=[EscalationMessage(0, "citizen", "text", masked)], **fields)
    return e.id


async def escalation(database_url: str, escalation_id: int):
    async with await Storage.open(database_url) as storage:
        return await storage.get_escalation(escalation_id)


# --- the local demonstration: `dvcbot chat` and `dvcbot volunteer` on one SQLite file -----------------
def test_a_question_from_the_terminal_chat_is_claimed_answered_and_closed_at_the_terminal(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'dvcbot.sqlite3'}"
    question = f"cach nuoi ca sau trong be xi mang, sdt em {PHONE}"

    # The citizen asks something the assistant does not know and agrees to ask a volunteer.
    chat = dvcbot(url, "chat", stdin=f"{question}\n1\n1\n", cwd=tmp_path)
    assert chat.returncode == 0
    assert f"[1] {texts.BTN_VOLUNTEER}" in chat.stdout
    assert f"[1] {texts.BTN_CONSENT_YES}" in chat.stdout
    assert "#1" in chat.stdout

    # The queue lists it: number, age, nobody has it, the question masked.
    queue = volunteer(url, "queue")
    assert queue.returncode == 0
    assert texts.VOL_QUEUE_HEADER.format(n=1) in queue.stdout
    line = next(x for x in queue.stdout.splitlines() if x.startswith("#1 · "))
    assert texts.VOL_QUEUE_OPEN in line and "cach nuoi ca sau" in line
    assert texts.VOL_AGE_MINUTES.format(m=0) in line
    assert PHONE not in queue.stdout and texts.PRIVACY_TAGS["phone"] in line

    # Lan claims it; Minh is told Lan has it; Lan claiming again is no conflict.
    claim = volunteer(url, "claim", "1", "--name", "Lan")
    assert (claim.returncode, claim.stdout.strip()) == (0, texts.VOL_CLAIMED.format(id=1))
    refused = volunteer(url, "claim", "#1", "--name", "Minh")
    assert refused.returncode == 1
    assert refused.stderr.strip() == texts.VOL_ALREADY_CLAIMED.format(id=1, name="Lan")
    again = volunteer(url, "claim", "1", "--name", "  lan ")
    assert (again.returncode, again.stdout.strip()) == (0, texts.VOL_ALREADY_YOURS.format(id=1))
    assert texts.VOL_QUEUE_CLAIMED.format(name="Lan") in volunteer(url, "queue").stdout

    # Lan answers: stored for a citizen without Telegram.
    answer = "Nuôi cá sấu cần giấy phép của Chi cục Kiểm lâm tỉnh."
    answered = volunteer(url, "answer", "1", *answer.split(), "--name", "Lan")
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.strip() == texts.VOL_ANSWER_STORED_NO_TELEGRAM.format(id=1)

    # The citizen's next turn in `dvcbot chat` shows the answer with its buttons.
    chat = dvcbot(url, "chat", stdin="cam on\n", cwd=tmp_path)
    assert texts.ESC_ANSWER.format(id=1, answer=answer) in chat.stdout
    assert f"[1] {texts.BTN_UNDERSTOOD}" in chat.stdout

    shown = volunteer(url, "show", "1")
    assert shown.returncode == 0
    assert texts.VOL_STATUS_ANSWERED.format(name="Lan") in shown.stdout
    assert f"] Lan: {answer}" in shown.stdout
    assert PHONE not in shown.stdout
    # The citizen's own words are set apart as a quote, as in the group, never as the bot's lines.
    assert any(line.startswith("│ ") for line in shown.stdout.splitlines())

    # Closed once; closing again and unknown numbers are refused politely.
    closed = volunteer(url, "close", "1", "--name", "Minh")
    assert (closed.returncode, closed.stdout.strip()) == (0, texts.VOL_RESOLVED.format(id=1))
    assert texts.VOL_QUEUE_EMPTY in volunteer(url, "queue").stdout
    twice = volunteer(url, "close", "1", "--name", "Minh")
    assert (twice.returncode, twice.stderr.strip()) == (1, texts.VOL_CLOSED.format(id=1))
    for command in (["show", "7"], ["claim", "7", "--name", "Lan"], ["answer", "7", "x", "--name", "Lan"],
                    ["close", "7", "--name", "Lan"], ["show", "9" * 25]):
        unknown = volunteer(url, *command)
        assert unknown.returncode == 1, command
        assert unknown.stderr.strip() == texts.DESK_NO_SUCH.format(id=command[1]), command
        assert unknown.stdout == ""


# --- a Telegram citizen: the answer goes through the outbox like a reply in the group ---------------
async def test_a_terminal_volunteer_works_beside_the_group_with_a_telegram_citizen(world, sqlite_database_url):
    url = sqlite_database_url  # the world's database
    env = {"DVCBOT_VOLUNTEER_CHAT_ID": str(GROUP), "DVCBOT_VOLUNTEER_HOURS": "00:00-24:00",
           "DVCBOT_VOLUNTEER_DAYS": "1-7"}

    async def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return await asyncio.to_thread(volunteer, url, *args, stdin=stdin, **env)

    lan, minh = world.citizen(), world.volunteer(777, "Minh")
    eid = await open_escalation(world, lan)
    await world.deliver()
    card = world.card(eid)

    # Hoa claims it at the terminal; the group is told and Minh's "Nhận" is refused with who.
    claimed = await run("claim", str(eid), "--name", "Hoa")
    assert claimed.returncode == 0, claimed.stderr
    await world.deliver()
    assert world.last_in_group(texts.DESK_GROUP_CLAIMED.format(id=eid, name="Hoa"))
    assert texts.VOL_STATUS_CLAIMED.format(name="Hoa") in world.card(eid)["text"]  # redrawn
    await minh.press(texts.BTN_CLAIM, card)
    assert minh.toasts() == [texts.VOL_ALREADY_CLAIMED.format(id=eid, name="Hoa")]

    # Hoa's answer (several lines, from stdin) waits in the outbox and reaches the citizen once.
    answer = "Bạn đến Phòng Quản lý xuất nhập cảnh, Công an tỉnh.\nMang theo căn cước."
    answered = await run("answer", str(eid), "--name", "Hoa", stdin=answer + "\n")
    assert answered.returncode == 0, answered.stderr
    assert texts.VOL_ANSWER_STORED.format(id=eid) in answered.stdout
    assert texts.DESK_ANSWER_QUEUED in answered.stdout
    assert texts.ESC_ANSWER.format(id=eid, answer=answer) not in world.received(lan)  # not yet sent
    for _ in range(3):  # (one row per chat and run)
        await world.deliver()
    assert world.received(lan).count(texts.ESC_ANSWER.format(id=eid, answer=answer)) == 1
    assert lan.button_data(texts.BTN_UNDERSTOOD, lan.messages()[-1])
    assert world.last_in_group(texts.DESK_GROUP_ANSWERED.format(id=eid, name="Hoa", answer=answer))
    assert texts.VOL_STATUS_ANSWERED.format(name="Hoa") in world.card(eid)["text"]
    assert texts.BTN_ADD_TO_KB in labels(world.card(eid))

    # The citizen says thanks: closed for everybody, the terminal included.
    await lan.press(texts.BTN_UNDERSTOOD, lan.messages()[-1])
    assert (await world.storage.get_escalation(eid)).status == "resolved"
    late = await run("close", str(eid), "--name", "Hoa")
    assert (late.returncode, late.stderr.strip()) == (1, texts.VOL_CLOSED.format(id=eid))
    late = await run("answer", str(eid), "còn", "nữa", "--name", "Hoa")
    assert late.returncode == 1 and texts.VOL_CLOSED.format(id=eid) in late.stderr


# --- "Thêm vào kho" from the terminal reaches staff -------------------------------------------------
async def test_a_suggestion_made_at_the_terminal_is_listed_for_staff(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'dvcbot.sqlite3'}"
    question = "giay to tam tru cho nguoi thue tro can nhung gi"
    eid = await seed(url, question)

    early = volunteer(url, "suggest", str(eid), "--faq", "--name", "Lan")
    assert (early.returncode, early.stderr.strip()) == (1, texts.DESK_SUGGEST_NOT_YET.format(id=eid))
    assert volunteer(url, "answer", str(eid), "Cần", "hợp", "đồng", "thuê", "trọ.", "--name", "Lan").returncode == 0

    # Without a choice: the desk's candidate procedures and the FAQ option, exit 2.
    menu = volunteer(url, "suggest", str(eid), "--name", "Lan")
    assert menu.returncode == 2
    offered = re.findall(r"--procedure (\S+)", menu.stderr)
    assert "dang-ky-tam-tru" in offered, menu.stderr
    assert texts.DESK_SUGGEST_FAQ in menu.stderr

    wrong = volunteer(url, "suggest", str(eid), "--procedure", "dang-ky-tam-truu", "--name", "Lan")
    assert wrong.returncode == 1
    assert texts.DESK_UNKNOWN_PROCEDURE.format(id="dang-ky-tam-truu") in wrong.stderr
    assert "dang-ky-tam-tru" in wrong.stderr  # similar ids
    both = volunteer(url, "suggest", str(eid), "--procedure", "dang-ky-tam-tru", "--faq", "--name", "Lan")
    assert both.returncode == 2

    as_question = volunteer(url, "suggest", str(eid), "--procedure", "dang-ky-tam-tru", "--name", "Lan")
    assert as_question.returncode == 0, as_question.stderr
    assert "📚" in as_question.stdout
    as_faq = volunteer(url, "suggest", str(eid), "--faq", "--name", "Lan")
    assert as_faq.returncode == 0
    assert as_faq.stdout.strip() == texts.VOL_KB_PROPOSED_FAQ.format(id=eid)

    listed = dvcbot(url, "suggestions", "list")
    assert listed.returncode == 0
    assert f"[{texts.SUGGESTION_KIND['question']}] dang-ky-tam-tru" in listed.stdout
    assert f"[{texts.SUGGESTION_KIND['faq']}]" in listed.stdout
    assert texts.SUGGESTION_QUESTION.format(text=question) in listed.stdout
    assert texts.SUGGESTION_ANSWER.format(text="Cần hợp đồng thuê trọ.") in listed.stdout


# --- what the volunteer sees is masked and cannot take over the terminal -----------------------------
async def test_show_masks_numbers_and_drops_control_characters(tmp_path, knowledge):
    url = f"sqlite+aiosqlite:///{tmp_path / 'dvcbot.sqlite3'}"
    eid = await seed(url, "lam ho chieu\x1b[2J\x1b]0;pwned\x07 o dau\u202e nhe", procedure="dang-ky-tam-tru")
    async with await Storage.open(url) as storage:
        # A raw number in a follow-up (stored by an older version, say) is masked on display too.
        await storage.add_citizen_message(eid, EscalationMessage(eid, "citizen", "text", f"sdt em {PHONE}"))
        await storage.add_citizen_message(eid, EscalationMessage(eid, "citizen", "photo", "", file_id="F1"))

    shown = volunteer(url, "show", str(eid))
    assert shown.returncode == 0
    out = shown.stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "lam ho chieu" in out and "o dau" in out
    assert PHONE not in out and f"sdt em {texts.PRIVACY_TAGS['phone']}" in out
    assert texts.DESK_MESSAGES in out
    assert texts.DESK_MESSAGE_FILE.format(what=texts.ESC_MEDIA_WHAT["photo"]) in out
    title = knowledge.kb.get("dang-ky-tam-tru").title
    assert texts.VOL_CARD_PROCEDURE.format(title=title) in out
    assert texts.VOL_CARD_HOWTO.format(id=eid) not in out  # the group's hint is replaced
    assert f"dvcbot volunteer answer {eid}" in out
    queue = volunteer(url, "queue").stdout
    assert "\x1b" not in queue and title in queue


# --- usage errors --------------------------------------------------------------------------------------
async def test_a_database_failing_mid_action_is_said_plainly(tmp_path):
    path = tmp_path / "dvcbot.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    eid = await seed(url, "hoi ve chu ky so")
    with sqlite3.connect(path) as db:  # a damaged database: the messages' table is gone
        db.execute("DROP TABLE escalation_messages")
    broken = volunteer(url, "show", str(eid))
    assert broken.returncode == 2
    assert broken.stderr.strip() == texts.DESK_DB_ERROR.format(error="OperationalError")


def test_usage_errors_exit_2_with_a_vietnamese_message(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'dvcbot.sqlite3'}"
    nameless = volunteer(url, "claim", "1")
    assert nameless.returncode == 2 and "--name" in nameless.stderr
    menu_without_a_name = volunteer(url, stdin="\x01\n")  # a bad name, then the end of input
    assert menu_without_a_name.returncode == 2
    assert texts.DESK_BAD_NAME.format(max=100) in menu_without_a_name.stdout
    assert volunteer(url, "claim", "1", "--name", "   ").returncode == 2
    assert volunteer(url, "claim", "1", "--name", "a\x1bb").returncode == 2
    assert volunteer(url, "claim", "1", "--name", "x" * 101).returncode == 2
    bad = volunteer(url, "show", "mười")
    assert (bad.returncode, bad.stderr.strip()) == (2, texts.DESK_BAD_NUMBER.format(value="mười"))
    assert volunteer(url, "show", "²").returncode == 2
    empty = volunteer(url, "answer", "1", "--name", "Lan", stdin="  \n")
    assert (empty.returncode, empty.stderr.strip()) == (2, texts.DESK_ANSWER_EMPTY.format(id=1))
    nowhere = volunteer("postgresql+asyncpg://nobody@127.0.0.1:1/none", "queue")
    assert nowhere.returncode == 2
    assert nowhere.stderr.startswith(texts.CHAT_NO_DATABASE.split("{")[0])
    broken = tmp_path / "broken.yaml"
    broken.write_text("procedures:\n  - id: Sai Id\n", encoding="utf-8")
    invalid = volunteer(url, "queue", DVCBOT_KNOWLEDGE=str(broken))
    assert invalid.returncode == 1 and texts.DESK_INVALID_KNOWLEDGE in invalid.stderr


# --- the numbered menus, driven through a pipe ---------------------------------------------------------
async def test_the_numbered_menus_claim_answer_and_propose(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'dvcbot.sqlite3'}"
    first = await seed(url, "lam ho chieu o dau", citizen="cli:an")
    second = await seed(url, "dang ky tam tru cho con nho", citizen="cli:binh")
    answer = "Bạn đến Công an tỉnh."
    lines = [
        "Hoa",                   # the name, asked first
        "9",                     # no such choice
        "#99",                   # no such question
        "what",                  # not understood
        f"#{first}",             # open the first question
        "1",                     # Nhận
        "2",                     # Trả lời (now the buttons are: Đã xong, Trả lời, Quay lại)
        answer,
        "1",                     # Thêm vào kho (answered: Thêm vào kho, Đã xong, Trả lời, Quay lại)
        "1",                     # the first procedure the desk proposes
        "4",                     # Quay lại hàng đợi
        "/thoat",
        "never read",
    ]
    proc = volunteer(url, stdin="".join(f"{line}\n" for line in lines))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert texts.DESK_TITLE.format(name="Hoa") in out
    assert f"[1] #{first} · " in out and f"[2] #{second} · " in out  # oldest first
    assert texts.DESK_NO_SUCH_CHOICE.format(n=9) in out
    assert texts.VOL_NO_SUCH.format(id=99) in out
    assert texts.DESK_NOT_UNDERSTOOD in out
    assert f"[1] {texts.BTN_CLAIM}  [2] {texts.BTN_RESOLVE}" in out
    assert texts.VOL_CLAIMED.format(id=first) in out
    assert f"[1] {texts.BTN_RESOLVE}\n[2] {texts.DESK_BTN_ANSWER}\n[3] {texts.DESK_BTN_BACK}" in out
    assert texts.DESK_ANSWER_PROMPT.format(id=first) in out
    assert texts.VOL_ANSWER_STORED_NO_TELEGRAM.format(id=first) in out
    assert f"[1] {texts.BTN_ADD_TO_KB}  [2] {texts.BTN_RESOLVE}" in out
    menu = out.split(texts.VOL_KB_MENU.format(id=first, question="lam ho chieu o dau"), 1)[1]
    title = re.search(r"^\[1\] (.+)$", menu, re.M).group(1)
    # Back to the queue: the answered question is listed apart, the other one still waits.
    tail = out.rsplit(texts.VOL_QUEUE_HEADER.format(n=1), 1)[1]
    assert f"#{second} · " in tail.split(texts.DESK_MENU_ANSWERED)[0]
    assert texts.DESK_QUEUE_ANSWERED_BY.format(name="Hoa") in tail.split(texts.DESK_MENU_ANSWERED)[1]

    e = await escalation(url, first)
    assert (e.status, e.claimed_by_name) == ("answered", "Hoa")
    async with await Storage.open(url) as storage:
        suggestions = await storage.list_suggestions()
        volunteer_texts = [m.text for m in await storage.escalation_messages(first) if m.direction == "volunteer"]
    assert volunteer_texts == [answer]
    assert [(s.kind, s.question) for s in suggestions] == [("question", "lam ho chieu o dau")]
    from knowledge.loader import load_knowledge

    assert load_knowledge(KB_PATH).get(suggestions[0].procedure).title == title
    assert texts.VOL_KB_PROPOSED_QUESTION.format(id=first, title=title) in out


# --- PostgreSQL too: the conflict is the storage's conditional update ------------------------------
async def test_claim_conflict_and_answer_on_both_databases(database_url):
    eid = await seed(database_url, "hoi ve chu ky so")
    lan, minh = await asyncio.gather(  # two volunteers at once: one wins, the other is told who
        asyncio.to_thread(volunteer, database_url, "claim", str(eid), "--name", "Lan"),
        asyncio.to_thread(volunteer, database_url, "claim", str(eid), "--name", "Minh"))
    assert sorted([lan.returncode, minh.returncode]) == [0, 1]
    holder, other = ("Lan", "Minh") if lan.returncode == 0 else ("Minh", "Lan")
    refused = minh if holder == "Lan" else lan
    assert refused.stderr.strip() == texts.VOL_ALREADY_CLAIMED.format(id=eid, name=holder)
    assert (await escalation(database_url, eid)).claimed_by_name == holder

    # The other volunteer may still answer (as in the group); the holder closes it.
    assert volunteer(database_url, "answer", str(eid), "Dùng", "VNeID.", "--name", other).returncode == 0
    assert volunteer(database_url, "close", str(eid), "--name", holder).returncode == 0
    e = await escalation(database_url, eid)
    assert (e.status, e.claimed_by_name) == ("resolved", holder)
