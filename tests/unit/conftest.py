"""The shipped knowledge base and its matcher for the matching tests: read, checked and
indexed once per session (the top conftest's `shipped_knowledge`), shared by every module.
Both are immutable; a test that needs another builds it (dataclasses.replace, Matcher(kb,
config)), and one that patches the matcher does so through monkeypatch, which undoes it."""
from __future__ import annotations

import pytest

from knowledge.matching import Matcher
from knowledge.models import KnowledgeBase


@pytest.fixture(scope="session")
def kb(shipped_knowledge) -> KnowledgeBase:
    return shipped_knowledge.current.kb


@pytest.fixture(scope="session")
def matcher(shipped_knowledge) -> Matcher:
    return shipped_knowledge.current.matcher
