"""Table definitions shared by the repository code and the Alembic migrations.

This metadata describes the schema *at head*. Changing it is never enough on its own:
every change needs a new revision in `bot/migrations/versions/` (the migrations, not
`metadata.create_all`, create and upgrade deployed databases). `alembic revision
--autogenerate` compares this metadata with a database, see `bot/migrations/README`.
"""
from __future__ import annotations

from datetime import datetime, timezone
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
                return value.replace(tzinfo=timezone.utc)
            return value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                return value.replace(tzinfo=timezone.utc)
            return value.astimezone(timezone.utc)
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
]
