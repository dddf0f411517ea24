"""Staff at the terminal: `dvcbot unresolved`, `dvcbot suggestions`, `dvcbot poster`, run as
processes on a SQLite file (DVCBOT_DATABASE_URL) and a copy of procedures.yaml (DVCBOT_KNOWLEDGE).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.dialogue import texts
from bot.storage import Storage
from bot.storage.ports import QuestionRecord, Suggestion
from helpers import REPO
from helpers.commands import run_dvcbot

KB = REPO / "procedures.yaml"


@pytest.fixture
def kb_file(tmp_path) -> Path:
    path = tmp_path / "procedures.yaml"
    shutil.copyfile(KB, path)
    return path


@pytest.fixture
def env(tmp_path, kb_file) -> dict:
    return {"DVCBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
            "DVCBOT_KNOWLEDGE": str(kb_file)}


def dvcbot(*args: str, env: dict) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONIOENCODING": "utf-8", **env}
    return run_dvcbot(*args, cwd=REPO, env=full)


async def fill(env: dict, questions=(), suggestions=()) -> list[int]:
    ids = []
    async with await Storage.open(env["DVCBOT_DATABASE_URL"]) as storage:
        for record in questions:
            await storage.log_question(record)
        for s in suggestions:
            ids.append(await storage.add_suggestion(s))
    return ids


async def statuses(env: dict) -> dict[int, str]:
    async with await Storage.open(env["DVCBOT_DATABASE_URL"]) as storage:
        return {s.id: s.status for s in await storage.list_suggestions(None)}


def asked(citizen: str, text: str, decision: str = "none", days_ago: float = 0) -> QuestionRecord:
    at = datetime.now(UTC) - timedelta(days=days_ago, seconds=1)
    return QuestionRecord(citizen, text, text.lower(), decision, None, 40.0, at)


# --- dvcbot unresolved ---------------------------------------------------------------------------
async def test_unresolved_groups_similar_questions_most_frequent_first(env):
    await fill(env, questions=[
        asked("tg:1", "xin giấy phép xây dựng nhà ở"),
        asked("tg:2", "xin giay phep xay dung nha o"),
        asked("tg:3", "làm hộ chiếu ở đâu"),
        asked("tg:4", "làm hộ chiếu ở đâu"),
        asked("tg:4", "làm hộ chiếu ở đâu", decision="unresolved"),  # the same question, handed off
        asked("tg:5", "lam ho chieu o dau"),
        asked("tg:6", "cho em hỏi làm hộ chiếu ở đâu ạ", decision="unresolved"),
        asked("tg:7", "mất sổ đỏ làm lại thế nào"),
        asked("tg:8", "xin chào", decision="small_talk"),
        asked("tg:8", "asdfgh", decision="noise"),
        asked("tg:9", "đăng ký tạm trú", decision="answer"),
        asked("tg:9", "làm hộ chiếu ở đâu", days_ago=40),
    ])
    run = dvcbot("unresolved", "--since", "30d", env=env)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    groups = [line for line in lines if "×" in line]
    assert groups[0] == texts.UNRESOLVED_ITEM.format(count=4, text="làm hộ chiếu ở đâu")
    assert groups[1] == texts.UNRESOLVED_ITEM.format(count=2, text="xin giấy phép xây dựng nhà ở")
    assert groups[2] == texts.UNRESOLVED_ITEM.format(count=1, text="mất sổ đỏ làm lại thế nào")
    assert len(groups) == 3
    assert texts.UNRESOLVED_EXAMPLE.format(text="lam ho chieu o dau") in lines
    assert "xin chào" not in run.stdout and "asdfgh" not in run.stdout and "tạm trú" not in run.stdout

    everything = dvcbot("unresolved", "--limit", "1", env=env)
    assert [line for line in everything.stdout.splitlines() if "×" in line] == [
        texts.UNRESOLVED_ITEM.format(count=5, text="làm hộ chiếu ở đâu")]


async def test_unresolved_with_nothing_to_show(env):
    run = dvcbot("unresolved", env=env)
    assert run.returncode == 0
    assert run.stdout.startswith(texts.UNRESOLVED_NONE.split("(")[0])


async def test_unresolved_leaves_out_noise_and_the_assistants_own_notes(env, knowledge):
    """Keyboard mashing the matcher did not recognise, and the notes the assistant writes when it
    hands a citizen to the volunteers ("Vướng ở Bước 3 …", "… chưa đúng", a screenshot without
    words), are not questions citizens asked. A screenshot's caption is."""
    from bot.config import Config
    from bot.dialogue.engine import Engine, Event

    async def hand_off(engine, citizen: str, first: Event, *labels: str) -> None:
        replies = await engine.handle(first)
        for label in (*labels, texts.BTN_VOLUNTEER, texts.BTN_CONSENT_YES):
            data = next(b.data for r in replies for row in r.buttons for b in row if b.label == label)
            replies = await engine.handle(Event.button(citizen, data))
        assert texts.BTN_CONSENT_YES not in [b.label for r in replies for row in r.buttons for b in row]

    async with await Storage.open(env["DVCBOT_DATABASE_URL"]) as storage:
        engine = Engine(knowledge, storage, Config())
        await hand_off(engine, "tg:1", Event.message("tg:1", "asdkjh qwe"))
        await hand_off(engine, "tg:2", Event.message("tg:2", "/start guide-dang-ky-tam-tru"),
                       "Tự khai, đã có VNeID mức 2", "Tiếp", "Tôi bị vướng")
        await hand_off(engine, "tg:3", Event.message("tg:3", "đăng ký tạm trú cần gì"), texts.BTN_NOT_USEFUL)
        await hand_off(engine, "tg:4", Event("tg:4", "media", media="photo", file_id="F1"))
        await hand_off(engine, "tg:5", Event("tg:5", "media", media="photo", file_id="F2",
                                             caption="vneid báo lỗi này là sao ạ"))
        await hand_off(engine, "tg:6", Event.message("tg:6", "làm hộ chiếu ở đâu"))
        logged = [q.text for c in range(1, 7) for q in await storage.recent_questions(f"tg:{c}")
                  if q.decision == "unresolved"]
        assert len(logged) == 6 and any(t.startswith("Vướng ở Bước 3") for t in logged)
    run = dvcbot("unresolved", env=env)
    assert run.returncode == 0, run.stderr
    groups = [line for line in run.stdout.splitlines() if "×" in line]
    assert groups == [texts.UNRESOLVED_ITEM.format(count=1, text="làm hộ chiếu ở đâu"),
                      texts.UNRESOLVED_ITEM.format(count=1, text="vneid báo lỗi này là sao ạ")], run.stdout
    for noise in ("asdkjh", "Vướng ở", "chưa đúng", texts.VOLUNTEER_PHOTO_NOTE):
        assert noise not in run.stdout


