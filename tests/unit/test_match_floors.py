"""Floors on the December 2026 authors' dev sets, pooled: each was written by someone who never
saw procedures.yaml or the matcher, measured once before any tuning (the README's Measuring
section), then tuned on. The floors sit a little under what the matcher measures, so CI catches
a regression that the per-mechanism tests miss. The held-out and held-aside sets are not here:
nobody tunes on them, so no test may hold them either."""
from __future__ import annotations

from pathlib import Path

from knowledge.evaluation import evaluate, load_cases

DATA = Path(__file__).resolve().parents[1] / "data"
DEV_SETS = ("b", "c", "i", "j", "p", "r", "s", "v", "w", "y", "z", "a2", "b2", "c3", "d3", "g3", "h3", "k3", "m3", "q3",
            "a4", "b4", "c4", "d4", "i5", "k5", "m5", "n5", "a6", "b6", "c6", "d6", "e6", "i6", "k6", "m6", "n6")


def test_floors_on_the_authors_dev_sets(matcher, kb):
    cases = [c for name in DEV_SETS for c in load_cases(DATA / f"labelled-2026-12-{name}-dev.yaml")]
    report = evaluate(matcher, cases, {p.id for p in kb.procedures})
    f = report.figures
    assert f["in_scope"] >= 3000 and f["out_of_scope"] >= 1800
    assert f["right"] >= 0.98, report.as_text()
    assert f["answered_right"] >= 0.95, report.as_text()
    assert f["wrong"] <= 0.01, report.as_text()
    assert f["oos_rejected"] >= 0.98, report.as_text()
    assert f["long_right"] >= 0.97, report.as_text()
