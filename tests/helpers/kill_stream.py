"""The harness of tests/process/test_kill.py: a real `python -m bot run` against a fake Bot API
that notes acknowledgements, the stream of citizens and a volunteer it serves, and what
the database shows of their effects."""
from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.dialogue import texts
from helpers import KB_PATH, REPO
from helpers.fake_api_server import FakeBotApiServer
from helpers.fake_telegram import buttons_of, message_json, next_update_id, private_chat_json, update_json, user_json
from helpers.telegram_chats import TelegramChat

TOKEN = "123456:FAKE-token-for-kill-tests"
GROUP = -100777
VOLUNTEER = 888
START_TIMEOUT = 60
STOP_TIMEOUT = 15
STREAM_TIMEOUT = 120  # the whole stream, both processes
RETRY_AFTER = 4.0  # a citizen without a reply this long after the restarted bot serves tries again


QUESTIONS = [
    "dang ky tam tru can giay to gi",
    "đăng ký kết hôn cần giấy tờ gì",
    "làm căn cước lần đầu ở đâu",
    "đăng ký khai sinh cho con",
    "chứng thực bản sao ở đâu",
    "xác nhận tình trạng hôn nhân",
    "đăng ký thường trú cần gì",
    "tra cứu hồ sơ đã nộp",
]
UNKNOWN = "làm hộ chiếu đi nước ngoài ở đâu"  # passports are out of scope: "ask a volunteer"
CARD_PREFIX = texts.CARD_TITLE.split("{")[0]
STEPS_PREFIX = texts.STEPS_HEADER.split("{")[0]


# --- The fake Bot API, noting acknowledgements as they arrive ----------------------------------------

class Server(FakeBotApiServer):
    """FakeBotApiServer that records the highest getUpdates offset the moment it is asked for
    (the base class records the call only when the long poll returns)."""

    def __init__(self) -> None:
        super().__init__(max_poll_seconds=0.3)
        self.acked = 0

    def _call(self, token: str, method: str, params: dict[str, Any]):
        if method == "getUpdates":
            with self._cond:
                self.acked = max(self.acked, int(params.get("offset") or 0))
                self._cond.notify_all()
        return super()._call(token, method, params)

    def snapshot(self, chat_id: int) -> dict[int, dict]:
        with self._cond:
            return {mid: dict(m) for mid, m in self.api.messages.get(chat_id, {}).items()}

    def sends_to(self, chat_id: int) -> list[str]:
        with self._cond:
            return [c["text"] for c in self.api.calls if c.method == "sendMessage"
                    and c.result is not None and int(c["chat_id"]) == chat_id]

    def wait_acked(self, offset: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.acked < offset:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"offset {offset} never acknowledged (acked {self.acked})")
                self._cond.wait(left)


# --- The process ---------------------------------------------------------------------------------------
def env_for(tmp_path: Path, server: Server) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVCBOT_")
           and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update({
        "DVCBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        "DVCBOT_KNOWLEDGE": str(KB_PATH),
        "DVCBOT_TELEGRAM_TOKEN": TOKEN,
        "DVCBOT_TELEGRAM_API_URL": server.base_url,
        "DVCBOT_VOLUNTEER_CHAT_ID": str(GROUP),
        "DVCBOT_VOLUNTEER_HOURS": "00:00-24:00",
        "DVCBOT_VOLUNTEER_DAYS": "1-7",
        # Not the group's 20 posts a minute: eight escalations' cards and notices would wait
        # for it, and a stop for what it still held back (what is tested is the kill).
        "DVCBOT_OUTBOUND_GROUP_PER_MINUTE": "600",
        "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "PYTHONIOENCODING": "utf-8",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    })
    return env


class Processes:
    """The `python -m bot run` processes of a test; all killed in the end."""

    def __init__(self, tmp_path: Path, server: Server) -> None:
        self.tmp_path, self.server = tmp_path, server
        self.procs: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        log = self.tmp_path / f"stderr-{len(self.procs) + 1}.log"
        proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=self.tmp_path,
                                env=env_for(self.tmp_path, self.server), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=log.open("wb"))
        self.procs.append(proc)
        return proc

    def log(self, i: int) -> str:
        return (self.tmp_path / f"stderr-{i}.log").read_text("utf-8", errors="replace")

    def kill_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=STOP_TIMEOUT)


def sigkill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=STOP_TIMEOUT)