def test_gibberish_is_told_from_questions_typed_any_way():
    from knowledge.gibberish import looks_like_gibberish

    for noise in ("asdkjh qwe", "asdfgh", "qwerty", "lkjhg zxcv", "sdfsdf sdf"):
        assert looks_like_gibberish(noise), noise
    for question in ("dnag ky tam tru", "chuw kys soos laf gi vaajy", "tra cuuw hoo so", "cccd k dc",
                     "xin cấp GPLX hạng B2", "Đăng ký tạm trú cần gì?", "ct01 ở đâu", "???"):
        assert not looks_like_gibberish(question, {"cccd", "k", "dc", "gplx"}), question


# --- dvcbot suggestions --------------------------------------------------------------------------
# A question the matcher does not answer until it is added to the knowledge base.
NEW_QUESTION = "mới dọn đến xóm trọ phải đi trình diện ở đâu"


async def test_suggestions_list_apply_reject(env, kb_file):
    before = dvcbot("ask", NEW_QUESTION, "--json", env=env)
    assert json.loads(before.stdout)["decision"] != "answer"
    original = kb_file.read_text(encoding="utf-8")
    question_id, faq_id, rejected_id = await fill(env, suggestions=[
        Suggestion(NEW_QUESTION, "question", procedure="dang-ky-tam-tru", proposed_by=555),
        Suggestion("Đăng ký tạm trú online mất mấy ngày?", "faq", procedure="dang-ky-tam-tru",
                   answer="Thường 3 ngày làm việc kể từ khi hồ sơ đủ."),
        Suggestion("abc", "question", procedure="dang-ky-tam-tru"),
    ])

    listed = dvcbot("suggestions", env=env)
    assert listed.returncode == 0, listed.stderr
    for sid in (question_id, faq_id, rejected_id):
        assert f"#{sid} " in listed.stdout
    assert NEW_QUESTION in listed.stdout and "Thường 3 ngày làm việc" in listed.stdout

    applied = dvcbot("suggestions", "apply", str(question_id), env=env)
    assert applied.returncode == 0, applied.stderr + applied.stdout
    after = kb_file.read_text(encoding="utf-8")
    # One line added, everything else (comments, order) as it was.
    added = [line for line in after.splitlines() if line not in original.splitlines()]
    assert len(added) == 1 and NEW_QUESTION in added[0]
    assert len(after.splitlines()) == len(original.splitlines()) + 1
    assert [line for line in original.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in after.splitlines() if line.lstrip().startswith("#")]
    assert dvcbot("check", env=env).returncode == 0
    routed = json.loads(dvcbot("ask", NEW_QUESTION, "--json", env=env).stdout)
    assert (routed["decision"], routed["procedure"]) == ("answer", "dang-ky-tam-tru")

    faq = dvcbot("suggestions", "apply", str(faq_id), env=env)
    assert faq.returncode == 0, faq.stderr
    assert "Thường 3 ngày làm việc kể từ khi hồ sơ đủ." in kb_file.read_text(encoding="utf-8")

    rejected = dvcbot("suggestions", "reject", str(rejected_id), env=env)
    assert rejected.returncode == 0 and texts.SUGGESTION_REJECTED.format(id=rejected_id) in rejected.stdout
    assert await statuses(env) == {question_id: "applied", faq_id: "applied", rejected_id: "rejected"}

    assert dvcbot("suggestions", env=env).stdout.strip() == texts.SUGGESTIONS_NONE
    history = dvcbot("suggestions", "list", "--all", env=env).stdout
    assert texts.SUGGESTION_STATUS["applied"] in history and texts.SUGGESTION_STATUS["rejected"] in history

    again = dvcbot("suggestions", "apply", str(question_id), env=env)
    assert again.returncode == 1 and f"#{question_id}" in again.stderr
    missing = dvcbot("suggestions", "reject", "999", env=env)
    assert missing.returncode == 1 and texts.SUGGESTION_NOT_FOUND.format(id=999) in missing.stderr


