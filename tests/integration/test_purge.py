"""Retention: `dvcbot purge` and bot.storage.retention.purge empty old texts and keep the rows.

Each storage test runs on SQLite and on PostgreSQL. "Old" rows are written through the
repository and then dated back (their timestamps set directly in the tables), "recent" ones
are left as written.
"""
from __future__ import annotations

import asyncio
import os
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from bot.dialogue import texts
from bot.storage import Storage, create_engine, tables, upgrade
from bot.storage.ports import (
    EscalationMessage,
    FeedbackRecord,
    OutboxMessage,
    QuestionRecord,
    Session,
    Suggestion,
    utcnow,
)
from bot.storage.retention import purge
from helpers import REPO
from helpers.commands import run_dvcbot

OLD = timedelta(days=120)
RETENTION = timedelta(days=90)


async def set_columns(storage: Storage, table: sa.Table, where, **values) -> None:
    async with storage.engine.begin() as conn:
        await conn.execute(table.update().where(where).values(**values))


async def row_counts(storage: Storage) -> dict[str, int]:
    names = ["questions", "feedback", "sessions", "processed_updates", "escalations",
             "escalation_messages", "outbox", "suggestions"]
    async with storage.engine.connect() as conn:
        return {n: (await conn.execute(sa.select(sa.func.count()).select_from(getattr(tables, n)))).scalar_one()
                for n in names}


async def escalation_with_answer(storage: Storage, citizen: str, question: str, *, close: bool,
                                 when: datetime | None = None) -> int:
    """An escalation with a citizen's photo, a volunteer's answer and its (sent) delivery."""
    esc, opened = await storage.open_escalation(
        citizen, question, procedure="dang-ky-tam-tru",
        context=[{"q": question, "d": "none", "p": None}],
        messages=[EscalationMessage(0, "citizen", "text", question),
                  EscalationMessage(0, "citizen", "photo", "", file_id=f"file-{citizen}")])
    assert opened
    answer = f"Trả lời cho {citizen}: mang CCCD đến UBND xã"
    await storage.answer_escalation(esc.id, 77, "Tình nguyện viên", answer, [
        OutboxMessage(chat_id=5, text=answer, dedupe_key=f"answer-{esc.id}",
                      buttons=[["Đã hiểu", f"x:{esc.id}"]], purpose="answer")])
    for row in await storage.list_outbox(escalation_id=esc.id):
        await storage.mark_sent(row.id, 1000 + row.id)
    if close:
        assert await storage.resolve_escalation(esc.id) is not None
    if when is not None:
        e, m, o = tables.escalations, tables.escalation_messages, tables.outbox
        await set_columns(storage, e, e.c.id == esc.id, created_at=when, claimed_at=when,
                          first_answer_at=when, resolved_at=when if close else None)
        await set_columns(storage, m, m.c.escalation_id == esc.id, at=when)
        await set_columns(storage, o, o.c.escalation_id == esc.id, created_at=when)
    return esc.id


