"""`dvcbot chat` as a citizen at a terminal would use it: a subprocess fed through a pipe.

Buttons are printed as "[N] label"; typing N presses one. Expected texts are derived from
the shipped procedures.yaml, never copied from it.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.dialogue import texts
from helpers import KB_PATH, REPO
from helpers.commands import run_dvcbot
from knowledge.loader import load_knowledge


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(KB_PATH)


def env_for(tmp_path: Path, knowledge: Path = KB_PATH) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DVCBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'chat.sqlite3'}",
        "DVCBOT_KNOWLEDGE": str(knowledge),
        "PYTHONPATH": str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
        "PYTHONIOENCODING": "utf-8",
    })
    env.pop("DVCBOT_TELEGRAM_TOKEN", None)
    return env


def chat(tmp_path: Path, lines: list[str], *args: str, knowledge: Path = KB_PATH) -> subprocess.CompletedProcess:
    stdin = "".join(line + "\n" for line in lines)
    proc = run_dvcbot("chat", *args, input=stdin.encode("utf-8"), cwd=tmp_path, env=env_for(tmp_path, knowledge),
                      text=False)
    proc.stdout = proc.stdout.decode("utf-8")  # type: ignore[assignment]
    proc.stderr = proc.stderr.decode("utf-8")  # type: ignore[assignment]
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def header(guide, step_id: str) -> str:
    """"Bước N/" of a step reached by its shortest way (M, the steps in all, depends on the
    way ahead: tests/integration/test_guides.py checks it)."""
    return f"Bước {guide.depths()[step_id] + 1}/"


def first_line(text: str) -> str:
    return text.strip().splitlines()[0]


def test_greeting_and_temporary_residence_without_diacritics(tmp_path, kb):
    p = kb.get("dang-ky-tam-tru")
    proc = chat(tmp_path, ["dang ky tam tru can gi", "1", "99"])
    assert proc.returncode == 0
    out = proc.stdout
    assert out.index("Trợ lý Dịch vụ công") < out.index(p.title)  # greeting first
    assert "[1] Tạm trú" in out
    assert f"Cập nhật: {p.reviewed:%d/%m/%Y}" in out
    assert "[1] Các bước làm" in out
    assert first_line(p.steps[0]) in out  # pressed [1]
    assert texts.CHAT_NO_SUCH_BUTTON.format(n=99) in out
    assert "<b>" not in out


def choose(step, visited: set[str]) -> int:
    for i in reversed(range(len(step.choices))):
        if step.choices[i].goto not in visited:
            return i
    return 0


def test_digital_signature_guide_to_the_end_through_branches(tmp_path, kb):
    p = kb.get("chu-ky-so-ca-nhan")
    guide = p.guide
    lines, expected, visited, branched = ["/start guide-chu-ky-so-ca-nhan"], [], set(), False
    current = guide.start.id
    for _ in range(60):
        visited.add(current)
        step = guide.step(current)
        expected.append((header(guide, current), first_line(step.text)))
        if step.choices:
            i = choose(step, visited)
            lines.append(str(i + 1))  # choices are numbered first
            branched = True
            current = step.choices[i].goto
            continue
        lines.append("1")  # "Tiếp" / "Xong"
        nxt = guide.next_of(current)
        if nxt is None:
            break
        current = nxt
    assert branched
    proc = chat(tmp_path, lines)
    assert proc.returncode == 0
    out = proc.stdout
    pos = 0
    for head, text in expected:  # every step shown, in order
        pos = out.index(head, pos)
        pos = out.index(text, pos)
    assert first_line(texts.GUIDE_DONE.format(title=p.title)) in out[pos:]
    assert "[1] 👍" in out[pos:]


def test_quit_in_the_middle_and_resume_in_a_new_process(tmp_path, kb):
    guide = kb.get("nop-ho-so-truc-tuyen").guide
    current = guide.start.id
    for _ in range(3):  # "1" is the first choice or "Tiếp": three presses reach step 4
        step = guide.step(current)
        current = step.choices[0].goto if step.choices else guide.next_of(current)
    head, text = header(guide, current), first_line(guide.step(current).text)

    first = chat(tmp_path, ["/start guide-nop-ho-so-truc-tuyen", "1", "1", "1", "/thoat", "never read"])
    assert first.returncode == 0
    assert head in first.stdout and text in first.stdout

    n = guide.depths()[current] + 1
    second = chat(tmp_path, ["1"])
    assert second.returncode == 0
    assert "Trợ lý Dịch vụ công" in second.stdout
    assert f"[1] Tiếp tục (Bước {n})" in second.stdout
    after = second.stdout.split(f"[1] Tiếp tục (Bước {n})", 1)[1]
    assert head in after and text in after


def test_ctrl_c_quits_cleanly(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, cwd=tmp_path, env=env_for(tmp_path),
    )
    try:
        deadline = time.monotonic() + 60
        seen = b""
        while texts.BTN_ALL_PROCEDURES.encode() not in seen and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen += line
        assert texts.BTN_ALL_PROCEDURES.encode() in seen
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert b"Traceback" not in err, err.decode()


def test_invalid_knowledge_base_is_reported(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("procedures:\n  - id: Sai Id\n", encoding="utf-8")
    proc = chat(tmp_path, [], knowledge=bad)
    assert proc.returncode == 1
    assert re.search(rf"^{re.escape(str(bad))}:2: ", proc.stdout, re.M), proc.stdout


def test_help_lists_the_commands_and_how_to_quit(tmp_path):
    proc = chat(tmp_path, ["/help"])
    assert proc.returncode == 0
    help_part = proc.stdout.split(texts.HELP.split("\n")[0], 1)[1]
    for command, description in texts.COMMANDS:
        assert texts.COMMAND_LINE.format(command=command, description=description) in help_part
    assert texts.CHAT_HELP_QUIT in help_part
    assert help_part.index(texts.COMMAND_LINE.format(command=texts.COMMANDS[-1][0],
                                                     description=texts.COMMANDS[-1][1])) \
        < help_part.index(texts.CHAT_HELP_QUIT)


def test_asking_how_to_do_it_online_starts_the_walkthrough(tmp_path):
    small = REPO / "tests" / "data" / "answers-kb.yaml"
    guide = load_knowledge(small).get("dang-ky-tam-tru").guide
    proc = chat(tmp_path, ["đăng ký tạm trú online thế nào", "1"], knowledge=small)
    assert proc.returncode == 0
    out = proc.stdout
    assert header(guide, guide.start.id) in out and guide.start.text in out
    assert f"[1] {texts.BTN_NEXT}" in out
    assert guide.steps[1].text in out.split(guide.start.text, 1)[1]  # "1" pressed "Tiếp"
