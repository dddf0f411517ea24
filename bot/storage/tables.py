"""Table definitions shared by the repository code and the Alembic migrations.

This metadata describes the schema *at head*. Changing it is never enough on its own:
every change needs a new revision in `bot/storage/migrations/versions/` (the migrations, not
`metadata.create_all`, create and upgrade deployed databases). `alembic revision
--autogenerate` compares this metadata with a database, see `bot/storage/migrations/README`.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# Deterministic constraint and index names, so later migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    PostgreSQL stores `timestamptz`; SQLite stores text without an offset. Values are
    converted to UTC on the way in (naive values are taken to be UTC already) and always
    come back aware, in UTC.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                return value.replace(tzinfo=UTC)
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                return value.replace(tzinfo=UTC)
            return value.astimezone(UTC)
        return value


# JSON on SQLite, JSONB on PostgreSQL.
JSONData = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
# Auto-incrementing surrogate key: BIGINT IDENTITY on PostgreSQL, INTEGER rowid on SQLite.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("citizen", sa.String(255), primary_key=True),
    sa.Column("state", sa.String(64), nullable=False),
    sa.Column("procedure", sa.String(255), nullable=True),
    sa.Column("step", sa.String(255), nullable=True),
    sa.Column("data", JSONData, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated", UTCDateTime, nullable=False),
)

questions = sa.Table(
    "questions",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("citizen", sa.String(255), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("normalised", sa.Text, nullable=False),
    sa.Column("decision", sa.String(32), nullable=False),
    sa.Column("procedure", sa.String(255), nullable=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index(None, "at"),
    sa.Index(None, "procedure"),
    sa.Index(None, "citizen", "at"),
)

feedback = sa.Table(
    "feedback",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("citizen", sa.String(255), nullable=False),
    sa.Column("procedure", sa.String(255), nullable=True),
    sa.Column("useful", sa.Boolean, nullable=False),
    sa.Column("comment", sa.Text, nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index(None, "at"),
    sa.Index(None, "procedure"),
)

# Telegram redelivers an update when the webhook answer is lost or a poller restarts;
# a row here means "already handled" (see Storage.mark_update_processed).
processed_updates = sa.Table(
    "processed_updates",
    metadata,
    sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index(None, "at"),
)

# --- Volunteers: escalations, their messages, the volunteers' group posts, the outbox --------
# Status vocabularies (strings, so that adding one needs no schema change).
ESCALATION_STATUSES = ("open", "claimed", "answered", "resolved", "cancelled", "undeliverable")
ESCALATION_ACTIVE = ("open", "claimed")  # the citizen's messages go to the escalation
OUTBOX_STATUSES = ("pending", "sent", "failed", "undeliverable")

# One question handed to the volunteers. `context` is a JSON list of the citizen's last
# exchanges ({"q": masked text, "d": decision, "p": procedure}); `remind_at` is when the
# volunteers' group is next reminded of it while nobody has claimed it (NULL: never).
escalations = sa.Table(
    "escalations",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("citizen", sa.String(255), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("procedure", sa.String(255), nullable=True),
    sa.Column("step", sa.String(255), nullable=True),
    sa.Column("context", JSONData, nullable=False),
    # The question before masking (revision 0003), sealed with DVCBOT_SECRET_KEY (bot.dialogue.vault;
    # revision 0005 dropped the clear ones): only when masking changed it and a key is set;
    # shown to the claiming volunteer ("Xem số đã ẩn"), emptied by the retention purge.
    sa.Column("original", sa.Text, nullable=True),
    # The step ids the citizen went through before `step` (revision 0004), for "Bước N".
    sa.Column("step_path", JSONData, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("claimed_by", sa.BigInteger, nullable=True),
    sa.Column("claimed_by_name", sa.String(255), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("claimed_at", UTCDateTime, nullable=True),
    sa.Column("first_answer_at", UTCDateTime, nullable=True),
    sa.Column("resolved_at", UTCDateTime, nullable=True),
    sa.Column("remind_at", UTCDateTime, nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index(None, "status", "created_at"),
    sa.Index(None, "created_at"),
    sa.Index(None, "remind_at"),
    # At most one active escalation per citizen (their messages go to it).
    sa.Index(
        "uq_escalations_active_citizen",
        "citizen",
        unique=True,
        sqlite_where=sa.text("status IN ('open', 'claimed')"),
        postgresql_where=sa.text("status IN ('open', 'claimed')"),
    ),
)

# What was said in an escalation: the citizen's question and follow-ups (direction
# "citizen"), the volunteers' answers ("volunteer"). kind: text|photo|voice|document|...,
# "correction" (an answer the volunteer edited), "reveal" (an audit row of "Xem số đã ẩn").
# source (revision 0006): the volunteer's Telegram message an answer or correction came from,
# "chat:message" (an edit of that message is a correction of the answer).
escalation_messages = sa.Table(
    "escalation_messages",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("escalation_id", BigId, sa.ForeignKey("escalations.id"), nullable=False),
    sa.Column("direction", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("file_id", sa.String(255), nullable=True),
    sa.Column("volunteer_id", sa.BigInteger, nullable=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("source", sa.String(100), nullable=True),
    sa.Index(None, "escalation_id", "at"),
    sa.Index(None, "source"),
)

# The bot's messages in the volunteers' group and the escalation each belongs to, so that
# a reply to any of them is an answer to that escalation. role: card|media|reminder|notice
group_posts = sa.Table(
    "group_posts",
    metadata,
    sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("message_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("escalation_id", BigId, sa.ForeignKey("escalations.id"), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index(None, "escalation_id"),
)

# Messages to send, stored before they are sent (bot.telegram.outbound sends them, exactly once per
# dedupe_key). kind: text|photo|voice|document|video|sticker; buttons: [[[label, data]]];
# purpose: what the message is (card, media, reminder, notice, answer, ...).
# A row being sent has next_attempt_at pushed into the future (a lease), see
# EscalationStore.claim_outbox.
outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("chat_id", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("file_id", sa.String(255), nullable=True),
    sa.Column("buttons", JSONData, nullable=True),
    sa.Column("escalation_id", BigId, sa.ForeignKey("escalations.id"), nullable=True),
    sa.Column("purpose", sa.String(16), nullable=False),
    sa.Column("dedupe_key", sa.String(255), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False),
    sa.Column("sent_message_id", sa.BigInteger, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.UniqueConstraint("dedupe_key"),
    sa.Index(None, "status", "next_attempt_at"),
    sa.Index(None, "chat_id", "status"),
    sa.Index(None, "escalation_id"),
)

# Volunteers' proposals to grow the knowledge base ("Thêm vào kho"): kind "question" (add
# `question` to the sample questions of `procedure`) or "faq" (a new FAQ entry
# question/answer, of `procedure` when given). Staff apply or reject them.
suggestions = sa.Table(
    "suggestions",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("escalation_id", BigId, sa.ForeignKey("escalations.id"), nullable=True),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("procedure", sa.String(255), nullable=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("answer", sa.Text, nullable=True),
    sa.Column("proposed_by", sa.BigInteger, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("decided_at", UTCDateTime, nullable=True),
    sa.Index(None, "status", "created_at"),
)

# Walkthrough funnel (revision 0004): kind "step" (a step shown to the citizen), "stuck"
# ("Tôi bị vướng" pressed on it), "done" (the walkthrough finished on it). No citizen's text.
GUIDE_EVENT_KINDS = ("step", "stuck", "done")
guide_events = sa.Table(
    "guide_events",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("citizen", sa.String(255), nullable=False),
    sa.Column("procedure", sa.String(255), nullable=False),
    sa.Column("step", sa.String(255), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index(None, "at"),
    sa.Index(None, "citizen", "procedure", "at"),
)

__all__ = [
    "metadata",
    "NAMING_CONVENTION",
    "UTCDateTime",
    "JSONData",
    "BigId",
    "sessions",
    "questions",
    "feedback",
    "processed_updates",
    "ESCALATION_STATUSES",
    "ESCALATION_ACTIVE",
    "OUTBOX_STATUSES",
    "escalations",
    "escalation_messages",
    "group_posts",
    "outbox",
    "suggestions",
    "GUIDE_EVENT_KINDS",
    "guide_events",
]