async def test_old_texts_go_recent_texts_stay_and_rows_remain(storage):
    now = utcnow()
    old, recent = now - OLD, now - timedelta(days=1)
    for at, word, folded in ((old, "cũ", "cu"), (recent, "mới", "moi")):
        await storage.log_question(QuestionRecord("tg:1", f"hỏi {word} tạm trú", f"hoi {folded} tam tru",
                                                  "answer", "dang-ky-tam-tru", 80.0, at=at))
        await storage.add_feedback(FeedbackRecord("tg:1", "dang-ky-tam-tru", False, f"chưa rõ {word}", at=at))
        await storage.add_feedback(FeedbackRecord("tg:1", "dang-ky-tam-tru", True, "guide", at=at))
    await storage.mark_update_processed(1)
    await set_columns(storage, tables.processed_updates, tables.processed_updates.c.update_id == 1, at=old)
    await storage.mark_update_processed(2)
    for citizen in ("tg:old", "tg:new"):
        await storage.save_session(Session(citizen, data={"pending": f"câu hỏi của {citizen}", "n": "abcd",
                                                          "fwd": "hỏi thêm"}))
    await set_columns(storage, tables.sessions, tables.sessions.c.citizen == "tg:old", updated=old)

    closed_old = await escalation_with_answer(storage, "tg:11", "hỏi cũ đã xong", close=True, when=old)
    # Answered but not closed (the citizen never pressed "Đã hiểu"): purged by age all the same.
    open_old = await escalation_with_answer(storage, "tg:12", "hỏi cũ chưa xong", close=False, when=old)
    closed_recent = await escalation_with_answer(storage, "tg:13", "hỏi mới đã xong", close=True)
    decided = await storage.add_suggestion(Suggestion("hỏi cũ gợi ý", "question", "dang-ky-tam-tru",
                                                      created_at=old))
    assert await storage.decide_suggestion(decided, "applied")
    await set_columns(storage, tables.suggestions, tables.suggestions.c.id == decided, decided_at=old)
    await storage.add_suggestion(Suggestion("hỏi cũ còn chờ", "question", "dang-ky-tam-tru", created_at=old))

    before = await row_counts(storage)
    counts = await purge(storage, now - RETENTION)

    assert counts["questions"] == 1
    assert counts["feedback"] == 1  # the citizen's comment; the engine's "guide" marker stays
    assert counts["sessions"] == 1
    assert counts["processed_updates"] == 1
    assert counts["escalations"] == 2
    assert counts["escalation_messages"] == 6  # question, photo, answer of each
    assert counts["outbox"] == 2
    assert counts["suggestions"] == 1
    assert "closed" not in counts  # (not asked to close answered escalations)
    after = await row_counts(storage)
    assert after == {**before, "processed_updates": before["processed_updates"] - 1}

    questions = await storage.recent_questions("tg:1")
    assert [(q.text, q.normalised) for q in questions] == [("hỏi mới tạm trú", "hoi moi tam tru"), ("", "")]
    assert [(q.decision, q.procedure, q.score) for q in questions] == [("answer", "dang-ky-tam-tru", 80.0)] * 2
    assert await storage.count_questions() == 2
    assert await storage.count_questions(since=now - RETENTION) == 1
    comments = sorted(f.comment for f in await storage.list_feedback())
    assert comments == sorted(["", "chưa rõ mới", "guide", "guide"])
    assert not await storage.mark_update_processed(2)  # recent de-duplication record kept
    assert "pending" not in (await storage.load_session("tg:old")).data
    assert "fwd" not in (await storage.load_session("tg:old")).data
    assert (await storage.load_session("tg:old")).data["n"] == "abcd"
    assert (await storage.load_session("tg:new")).data["pending"] == "câu hỏi của tg:new"

    for old_id, status in ((closed_old, "resolved"), (open_old, "answered")):
        gone = await storage.get_escalation(old_id)
        assert (gone.question, gone.context, gone.status) == ("", [], status)
        assert gone.created_at is not None and gone.first_answer_at is not None
        assert [(m.direction, m.kind, m.text, m.file_id) for m in await storage.escalation_messages(old_id)] == [
            ("citizen", "text", "", None), ("citizen", "photo", "", None), ("volunteer", "text", "", None)]
        assert [(r.text, r.file_id, r.buttons, r.status) for r in await storage.list_outbox(escalation_id=old_id)] \
            == [("", None, None, "sent")]
    e = await storage.get_escalation(closed_recent)
    assert e.question == "hỏi mới đã xong" and e.context
    assert all(m.text or m.file_id for m in await storage.escalation_messages(closed_recent))
    assert all(r.text for r in await storage.list_outbox(escalation_id=closed_recent))
    suggestions = {s.id: s for s in await storage.list_suggestions(status=None)}
    assert suggestions[decided].question == "" and suggestions[decided].status == "applied"
    assert [s.question for s in suggestions.values() if s.status == "proposed"] == ["hỏi cũ còn chờ"]

    again = await purge(storage, now - RETENTION)
    assert set(again.values()) == {0}


async def test_purge_empties_old_texts_whatever_the_state_of_the_escalation(storage):
    """Issue 12, item 4: open, claimed and answered escalations kept their texts forever.
    Every text goes by its own age: an old escalation's recent follow-up stays."""
    old, now = utcnow() - OLD, utcnow()
    ids = {}
    for n, status in enumerate(("open", "claimed", "answered", "resolved")):
        esc, opened = await storage.open_escalation(
            f"tg:2{n}", "CCCD của em [số CCCD]", original="gAAAA-sealed-original", context=[{"q": "trước đó"}],
            messages=[EscalationMessage(0, "citizen", "text", "CCCD của em [số CCCD]")])
        assert opened and esc.has_original
        if status != "open":
            assert await storage.claim_escalation(esc.id, 77, "Minh") is not None
        if status in ("answered", "resolved"):
            await storage.answer_escalation(esc.id, 77, "Minh", "trả lời cũ", [])
        if status == "resolved":
            assert await storage.resolve_escalation(esc.id) is not None
        e, m = tables.escalations, tables.escalation_messages
        await set_columns(storage, e, e.c.id == esc.id, created_at=old)
        await set_columns(storage, m, m.c.escalation_id == esc.id, at=old)
        ids[status] = esc.id
    # A follow-up yesterday in the open one: it stays, the old texts around it go.
    await storage.add_citizen_message(ids["open"], EscalationMessage(0, "citizen", "text", "hỏi thêm hôm qua"))

    counts = await purge(storage, now - RETENTION)
    assert counts["escalations"] == 4
    assert counts["escalation_messages"] == 6  # 4 questions and 2 answers, not the follow-up
    for status, escalation_id in ids.items():
        e = await storage.get_escalation(escalation_id)
        assert (e.status, e.question, e.context, e.has_original) == (status, "", [], False)
    texts_left = [m.text for m in await storage.escalation_messages(ids["open"])]
    assert texts_left == ["", "hỏi thêm hôm qua"]
    assert set((await purge(storage, now - RETENTION)).values()) == {0}