def db(tmp_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{tmp_path / 'bot.sqlite3'}?mode=ro", uri=True, timeout=10)
    conn.row_factory = sqlite3.Row
    return conn


def run_out_leases(tmp_path: Path) -> int:
    """Make the rows the killed process had leased for sending due now, as if the restart came
    after their lease (bot.telegram.outbound.LEASE, two minutes): a chat's rows go out in
    order, so a kill that lands while a row is being sent would hold up that chat's later rows
    (in the volunteers' group: every card) for two minutes of the test's time. Returns how many.
    (The fake Bot API fails nothing, so no row waits for a retry: a pending row due in the
    future is a lease.)"""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's SQLite format
    with contextlib.closing(sqlite3.connect(tmp_path / "bot.sqlite3", timeout=10)) as conn, conn:
        return conn.execute("UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending' "
                            "AND next_attempt_at > ?", (now, now)).rowcount


def query(tmp_path: Path, sql: str, *args: Any) -> list[sqlite3.Row]:
    conn = db(tmp_path)
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:  # the schema is not there yet
        if "no such table" in str(exc):
            return []
        raise
    finally:
        conn.close()


# --- The citizens' side -------------------------------------------------------------------------------
@dataclass
class Sent:
    update_id: int
    citizen: int
    step: int
    at: float
    answered_before_kill: bool = False


@dataclass
class Citizen:
    user_id: int
    question: str
    answer: str
    step: int = 0
    sent: Sent | None = None
    before: dict[int, dict] = field(default_factory=dict)  # the chat when the update was sent
    retries: int = 0

    @property
    def key(self) -> str:
        return f"tg:{self.user_id}"


class Stream:
    """Drives the conversations: one update at a time per citizen, the next when the reply is
    visible (steps below)."""

    STEPS = ("question", "steps", "unknown", "volunteer", "consent", "answer")

    def __init__(self, server: Server, tmp_path: Path, n: int = 8) -> None:
        self.server, self.tmp_path = server, tmp_path
        self.citizens = [Citizen(7001 + i, QUESTIONS[i % len(QUESTIONS)],
                                 f"Trả lời số {i + 1}: bạn mang giấy tờ đến công an xã nhé.")
                         for i in range(n)]
        self.sent: list[Sent] = []
        self.killed_at: float | None = None
        self.resumed_at = 0.0  # when the restarted process serves (retries count from then)
        self.message_ids = 10_000

    # -- sending -----------------------------------------------------------------------------
    def _chat(self, c: Citizen) -> tuple[dict, dict]:
        return private_chat_json(c.user_id, "Dân"), user_json(c.user_id, "Dân")

    def _next_id(self) -> int:
        self.message_ids += 1
        return self.message_ids

    def _press_update(self, c: Citizen, label: str) -> dict | None:
        chat, user = self._chat(c)
        for m in sorted(self.server.snapshot(c.user_id).values(), key=lambda m: -m["message_id"]):
            if any(label in b["text"] for b in buttons_of(m)):
                data = TelegramChat.button_data(label, m)
                query = {"id": f"k{next_update_id()}", "from": user, "chat_instance": f"ci{c.user_id}",
                         "data": data, "message": m}
                return update_json(callback_query=query)
        return None

    def _card_of(self, c: Citizen) -> dict | None:
        rows = query(self.tmp_path, "SELECT p.message_id FROM group_posts p JOIN escalations e "
                     "ON e.id = p.escalation_id WHERE e.citizen = ? AND p.role = 'card'", c.key)
        group = self.server.snapshot(GROUP)
        for r in rows:
            if r["message_id"] in group:
                return group[r["message_id"]]
        return None

    def send_next(self, c: Citizen) -> bool:
        """Queue the citizen's update for their current step; False if not possible yet."""
        chat, user = self._chat(c)
        step = self.STEPS[c.step]
        data: dict | None
        if step == "question":
            data = update_json(message=message_json(chat, user, self._next_id(), c.question))
        elif step == "unknown":
            data = update_json(message=message_json(chat, user, self._next_id(), UNKNOWN))
        elif step == "steps":
            data = self._press_update(c, texts.BTN_STEPS)
        elif step == "volunteer":
            data = self._press_update(c, texts.BTN_VOLUNTEER)
        elif step == "consent":
            data = self._press_update(c, texts.BTN_CONSENT_YES)
        else:
            card = self._card_of(c)
            if card is None:
                return False
            volunteer = user_json(VOLUNTEER, "Minh")
            group = {"id": GROUP, "type": "supergroup", "title": "Tình nguyện viên"}
            data = update_json(message=message_json(group, volunteer, self._next_id(), c.answer,
                                                    reply_to_message=card))
        if data is None:
            return False
        c.before = self.server.snapshot(c.user_id)
        c.sent = Sent(data["update_id"], c.user_id, c.step, time.monotonic())
        self.sent.append(c.sent)
        self.server.add_update(data)
        return True

    # -- seeing the reply ----------------------------------------------------------------------
    def _changed(self, c: Citizen) -> list[dict]:
        now = self.server.snapshot(c.user_id)
        return [m for mid, m in now.items() if c.before.get(mid) != m]

    def replied(self, c: Citizen) -> bool:
        step = self.STEPS[c.step]
        changed = self._changed(c)
        if step == "question":
            return any((m.get("text") or "").startswith(CARD_PREFIX) for m in changed)
        if step == "steps":
            return any((m.get("text") or "").startswith(STEPS_PREFIX) for m in changed)
        if step == "unknown":
            return any(any(texts.BTN_VOLUNTEER in b["text"] for b in buttons_of(m)) for m in changed)
        if step == "volunteer":
            return any(any(texts.BTN_CONSENT_YES in b["text"] for b in buttons_of(m)) for m in changed)
        if step == "consent":
            return self._card_of(c) is not None
        return any(c.answer in (m.get("text") or "") for m in changed)

    # -- driving -------------------------------------------------------------------------------
    def drive(self, until: Callable[[], bool], timeout: float, retry: bool = False) -> None:
        deadline = time.monotonic() + timeout
        while not until():
            if time.monotonic() > deadline:
                raise AssertionError(f"stream stuck: steps {[c.step for c in self.citizens]}")
            for c in self.citizens:
                if c.step >= len(self.STEPS):
                    continue
                if c.sent is None:
                    self.send_next(c)
                elif self.replied(c):
                    if self.killed_at is None:
                        c.sent.answered_before_kill = True
                    c.step += 1
                    c.sent = None
                    if c.step < len(self.STEPS):
                        self.send_next(c)
                elif (retry and time.monotonic() - max(c.sent.at, self.resumed_at) > RETRY_AFTER
                      and not self.stored(c)):
                    c.retries += 1  # no reply: the citizen tries again (a new update)
                    self.send_next(c)
            time.sleep(0.05)

    def stored(self, c: Citizen) -> bool:
        """The volunteer's answer is stored (only its relay is pending): not to be sent again."""
        return self.STEPS[c.step] == "answer" and bool(query(
            self.tmp_path, "SELECT 1 FROM escalation_messages m JOIN escalations e ON e.id = m.escalation_id "
            "WHERE e.citizen = ? AND m.direction = 'volunteer' AND m.text = ?", c.key, c.answer))

    def done(self) -> bool:
        return all(c.step >= len(self.STEPS) for c in self.citizens)

    def completed_steps(self) -> int:
        return sum(c.step for c in self.citizens)


# --- Effects in the database ---------------------------------------------------------------------------
def has_effect(tmp_path: Path, server: Server, stream: Stream, s: Sent) -> bool:
    """Whether update `s` had its effect (database first; for presses that store nothing, the
    message the bot sent)."""
    c = next(c for c in stream.citizens if c.user_id == s.citizen)
    step = Stream.STEPS[s.step]
    if step == "question":
        return bool(query(tmp_path, "SELECT 1 FROM questions WHERE citizen = ? AND decision = 'answer'", c.key))
    if step == "unknown":
        return bool(query(tmp_path, "SELECT 1 FROM questions WHERE citizen = ? AND decision = 'none'", c.key))
    if step == "steps":
        return any(t.startswith(STEPS_PREFIX) for t in server.sends_to(c.user_id))
    if step == "volunteer":
        with server._cond:
            return any(c.user_id == int(call["chat_id"]) and any(
                texts.BTN_CONSENT_YES in b["text"] for row in (call.get("reply_markup") or {}).get(
                    "inline_keyboard", []) for b in row)
                for call in server.api.calls if call.method in ("sendMessage", "editMessageText")
                and call.result is not None)
    if step == "consent":
        return bool(query(tmp_path, "SELECT 1 FROM escalations WHERE citizen = ?", c.key))
    return bool(query(tmp_path, "SELECT 1 FROM escalation_messages m JOIN escalations e ON e.id = "
                      "m.escalation_id WHERE e.citizen = ? AND m.direction = 'volunteer' AND m.text = ?",
                      c.key, c.answer))


def situation(tmp_path: Path, stream: Stream, procs: Processes) -> str:
    """What a failure message needs: where each citizen is, the outbox, the processes' logs."""
    lines = [f"citizens (user, step, retries): {[(c.user_id, c.step, c.retries) for c in stream.citizens]}",
             f"killed {time.monotonic() - stream.killed_at:.1f} s ago" if stream.killed_at else "not killed"]
    try:
        for r in query(tmp_path, "SELECT id, chat_id, purpose, status, attempts, next_attempt_at, "
                                 "last_error FROM outbox WHERE status != 'sent' ORDER BY id"):
            lines.append(f"outbox {tuple(r)}")
    except sqlite3.Error as exc:
        lines.append(f"outbox unreadable: {exc}")
    for i in range(1, len(procs.procs) + 1):
        lines.append(f"--- stderr of process {i} (last 3000 characters) ---\n{procs.log(i)[-3000:]}")
    return "\n".join(lines)
