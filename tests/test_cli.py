"""The `dvcbot` command through its process interface: output, JSON Lines, exit codes."""
from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
KB = REPO / "procedures.yaml"


def dvcbot(*args: str, stdin: str | None = None, cwd: Path | None = None, env: dict | None = None):
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "DVCBOT_KNOWLEDGE": str(KB), **(env or {})}
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd or REPO, env=full_env, timeout=120)


def test_check_passes_on_the_shipped_file():
    out = dvcbot("check", str(KB))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "OK" in out.stdout


def test_check_points_at_each_planted_error(tmp_path):
    lines = KB.read_text(encoding="utf-8").splitlines(keepends=True)
    # Plant three errors at known lines: an unknown key, a bad date, a dangling guide step.
    planted = {}
    for i, line in enumerate(lines):
        if "unknown" not in planted and line.strip().startswith("documents:"):
            indent = line[: len(line) - len(line.lstrip())]
            lines.insert(i, f"{indent}colour: red\n")  # before the key: its value may span lines
            planted["unknown"] = i + 1
            break
    for i, line in enumerate(lines):
        if line.strip().startswith("reviewed:"):
            lines[i] = line.split("reviewed:")[0] + "reviewed: 31/31/2026\n"
            planted["date"] = i + 1
            break
    for i, line in enumerate(lines):
        if "goto:" in line:
            lines[i] = re.sub(r"goto:\s*[\w-]+", "goto: khong-co-buoc-nay", line, count=1)
            planted["goto"] = i + 1
            break
    bad = tmp_path / "bad.yaml"
    bad.write_text("".join(lines), encoding="utf-8")
    out = dvcbot("check", str(bad))
    assert out.returncode == 1
    reported = out.stdout.splitlines()
    for what, line in planted.items():
        assert any(r.startswith(f"{bad}:{line}: ") for r in reported), (what, line, reported)
    assert all(r.startswith(f"{bad}:") for r in reported)


def test_check_on_a_file_that_is_not_yaml(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("procedures:\n  - id: [unclosed\n", encoding="utf-8")
    out = dvcbot("check", str(bad))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stdout.startswith(f"{bad}:")


def test_ask_answers_temporary_residence():
    out = dvcbot("ask", "dang ky tam tru can gi")
    assert out.returncode == 0
    assert "answer dang-ky-tam-tru" in out.stdout


def test_ask_json_lines_from_stdin():
    out = dvcbot("ask", "--json", stdin="dang ky tam tru can gi\nxin chào\nmẫu CT01\n")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["q"] for r in rows] == ["dang ky tam tru can gi", "xin chào", "mẫu CT01"]
    for r in rows:
        assert set(r) == {"q", "decision", "procedure", "candidates", "score"}
        assert isinstance(r["score"], float)
    assert rows[0]["decision"] == "answer" and rows[0]["procedure"] == "dang-ky-tam-tru"
    assert rows[1] == {**rows[1], "decision": "none", "procedure": None, "candidates": []}
    assert rows[2]["decision"] == "clarify" and rows[2]["procedure"] == rows[2]["candidates"][0]


def test_eval_prints_the_rates(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text('cases:\n- {q: "dang ky tam tru", expect: [dang-ky-tam-tru]}\n'
                     '- {q: "lam ho chieu", expect: []}\n', encoding="utf-8")
    out = dvcbot("eval", str(cases))
    assert out.returncode == 0, out.stderr
    for word in ("right:", "wrong:", "clarified:", "missed:", "out-of-scope rejected:"):
        assert word in out.stdout
    data = json.loads(dvcbot("eval", str(cases), "--json").stdout)
    assert data["cases"] == 2 and data["right"] == 1.0 and data["oos_rejected"] == 1.0


def test_eval_rejects_unknown_ids(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text('cases:\n- {q: "x", expect: [khong-co]}\n', encoding="utf-8")
    out = dvcbot("eval", str(cases))
    assert out.returncode == 1 and "khong-co" in out.stderr


def test_ask_with_an_invalid_knowledge_base_exits_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("procedures: []\n", encoding="utf-8")
    out = dvcbot("--knowledge", str(bad), "ask", "x")
    assert out.returncode == 1 and f"{bad}:1:" in out.stderr


@pytest.mark.parametrize("command", ["chat", "run", "check", "ask", "eval"])
def test_every_command_has_help(command):
    out = dvcbot(command, "--help")
    assert out.returncode == 0 and "usage: dvcbot" in out.stdout


def test_no_command_prints_help_and_exits_2():
    out = dvcbot()
    assert out.returncode == 2 and "usage: dvcbot" in out.stdout
