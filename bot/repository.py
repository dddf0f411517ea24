"""The storage interface the dialogue engine and adapters rely on.

The engine only sees these dataclasses and the `Repository` protocol; the SQLAlchemy
implementation lives in `bot.storage`. Citizen keys are strings such as "tg:12345"
(Telegram user id) or "cli:local" (the terminal chat), so both adapters share one database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Session:
    citizen: str
    # "idle" | "clarify" | "guide" | ... (the engine owns the vocabulary of states)
    state: str = "idle"
    procedure: str | None = None
    step: str | None = None
    # Free-form JSON-serialisable engine data (clarify candidates, button nonce, history).
    data: dict[str, Any] = field(default_factory=dict)
    # Optimistic-concurrency version; the repository bumps it on every save.
    version: int = 0
    updated: datetime = field(default_factory=utcnow)


@dataclass
class QuestionRecord:
    citizen: str
    text: str
    normalised: str
    decision: str  # "answer" | "clarify" | "none" | "small_talk" | ...
    procedure: str | None
    score: float
    at: datetime = field(default_factory=utcnow)


@dataclass
class FeedbackRecord:
    citizen: str
    procedure: str | None
    useful: bool
    comment: str = ""
    at: datetime = field(default_factory=utcnow)


class StaleSession(Exception):
    """Raised by save_session when another writer saved the same session first."""


class Repository(Protocol):
    async def load_session(self, citizen: str) -> Session:
        """The citizen's session, or a fresh idle one (not yet stored)."""

    async def save_session(self, session: Session) -> None:
        """Store the session; bumps `version`; StaleSession if it changed meanwhile."""

    async def log_question(self, record: QuestionRecord) -> None: ...

    async def add_feedback(self, record: FeedbackRecord) -> None: ...

    async def close(self) -> None: ...