async def test_a_suggestion_the_knowledge_base_refuses_leaves_the_file_untouched(env, kb_file):
    # A sample question another procedure already has: the checker reports it with its line.
    duplicate = next(line.strip().lstrip("-").strip().strip('"')
                     for line in kb_file.read_text(encoding="utf-8").splitlines()
                     if "lam can cuoc" in line and line.strip().startswith("-"))
    bad_id, unknown_id = await fill(env, suggestions=[
        Suggestion(duplicate, "question", procedure="dang-ky-tam-tru"),
        Suggestion("câu hỏi mới", "question", procedure="khong-co-thu-tuc-nay"),
    ])
    original = kb_file.read_bytes()

    run = dvcbot("suggestions", "apply", str(bad_id), env=env)
    assert run.returncode == 1
    assert texts.SUGGESTION_APPLY_FAILED.format(id=bad_id, path=kb_file) in run.stderr
    assert any(line.startswith(f"{kb_file}:") and line.split(":")[1].isdigit()
               for line in run.stderr.splitlines()), run.stderr
    assert kb_file.read_bytes() == original

    run = dvcbot("suggestions", "apply", str(unknown_id), env=env)
    assert run.returncode == 1 and "khong-co-thu-tuc-nay" in run.stderr
    assert kb_file.read_bytes() == original
    assert set((await statuses(env)).values()) == {"proposed"}

    moved = dvcbot("suggestions", "apply", str(unknown_id), "--procedure", "dang-ky-tam-tru", env=env)
    assert moved.returncode == 0, moved.stderr
    assert "câu hỏi mới" in kb_file.read_text(encoding="utf-8")


# --- dvcbot poster --------------------------------------------------------------------------------
def test_poster_writes_a_png(env, tmp_path):
    out = tmp_path / "tam-tru.png"
    run = dvcbot("poster", "dang-ky-tam-tru", "--out", str(out), env={**env, "DVCBOT_BOT_USERNAME": "dvc_troly_bot"})
    assert run.returncode == 0, run.stderr
    assert "https://t.me/dvc_troly_bot?start=dang-ky-tam-tru" in run.stdout
    image = Image.open(out)
    assert image.format == "PNG" and image.size[1] > image.size[0]  # A4 portrait


def test_poster_of_an_unknown_procedure_lists_similar_ids(env, tmp_path):
    run = dvcbot("poster", "tam-tru", "--out", str(tmp_path / "x.png"), env=env)
    assert run.returncode == 1
    assert texts.POSTER_UNKNOWN.format(id="tam-tru") in run.stderr
    assert "dang-ky-tam-tru" in run.stderr
    assert not (tmp_path / "x.png").exists()
