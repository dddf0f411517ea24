"""Hostile knowledge files: an alias bomb, a huge file, a load that runs out of memory.

What must hold: `dvcbot check` refuses them with `FILE:LINE: ...` (exit 1) at a small,
bounded cost; a running bot (LiveKnowledge.reload: the reload job and /tailai) keeps the last
good knowledge base and reports the problem like any other, once.
"""
from __future__ import annotations

import os
import shutil
import tracemalloc

from bot.cli.main import main
from bot.dialogue.live_knowledge import LiveKnowledge
from helpers import KB_PATH


def alias_bomb(levels: int = 6, width: int = 9) -> str:
    """Nested aliases: each level repeats the one before `width` times (9**6 = 531,441 values
    for 6 levels: about 150 MB once expanded; 9 levels would need tens of gigabytes)."""
    lines = ["vocabulary:", "  synonyms:", "    l0: &l0 [" + ", ".join(["xx"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"    l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def with_shipped_procedures(head: str) -> str:
    return head + KB_PATH.read_text(encoding="utf-8")


def test_the_bomb_is_small():
    assert len(alias_bomb().encode()) < 400


def test_check_refuses_an_alias_bomb_with_its_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(with_shipped_procedures(alias_bomb(levels=9)), encoding="utf-8")
    tracemalloc.start()
    try:
        code = main(["check", str(bomb)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    out = capsys.readouterr().out
    assert code == 1, out
    lines = out.strip().splitlines()
    assert len(lines) == 1, out
    # The first alias past 10,000 repeated values: the first *l3 of line 7 (8,289 before it).
    assert lines[0].startswith(f"{bomb}:7: bí danh YAML '*l3'"), out
    assert "không lồng bí danh" in lines[0]
    assert peak < 20 * 1024 * 1024, f"checking took {peak / 1e6:.0f} MB"


def test_reload_refuses_the_bomb_and_keeps_serving(tmp_path):
    path = tmp_path / "procedures.yaml"
    shutil.copy(KB_PATH, path)
    live = LiveKnowledge.load(path)
    before = live.current
    path.write_text(with_shipped_procedures(alias_bomb()), encoding="utf-8")
    os.utime(path, (before.mtime + 5, before.mtime + 5))  # a change the poll notices
    tracemalloc.start()
    try:
        problems = live.reload_if_changed()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems and [p.line for p in problems] == [7], problems
    assert "bí danh YAML" in problems[0].message
    assert peak < 20 * 1024 * 1024, f"reloading took {peak / 1e6:.0f} MB"
    assert live.current.kb is before.kb  # the last good one serves on
    assert live.matcher.route("dang ky tam tru").procedure == "dang-ky-tam-tru"
    assert live.reload_if_changed() is None  # reported once, not retried every minute


def test_a_few_aliases_are_still_allowed(tmp_path):
    """Sharing a block a few times (the first procedure's documents reused by the second)
    is an ordinary use of YAML and loads."""
    lines = KB_PATH.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.strip() == "documents:"]
    first, second = starts[0], starts[1]
    indent = lines[second][: len(lines[second]) - len(lines[second].lstrip())]
    end = second + 1
    while lines[end].startswith(indent + "  ") or lines[end].startswith(indent + "-"):
        end += 1
    lines[first] = lines[first].rstrip("\n") + " &shared\n"
    lines[second:end] = [f"{indent}documents: *shared\n"]
    path = tmp_path / "kb.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    kb = LiveKnowledge.load(path).kb
    assert kb.procedures[1].documents == kb.procedures[0].documents != ()


def test_an_alias_inside_its_own_block_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "loop.yaml"
    path.write_text(with_shipped_procedures(
        "vocabulary:\n  synonyms: &self\n    a: [x, y]\n    b: *self\n"), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:4: bí danh YAML '*self'"), out


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DVCBOT_KNOWLEDGE_MAX_MB", "1")
    path = tmp_path / "big.yaml"
    filler = "# " + "x" * 1000 + "\n"
    path.write_text(KB_PATH.read_text(encoding="utf-8") + filler * 1200, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    size = f"{path.stat().st_size / 1024 / 1024:.1f}".replace(".", ",")  # the shipped file's size varies
    assert out.startswith(f"{path}:1: tệp quá lớn ({size} MB; tối đa 1,0 MB, đặt bằng DVCBOT_KNOWLEDGE_MAX_MB)"), out
    # Under the limit, the same file is fine.
    monkeypatch.setenv("DVCBOT_KNOWLEDGE_MAX_MB", "2")
    assert main(["check", str(path)]) == 0


def test_running_out_of_memory_while_reloading_is_a_bad_file(tmp_path, monkeypatch):
    path = tmp_path / "procedures.yaml"
    shutil.copy(KB_PATH, path)
    live = LiveKnowledge.load(path)
    before = live.current

    def no_memory(kb):
        raise MemoryError

    monkeypatch.setattr("bot.dialogue.live_knowledge.Matcher", no_memory)
    os.utime(path, (before.mtime + 5, before.mtime + 5))
    problems = live.reload_if_changed()
    assert [str(p) for p in problems] == [
        f"{path}:1: không đủ bộ nhớ để nạp tệp (tệp quá lớn hoặc có bí danh YAML lồng nhau): "
        "bản đang chạy được giữ nguyên"]
    assert live.current.kb is before.kb
    assert live.reload_if_changed() is None  # not retried every minute

    def too_deep(kb):
        raise RecursionError

    monkeypatch.setattr("bot.dialogue.live_knowledge.Matcher", too_deep)
    problems = live.reload()
    assert problems and "lồng nhau quá sâu" in problems[0].message
    assert live.current.kb is before.kb
