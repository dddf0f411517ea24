"""The dialogue's data types, shared by the engine and the hand-off: an `Event` in, `Reply`s
with rows of `Button`s out, and the `Turn` (one event being decided on one session)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.dialogue.privacy import find_personal, looks_like_secret, mask_personal
from bot.dialogue.session_data import SessionData
from bot.storage.ports import FeedbackRecord, GuideEvent, QuestionRecord, Session
from knowledge.facets import FacetDetector
from knowledge.matching import Matcher
from knowledge.models import KnowledgeBase

EventKind = Literal["text", "button", "command", "media"]
MEDIA_KINDS = ("photo", "voice", "sticker", "location", "document", "video", "other")
NONCE = "~"  # placeholder in button data, replaced by the session nonce at the end of a turn
MAX_LOGGED_CHARS = 2000


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # callback data, <= 64 bytes


@dataclass
class Reply:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    edit: bool = False  # the adapter may edit the message whose button was pressed


@dataclass(frozen=True)
class Event:
    citizen: str  # "tg:<user id>", "cli:<name>"
    kind: EventKind
    text: str = ""  # kind "text"
    data: str = ""  # kind "button": the pressed button's data
    command: str = ""  # kind "command": without "/", e.g. "start"
    args: str = ""  # kind "command": the rest of the line, e.g. a deep-link payload
    media: str = ""  # kind "media": one of MEDIA_KINDS
    file_id: str = ""  # kind "media": the transport's reference to the file (Telegram file_id)
    caption: str = ""  # kind "media": the text sent with it

    @classmethod
    def message(cls, citizen: str, text: str) -> Event:
        """A typed line: a command event if it starts with "/", else a text event."""
        stripped = text.strip()
        if stripped.startswith("/"):
            head, _, rest = stripped[1:].partition(" ")
            return cls(citizen, "command", command=head, args=rest.strip())
        return cls(citizen, "text", text=text)

    @classmethod
    def button(cls, citizen: str, data: str) -> Event:
        return cls(citizen, "button", data=data)


@dataclass
class Turn:
    """One event being decided: the session as loaded, the knowledge snapshot, and what the
    turn will store with the session (see bot.dialogue.engine)."""

    event: Event
    session: Session
    kb: KnowledgeBase
    matcher: Matcher
    questions: list[QuestionRecord] = field(default_factory=list)
    feedback: list[FeedbackRecord] = field(default_factory=list)
    guide_events: list[GuideEvent] = field(default_factory=list)  # the walkthrough funnel
    # The same for every redo of one event: makes writes done before the save idempotent.
    key: str = ""
    # Which aspect a question asks about; the snapshot's (built with its knowledge base).
    facets: FacetDetector | None = None
    # What the session keeps between turns, decoded from session.data (bot.dialogue.session_data);
    # the engine encodes it back before the save.
    data: SessionData = field(default_factory=SessionData)

    def record(self, text: str, normalised: str, decision: str, procedure: str | None,
               score: float) -> None:
        """Log a question of this turn, personal data masked."""
        self.questions.append(QuestionRecord(
            self.session.citizen, mask_personal(text)[:MAX_LOGGED_CHARS],
            mask_personal(normalised)[:MAX_LOGGED_CHARS], decision, procedure, float(score)))


def looks_sensitive(text: str) -> bool:
    """A full 9- or 12-digit ID number, or a password/OTP/PIN together with its value."""
    return looks_like_secret(text) or any(f.kind == "id_card" for f in find_personal(text))


def mask(text: str) -> str:
    """What the matcher sees: personal data (bot.dialogue.privacy) replaced by a neutral "***" (a tag
    such as "[số CCCD]" would pull the question towards the ID-card procedures)."""
    return mask_personal(text, placeholder="***")
