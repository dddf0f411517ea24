"""Button (callback) data: one small type per kind of button, `pack()` to a string of at most
64 bytes and `parse()` back; anything malformed is refused here (parse returns None).

Citizens' buttons carry the session's nonce ("<action>:<nonce>[:<arg>...]"; producers pack
with the placeholder types.NONCE, which the engine replaces at the end of the turn):
    Open       p|st|fq|dc|sr|dt:N:<pid>    a procedure's card, steps, FAQ, documents, sources,
                                           everything unshortened
    Feedback   fb:N:<pid>:1|0[:g]          useful / not useful (g: on a walkthrough)
    StartGuide gs:N:<pid>                  start the walkthrough of a procedure
    GuideNav   g:N:next|back|stuck|stop|go, g:N:c:<i>   the step's buttons
    Clarify    c:N:<i> | c:N:x             candidate i of the offer | "Không phải"
    Volunteer  v:N:q|stuck|photo|yes|no|auto, v:N:fb:<pid>   hand-off (bot.dialogue.handoff)
    Browse     t:N | t:N:<topic> | t:N:- | t:N:+
Under a volunteer's relayed answer (no nonce: sent outside the citizen's turn):
    AnswerButton  e:-:ok|more:<id>, e:-:fb:<id>:1|0
Volunteers' buttons in the group (no nonce: the escalation's state is checked instead):
    VolunteerAction  vn|vd|vk|vkq|vkf|vkx|vr:-:<id>[:<arg>]
Ids in button data are still checked against the knowledge base by the consumer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from bot.dialogue.types import NONCE

MAX_CALLBACK_BYTES = 64  # Telegram's limit
MAX_ID = 2**63 - 1  # the database's BIGINT: a larger number is no escalation, not an error
_ID = re.compile(r"[0-9]{1,19}")
_INDEX = re.compile(r"[0-9]{1,2}")  # ASCII only: "²".isdigit() is True
OPEN_ACTIONS = ("p", "st", "fq", "dc", "sr", "dt")
GUIDE_COMMANDS = ("next", "back", "stuck", "stop", "go")
VOLUNTEER_WHATS = ("q", "stuck", "photo", "yes", "no", "auto")
VOLUNTEER_ACTIONS = ("vn", "vd", "vk", "vkq", "vkf", "vkx", "vr")
ANSWER_WHATS = ("ok", "more", "fb")


def parse_id(text: str) -> int | None:
    """An escalation number typed or carried in button data: ASCII digits only ("²" and "١"
    pass str.isdigit and are refused here), within the database's range; else None."""
    if not _ID.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def _join(action: str, nonce: str, *args: str) -> str:
    return ":".join((action, nonce, *args))


@dataclass(frozen=True)
class Open:
    action: str  # one of OPEN_ACTIONS
    procedure: str

    def pack(self, nonce: str = NONCE) -> str:
        return _join(self.action, nonce, self.procedure)


@dataclass(frozen=True)
class Feedback:
    procedure: str
    useful: bool
    on_guide: bool = False

    def pack(self, nonce: str = NONCE) -> str:
        flag = "1" if self.useful else "0"
        return _join("fb", nonce, self.procedure, flag, *(("g",) if self.on_guide else ()))


@dataclass(frozen=True)
class StartGuide:
    procedure: str

    def pack(self, nonce: str = NONCE) -> str:
        return _join("gs", nonce, self.procedure)


@dataclass(frozen=True)
class GuideNav:
    command: str  # one of GUIDE_COMMANDS, or "c" with `choice`
    choice: int | None = None

    def pack(self, nonce: str = NONCE) -> str:
        if self.command == "c":
            return _join("g", nonce, "c", str(self.choice))
        return _join("g", nonce, self.command)


@dataclass(frozen=True)
class Clarify:
    choice: int | None  # None: "Không phải" (none of these)

    def pack(self, nonce: str = NONCE) -> str:
        return _join("c", nonce, "x" if self.choice is None else str(self.choice))


