"""What the dialogue keeps between turns (`SessionData`), and its one codec to and from the
JSON stored in `Session.data` (bot.storage.ports).

The stored form is the one the engine has always written (short keys such as "n", "esc",
"consent": {"q", "p", "s", "m", "h", "o"}), so sessions stored before this module existed are
read as they are: an open walkthrough, a pending question or consent, an open escalation survive
an upgrade. Decoding never raises: a value of the wrong type is dropped (as if never set), keys
this version does not know are kept in `extra` and written back unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_RATED = 20  # feedback keys remembered against a second vote


@dataclass
class Media:
    """A photo, voice message... the citizen sent, waiting for "Gửi cho tình nguyện viên"
    (stored as {"k": kind, "f": file_id, "c": caption})."""

    kind: str
    file_id: str
    caption: str = ""


@dataclass
class Consent:
    """The question asked to be sent to the volunteers, until "Đồng ý"/"Không" (stored as
    {"q": question, "p": procedure, "s": step, "m": media, "h": path, "o": sealed original})."""

    question: str = ""  # masked
    procedure: str | None = None
    step: str | None = None
    media: Media | None = None
    path: list[str] | None = None  # the walkthrough's steps taken (set when `step` is)
    original: str | None = None  # sealed (bot.dialogue.vault), for "Xem số đã ẩn" only


@dataclass
class SessionData:
    nonce: str | None = None  # "n": buttons carry it; a pressed one without it is stale
    history: list[str] = field(default_factory=list)  # the walkthrough's steps before this one
    clarify: list[str] = field(default_factory=list)  # procedures offered to choose from
    pending: str | None = None  # the last question not answered (masked)
    pending_original: str | None = None  # "pending_o": sealed, beside a masked `pending`
    consent: Consent | None = None
    ask_person: bool = False  # "hỏi người thật" was asked: the next text goes to volunteers
    handed: bool = False  # the pending question went to the volunteers
    escalation: int | None = None  # "esc": the open escalation
    follow: int | None = None  # an answered escalation the next text adds to ("Hỏi thêm")
    forward: str | None = None  # "fwd": a text sent while waiting, for "Trợ lý tự trả lời"
    followup_times: list[int] = field(default_factory=list)  # "ft": unix seconds of follow-ups
    media: Media | None = None
    rated: list[str] = field(default_factory=list)  # feedback given (procedure ids, "g:", "e:")
    answers_seen: int | None = None  # the terminal chat: last volunteer answer shown
    extra: dict[str, Any] = field(default_factory=dict)  # keys of another version, kept

    def rate(self, key: str) -> bool:
        """Remember feedback `key`; False if it was given already."""
        if key in self.rated:
            return False
        self.rated = (self.rated + [key])[-MAX_RATED:]
        return True


_KNOWN = ("n", "history", "clarify", "pending", "pending_o", "consent", "ask_person", "handed",
          "esc", "follow", "fwd", "ft", "media", "rated", "answers_seen")


def _str(v: object) -> str | None:
    return v if isinstance(v, str) else None


def _int(v: object) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _strs(v: object) -> list[str]:
    return [x for x in v if isinstance(x, str)] if isinstance(v, list) else []


def _media(v: object) -> Media | None:
    if not isinstance(v, dict):
        return None
    kind, file_id = _str(v.get("k")), _str(v.get("f"))
    if not kind or file_id is None:
        return None
    return Media(kind, file_id, _str(v.get("c")) or "")


def _consent(v: object) -> Consent | None:
    if not isinstance(v, dict):
        return None
    path = v.get("h")
    return Consent(_str(v.get("q")) or "", _str(v.get("p")), _str(v.get("s")), _media(v.get("m")),
                   _strs(path) if isinstance(path, list) else None, _str(v.get("o")))


def decode(raw: object) -> SessionData:
    """The stored JSON (today's or an older engine's) as SessionData; never raises."""
    if not isinstance(raw, dict):
        return SessionData()
    return SessionData(
        nonce=_str(raw.get("n")) or None,
        history=_strs(raw.get("history")),
        clarify=_strs(raw.get("clarify")),
        pending=_str(raw.get("pending")),
        pending_original=_str(raw.get("pending_o")) or None,
        consent=_consent(raw.get("consent")),
        ask_person=raw.get("ask_person") is True,
        handed=raw.get("handed") is True,
        escalation=_int(raw.get("esc")),
        follow=_int(raw.get("follow")),
        forward=_str(raw.get("fwd")) or None,
        followup_times=[x for x in raw.get("ft") or [] if _int(x) is not None]
        if isinstance(raw.get("ft"), list) else [],
        media=_media(raw.get("media")),
        rated=_strs(raw.get("rated")),
        answers_seen=_int(raw.get("answers_seen")),
        extra={k: v for k, v in raw.items() if k not in _KNOWN},
    )


def _media_json(m: Media) -> dict[str, Any]:
    return {"k": m.kind, "f": m.file_id, "c": m.caption}


def _consent_json(c: Consent) -> dict[str, Any]:
    out: dict[str, Any] = {"q": c.question, "p": c.procedure, "s": c.step,
                           "m": _media_json(c.media) if c.media else None}
    if c.path is not None:
        out["h"] = list(c.path)
    if c.original:
        out["o"] = c.original
    return out


def encode(d: SessionData) -> dict[str, Any]:
    """The JSON to store: the same keys the engine has always written; unset values left out."""
    out: dict[str, Any] = dict(d.extra)
    values: dict[str, Any] = {
        "n": d.nonce, "history": list(d.history) or None, "clarify": list(d.clarify) or None,
        "pending": d.pending, "pending_o": d.pending_original,
        "consent": _consent_json(d.consent) if d.consent else None,
        "ask_person": d.ask_person or None, "handed": d.handed or None,
        "esc": d.escalation, "follow": d.follow, "fwd": d.forward,
        "ft": list(d.followup_times) or None, "media": _media_json(d.media) if d.media else None,
        "rated": list(d.rated) or None, "answers_seen": d.answers_seen,
    }
    out.update({k: v for k, v in values.items() if v is not None})
    return out
