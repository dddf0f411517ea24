"""What a walkthrough step must look like, shared by the engine and Telegram conversation tests."""
from __future__ import annotations

import re

STEP_HEADER = re.compile(r"^Bước (\d+)/(\d+)")


def step_number(text: str) -> tuple[int, int]:
    """(N, M) of the "Bước N/M" a walkthrough message starts with."""
    found = STEP_HEADER.match(text)
    assert found, text[:80]
    return int(found[1]), int(found[2])


def first_line(text: str) -> str:
    return text.strip().splitlines()[0]


def assert_step_text(text: str, guide, step_id: str) -> None:
    """`text` shows step `step_id`: "Bước N/M" (M at least the main path) and the step's words."""
    n, m = step_number(text)
    assert 1 <= n <= m and m >= max(guide.depths().values()) + 1, (step_id, text[:80])
    assert first_line(guide.step(step_id).text) in text
