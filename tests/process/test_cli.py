"""The `dvcbot` command through its process interface: output, JSON Lines, exit codes."""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from helpers import REPO
from helpers.commands import run_dvcbot

KB = REPO / "procedures.yaml"


def dvcbot(*args: str, stdin: str | None = None, cwd: Path | None = None, env: dict | None = None):
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "DVCBOT_KNOWLEDGE": str(KB), **(env or {})}
    return run_dvcbot(*args, input=stdin, cwd=cwd or REPO, env=full_env)


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


# -- `dvcbot check`: expiry and review age -----------------------------------------------------

def small_kb(reviewed: str, fee: str = "15.000đ", oos_reviewed: str | None = None) -> str:
    return (
        "places:\n"
        "  - {id: cong-an-xa, name: Công an xã Đại Phước}\n"
        "procedures:\n"
        "  - id: dang-ky-tam-tru\n"
        "    title: Đăng ký tạm trú\n"
        "    aliases: [tạm trú]\n"
        "    questions: [đăng ký tạm trú cần gì]\n"
        "    where: [{place: cong-an-xa}]\n"
        "    documents: [Tờ khai CT01]\n"
        "    time: 3 ngày làm việc\n"
        f"    fee:\n{fee}"
        "    online: {channels: [VNeID], links: []}\n"
        "    steps: [Nộp tờ khai]\n"
        "    sources: [{title: Luật Cư trú 2020, covers: [agency, time, fee]}]\n"
        f"    reviewed: {reviewed}\n"
        "out_of_scope:\n"
        "  - id: ho-chieu\n"
        "    title: Hộ chiếu\n"
        "    go: Bà con làm ở Công an tỉnh.\n"
        "    phrasings: [làm hộ chiếu]\n"
        "    sources: [{title: \"Luật Xuất cảnh, nhập cảnh của công dân Việt Nam 2019\"}]\n"
        f"    reviewed: {oos_reviewed or reviewed}\n"
    )


def today_minus(days: int) -> str:
    from datetime import date, timedelta

    return (date.today() - timedelta(days=days)).isoformat()


def test_check_exits_1_at_the_line_of_an_expired_item(tmp_path):
    from datetime import date, timedelta

    yesterday = (date.today() - timedelta(days=1)).isoformat()
    kb = tmp_path / "kb.yaml"
    kb.write_text(small_kb(today_minus(1), fee=(
        "      - 15.000đ tại quầy\n"
        f"      - {{text: \"7.000đ nộp trực tuyến\", valid_until: {yesterday}}}\n")), encoding="utf-8")
    out = dvcbot("check", str(kb))
    assert out.returncode == 1, out.stdout + out.stderr
    line = kb.read_text(encoding="utf-8").splitlines().index(
        f"      - {{text: \"7.000đ nộp trực tuyến\", valid_until: {yesterday}}}") + 1
    assert out.stdout.splitlines() == [
        f"{kb}:{line}: 'fee' của thủ tục 'dang-ky-tam-tru': mục \"7.000đ nộp trực tuyến\" đã hết hạn "
        f"(valid_until: {yesterday}); Trợ lý không còn hiện mục này cho bà con. Cách sửa: cập nhật nội dung và "
        "ngày valid_until, hoặc xóa mục này"]


def test_check_accepts_an_item_valid_until_today(tmp_path):
    from datetime import date

    kb = tmp_path / "kb.yaml"
    kb.write_text(small_kb(today_minus(0), fee=f"      - {{text: 7.000đ, valid_until: {date.today().isoformat()}}}\n"),
                  encoding="utf-8")
    out = dvcbot("check", str(kb))
    assert out.returncode == 0 and out.stdout == f"{kb}: OK\n", out.stdout + out.stderr