async def test_answered_escalations_are_closed_after_a_quiet_time(storage):
    """The citizen never pressed "Đã hiểu": closed once nothing was said for the configured
    time; one with a recent message, and one not answered yet, stay as they are."""
    now = utcnow()
    ids = {}
    for name, answered_days_ago in (("quiet", 8), ("recent", 2), ("claimed", None)):
        esc, _ = await storage.open_escalation(f"tg:{name}", f"câu hỏi {name}")
        await storage.claim_escalation(esc.id, 77, "Minh")
        if answered_days_ago is not None:
            await storage.answer_escalation(esc.id, 77, "Minh", "trả lời", [])
            when = now - timedelta(days=answered_days_ago)
            e, m = tables.escalations, tables.escalation_messages
            await set_columns(storage, e, e.c.id == esc.id, created_at=when, claimed_at=when, first_answer_at=when)
            await set_columns(storage, m, m.c.escalation_id == esc.id, at=when)
        ids[name] = esc.id

    counts = await purge(storage, now - RETENTION, close_answered_before=now - timedelta(days=7))
    assert counts["closed"] == 1
    quiet = await storage.get_escalation(ids["quiet"])
    assert quiet.status == "resolved" and quiet.resolved_at is not None and quiet.question == "câu hỏi quiet"
    assert (await storage.get_escalation(ids["recent"])).status == "answered"
    assert (await storage.get_escalation(ids["claimed"])).status == "claimed"
    again = await purge(storage, now - RETENTION, close_answered_before=now - timedelta(days=7))
    assert again["closed"] == 0


async def test_purged_texts_do_not_linger_in_the_sqlite_file(sqlite_database_url):
    """The emptied texts are overwritten in the file and its write-ahead log (a copy of the
    file after the purge does not hold them)."""
    from pathlib import Path

    storage = await Storage.open(sqlite_database_url)
    try:
        for i in range(50):
            await storage.log_question(QuestionRecord("tg:1", f"con mèo tam thể số {i} bị lạc ở Phú Thọ",
                                                      "con meo", "none", None, 0.0, at=utcnow() - OLD))
        esc, _ = await storage.open_escalation("tg:1", "chuyện con mèo tam thể ở Phú Thọ")
        await set_columns(storage, tables.escalations, tables.escalations.c.id == esc.id, created_at=utcnow() - OLD)
        path = Path(sqlite_database_url.split("///", 1)[1])

        def raw() -> bytes:
            return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())

        assert "mèo tam thể".encode() in raw()
        await purge(storage, utcnow() - RETENTION)
        assert "mèo tam thể".encode() not in raw() and "Phú Thọ".encode() not in raw()
    finally:
        await storage.close()


async def test_purge_works_on_a_database_without_the_volunteers_tables(database_url):
    engine = create_engine(database_url)
    await upgrade(engine, "0001")
    storage = Storage(engine)
    try:
        await storage.log_question(QuestionRecord("tg:1", "sđt [số điện thoại]", "sdt", "none", None, 0.0,
                                                  at=utcnow() - OLD))
        counts = await purge(storage, utcnow() - RETENTION)
        assert counts["questions"] == 1
        assert "escalations" not in counts
        assert (await storage.recent_questions("tg:1"))[0].text == ""
    finally:
        await storage.close()