@dataclass(frozen=True)
class Volunteer:
    what: str  # one of VOLUNTEER_WHATS, or "fb" with `procedure`
    procedure: str | None = None

    def pack(self, nonce: str = NONCE) -> str:
        if self.what == "fb":
            return _join("v", nonce, "fb", self.procedure or "")
        return _join("v", nonce, self.what)


@dataclass(frozen=True)
class Browse:
    topic: str | None = None  # None: the topics; "-": without topic; "+": the walkthroughs

    def pack(self, nonce: str = NONCE) -> str:
        return _join("t", nonce) if self.topic is None else _join("t", nonce, self.topic)


@dataclass(frozen=True)
class AnswerButton:
    what: str  # one of ANSWER_WHATS
    escalation_id: int
    useful: bool | None = None  # "fb" only

    def pack(self) -> str:
        if self.what == "fb":
            return _join("e", "-", "fb", str(self.escalation_id), "1" if self.useful else "0")
        return _join("e", "-", self.what, str(self.escalation_id))


CitizenData = Open | Feedback | StartGuide | GuideNav | Clarify | Volunteer | Browse


@dataclass(frozen=True)
class Pressed:
    """A citizen's button as parsed: the nonce it carries and what it asks for."""

    nonce: str
    button: CitizenData


def _citizen_button(action: str, args: list[str]) -> CitizenData | None:  # noqa: PLR0911
    n = len(args)
    if action in OPEN_ACTIONS and n == 1:
        return Open(action, args[0])
    if action == "gs" and n == 1:
        return StartGuide(args[0])
    if action == "fb" and n in (2, 3) and args[1] in ("0", "1") and (n == 2 or args[2] == "g"):
        return Feedback(args[0], args[1] == "1", on_guide=n == 3)
    if action == "g" and n == 1 and args[0] in GUIDE_COMMANDS:
        return GuideNav(args[0])
    if action == "g" and n == 2 and args[0] == "c" and _INDEX.fullmatch(args[1]):
        return GuideNav("c", int(args[1]))
    if action == "c" and n == 1 and (args[0] == "x" or _INDEX.fullmatch(args[0])):
        return Clarify(None if args[0] == "x" else int(args[0]))
    if action == "v" and n == 1 and args[0] in VOLUNTEER_WHATS:
        return Volunteer(args[0])
    if action == "v" and n == 2 and args[0] == "fb":
        return Volunteer("fb", args[1])
    if action == "t" and n <= 1:
        return Browse(args[0] if args else None)
    return None


def parse(data: str) -> Pressed | AnswerButton | None:
    """A citizen's button data, or None when it is malformed (the engine says "outdated")."""
    if len((data or "").encode("utf-8")) > MAX_CALLBACK_BYTES:
        return None
    parts = (data or "").split(":")
    if len(parts) < 2:
        return None
    if parts[0] == "e" and parts[1] == "-":
        return parse_answer(parts[2:])
    button = _citizen_button(parts[0], parts[2:])
    return None if button is None else Pressed(parts[1], button)


def parse_answer(args: list[str]) -> AnswerButton | None:
    """The part after "e:-:" of a button under a relayed answer."""
    if len(args) < 2 or args[0] not in ANSWER_WHATS:
        return None
    escalation_id = parse_id(args[1])
    if escalation_id is None:
        return None
    if args[0] == "fb":
        if len(args) != 3 or args[2] not in ("0", "1"):
            return None
        return AnswerButton("fb", escalation_id, args[2] == "1")
    return AnswerButton(args[0], escalation_id) if len(args) == 2 else None


class VolunteerAction(NamedTuple):
    """A volunteers' button: (action, escalation id, arg); unpacks as a tuple."""

    action: str
    escalation_id: int
    arg: str = ""

    def pack(self) -> str:
        return _join(self.action, "-", str(self.escalation_id), *((self.arg,) if self.arg else ()))

    @classmethod
    def parse(cls, value: str) -> VolunteerAction | None:
        parts = (value or "").split(":", 3)
        if len(parts) < 3 or parts[0] not in VOLUNTEER_ACTIONS or parts[1] != "-":
            return None
        escalation_id = parse_id(parts[2])
        if escalation_id is None:
            return None
        return cls(parts[0], escalation_id, parts[3] if len(parts) > 3 else "")
