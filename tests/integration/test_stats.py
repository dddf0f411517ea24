"""Statistics for staff: what citizens asked, how well dvcbot answered, how volunteers kept up.

The question log is filled by talking to the real Engine (and, where exact times matter, by
repository calls); escalations are rows as the volunteers' hand-off stores them. `dvcbot
stats` is run as a process on a SQLite file.
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from bot.config import Config
from bot.dialogue import texts
from bot.dialogue.engine import Engine, Event
from bot.reports.charts import weekly_chart
from bot.reports.stats import compute_stats, days_ago, format_duration
from bot.storage import Storage, downgrade, tables
from bot.storage.ports import FeedbackRecord, QuestionRecord
from helpers import REPO
from helpers.citizen import Citizen
from helpers.commands import run_dvcbot

KB = REPO / "procedures.yaml"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 16:00 in Hà Nội


def q(citizen: str, text: str, decision: str, procedure: str | None = None, at: datetime = NOW) -> QuestionRecord:
    return QuestionRecord(citizen, text, text.lower(), decision, procedure, 50.0, at)


async def add_escalation(storage, citizen: str, status: str, created: datetime,
                         first_answer: datetime | None = None) -> None:
    async with storage.engine.begin() as conn:
        await conn.execute(tables.escalations.insert().values(
            citizen=citizen, question="câu hỏi", procedure=None, step=None, context=[], status=status,
            created_at=created, first_answer_at=first_answer, version=1))


def button(replies, label: str) -> str:
    for reply in replies:
        for row in reply.buttons:
            for b in row:
                if b.label == label:
                    return b.data
    raise AssertionError(f"no button {label!r}")


# --- through the engine --------------------------------------------------------------------------
async def test_a_conversation_is_counted(storage, knowledge):
    engine = Engine(knowledge, storage, Config())
    lan, minh = "tg:1", "tg:2"
    card = await engine.handle(Event.message(lan, "đăng ký tạm trú cần giấy tờ gì"))
    await engine.handle(Event.button(lan, button(card, texts.BTN_USEFUL)))
    await engine.handle(Event.message(minh, "dang ky tam tru can gi"))
    await engine.handle(Event.message(minh, "xin chào"))
    unknown = "làm hộ chiếu đi nước ngoài ở đâu"
    assert knowledge.matcher.route(unknown).decision == "none"
    await engine.handle(Event.message(minh, unknown))
    clarify = next(t for t in ("đăng ký", "giấy tờ xe", "xe", "căn cước", "đổi", "cấp lại", "giấy phép", "đăng ký xe",
                              "giấy tờ xe máy", "sổ đỏ")
                   if knowledge.matcher.route(t).decision == "clarify")
    await engine.handle(Event.message(lan, clarify))

    stats = await compute_stats(storage, None)
    assert (stats.messages, stats.citizens) == (5, 2)  # small talk is a message, not a question
    assert (stats.answered, stats.clarified, stats.unknown, stats.questions) == (2, 1, 1, 4)
    assert stats.answered_rate == pytest.approx(0.5) and stats.unknown_rate == pytest.approx(0.25)
    assert stats.top_procedures[0] == ("dang-ky-tam-tru", 2)
    assert (stats.feedback_up, stats.feedback_down) == (1, 0)
    assert stats.per_day[-1][1] == 5 and len(stats.per_day) == 7

    text = stats.as_text({p.id: p.title for p in knowledge.kb.procedures})
    assert texts.STATS_ANSWERED.format(n=2, pct="50%") in text
    assert texts.STATS_UNKNOWN.format(n=1, pct="25%") in text
    assert texts.STATS_TOP_ITEM.format(i=1, name="Đăng ký tạm trú (dang-ky-tam-tru)", n=2) in text
    assert texts.STATS_FEEDBACK.format(up=1, down=0) in text


# --- exact figures ---------------------------------------------------------------------------------
async def test_escalations_opened_answered_median_and_still_open(storage):
    since = NOW - timedelta(days=7)
    minutes = [10, 30, 50, 120]
    for i, m in enumerate(minutes):
        created = NOW - timedelta(days=1, hours=i)
        await add_escalation(storage, f"tg:{i}", "resolved" if i % 2 else "answered", created,
                             created + timedelta(minutes=m))
    await add_escalation(storage, "tg:10", "open", NOW - timedelta(hours=3))
    await add_escalation(storage, "tg:11", "claimed", NOW - timedelta(days=20))  # before the period
    await add_escalation(storage, "tg:12", "cancelled", NOW - timedelta(hours=5))

    stats = await compute_stats(storage, since, until=NOW)
    assert stats.escalations_opened == 6
    assert stats.escalations_answered == 4
    assert stats.median_first_answer == timedelta(minutes=40)  # (30 + 50) / 2
    assert stats.escalations_open == 2  # open or claimed, whenever opened

    await add_escalation(storage, "tg:13", "answered", NOW - timedelta(hours=6),
                         NOW - timedelta(hours=6) + timedelta(minutes=45))
    odd = await compute_stats(storage, since, until=NOW)
    assert odd.median_first_answer == timedelta(minutes=45)
    assert texts.STATS_MEDIAN.format(duration="45 phút") in odd.as_text()


async def test_since_until_and_days_in_local_time(storage):
    since = days_ago(7, "Asia/Ho_Chi_Minh", now=NOW)
    assert since == datetime(2026, 11, 20, 17, 0, tzinfo=UTC)  # 21/11 00:00 in Hà Nội
    await storage.log_question(q("tg:1", "cũ", "answer", "dang-ky-tam-tru", NOW - timedelta(days=10)))
    night = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)
    await storage.log_question(q("tg:1", "đêm", "answer", "dang-ky-tam-tru", night))
    await storage.log_question(q("tg:2", "chiều", "none", None, datetime(2026, 11, 26, 16, 30, tzinfo=UTC)))
    await storage.log_question(q("tg:3", "sau", "answer", "cap-the-can-cuoc", NOW + timedelta(hours=1)))

    stats = await compute_stats(storage, since, until=NOW)
    assert (stats.messages, stats.citizens, stats.answered, stats.unknown) == (2, 2, 1, 1)
    # 18:30 UTC on the 26th is 01:30 on the 27th in Hà Nội; 16:30 UTC is 23:30 on the 26th.
    per_day = dict(stats.per_day)
    assert per_day[datetime(2026, 11, 27).date()] == 1
    assert per_day[datetime(2026, 11, 26).date()] == 1
    assert [d.isoformat() for d, _ in stats.per_day][0] == "2026-11-21"
    assert (await compute_stats(storage, None, until=NOW)).messages == 3


async def test_a_hand_off_of_an_unknown_question_counts_once(storage):
    await storage.log_question(q("tg:1", "làm hộ chiếu ở đâu", "none", at=NOW - timedelta(minutes=2)))
    await storage.log_question(q("tg:1", "làm hộ chiếu ở đâu", "unresolved", at=NOW - timedelta(minutes=1)))
    await storage.log_question(q("tg:1", "Vướng ở Bước 2", "unresolved", "chu-ky-so-ca-nhan", NOW))
    await storage.log_question(q("tg:2", "xin chào", "small_talk", at=NOW))
    await storage.log_question(q("tg:2", "???", "noise", at=NOW))
    stats = await compute_stats(storage, None, until=NOW + timedelta(seconds=1))
    assert (stats.messages, stats.questions, stats.unknown) == (5, 2, 2)


async def test_purged_questions_are_not_one_empty_unresolved_question(storage):
    from bot.reports.stats import unresolved_questions
    from bot.storage.retention import purge

    for i in range(3):  # old, purged: texts emptied, rows kept
        await storage.log_question(q(f"tg:{i}", f"câu cũ {i}", "none", at=NOW - timedelta(days=100)))
    await storage.log_question(q("tg:9", "hỏi cũ", "unresolved", at=NOW - timedelta(days=100)))
    await storage.log_question(q("tg:1", "làm hộ chiếu ở đâu", "none", at=NOW - timedelta(minutes=2)))
    await storage.log_question(q("tg:2", "làm hộ chiếu ở đâu", "none", at=NOW - timedelta(minutes=1)))
    await purge(storage, NOW - timedelta(days=90))
    until = NOW + timedelta(seconds=1)
    assert await unresolved_questions(storage, None, until) == [("làm hộ chiếu ở đâu", 2)]
    # (statistics still count the purged rows)
    assert (await compute_stats(storage, None, until=until)).unknown == 6


async def test_feedback_counts(storage):
    for useful in (True, True, False):
        await storage.add_feedback(FeedbackRecord("tg:1", "dang-ky-tam-tru", useful, at=NOW))
    await storage.add_feedback(FeedbackRecord("tg:1", "dang-ky-tam-tru", False, at=NOW - timedelta(days=30)))
    stats = await compute_stats(storage, NOW - timedelta(days=7), until=NOW + timedelta(seconds=1))
    assert (stats.feedback_up, stats.feedback_down) == (2, 1)


async def test_without_the_volunteers_tables_escalations_are_zero(storage):
    await storage.log_question(q("tg:1", "x", "answer", "dang-ky-tam-tru"))
    await downgrade(storage.engine, "0001")
    stats = await compute_stats(storage, None, until=NOW + timedelta(seconds=1))
    assert stats.messages == 1
    assert (stats.escalations_opened, stats.escalations_answered, stats.escalations_open) == (0, 0, 0)
    assert stats.median_first_answer is None


async def test_an_empty_database(storage):
    stats = await compute_stats(storage, None)
    assert stats.questions == 0 and stats.answered_rate == 0.0 and stats.top_procedures == []
    assert texts.STATS_MESSAGES.format(messages=0, citizens=0) in stats.as_text()
    png = weekly_chart(stats)
    assert Image.open(io.BytesIO(png)).format == "PNG"


def test_durations_read_naturally():
    assert format_duration(timedelta(seconds=42)) == "42 giây"
    assert format_duration(timedelta(minutes=25, seconds=59)) == "25 phút"
    assert format_duration(timedelta(hours=3, minutes=10)) == "3 giờ 10 phút"
    assert format_duration(timedelta(days=2, hours=3, minutes=5)) == "2 ngày 3 giờ"


async def test_weekly_chart_is_a_tall_png(storage, knowledge):
    for i in range(12):
        await storage.log_question(q(f"tg:{i % 5}", "x", "answer", knowledge.kb.procedures[i % 6].id,
                                     NOW - timedelta(hours=20 * i)))
    stats = await compute_stats(storage, days_ago(7, now=NOW), until=NOW)
    png = weekly_chart(stats, {p.id: p.title for p in knowledge.kb.procedures})
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    width, height = image.size
    assert width == 1200 and height > width  # reads on a phone held upright


# --- dvcbot stats --------------------------------------------------------------------------------
def dvcbot(*args: str, env: dict) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONIOENCODING": "utf-8", "DVCBOT_KNOWLEDGE": str(KB), **env}
    return run_dvcbot(*args, cwd=REPO, env=full)


async def test_stats_command_prints_and_writes_csv(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    now = datetime.now(UTC)
    async with await Storage.open(url) as storage:
        for i, (decision, pid) in enumerate([("answer", "dang-ky-tam-tru"), ("answer", "dang-ky-tam-tru"),
                                             ("answer", "cap-the-can-cuoc"), ("clarify", "dang-ky-tam-tru"),
                                             ("none", None), ("small_talk", None)]):
            await storage.log_question(q(f"tg:{i % 3}", f"câu {i}", decision, pid, now - timedelta(minutes=i)))
        await storage.log_question(q("tg:9", "cũ", "answer", "dang-ky-khai-sinh", now - timedelta(days=40)))
        await storage.add_feedback(FeedbackRecord("tg:1", "dang-ky-tam-tru", False, at=now))
        await add_escalation(storage, "tg:1", "answered", now - timedelta(hours=2), now - timedelta(hours=1))
    env = {"DVCBOT_DATABASE_URL": url}

    out_csv = tmp_path / "stats.csv"
    run = dvcbot("stats", "--since", "7d", "--csv", str(out_csv), env=env)
    assert run.returncode == 0, run.stderr
    assert "Đăng ký tạm trú (dang-ky-tam-tru): 2" in run.stdout
    rows = list(csv.reader(out_csv.open(encoding="utf-8", newline="")))
    assert rows[0] == ["metric", "key", "value"]
    values = {(m, k): v for m, k, v in rows[1:]}
    assert values[("messages", "")] == "6" and values[("citizens", "")] == "3"
    assert values[("questions", "")] == "5" and values[("answered_rate", "")] == "0.6000"
    assert values[("top_procedure", "dang-ky-tam-tru")] == "2"
    assert ("top_procedure", "dang-ky-khai-sinh") not in values  # 40 days ago
    assert values[("escalations_opened", "")] == "1" and values[("median_first_answer_seconds", "")] == "3600"
    assert values[("feedback_down", "")] == "1"

    everything = dvcbot("stats", "--csv", "-", env=env)
    assert everything.returncode == 0
    assert "messages,,7" in everything.stdout

    bad = dvcbot("stats", "--since", "hôm kia", env=env)
    assert bad.returncode == 2 and "hôm kia" in bad.stderr


def test_stats_help_describes_the_options():
    run = dvcbot("stats", "--help", env={})
    assert run.returncode == 0 and "--since" in run.stdout and "--csv" in run.stdout


# --- where citizens get stuck: the walkthrough funnel ------------------------------------------------
async def scripted_conversations(engine: Engine) -> None:
    """Five citizens in the temporary-residence walkthrough, one in the VNeID one."""
    # Lan: stuck at the landlord's consent, and leaves there.
    lan = Citizen(engine, "tg:lan", exact_labels=True)
    await lan.says("/start guide-dang-ky-tam-tru")
    await lan.presses("Tự khai, đã có VNeID mức 2", "Tiếp", "Tôi bị vướng")
    # Minh: files for someone else, goes back once, stops and resumes, is stuck twice on the
    # paper form (one citizen), continues, and leaves at "phone or computer".
    minh = Citizen(engine, "tg:minh", exact_labels=True)
    await minh.says("/start guide-dang-ky-tam-tru")
    await minh.presses("Khai hộ người khác", "Tiếp", "Quay lại", "Tiếp", "Dừng")
    await minh.says("/tieptuc")
    await minh.presses("Tiếp", "Chủ nhà không dùng VNeID", "Tôi bị vướng")
    await minh.presses("Tiếp tục hướng dẫn (Bước 5)", "Tôi bị vướng", "Tiếp tục hướng dẫn (Bước 5)", "Tiếp")
    # Hoa: the whole way in the app, to the end.
    hoa = Citizen(engine, "tg:hoa", exact_labels=True)
    await hoa.says("/start guide-dang-ky-tam-tru")
    await hoa.presses("Tự khai, đã có VNeID mức 2", "Tiếp", "Chủ nhà có VNeID mức 2", "Ứng dụng VNeID",
                      "Tiếp", "Tiếp", "Tiếp", "Tiếp", "Tiếp", "Tiếp", "Xong")
    # Tuấn: no level 2 yet, stops politely at the side end (a finish, not a departure).
    tuan = Citizen(engine, "tg:tuan", exact_labels=True)
    await tuan.says("/start guide-dang-ky-tam-tru")
    await tuan.presses("Chưa có VNeID mức 2", "Để sau, nộp tại quầy", "Xong")
    # Bình: opens the VNeID walkthrough and leaves on its first step.
    await Citizen(engine, "tg:binh", exact_labels=True).says("/start guide-vneid-dinh-danh-muc-2")


TAM_TRU_FUNNEL = {  # step: (reached, stuck, left), counted by hand from the script above
    "bat-dau": (4, 0, 0), "chua-muc-2": (1, 0, 0), "khai-ho": (1, 0, 0), "giay-to-nha": (3, 0, 0),
    "chu-nha-dong-y": (3, 1, 1), "to-khai-giay": (1, 1, 0), "chon-cach": (2, 0, 1), "mo-cong": (0, 0, 0),
    "mo-vneid": (1, 0, 0), "tao-yeu-cau": (1, 0, 0), "khai-thong-tin": (1, 0, 0), "dinh-kem": (1, 0, 0),
    "gui-ho-so": (1, 0, 0), "theo-doi": (1, 0, 0), "bi-tra-ve": (1, 0, 0), "dung-lai": (1, 0, 0),
}


async def test_the_funnel_of_scripted_conversations_is_exact(storage, knowledge):
    from bot.reports.stats import guide_step_labels, guide_steps

    kb = knowledge.kb
    await scripted_conversations(Engine(knowledge, storage, Config()))
    # A day and more later: who did not go on has left.
    stats = await compute_stats(storage, None, until=datetime.now(UTC) + timedelta(days=2),
                                guides=guide_steps(kb))
    figures = {s.key: (s.reached, s.stuck, s.left) for s in stats.guide_steps}
    assert {k.split(":")[1]: v for k, v in figures.items() if k.startswith("dang-ky-tam-tru:")} == TAM_TRU_FUNNEL
    vneid = {k: v for k, v in figures.items() if k.startswith("vneid-dinh-danh-muc-2:")}
    assert vneid.pop("vneid-dinh-danh-muc-2:muc-do") == (1, 0, 1)
    assert set(vneid.values()) == {(0, 0, 0)}
    assert all(v == (0, 0, 0) for k, v in figures.items() if k.split(":")[0] not in
               ("dang-ky-tam-tru", "vneid-dinh-danh-muc-2"))
    # Every step of every guide has its three rows in the CSV, in the guide's order.
    rows = [r for r in stats.rows() if r[0].startswith("guide_")]
    assert len(rows) == 3 * sum(len(p.guide.steps) for p in kb.procedures if p.guide)
    assert rows[:3] == [("guide_reached", "vneid-dinh-danh-muc-2:muc-do", 1),
                        ("guide_stuck", "vneid-dinh-danh-muc-2:muc-do", 0),
                        ("guide_left", "vneid-dinh-danh-muc-2:muc-do", 1)]
    assert ("guide_stuck", "dang-ky-tam-tru:chu-nha-dong-y", 1) in rows
    # Per guide: who opened it, who finished it; the worst guide and steps first.
    funnels = stats.funnels()
    assert [(g.procedure, g.opened, g.done) for g in funnels] == [
        ("dang-ky-tam-tru", 4, 2), ("vneid-dinh-danh-muc-2", 1, 0)]
    assert [s.step for s in funnels[0].worst_steps()] == ["chu-nha-dong-y", "to-khai-giay", "chon-cach"]
    text = stats.as_text({p.id: p.title for p in kb.procedures}, guide_step_labels(kb))
    lines = text.splitlines()
    at = lines.index(texts.STATS_GUIDE.format(name="Đăng ký tạm trú (dang-ky-tam-tru)", opened=4, done=2))
    consent = kb.get("dang-ky-tam-tru").guide.step("chu-nha-dong-y")
    assert lines[at + 1] == texts.STATS_GUIDE_STEP.format(
        label=f"Bước 3 · {consent.title} (chu-nha-dong-y)", reached=3, stuck=1, left=1)
    assert lines[at + 2].startswith("  • Bước ") and "(to-khai-giay)" in lines[at + 2]

    # Right after the conversations nobody has "left" yet: a day has not passed.
    today = await compute_stats(storage, None, guides=guide_steps(kb))
    assert sum(s.left for s in today.guide_steps) == 0
    assert sum(s.stuck for s in today.guide_steps) == 2
    assert sum(s.reached for s in today.guide_steps) == sum(r for r, _, _ in TAM_TRU_FUNNEL.values()) + 1


async def test_leaving_means_no_further_step_of_that_guide_within_a_day(storage):
    from bot.storage.ports import GuideEvent

    t0 = NOW - timedelta(days=5)
    h = timedelta(hours=1)

    def ev(citizen, step, at, kind="step", procedure="dang-ky-tam-tru"):
        return GuideEvent(citizen, procedure, step, kind, at)

    await storage.add_guide_events([
        ev("tg:x", "a", t0), ev("tg:x", "b", t0 + 2 * h),                      # left at b
        ev("tg:y", "a", t0), ev("tg:y", "b", t0 + 30 * h),                     # left at a, then at b
        ev("tg:z", "a", NOW - 3 * h),                                           # too recent to tell
        ev("tg:w", "a", t0), ev("tg:w", "a", t0 + h, "stuck"), ev("tg:w", "a", t0 + 2 * h, "done"),
        ev("tg:v", "a", t0), ev("tg:v", "a", t0 + h, procedure="vneid-dinh-danh-muc-2"),  # left a
        ev("tg:u", "a", t0 - 10 * 24 * h), ev("tg:u", "b", t0 + h),           # a: before the period
        ev("tg:s", "a", t0), ev("tg:s", "a", t0),                              # the same moment twice
        ev("tg:s", "b", t0 + 24 * h),                                           # exactly a day: went on
    ])
    stats = await compute_stats(storage, NOW - timedelta(days=7), until=NOW)
    figures = {s.key: (s.reached, s.stuck, s.left) for s in stats.guide_steps}
    assert figures == {
        "dang-ky-tam-tru:a": (6, 1, 2),   # x y z w v s reached; w stuck; y and v left
        "dang-ky-tam-tru:b": (4, 0, 4),   # x y u s reached and left there
        "vneid-dinh-danh-muc-2:a": (1, 0, 1),
    }
    done = {g.procedure: (g.opened, g.done) for g in stats.guides}
    assert done == {"dang-ky-tam-tru": (7, 1), "vneid-dinh-danh-muc-2": (1, 0)}


async def test_the_picture_has_a_funnel_per_guide(storage, knowledge):
    from bot.reports.stats import guide_step_labels, guide_steps

    kb = knowledge.kb
    titles = {p.id: p.title for p in kb.procedures}
    empty = await compute_stats(storage, None, guides=guide_steps(kb))
    plain = Image.open(io.BytesIO(weekly_chart(empty, titles, step_labels=guide_step_labels(kb))))
    await scripted_conversations(Engine(knowledge, storage, Config()))
    stats = await compute_stats(storage, None, until=datetime.now(UTC) + timedelta(days=2), guides=guide_steps(kb))
    picture = Image.open(io.BytesIO(weekly_chart(stats, titles, step_labels=guide_step_labels(kb))))
    assert picture.format == "PNG" and picture.width == 1200
    # Two funnels: the guide with 3 troubled steps and the one with 1 make the picture taller.
    assert picture.height >= plain.height + 4 * 84
    funnel = picture.crop((0, plain.height - 200, picture.width, picture.height)).convert("RGB")
    colours = {c for _, c in funnel.getcolors(maxcolors=1 << 20)}
    from bot.reports.charts import AMBER, PALE, RED

    assert {AMBER, PALE, RED} <= colours  # stuck, reached and left bars are drawn


def test_stats_csv_on_stdout_is_the_csv_alone(tmp_path):
    """`dvcbot stats --csv -` used to print the Vietnamese summary on stdout before the CSV."""
    env = {"DVCBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"}
    run = dvcbot("stats", "--csv", "-", env=env)
    assert run.returncode == 0, run.stderr
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert rows[0] == ["metric", "key", "value"]
    assert all(len(r) == 3 for r in rows), [r for r in rows if len(r) != 3][:3]
    assert "Thống kê" not in run.stdout
    assert texts.STATS_TITLE.split("{")[0] in run.stderr  # the summary is still there, on stderr


async def test_dvcbot_stats_shows_where_citizens_got_stuck(tmp_path, knowledge):
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    async with await Storage.open(url) as storage:
        lan = Citizen(Engine(knowledge, storage, Config()), "cli:lan", exact_labels=True)
        await lan.says("/start guide-dang-ky-tam-tru")
        await lan.presses("Tự khai, đã có VNeID mức 2", "Tiếp", "Tôi bị vướng")
    env = {"DVCBOT_DATABASE_URL": url}
    run = dvcbot("stats", env=env)
    assert run.returncode == 0, run.stderr
    step = knowledge.kb.get("dang-ky-tam-tru").guide.step("chu-nha-dong-y")
    assert texts.STATS_GUIDE_STEP.format(label=f"Bước 3 · {step.title} (chu-nha-dong-y)",
                                         reached=1, stuck=1, left=0) in run.stdout
    table = dvcbot("stats", "--csv", "-", env=env)
    rows = {(m, k): v for m, k, v in csv.reader(io.StringIO(table.stdout))}
    assert rows[("guide_stuck", "dang-ky-tam-tru:chu-nha-dong-y")] == "1"
    assert rows[("guide_reached", "dang-ky-tam-tru:bat-dau")] == "1"
    assert rows[("guide_left", "dang-ky-tam-tru:chu-nha-dong-y")] == "0"  # not a day yet
    assert rows[("guide_reached", "nop-ho-so-truc-tuyen:chuan-bi")] == "0"


async def test_steps_no_longer_in_the_guide_keep_their_figures(storage, knowledge):
    """Staff edited a guide: the figures of a removed step are still shown, marked as such."""
    from bot.reports.stats import guide_step_labels, guide_steps
    from bot.storage.ports import GuideEvent

    kb = knowledge.kb
    t0 = NOW - timedelta(days=3)
    await storage.add_guide_events([GuideEvent("tg:1", "dang-ky-tam-tru", "buoc-cu", "step", t0),
                                    GuideEvent("tg:1", "dang-ky-tam-tru", "buoc-cu", "stuck", t0)])
    stats = await compute_stats(storage, None, until=NOW, guides=guide_steps(kb))
    tam_tru = next(g for g in stats.guides if g.procedure == "dang-ky-tam-tru")
    assert [s.step for s in tam_tru.steps] == [s.id for s in kb.get("dang-ky-tam-tru").guide.steps] + ["buoc-cu"]
    assert (tam_tru.steps[-1].reached, tam_tru.steps[-1].stuck, tam_tru.steps[-1].left) == (1, 1, 1)
    text = stats.as_text({p.id: p.title for p in kb.procedures}, guide_step_labels(kb))
    assert texts.STATS_GUIDE_STEP.format(label=texts.GUIDE_STEP_LABEL_GONE.format(id="buoc-cu"),
                                         reached=1, stuck=1, left=1) in text
    # Without the knowledge base (it did not load), steps are named by their keys.
    bare = await compute_stats(storage, None, until=NOW)
    assert texts.STATS_GUIDE_STEP.format(label="dang-ky-tam-tru:buoc-cu", reached=1, stuck=1, left=1) in bare.as_text()
