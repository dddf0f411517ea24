"""The knowledge base cache: a file seen before is read back without being parsed again, and
anything else (a changed file, changed code, a damaged or stale entry) is validated as if
there were no cache, with its line numbers."""
from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from helpers import REPO
from knowledge.kb_cache import KnowledgeCache
from knowledge.loader import KnowledgeError, check_file, load_knowledge

SHIPPED = REPO / "procedures.yaml"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    shutil.copyfile(SHIPPED, path)
    return path


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.kb.json")) if directory.exists() else []


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def compose(*args: object, **kwargs: object) -> None:
        raise AssertionError("the knowledge base should come from the cache")

    monkeypatch.setattr(yaml, "compose", compose)


def test_a_file_seen_before_is_read_back_equal_without_parsing(copy, tmp_path, monkeypatch):
    cache = KnowledgeCache(tmp_path / "cache", min_bytes=0)
    expected = load_knowledge(copy, cache=KnowledgeCache(None))
    assert load_knowledge(copy, cache=cache) == expected
    assert len(entries(tmp_path / "cache")) == 1
    no_parsing(monkeypatch)
    again = load_knowledge(copy, cache=cache)
    assert again == expected
    # Guides, FAQ, places, sources, neighbours, vocabulary: all there, typed as loaded.
    assert any(p.guide for p in again.procedures) and any(p.faq for p in again.procedures)
    assert again.out_of_scope and again.places and again.vocabulary
    # A place is one object, shared by every `where` naming it, as the loader makes it.
    for procedure in again.procedures:
        for ref in procedure.where:
            assert ref.place is again.place(ref.place.id)
    # The same content under another name: the entry is used, the path is the new one.
    other = tmp_path / "elsewhere.yaml"
    shutil.copyfile(copy, other)
    assert load_knowledge(other, cache=cache).path == str(other)