def test_check_warns_about_old_reviews_and_still_exits_0(tmp_path):
    kb = tmp_path / "kb.yaml"
    kb.write_text(small_kb(today_minus(181), fee="      - 15.000đ\n", oos_reviewed=today_minus(180)), encoding="utf-8")
    lines = kb.read_text(encoding="utf-8").splitlines()
    proc_line = lines.index(f"    reviewed: {today_minus(181)}") + 1
    oos_line = lines.index(f"    reviewed: {today_minus(180)}") + 1

    out = dvcbot("check", str(kb))
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines() == [
        f"{kb}:{proc_line}: cảnh báo: thủ tục 'dang-ky-tam-tru' chưa được xem lại 181 ngày "
        f"(reviewed: {today_minus(181)}, quá 180 ngày): hãy đối chiếu lại với văn bản hiện hành rồi ghi ngày xem lại",
        f"{kb}: OK (1 cảnh báo)"]

    out = dvcbot("check", "--max-age-days", "90", str(kb))
    assert out.returncode == 0
    warned = [r for r in out.stdout.splitlines() if ": cảnh báo: " in r]
    assert [r.split(":")[1] for r in warned] == [str(proc_line), str(oos_line)]
    assert "out_of_scope 'ho-chieu' chưa được xem lại 180 ngày" in warned[1] and "quá 90 ngày" in warned[1]

    out = dvcbot("check", str(kb), env={"DVCBOT_REVIEW_MAX_DAYS": "365"})
    assert out.returncode == 0 and out.stdout == f"{kb}: OK\n"
    # The option wins over the environment.
    out = dvcbot("check", "--max-age-days", "10", str(kb), env={"DVCBOT_REVIEW_MAX_DAYS": "365"})
    assert out.stdout.count("cảnh báo:") == 2


def test_check_warnings_come_with_errors_and_exit_1(tmp_path):
    kb = tmp_path / "kb.yaml"
    kb.write_text(small_kb(today_minus(400), fee="      - 15.000đ (cần kiểm tra lại)\n"), encoding="utf-8")
    out = dvcbot("check", str(kb))
    assert out.returncode == 1
    rows = out.stdout.splitlines()
    assert any("('cần kiểm tra lại')" in r and "staff_notes" in r and ": cảnh báo: " not in r for r in rows), rows
    assert sum(": cảnh báo: " in r for r in rows) == 2 and "OK" not in out.stdout


@pytest.mark.parametrize("args", [["--max-age-days", "-3"], ["--max-age-days", "nửa năm"]])
def test_check_with_a_bad_review_age_option_exits_2_politely(tmp_path, args):
    kb = tmp_path / "kb.yaml"
    kb.write_text(small_kb(today_minus(1), fee="      - 15.000đ\n"), encoding="utf-8")
    out = dvcbot("check", *args, str(kb))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert f"cần một số ngày (số nguyên không âm), không phải '{args[1]}'" in out.stderr


@pytest.mark.parametrize("value", ["nửa năm", "-3", "180d"])
def test_check_with_a_bad_review_age_variable_is_a_configuration_error(tmp_path, value):
    """DVCBOT_REVIEW_MAX_DAYS is checked with every other variable (bot.config): exit 2 and
    the same message as any malformed variable, even when the option would override it."""
    kb = tmp_path / "kb.yaml"
    kb.write_text(small_kb(today_minus(1), fee="      - 15.000đ\n"), encoding="utf-8")
    for args in ([], ["--max-age-days", "10"]):
        out = dvcbot("check", *args, str(kb), env={"DVCBOT_REVIEW_MAX_DAYS": value})
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
        assert out.stdout == ""
        assert out.stderr.startswith("Cấu hình sai, chưa chạy được")
        assert f"DVCBOT_REVIEW_MAX_DAYS={value!r}: cần một số nguyên >= 0 / expected a whole number >= 0" \
            in out.stderr


def test_check_needs_no_other_setting_and_reads_the_review_age_from_dotenv(tmp_path):
    """No token, no database, no DVCBOT_* variable at all: `dvcbot check` works; a .env in the
    working directory sets DVCBOT_REVIEW_MAX_DAYS like any other variable."""
    kb = tmp_path / "kb.yaml"
    kb.write_text(small_kb(today_minus(181), fee="      - 15.000đ\n", oos_reviewed=today_minus(1)),
                  encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVCBOT_")}
    env.update(PYTHONIOENCODING="utf-8", PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))

    def check() -> subprocess.CompletedProcess[str]:
        return run_dvcbot("check", str(kb), cwd=tmp_path, env=env)

    out = check()
    assert out.returncode == 0, out.stderr
    assert out.stdout.endswith(f"{kb}: OK (1 cảnh báo)\n") and "quá 180 ngày" in out.stdout
    (tmp_path / ".env").write_text("DVCBOT_REVIEW_MAX_DAYS=365\n", encoding="utf-8")
    out = check()
    assert out.returncode == 0 and out.stdout == f"{kb}: OK\n", out.stdout + out.stderr
    (tmp_path / ".env").write_text("DVCBOT_REVIEW_MAX_DAYS=sáu tháng\n", encoding="utf-8")
    out = check()
    assert out.returncode == 2 and "DVCBOT_REVIEW_MAX_DAYS='sáu tháng'" in out.stderr
