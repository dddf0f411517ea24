"""Every labelled set in tests/data loads and names only procedures the shipped knowledge base
has: a renamed or removed procedure would otherwise make a set measure nothing (dvcbot eval
refuses it). Only the labels are read here; no set is routed (held-out sets are measured, never
held by a test)."""
from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.evaluation import load_cases

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = sorted([*DATA.glob("labelled-*.yaml"), DATA / "dev-questions.yaml"])


def test_the_sets_are_there():
    assert len(SETS) >= 50


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_a_set_loads_and_names_known_procedures(kb, path):
    cases = load_cases(path)
    assert cases, path
    known = {p.id for p in kb.procedures}
    unknown = {(c.line, e) for c in cases for e in c.expect if e not in known}
    assert not unknown, f"{path.name}: unknown ids {sorted(unknown)}"
    assert len({c.q for c in cases}) == len(cases), f"{path.name}: a message is written twice"
