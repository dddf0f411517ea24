"""Retention: `dvcbot purge` and bot.storage.retention.purge empty old texts and keep the rows.

Each storage test runs on SQLite and on PostgreSQL. "Old" rows are written through the
repository and then dated back (their timestamps set directly in the tables), "recent" ones
are left as written.
"""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
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

REPO = Path(__file__).resolve().parents[1]
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
    # Answered but not closed: the citizen may still ask more.
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
    assert counts["escalations"] == 1
    assert counts["escalation_messages"] == 3  # question, photo, answer
    assert counts["outbox"] == 1
    assert counts["suggestions"] == 1
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

    gone = await storage.get_escalation(closed_old)
    assert (gone.question, gone.context, gone.status) == ("", [], "resolved")
    assert gone.created_at is not None and gone.resolved_at is not None
    assert [(m.direction, m.kind, m.text, m.file_id) for m in await storage.escalation_messages(closed_old)] == [
        ("citizen", "text", "", None), ("citizen", "photo", "", None), ("volunteer", "text", "", None)]
    assert [(r.text, r.file_id, r.buttons, r.status) for r in await storage.list_outbox(escalation_id=closed_old)] \
        == [("", None, None, "sent")]
    for kept, question in ((open_old, "hỏi cũ chưa xong"), (closed_recent, "hỏi mới đã xong")):
        e = await storage.get_escalation(kept)
        assert e.question == question and e.context
        assert all(m.text or m.file_id for m in await storage.escalation_messages(kept))
        assert all(r.text for r in await storage.list_outbox(escalation_id=kept))
    suggestions = {s.id: s for s in await storage.list_suggestions(status=None)}
    assert suggestions[decided].question == "" and suggestions[decided].status == "applied"
    assert [s.question for s in suggestions.values() if s.status == "proposed"] == ["hỏi cũ còn chờ"]

    again = await purge(storage, now - RETENTION)
    assert set(again.values()) == {0}


async def test_purge_empties_the_original_of_old_closed_escalations(storage):
    old = utcnow() - OLD
    ids = {}
    for citizen, close in (("tg:21", True), ("tg:22", False)):
        esc, opened = await storage.open_escalation(
            citizen, "CCCD của em [số CCCD]", original="CCCD của em 012345678901",
            messages=[EscalationMessage(0, "citizen", "text", "CCCD của em [số CCCD]")])
        assert opened and esc.has_original
        if close:
            assert await storage.resolve_escalation(esc.id) is not None
        e = tables.escalations
        await set_columns(storage, e, e.c.id == esc.id, created_at=old, resolved_at=old if close else None)
        await set_columns(storage, tables.escalation_messages,
                          tables.escalation_messages.c.escalation_id == esc.id, at=old)
        ids[close] = esc.id

    counts = await purge(storage, utcnow() - RETENTION)
    assert counts["escalations"] == 1
    e = tables.escalations
    async with storage.engine.connect() as conn:
        originals = dict((await conn.execute(sa.select(e.c.id, e.c.original))).all())
    assert originals[ids[True]] is None
    assert originals[ids[False]] == "CCCD của em 012345678901"  # still open: kept
    assert not (await storage.get_escalation(ids[True])).has_original
    assert set((await purge(storage, utcnow() - RETENTION)).values()) == {0}


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
    return subprocess.run([sys.executable, "-m", "bot", "purge", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, env=env, timeout=120)


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
    out = subprocess.run([sys.executable, "-m", "bot", "purge"], capture_output=True, text=True,
                         encoding="utf-8", cwd=tmp_path, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert line_of(out.stdout, "questions").endswith(": 1")
    assert asyncio.run(_texts(url)) == [""]


def test_purge_help_explains_the_age():
    out = subprocess.run([sys.executable, "-m", "bot", "purge", "--help"], capture_output=True, text=True,
                         encoding="utf-8", cwd=REPO, timeout=60)
    assert out.returncode == 0
    assert "--older-than" in out.stdout and "90d" in out.stdout and "DVCBOT_RETENTION_DAYS" in out.stdout
