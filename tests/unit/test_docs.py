"""The README points only at what a clone of the repository has."""
from __future__ import annotations

import re

from helpers import REPO

# A relative path: segments joined by "/", not part of an absolute path or a URL.
RELATIVE_PATH = re.compile(r"(?<![\w/.:-])((?:\.\.?/)*(?:[\w.-]+/)+[\w.-]*)")
OUR_ROOTS = ("bot/", "knowledge/", "tests/", ".ci/", "../", "./")


def test_readme_references_only_files_the_repository_ships():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "../" not in readme, "the README points outside the repository"
    referenced = {m for m in RELATIVE_PATH.findall(readme) if m.startswith(OUR_ROOTS)}
    assert "tests/data/dev-questions.yaml" in referenced
    missing = sorted(p for p in referenced if not (REPO / p).exists())
    assert missing == [], f"README mentions files that are not in the repository: {missing}"


def test_the_development_questions_are_shipped_with_their_header():
    text = (REPO / "tests" / "data" / "dev-questions.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Development set of citizen messages")
    assert "\ncases:\n" in text