def test_a_changed_file_is_validated_again_with_its_line_numbers(copy, tmp_path):
    cache = KnowledgeCache(tmp_path / "cache", min_bytes=0)
    load_knowledge(copy, cache=cache)
    text = copy.read_text(encoding="utf-8")
    broken = text.replace("\n    reviewed: ", "\n    reviewed: not-a-date ", 1)
    assert broken != text
    copy.write_text(broken, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(copy, cache=cache)
    expected = check_file(copy)
    assert expected and caught.value.problems == expected
    line = broken[: broken.index("reviewed: not-a-date")].count("\n") + 1
    assert [p.line for p in caught.value.problems] == [line]
    # A broken file is never stored; the good one's entry stays.
    assert len(entries(tmp_path / "cache")) == 1
    # A changed but valid file is loaded as it now is.
    title = load_knowledge(SHIPPED, cache=KnowledgeCache(None)).procedures[0].title
    copy.write_text(text.replace(title, f"{title} (mới)", 1), encoding="utf-8")
    assert load_knowledge(copy, cache=cache).procedures[0].title == f"{title} (mới)"
    assert len(entries(tmp_path / "cache")) == 2


def _signed(payload: bytes) -> bytes:
    return hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload


def _retitled(raw: bytes, title: str) -> bytes:
    old = title.encode("utf-8")
    assert old in raw
    return raw.replace(old, "Thủ tục khác".encode(), 1)


@pytest.mark.parametrize("damage", [
    lambda raw, title: b"PK\x03\x04 damaged",
    lambda raw, title: raw[: len(raw) // 2],  # cut short
    lambda raw, title: _retitled(raw, title),  # changed without its digest
    lambda raw, title: _signed(b'[1, "two"]'),  # another shape
    lambda raw, title: _signed(json.dumps(json.loads(raw.partition(b"\n")[2])[:-1]).encode()),  # a field less
], ids=["not-json", "cut-short", "changed", "other-shape", "field-missing"])
def test_a_damaged_entry_is_ignored_and_replaced(copy, tmp_path, damage):
    cache = KnowledgeCache(tmp_path / "cache", min_bytes=0)
    expected = load_knowledge(copy, cache=cache)
    [entry] = entries(tmp_path / "cache")
    good = entry.read_bytes()
    entry.write_bytes(damage(good, expected.procedures[0].title))
    assert load_knowledge(copy, cache=cache) == expected
    assert [e.read_bytes() for e in entries(tmp_path / "cache")] == [good]  # written again


def test_an_entry_of_other_code_is_not_used(copy, tmp_path, monkeypatch):
    """The key holds the code's version: an entry written by other code is never read."""
    import knowledge.kb_cache as kb_cache

    cache = KnowledgeCache(tmp_path / "cache", min_bytes=0)
    load_knowledge(copy, cache=cache)
    monkeypatch.setattr(kb_cache, "code_version", lambda: "another version")
    key = cache.key(copy.read_bytes())
    assert key is not None and cache.load(key, str(copy)) is None
    load_knowledge(copy, cache=cache)
    assert len(entries(tmp_path / "cache")) == 2

    def unreadable() -> str:
        raise PermissionError("the code cannot be read")

    # Code that cannot be read has no version: no cache, the file is validated.
    monkeypatch.setattr(kb_cache, "code_version", unreadable)
    assert load_knowledge(copy, cache=cache) == load_knowledge(copy, cache=KnowledgeCache(None))
    assert len(entries(tmp_path / "cache")) == 2


def test_an_unusable_cache_only_costs_time(copy, tmp_path):
    expected = load_knowledge(copy, cache=KnowledgeCache(None))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    assert load_knowledge(copy, cache=KnowledgeCache(blocked, min_bytes=0)) == expected


def test_the_cache_can_be_turned_off_and_moved(copy, tmp_path, monkeypatch):
    assert KnowledgeCache.from_environment({"DVCBOT_KNOWLEDGE_CACHE": "off"}).directory is None
    assert KnowledgeCache.from_environment({"DVCBOT_KNOWLEDGE_CACHE": str(tmp_path)}).directory == tmp_path
    home = {"XDG_CACHE_HOME": str(tmp_path)}
    assert KnowledgeCache.from_environment(home).directory == tmp_path / "dvcbot" / "knowledge"
    # Small files are validated in milliseconds: no entry for them by default.
    assert not KnowledgeCache(tmp_path).wanted(300_000) and KnowledgeCache(tmp_path).wanted(6_000_000)
    # load_knowledge follows the environment when no cache is given.
    monkeypatch.setenv("DVCBOT_KNOWLEDGE_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    load_knowledge(copy)
    assert not (tmp_path / "home").exists()


def test_a_knowledge_base_json_would_change_is_not_stored(copy, tmp_path):
    """A YAML date among the vocabulary's words is valid, but JSON would give it back as text:
    such a knowledge base is loaded every time, never stored."""
    text = copy.read_text(encoding="utf-8")
    assert "\nvocabulary:\n" in text
    copy.write_text(text.replace("\nvocabulary:\n", "\nvocabulary:\n  stopwords: [2026-01-01]\n", 1), encoding="utf-8")
    cache = KnowledgeCache(tmp_path / "cache", min_bytes=0)
    kb = load_knowledge(copy, cache=cache)
    assert kb.vocabulary["stopwords"] == [date(2026, 1, 1)]
    assert entries(tmp_path / "cache") == []
    assert load_knowledge(copy, cache=cache) == kb


def test_a_running_bot_keeps_its_knowledge_when_a_large_file_breaks(tmp_path, monkeypatch):
    """LiveKnowledge with the cache from the environment and a file over the default 1 MB: a
    broken version is reported at its line and the loaded knowledge stays; the good version
    back on disk is read from its entry."""
    from bot.dialogue.live_knowledge import LiveKnowledge

    monkeypatch.setenv("DVCBOT_KNOWLEDGE_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "procedures.yaml"
    good = SHIPPED.read_text(encoding="utf-8") + ("# " + "x" * 1000 + "\n") * 1100
    path.write_text(good, encoding="utf-8")
    assert path.stat().st_size > 1024 * 1024
    live = LiveKnowledge.load(path)
    first = live.kb
    assert len(entries(tmp_path / "cache")) == 1
    broken = good.replace("\n    reviewed: ", "\n    reviewed: 31/02/2026 ", 1)
    path.write_text(broken, encoding="utf-8")
    problems = live.reload()
    line = broken[: broken.index("reviewed: 31/02/2026")].count("\n") + 1
    assert [(p.line, "reviewed" in p.message) for p in problems] == [(line, True)]
    assert live.kb is first
    assert len(entries(tmp_path / "cache")) == 1
    path.write_text(good, encoding="utf-8")
    no_parsing(monkeypatch)
    assert live.reload() == [] and live.kb == first and live.kb is not first
