"""The store's tables. Alembic migrations (alembic/versions) are the only source of the schema."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Index, LargeBinary, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every engine (SQLite hands back naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001, ANN201
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):  # noqa: ANN001, ANN201
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


# Where an article's publication date came from; extracted dates carry uncertainty into answers.
DATE_GIVEN = "given"
DATE_EXTRACTED = "extracted"
DATE_UNKNOWN = "unknown"


class Outlet(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    domain: str | None = Field(default=None, index=True)


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    outlet_id: int = Field(foreign_key="outlet.id", index=True)
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), index=True))
    date_source: str = Field(default=DATE_UNKNOWN)
    language: str | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    content_hash: str = Field(index=True)
    is_demo: bool = Field(default=False)
    # Set by reprint detection (lineage): the earlier article this one largely repeats, and the share copied.
    reprint_of_id: int | None = Field(default=None, foreign_key="article.id", index=True)
    reprint_share: float | None = None
    minhash: bytes | None = Field(default=None, sa_column=Column(LargeBinary))  # shingle signature of the text
    meta: str | None = Field(default=None, sa_column=Column(Text))  # JSON: seed notes, source hints
    ingested_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Speaker(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    key: str = Field(index=True)  # surname key from speakers.speaker_key: finds merge candidates


class SpeakerAlias(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("speaker_id", "alias"),)
    id: int | None = Field(default=None, primary_key=True)
    speaker_id: int = Field(foreign_key="speaker.id", index=True)
    alias: str


class Statement(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    canonical_quote_id: int | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Quote(SQLModel, table=True):
    __table_args__ = (Index("ix_quote_article_span", "article_id", "span_start", "span_end"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    span_start: int
    span_end: int
    speaker_id: int | None = Field(default=None, foreign_key="speaker.id", index=True)
    speaker_mention: str | None = None
    cue: str | None = None
    kind: str = "direct"
    norm_hash: str = Field(index=True)
    statement_id: int | None = Field(default=None, foreign_key="statement.id", index=True)
    note: str | None = Field(default=None, sa_column=Column(Text))  # what the article says of when/where it was said


class Sentence(SQLModel, table=True):
    """A sentence of a stored article, so a pasted quote is found where no quote marks were (unquoted reprints)."""

    __table_args__ = (Index("ix_sentence_article_span", "article_id", "span_start"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    span_start: int
    span_end: int
    norm_hash: str = Field(index=True)


class TextVector(SQLModel, table=True):
    """One row per distinct normalised wording: each is embedded once, however often it is reprinted."""

    id: int | None = Field(default=None, primary_key=True)
    norm_hash: str = Field(unique=True)
    language: str | None = None
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # float32, English model
    mvector: bytes | None = Field(default=None, sa_column=Column(LargeBinary))  # float32, multilingual model


class Match(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("quote_a_id", "quote_b_id"),)
    id: int | None = Field(default=None, primary_key=True)
    quote_a_id: int = Field(foreign_key="quote.id", index=True)
    quote_b_id: int = Field(foreign_key="quote.id", index=True)
    relation: str
    score: float


class ApiToken(SQLModel, table=True):
    """A bearer token for HTTP writes; only its SHA-256 is stored."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    token_hash: str = Field(index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
