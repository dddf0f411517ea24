"""The one citizen driver for conversations with the engine (no Telegram in between).

    lan = Citizen(engine)                     # key "tg:1001"
    await lan.says("dang ky tam tru can gi")
    await lan.presses("Các bước làm", "Tiếp")  # one button after the other
    assert "Tạm trú" in lan.sees

For the same through the whole Application and a fake Bot API, see helpers.fake_telegram
(`TelegramChat`).
"""
from __future__ import annotations

from bot.dialogue.engine import Engine, Event, Reply


class Citizen:
    """Someone chatting: remembers the last replies, presses buttons by their label.

    A label is matched exactly, or failing that as a part of a button's label; with
    `exact_labels=True` only exactly (a walk that must press precisely what a step offers)."""

    def __init__(self, engine: Engine, key: str = "tg:1001", *, exact_labels: bool = False):
        self.engine = engine
        self.key = key
        self.exact_labels = exact_labels
        self.replies: list[Reply] = []
        self.history: list[list[Reply]] = []

    async def _send(self, event: Event) -> list[Reply]:
        self.replies = await self.engine.handle(event)
        self.history.append(self.replies)
        return self.replies

    async def says(self, text: str) -> list[Reply]:
        return await self._send(Event.message(self.key, text))

    async def sends(self, media: str) -> list[Reply]:
        return await self._send(Event(self.key, "media", media=media))

    async def presses(self, *labels: str) -> list[Reply]:
        """Press the buttons labelled `labels`, one after the other, each among the replies
        to the press before it."""
        for label in labels:
            await self.press_data(self.data_of(label))
        return self.replies

    async def press_data(self, data: str) -> list[Reply]:
        return await self._send(Event.button(self.key, data))

    def data_of(self, label: str) -> str:
        buttons = [b for r in self.replies for row in r.buttons for b in row]
        for b in buttons:
            if b.label == label:
                return b.data
        if not self.exact_labels:
            for b in buttons:
                if label in b.label:
                    return b.data
        raise AssertionError(f"no button {label!r} among {[b.label for b in buttons]}")

    @property
    def sees(self) -> str:
        return "\n\n".join(r.text for r in self.replies)

    @property
    def buttons(self) -> list[str]:
        return [b.label for r in self.replies for row in r.buttons for b in row]

    def has_button(self, label: str) -> bool:
        return any(label in b for b in self.buttons)

    def rows(self) -> list[list[str]]:
        """The button rows of the last reply."""
        return [[b.label for b in row] for row in self.replies[-1].buttons]