# --- the command -------------------------------------------------------------------------------------
def dvcbot_purge(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVCBOT_")}
    env.update(PYTHONIOENCODING="utf-8", DVCBOT_DATABASE_URL=url, PYTHONPATH=str(REPO))
    return run_dvcbot("purge", *args, cwd=tmp_path, env=env)


def line_of(output: str, table: str) -> str:
    label = texts.PURGE_LABELS[table]
    return next(line for line in output.splitlines() if label in line)


async def _fill(url: str, *records: QuestionRecord) -> None:
    storage = await Storage.open(url)
    try:
        for r in records:
            await storage.log_question(r)
        await storage.add_feedback(FeedbackRecord("tg:1", None, False, "số em 0912345678"))
    finally:
        await storage.close()


async def _texts(url: str) -> list[str]:
    storage = await Storage.open(url)
    try:
        return [q.text for q in await storage.recent_questions("tg:1", limit=100)]
    finally:
        await storage.close()


def test_dvcbot_purge_command(tmp_path):
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    asyncio.run(_fill(url, QuestionRecord("tg:1", "cũ", "cu", "none", None, 0.0, at=utcnow() - OLD),
                      QuestionRecord("tg:1", "mới", "moi", "none", None, 0.0)))

    default = dvcbot_purge(tmp_path, url)  # the configured retention, 90 days
    assert default.returncode == 0, default.stderr
    assert "90" in default.stdout
    assert line_of(default.stdout, "questions").endswith(": 1")
    assert line_of(default.stdout, "feedback").endswith(": 0")
    assert asyncio.run(_texts(url)) == ["mới", ""]

    everything = dvcbot_purge(tmp_path, url, "--older-than", "0d")
    assert everything.returncode == 0, everything.stderr
    assert line_of(everything.stdout, "questions").endswith(": 1")
    assert line_of(everything.stdout, "feedback").endswith(": 1")
    assert line_of(everything.stdout, "escalations").endswith(": 0")
    assert asyncio.run(_texts(url)) == ["", ""]

    assert dvcbot_purge(tmp_path, url, "--older-than", "2w").returncode == 0
    bad = dvcbot_purge(tmp_path, url, "--older-than", "ba tháng")
    assert bad.returncode == 2
    assert "90d" in bad.stderr


def test_retention_comes_from_the_configuration(tmp_path):
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    asyncio.run(_fill(url, QuestionRecord("tg:1", "hai ngày trước", "", "none", None, 0.0,
                                          at=utcnow() - timedelta(days=2))))
    env_url = url
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVCBOT_")}
    env.update(PYTHONIOENCODING="utf-8", DVCBOT_DATABASE_URL=env_url, DVCBOT_RETENTION_DAYS="1",
               PYTHONPATH=str(REPO))
    out = run_dvcbot("purge", cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert line_of(out.stdout, "questions").endswith(": 1")
    assert asyncio.run(_texts(url)) == [""]


def test_purge_help_explains_the_age():
    out = run_dvcbot("purge", "--help", cwd=REPO, timeout=60)
    assert out.returncode == 0
    assert "--older-than" in out.stdout and "90d" in out.stdout and "DVCBOT_RETENTION_DAYS" in out.stdout


async def _answered(url: str, days_ago: int) -> int:
    storage = await Storage.open(url)
    try:
        esc, _ = await storage.open_escalation("tg:5", "hỏi về hộ chiếu", context=[{"q": "trước"}])
        await storage.answer_escalation(esc.id, 77, "Minh", "trả lời", [])
        when = utcnow() - timedelta(days=days_ago)
        e, m = tables.escalations, tables.escalation_messages
        await set_columns(storage, e, e.c.id == esc.id, created_at=when, claimed_at=when, first_answer_at=when)
        await set_columns(storage, m, m.c.escalation_id == esc.id, at=when)
        return esc.id
    finally:
        await storage.close()


async def _escalation(url: str, escalation_id: int):
    storage = await Storage.open(url)
    try:
        return await storage.get_escalation(escalation_id)
    finally:
        await storage.close()


def test_dvcbot_purge_closes_answered_escalations_after_the_configured_days(tmp_path):
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    escalation_id = asyncio.run(_answered(url, days_ago=5))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVCBOT_")}
    env.update(PYTHONIOENCODING="utf-8", DVCBOT_DATABASE_URL=url, PYTHONPATH=str(REPO))
    run = lambda **extra: run_dvcbot("purge", cwd=tmp_path, env={**env, **extra})  # noqa: E731

    default = run()  # 7 days by default: not yet
    assert default.returncode == 0, default.stderr
    assert line_of(default.stdout, "closed").endswith(": 0")
    assert asyncio.run(_escalation(url, escalation_id)).status == "answered"
    never = run(DVCBOT_ANSWERED_CLOSE_DAYS="0")  # 0: never closed automatically
    assert never.returncode == 0 and texts.PURGE_LABELS["closed"] not in never.stdout
    three = run(DVCBOT_ANSWERED_CLOSE_DAYS="3", DVCBOT_RETENTION_DAYS="4")
    assert three.returncode == 0, three.stderr
    assert line_of(three.stdout, "closed").endswith(": 1")
    assert line_of(three.stdout, "escalations").endswith(": 1")  # 5 days old, retention 4 days
    e = asyncio.run(_escalation(url, escalation_id))
    assert (e.status, e.question, e.context) == ("resolved", "", [])
