"""Rows of buttons several parts of the dialogue put under their replies."""
from __future__ import annotations

from bot.dialogue import callbacks as cb
from bot.dialogue import texts
from bot.dialogue.types import Button


def feedback_row(pid: str, on_guide: bool = False) -> list[Button]:
    """👍 / 👎 under an answer about procedure `pid` (or at the end of its walkthrough)."""
    return [Button(texts.BTN_USEFUL, cb.Feedback(pid, True, on_guide).pack()),
            Button(texts.BTN_NOT_USEFUL, cb.Feedback(pid, False, on_guide).pack())]
