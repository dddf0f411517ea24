"""SIGKILL a real `python -m bot run` (long polling against FakeBotApiServer, SQLite file) in the
middle of a stream of updates, restart it on the same database, and check what survived.

The stream: eight citizens, each asking a known question, pressing "Các bước làm", asking
something the bot does not know, pressing "Gửi cho tình nguyện viên" and "Đồng ý" (an
escalation, posted in the volunteers' group), after which a volunteer replies to the card
and the answer is relayed to the citizen. The driver sends each citizen's next update when
the bot's reply to the previous one is visible; a citizen whose reply never comes (after the
restart) tries again with a new message, as a person would.

What must hold after the restart:
  * every update whose reply was seen before the kill still has its effect in the database
    (question-log rows, escalations, the volunteer's answer);
  * processing resumes: every conversation completes;
  * nothing twice: one escalation per citizen, each volunteer answer delivered exactly once;
  * every update acknowledged to Telegram before the kill (getUpdates offset past it) has its
    effect: bot.telegram.polling moves the offset past an update only after handling it
    (python-telegram-bot's Updater acknowledges a batch as soon as it has queued it, which
    lost every queued update on a kill; `test_acknowledged_updates_survive_a_kill`).
Every wait is bounded; processes are always killed in the end.
"""
from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

from helpers.fake_telegram import message_json, private_chat_json, update_json, user_json
from helpers.kill_stream import (
    QUESTIONS,
    START_TIMEOUT,
    STOP_TIMEOUT,
    STREAM_TIMEOUT,
    TOKEN,
    Processes,
    Server,
    Stream,
    has_effect,
    query,
    run_out_leases,
    sigkill,
    situation,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


# --- The tests -------------------------------------------------------------------------------------------
@pytest.fixture
def server():
    with Server() as s:
        yield s


def test_kill_during_a_stream_of_citizens_and_volunteers_then_restart(tmp_path, server):
    procs = Processes(tmp_path, server)
    stream = Stream(server, tmp_path)
    try:
        _kill_during_a_stream(tmp_path, server, procs, stream)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{situation(tmp_path, stream, procs)}") from exc
    finally:
        procs.kill_all()


def _kill_during_a_stream(tmp_path: Path, server: Server, procs: Processes, stream: Stream) -> None:
    """The body of test_kill_during_a_stream_of_citizens_and_volunteers_then_restart."""
    first = procs.start()
    # Kill in the middle: after about 40% of the conversation steps, while updates flow.
    stream.drive(lambda: stream.completed_steps() >= 20, timeout=START_TIMEOUT + STREAM_TIMEOUT / 2)
    acked = server.acked
    stream.killed_at = time.monotonic()
    sigkill(first)
    run_out_leases(tmp_path)
    in_flight = [s for s in stream.sent if not s.answered_before_kill]

    second = procs.start()
    server.wait_for("setMyCommands", timeout=START_TIMEOUT, count=2)  # the second one serves
    stream.resumed_at = time.monotonic()
    stream.drive(stream.done, timeout=START_TIMEOUT + STREAM_TIMEOUT, retry=True)
    # The last answers are relayed by the outbox; let the bot go quiet, then stop it.
    time.sleep(1.0)
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=STOP_TIMEOUT) == 0, procs.log(2)
    stderr = procs.log(2)
    assert "Traceback" not in stderr and TOKEN not in stderr, stderr

    # Durable: what was answered before the kill is still in the database.
    answered = [s for s in stream.sent if s.answered_before_kill]
    assert answered, "the kill came before anything was answered"
    missing = [s for s in answered if not has_effect(tmp_path, server, stream, s)]
    assert not missing, f"answered before the kill, gone after: {missing}"
    # Nothing twice: one escalation per citizen, each answer relayed exactly once.
    for c in stream.citizens:
        escalations = query(tmp_path, "SELECT id, status FROM escalations WHERE citizen = ?", c.key)
        assert len(escalations) == 1, (c.key, [tuple(r) for r in escalations])
        relayed = [t for t in server.sends_to(c.user_id) if c.answer in t]
        assert len(relayed) == 1, (c.key, relayed)
        stored = query(tmp_path, "SELECT m.text FROM escalation_messages m JOIN escalations e ON "
                       "e.id = m.escalation_id WHERE e.citizen = ? AND m.direction = 'volunteer'", c.key)
        assert [r["text"] for r in stored] == [c.answer]
    # No update handled twice (the de-duplication table spans the restart).
    processed = {r["update_id"] for r in query(tmp_path, "SELECT update_id FROM processed_updates")}
    assert {s.update_id for s in answered} <= processed

    # Acknowledged before the kill => handled (see the module docstring): every update a
    # handler took, a citizen's turn or a volunteer's message, is recorded as processed with
    # its effects. (A citizen who got no reply for a while tried again meanwhile; that alone
    # does not make their first update lost.)
    lost = [s for s in in_flight if s.update_id < acked and s.update_id not in processed]
    assert not lost, (f"{len(lost)} update(s) acknowledged before the kill were lost: "
                      f"{[(s.update_id, Stream.STEPS[s.step]) for s in lost]}")


def test_acknowledged_updates_survive_a_kill(tmp_path, server):
    """30 citizens' questions queued at once; SIGKILL the moment Telegram is told they were
    received; after a restart each of them must be in the question log."""
    citizens = [8001 + i for i in range(30)]
    updates = [update_json(message=message_json(private_chat_json(u, "Dân"), user_json(u, "Dân"), 1,
                                                QUESTIONS[i % len(QUESTIONS)]))
               for i, u in enumerate(citizens)]
    procs = Processes(tmp_path, server)
    try:
        first = procs.start()
        server.wait_for("setMyCommands", timeout=START_TIMEOUT)
        for u in updates:
            server.add_update(u)
        server.wait_acked(updates[-1]["update_id"] + 1, timeout=START_TIMEOUT)
        sigkill(first)

        procs.start()  # the second process, killed with the rest at the end
        server.wait_for("setMyCommands", timeout=START_TIMEOUT, count=2)
        deadline = time.monotonic() + 10  # a few hundred milliseconds when nothing is lost
        while time.monotonic() < deadline:
            logged = {r["citizen"] for r in query(tmp_path, "SELECT DISTINCT citizen FROM questions")}
            if logged >= {f"tg:{u}" for u in citizens}:
                break
            time.sleep(0.2)
        logged = {r["citizen"] for r in query(tmp_path, "SELECT DISTINCT citizen FROM questions")}
        lost = sorted(u for u in citizens if f"tg:{u}" not in logged)
        assert not lost, f"{len(lost)} of {len(citizens)} acknowledged questions lost: {lost}"
    finally:
        procs.kill_all()
