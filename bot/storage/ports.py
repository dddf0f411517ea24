"""The storage interface the dialogue, the volunteers' desk and the adapters rely on.

They see only these dataclasses and protocols, one per part: `Repository` (sessions and
turns, for the engine), `QuestionLog`, `CitizenEscalations` (the citizen's side of a
hand-off), `Outbox`, `VolunteerEscalations` (the desk), `Suggestions`; `DialogueStore` and
`DeskStore` are what the hand-off and the desk are given. The SQLAlchemy implementation
(bot.storage.Storage) provides them all. Citizen keys are strings such as "tg:12345"
(Telegram user id) or "cli:local" (the terminal chat), so both adapters share one database.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol


def utcnow() -> datetime:
    return datetime.now(UTC)


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


@dataclass
class GuideEvent:
    """A walkthrough event, for the funnel of bot.reports.stats: kind "step" (step `step` of the
    walkthrough of `procedure` was shown to the citizen), "stuck" ("Tôi bị vướng" pressed on
    it) or "done" (the walkthrough finished on it)."""

    citizen: str
    procedure: str
    step: str
    kind: str
    at: datetime = field(default_factory=utcnow)


@dataclass
class TurnWrites:
    """What one citizen turn stores besides its session (see Repository.save_turn)."""

    questions: list[QuestionRecord] = field(default_factory=list)
    feedback: list[FeedbackRecord] = field(default_factory=list)
    guide_events: list[GuideEvent] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.questions and not self.feedback and not self.guide_events


class StaleSession(Exception):
    """Raised by save_session / save_turn when another writer saved the same session first."""


class DuplicateUpdate(Exception):
    """Raised by save_turn when its Telegram update is already recorded as processed: another
    instance (or an earlier delivery) handled it; this turn must have no effect and no reply."""


class Repository(Protocol):
    async def load_session(self, citizen: str) -> Session:
        """The citizen's session, or a fresh idle one (not yet stored)."""

    def unit_of_work(self) -> AbstractAsyncContextManager[Any]:
        """`async with repo.unit_of_work():` one transaction for a turn; the repository's
        writes made inside the block (by the same task) join it (bot.storage.unit_of_work)."""

    async def save_turn(self, session: Session | None, writes: TurnWrites,
                        update_id: int | None = None) -> None:
        """Store a whole turn in ONE transaction: the processed-update record of `update_id`
        (DuplicateUpdate if it exists), the session (None: unchanged; StaleSession if it
        changed meanwhile; bumps `version`), the question-log and feedback rows. Either all
        of it is stored or nothing. (Also the walkthrough events of `writes.guide_events`.)"""

    async def save_session(self, session: Session) -> None:
        """Store the session; bumps `version`; StaleSession if it changed meanwhile."""

    async def log_question(self, record: QuestionRecord) -> None: ...

    async def add_feedback(self, record: FeedbackRecord) -> None: ...

    async def close(self) -> None: ...


# --- Volunteers (see bot.storage.escalations for the operations) -----------------------------------
@dataclass
class Escalation:
    """A question handed to the volunteers. status: open | claimed | answered | resolved |
    cancelled | undeliverable. `context`: the citizen's last exchanges, masked."""

    id: int
    citizen: str
    question: str
    procedure: str | None = None
    step: str | None = None
    context: list[dict[str, Any]] = field(default_factory=list)
    status: str = "open"
    claimed_by: int | None = None
    claimed_by_name: str | None = None
    created_at: datetime = field(default_factory=utcnow)
    claimed_at: datetime | None = None
    first_answer_at: datetime | None = None
    resolved_at: datetime | None = None
    remind_at: datetime | None = None
    version: int = 1
    # The citizen's question had personal numbers masked and its original is still kept
    # (the original itself is only read by `reveal_original`, for the claiming volunteer).
    has_original: bool = False
    # The walkthrough step ids the citizen went through before `step` (None: not known, an
    # escalation stored before revision 0004): the card numbers the step as the citizen saw it.
    step_path: list[str] | None = None

    @property
    def active(self) -> bool:
        """The citizen's new messages go to this escalation."""
        return self.status in ("open", "claimed")


@dataclass
class EscalationMessage:
    """One message of an escalation: direction "citizen" or "volunteer"; kind text|photo|..."""

    escalation_id: int
    direction: str
    kind: str = "text"
    text: str = ""
    file_id: str | None = None
    volunteer_id: int | None = None
    at: datetime = field(default_factory=utcnow)
    id: int | None = None
    source: str | None = None  # a volunteer's answer: their Telegram message, "chat:message"


