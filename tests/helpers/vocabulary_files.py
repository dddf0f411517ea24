"""A knowledge base file whose `vocabulary:` section staff have extended: the shipped
procedures.yaml with lines put at the top of that section (tests of vocabulary entries)."""
from __future__ import annotations

from pathlib import Path

from helpers import KB_PATH

ANCHOR = "\nvocabulary:\n"


def with_vocabulary(tmp_path: Path, lines: str) -> tuple[Path, int]:
    """The shipped knowledge base with `lines` at the top of its vocabulary section, written in
    tmp_path, and the line number of the first of them."""
    text = KB_PATH.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    first = text[:text.index(ANCHOR)].count("\n") + 3
    path = tmp_path / "kb.yaml"
    path.write_text(text.replace(ANCHOR, ANCHOR + lines, 1), encoding="utf-8")
    return path, first