@dataclass
class OutboxMessage:
    """A message stored before it is sent (bot.telegram.outbound sends it once per dedupe_key).

    kind: text|photo|voice|document|video|sticker (media by Telegram file_id, text as caption);
    buttons: rows of [label, callback data]; purpose: card|media|reminder|notice|answer|...
    """

    chat_id: int
    text: str
    dedupe_key: str
    kind: str = "text"
    file_id: str | None = None
    buttons: list[list[list[str]]] | None = None
    escalation_id: int | None = None
    purpose: str = "notice"
    status: str = "pending"
    attempts: int = 0
    next_attempt_at: datetime | None = None
    sent_message_id: int | None = None
    created_at: datetime = field(default_factory=utcnow)
    sent_at: datetime | None = None
    last_error: str | None = None
    id: int | None = None


@dataclass
class Suggestion:
    """A volunteer's proposal for the knowledge base: kind "question" (a sample question of
    `procedure`) or "faq" (`question` + `answer`). status: proposed | applied | rejected."""

    question: str
    kind: str
    procedure: str | None = None
    answer: str | None = None
    escalation_id: int | None = None
    proposed_by: int | None = None
    status: str = "proposed"
    created_at: datetime = field(default_factory=utcnow)
    decided_at: datetime | None = None
    id: int | None = None


# --- What each part uses (bot.storage.Storage implements them all) ---------------------------------
MakePosts = Callable[[Escalation], Sequence[OutboxMessage]]


class QuestionLog(Protocol):
    async def recent_questions(self, citizen: str, limit: int = 10) -> list[QuestionRecord]:
        """The citizen's last questions, newest first."""


class Outbox(Protocol):
    async def enqueue(self, messages: Sequence[OutboxMessage]) -> list[int | None]:
        """Store messages to send (once per dedupe_key)."""


class EscalationLookup(Protocol):
    async def get_escalation(self, escalation_id: int) -> Escalation | None: ...

    async def resolve_escalation(self, escalation_id: int) -> Escalation | None: ...


class CitizenEscalations(EscalationLookup, Protocol):
    """The citizen's side of a hand-off (bot.dialogue.handoff)."""

    async def active_escalation(self, citizen: str) -> Escalation | None: ...

    async def count_escalations(self, citizen: str, since: datetime) -> int: ...

    async def open_escalation(
        self, citizen: str, question: str, *, procedure: str | None = None,
        step: str | None = None, context: list[dict[str, Any]] | None = None,
        remind_at: datetime | None = None, messages: Sequence[EscalationMessage] = (),
        posts: MakePosts | None = None, original: str | None = None,
        step_path: Sequence[str] | None = None,
    ) -> tuple[Escalation, bool]:
        """Store a new escalation with its first messages and group posts (outbox), or
        return the citizen's active one (created False)."""

    async def add_citizen_message(
        self, escalation_id: int, message: EscalationMessage,
        posts: Sequence[OutboxMessage] = (), *, reopen: bool = False,
    ) -> Escalation | None: ...

    async def cancel_escalation(self, escalation_id: int,
                                posts: Sequence[OutboxMessage] = ()) -> Escalation | None: ...

    async def volunteer_answers(self, citizen: str, after_id: int = 0) -> list[EscalationMessage]: ...


class DialogueStore(Repository, QuestionLog, CitizenEscalations, Outbox, Protocol):
    """Everything the dialogue (engine and hand-off) uses."""


class VolunteerEscalations(EscalationLookup, Protocol):
    """The volunteers' desk (bot.volunteers.desk)."""

    async def claim_escalation(self, escalation_id: int, volunteer_id: int,
                               volunteer_name: str) -> Escalation | None: ...

    async def answer_escalation(
        self, escalation_id: int, volunteer_id: int, volunteer_name: str, text: str,
        deliveries: Sequence[OutboxMessage], source: str | None = None,
    ) -> Escalation | None: ...

    async def add_correction(
        self, escalation_id: int, volunteer_id: int, text: str, source: str,
        deliveries: Sequence[OutboxMessage],
    ) -> Escalation | None: ...

    async def answer_versions(self, source: str) -> list[EscalationMessage]: ...

    async def escalation_messages(self, escalation_id: int) -> list[EscalationMessage]: ...

    async def list_escalations(
        self, statuses: Iterable[str] = ..., *, citizen: str | None = None,
        since: datetime | None = None, limit: int | None = None,
    ) -> list[Escalation]: ...

    async def reveal_original(self, escalation_id: int, volunteer_id: int,
                              unseal: Callable[[str], str | None] | None = None) -> str | None: ...

    async def take_due_reminders(self, now: datetime, next_at: datetime | None,
                                 posts: MakePosts, limit: int = 20) -> list[Escalation]: ...


class Suggestions(Protocol):
    async def add_suggestion(self, suggestion: Suggestion) -> int: ...


class DeskStore(VolunteerEscalations, Suggestions, Protocol):
    """Everything the volunteers' desk uses."""
