"""Read-only listings and searches over the store: quotes, statements, speakers, outlets and articles."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Generic, TypeVar

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.sql import Select
from sqlmodel import Session

from provenance.models import DATE_UNKNOWN, Article, Outlet, Quote, Speaker, SpeakerAlias, Statement
from provenance.store import find_speakers

T = TypeVar("T")
PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass
class Page(Generic[T]):
    """One page of a listing; `page` is 1-based."""

    items: list[T]
    page: int
    per_page: int
    total: int
    pages: int = 0

    def __post_init__(self) -> None:
        self.pages = max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1


@dataclass
class QuoteFilter:
    """What a search narrows to; every field is optional and they combine with AND."""

    speaker: str | None = None      # a name: the person and their aliases, or any name containing it
    outlet: str | None = None       # an outlet name or domain, or part of one
    since: date | None = None       # publication date from (inclusive)
    until: date | None = None       # publication date to (inclusive)
    text: str | None = None         # words appearing in the quote
    speaker_id: int | None = None
    outlet_id: int | None = None


@dataclass
class QuoteRow:
    quote_id: int
    text: str
    kind: str
    statement_id: int | None
    speaker_id: int | None
    speaker: str | None
    speaker_mention: str | None
    article_id: int
    title: str | None
    url: str
    outlet_id: int
    outlet: str
    published_at: datetime | None
    date_source: str
    demo: bool


@dataclass
class StatementRow:
    """A statement as listed: its canonical wording, its origin (earliest dated appearance) and its reach."""

    statement_id: int
    wording: str | None
    speaker_id: int | None
    speaker: str | None
    appearances: int
    outlets: int
    origin_quote_id: int | None
    origin_article_id: int | None
    origin_outlet_id: int | None
    origin_outlet: str | None
    first_published: datetime | None
    date_source: str | None


@dataclass
class SpeakerRow:
    speaker_id: int
    name: str
    aliases: list[str]
    quotes: int
    statements: int


@dataclass
class SpeakerDetail:
    speaker: SpeakerRow
    said: Page[StatementRow]               # statements whose origin credits this speaker
    credited: list[StatementRow]           # statements credited to them somewhere, first said by someone else


@dataclass
class OutletRow:
    outlet_id: int
    name: str
    domain: str | None
    articles: int
    originated: int    # statements whose first appearance is in this outlet
    reprinted: int     # statements it carried after another outlet published them first
    reprint_articles: int  # its articles marked as reprints of another article


@dataclass
class OutletAppearance:
    """A statement as one outlet carried it; `origin` is where it first appeared."""

    statement: StatementRow
    quote_id: int
    article_id: int
    wording: str
    published_at: datetime | None


@dataclass
class ArticleRow:
    article_id: int
    url: str
    title: str | None
    outlet_id: int
    outlet: str
    author: str | None
    language: str | None
    published_at: datetime | None
    date_source: str
    demo: bool
    quotes: int
    reprint_of_id: int | None
    reprint_share: float | None


@dataclass
class OutletDetail:
    outlet: OutletRow
    originated: list[OutletAppearance]
    reprinted: list[OutletAppearance]
    articles: Page[ArticleRow]


@dataclass
class QuoteSpan:
    """Where a quote sits in its article's text, and which statement it is."""

    quote_id: int
    start: int
    end: int
    text: str
    kind: str
    statement_id: int | None
    speaker_id: int | None
    speaker: str | None


@dataclass
class ArticleSource:
    """A statement this article carried after it appeared elsewhere first: what it took and from where."""

    statement_id: int
    quote_id: int
    origin: StatementRow


@dataclass
class ArticleDetail:
    article: ArticleRow
    text: str
    meta: dict[str, Any]
    quotes: list[QuoteSpan]
    reprint_of: ArticleRow | None
    reprints: list[ArticleRow] = field(default_factory=list)
    sources: list[ArticleSource] = field(default_factory=list)


def clamp_page(page: int | None, per_page: int | None) -> tuple[int, int]:
    """A valid (page, per_page): page at least 1, per_page within 1..MAX_PER_PAGE."""
    page = max(1, int(page or 1))
    per_page = min(MAX_PER_PAGE, max(1, int(per_page or PER_PAGE)))
    return page, per_page


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with the user's % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=timezone.utc)


def _speaker_ids(session: Session, name: str) -> set[int]:
    """The person `name` refers to (alias-aware), plus any speaker whose name or alias contains it."""
    ids = {s.id for s in find_speakers(session, name)}
    pattern = _like(name.strip())
    ids |= set(session.scalars(select(Speaker.id).where(Speaker.name.ilike(pattern, escape="\\"))).all())
    ids |= set(session.scalars(select(SpeakerAlias.speaker_id)
                               .where(SpeakerAlias.alias.ilike(pattern, escape="\\"))).all())
    return ids


def _outlet_and_dates(stmt: Select, filt: QuoteFilter) -> Select:
    """Apply the filter's outlet and date range to a statement already joined to Article and Outlet."""
    if filt.outlet and filt.outlet.strip():
        pattern = _like(filt.outlet.strip())
        stmt = stmt.where(or_(Outlet.name.ilike(pattern, escape="\\"), Outlet.domain.ilike(pattern, escape="\\")))
    if filt.outlet_id is not None:
        stmt = stmt.where(Article.outlet_id == filt.outlet_id)
    if filt.since or filt.until:
        # A date range says nothing about articles of unknown date, so they drop out of it.
        stmt = stmt.where(Article.published_at.is_not(None), Article.date_source != DATE_UNKNOWN)
    if filt.since:
        stmt = stmt.where(Article.published_at >= _day_start(filt.since))
    if filt.until:
        stmt = stmt.where(Article.published_at < _day_start(filt.until + timedelta(days=1)))
    return stmt


def _filtered_quotes(session: Session, filt: QuoteFilter) -> Select:
    """SELECT Quote.id with every filter applied (joins to Article and Outlet already made)."""
    stmt = (select(Quote.id).join(Article, Article.id == Quote.article_id)
            .join(Outlet, Outlet.id == Article.outlet_id))
    if filt.speaker and filt.speaker.strip():
        stmt = stmt.where(Quote.speaker_id.in_(_speaker_ids(session, filt.speaker) or {-1}))
    if filt.speaker_id is not None:
        stmt = stmt.where(Quote.speaker_id == filt.speaker_id)
    stmt = _outlet_and_dates(stmt, filt)
    if filt.text and filt.text.strip():
        for word in filt.text.split():
            stmt = stmt.where(Quote.text.ilike(_like(word), escape="\\"))
    return stmt


def _quote_rows(session: Session, quote_ids: list[int]) -> list[QuoteRow]:
    if not quote_ids:
        return []
    rows = session.execute(
        select(Quote, Article, Outlet, Speaker.name)
        .join(Article, Article.id == Quote.article_id)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
        .where(Quote.id.in_(quote_ids))).all()
    by_id = {q.id: QuoteRow(quote_id=q.id, text=q.text, kind=q.kind, statement_id=q.statement_id,
                            speaker_id=q.speaker_id, speaker=name, speaker_mention=q.speaker_mention,
                            article_id=a.id, title=a.title, url=a.url, outlet_id=o.id, outlet=o.name,
                            published_at=a.published_at, date_source=a.date_source, demo=a.is_demo)
             for q, a, o, name in rows}
    return [by_id[i] for i in quote_ids if i in by_id]


def search_quotes(session: Session, filt: QuoteFilter | None = None, page: int = 1,
                  per_page: int = PER_PAGE) -> Page[QuoteRow]:
    """Quotes matching the filter, oldest first (unknown dates last)."""
    page, per_page = clamp_page(page, per_page)
    base = _filtered_quotes(session, filt or QuoteFilter())
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    ordered = base.order_by(Article.published_at.is_(None), Article.published_at, Quote.id)
    ids = list(session.scalars(ordered.offset((page - 1) * per_page).limit(per_page)).all())
    return Page(_quote_rows(session, ids), page, per_page, total)


# --- statements -------------------------------------------------------------------------------------


@dataclass
class _App:
    statement_id: int
    quote_id: int
    speaker_id: int | None
    speaker: str | None
    article_id: int
    outlet_id: int
    outlet: str
    published_at: datetime | None
    date_source: str


def _order_key(a: _App) -> tuple:
    # The origin rule of provenance.lineage.chronological: dated before undated, then by date, then ingest order.
    dated = a.published_at is not None and a.date_source != DATE_UNKNOWN
    return (not dated, a.published_at or datetime.max.replace(tzinfo=timezone.utc), a.article_id, a.quote_id)


def _appearances(session: Session, statement_ids: list[int]) -> dict[int, list[_App]]:
    """Every appearance of each statement, in origin order (the first is the origin)."""
    if not statement_ids:
        return {}
    rows = session.execute(
        select(Quote.statement_id, Quote.id, Quote.speaker_id, Speaker.name, Article.id, Outlet.id, Outlet.name,
               Article.published_at, Article.date_source)
        .join(Article, Article.id == Quote.article_id)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
        .where(Quote.statement_id.in_(statement_ids))).all()
    out: dict[int, list[_App]] = {}
    for row in rows:
        out.setdefault(row[0], []).append(_App(*row))
    for apps in out.values():
        apps.sort(key=_order_key)
    return out


def _statement_rows(session: Session, statement_ids: list[int]) -> list[StatementRow]:
    if not statement_ids:
        return []
    apps = _appearances(session, statement_ids)
    canon = dict(session.execute(select(Statement.id, Quote.text)
                                 .join(Quote, Quote.id == Statement.canonical_quote_id)
                                 .where(Statement.id.in_(statement_ids))).all())
    out = []
    for sid in statement_ids:
        group = apps.get(sid, [])
        o = group[0] if group else None
        out.append(StatementRow(
            statement_id=sid, wording=canon.get(sid), speaker_id=o.speaker_id if o else None,
            speaker=o.speaker if o else None, appearances=len(group), outlets=len({a.outlet_id for a in group}),
            origin_quote_id=o.quote_id if o else None, origin_article_id=o.article_id if o else None,
            origin_outlet_id=o.outlet_id if o else None, origin_outlet=o.outlet if o else None,
            first_published=o.published_at if o and o.date_source != DATE_UNKNOWN else None,
            date_source=o.date_source if o else None))
    return out


def get_statement(session: Session, statement_id: int) -> StatementRow | None:
    """One statement's summary, or None for an unknown id."""
    if session.get(Statement, statement_id) is None:
        return None
    return _statement_rows(session, [statement_id])[0]


def list_statements(session: Session, filt: QuoteFilter | None = None, page: int = 1,
                    per_page: int = PER_PAGE) -> Page[StatementRow]:
    """Statements with at least one quote matching the filter, by id."""
    page, per_page = clamp_page(page, per_page)
    quote_ids = _filtered_quotes(session, filt or QuoteFilter()).subquery()
    sids = (select(Quote.statement_id).distinct().where(Quote.id.in_(select(quote_ids.c.id)),
                                                       Quote.statement_id.is_not(None)))
    total = session.scalar(select(func.count()).select_from(sids.subquery())) or 0
    ids = list(session.scalars(sids.order_by(Quote.statement_id)
                               .offset((page - 1) * per_page).limit(per_page)).all())
    return Page(_statement_rows(session, ids), page, per_page, total)


# --- speakers ---------------------------------------------------------------------------------------


def _speaker_rows(session: Session, speakers: list[Speaker]) -> list[SpeakerRow]:
    ids = [s.id for s in speakers]
    if not ids:
        return []
    aliases: dict[int, list[str]] = {}
    for sid, alias in session.execute(select(SpeakerAlias.speaker_id, SpeakerAlias.alias)
                                      .where(SpeakerAlias.speaker_id.in_(ids)).order_by(SpeakerAlias.id)).all():
        aliases.setdefault(sid, []).append(alias)
    counts = {sid: (nq, ns) for sid, nq, ns in session.execute(
        select(Quote.speaker_id, func.count(Quote.id), func.count(distinct(Quote.statement_id)))
        .where(Quote.speaker_id.in_(ids)).group_by(Quote.speaker_id)).all()}
    return [SpeakerRow(speaker_id=s.id, name=s.name, aliases=[a for a in aliases.get(s.id, []) if a != s.name],
                       quotes=counts.get(s.id, (0, 0))[0], statements=counts.get(s.id, (0, 0))[1])
            for s in speakers]


def list_speakers(session: Session, name: str | None = None, page: int = 1,
                  per_page: int = PER_PAGE) -> Page[SpeakerRow]:
    """Speakers by name, optionally those whose name or an alias contains `name`."""
    page, per_page = clamp_page(page, per_page)
    stmt = select(Speaker)
    if name and name.strip():
        stmt = stmt.where(Speaker.id.in_(_speaker_ids(session, name) or {-1}))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    speakers = list(session.scalars(stmt.order_by(Speaker.name, Speaker.id)
                                    .offset((page - 1) * per_page).limit(per_page)).all())
    return Page(_speaker_rows(session, speakers), page, per_page, total)


def speaker_detail(session: Session, speaker_id: int, page: int = 1,
                   per_page: int = PER_PAGE) -> SpeakerDetail | None:
    """A speaker, the statements they first said, and those credited to them that someone else said first."""
    speaker = session.get(Speaker, speaker_id)
    if speaker is None:
        return None
    page, per_page = clamp_page(page, per_page)
    sids = sorted(set(session.scalars(select(Quote.statement_id).where(
        Quote.speaker_id == speaker_id, Quote.statement_id.is_not(None))).all()))
    rows = _statement_rows(session, sids)
    said = [r for r in rows if r.speaker_id == speaker_id]
    credited = [r for r in rows if r.speaker_id != speaker_id]
    start = (page - 1) * per_page
    return SpeakerDetail(speaker=_speaker_rows(session, [speaker])[0],
                         said=Page(said[start:start + per_page], page, per_page, len(said)), credited=credited)


# --- outlets ----------------------------------------------------------------------------------------


def _outlet_split(session: Session, outlet_ids: list[int]) -> dict[int, tuple[list[_App], list[_App]]]:
    """For each outlet: its first appearance of each statement it carried, split originated / reprinted."""
    if not outlet_ids:
        return {}
    sids = session.scalars(select(Quote.statement_id).distinct().join(Article, Article.id == Quote.article_id)
                           .where(Article.outlet_id.in_(outlet_ids), Quote.statement_id.is_not(None))).all()
    apps = _appearances(session, list(sids))
    out: dict[int, tuple[list[_App], list[_App]]] = {oid: ([], []) for oid in outlet_ids}
    for group in apps.values():
        origin = group[0]
        seen: set[int] = set()
        for a in group:
            if a.outlet_id in out and a.outlet_id not in seen:
                seen.add(a.outlet_id)
                out[a.outlet_id][0 if a is origin else 1].append(a)
    return out


def _outlet_rows(session: Session, outlets: list[Outlet]) -> list[OutletRow]:
    ids = [o.id for o in outlets]
    if not ids:
        return []
    n_articles = dict(session.execute(select(Article.outlet_id, func.count(Article.id))
                                      .where(Article.outlet_id.in_(ids)).group_by(Article.outlet_id)).all())
    n_reprints = dict(session.execute(select(Article.outlet_id, func.count(Article.id))
                                      .where(Article.outlet_id.in_(ids), Article.reprint_of_id.is_not(None))
                                      .group_by(Article.outlet_id)).all())
    split = _outlet_split(session, ids)
    return [OutletRow(outlet_id=o.id, name=o.name, domain=o.domain, articles=n_articles.get(o.id, 0),
                      originated=len(split[o.id][0]), reprinted=len(split[o.id][1]),
                      reprint_articles=n_reprints.get(o.id, 0)) for o in outlets]


def list_outlets(session: Session, name: str | None = None, page: int = 1,
                 per_page: int = PER_PAGE) -> Page[OutletRow]:
    """Outlets by name, optionally those whose name or domain contains `name`."""
    page, per_page = clamp_page(page, per_page)
    stmt = select(Outlet)
    if name and name.strip():
        pattern = _like(name.strip())
        stmt = stmt.where(or_(Outlet.name.ilike(pattern, escape="\\"), Outlet.domain.ilike(pattern, escape="\\")))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    outlets = list(session.scalars(stmt.order_by(Outlet.name, Outlet.id)
                                   .offset((page - 1) * per_page).limit(per_page)).all())
    return Page(_outlet_rows(session, outlets), page, per_page, total)


def outlet_detail(session: Session, outlet_id: int, page: int = 1, per_page: int = PER_PAGE) -> OutletDetail | None:
    """An outlet: what it originated, what it reprinted (and from whom), and its articles (paged)."""
    outlet = session.get(Outlet, outlet_id)
    if outlet is None:
        return None
    originated, reprinted = _outlet_split(session, [outlet_id])[outlet_id]
    rows = {r.statement_id: r for r in _statement_rows(
        session, sorted({a.statement_id for a in originated + reprinted}))}
    wording = dict(session.execute(select(Quote.id, Quote.text).where(
        Quote.id.in_([a.quote_id for a in originated + reprinted] or [-1]))).all())

    def rows_of(apps: list[_App]) -> list[OutletAppearance]:
        return [OutletAppearance(statement=rows[a.statement_id], quote_id=a.quote_id, article_id=a.article_id,
                                 wording=wording.get(a.quote_id, ""), published_at=a.published_at) for a in apps]

    return OutletDetail(outlet=_outlet_rows(session, [outlet])[0], originated=rows_of(originated),
                        reprinted=rows_of(reprinted),
                        articles=list_articles(session, QuoteFilter(outlet_id=outlet_id), page, per_page))


# --- articles ---------------------------------------------------------------------------------------


def _article_rows(session: Session, articles: list[Article]) -> list[ArticleRow]:
    ids = [a.id for a in articles]
    if not ids:
        return []
    names = dict(session.execute(select(Outlet.id, Outlet.name)
                                 .where(Outlet.id.in_({a.outlet_id for a in articles}))).all())
    nq = dict(session.execute(select(Quote.article_id, func.count(Quote.id)).where(Quote.article_id.in_(ids))
                              .group_by(Quote.article_id)).all())
    return [ArticleRow(article_id=a.id, url=a.url, title=a.title, outlet_id=a.outlet_id,
                       outlet=names.get(a.outlet_id, ""), author=a.author, language=a.language,
                       published_at=a.published_at, date_source=a.date_source, demo=a.is_demo,
                       quotes=nq.get(a.id, 0), reprint_of_id=a.reprint_of_id, reprint_share=a.reprint_share)
            for a in articles]


def list_articles(session: Session, filt: QuoteFilter | None = None, page: int = 1,
                  per_page: int = PER_PAGE) -> Page[ArticleRow]:
    """Articles, oldest first; the filter's outlet and dates apply to the article, text to title or body,
    speaker to who is quoted in it."""
    filt = filt or QuoteFilter()
    page, per_page = clamp_page(page, per_page)
    stmt = select(Article).join(Outlet, Outlet.id == Article.outlet_id)
    stmt = _outlet_and_dates(stmt, filt)
    if filt.text and filt.text.strip():
        for word in filt.text.split():
            pattern = _like(word)
            stmt = stmt.where(or_(Article.title.ilike(pattern, escape="\\"), Article.text.ilike(pattern, escape="\\")))
    if (filt.speaker and filt.speaker.strip()) or filt.speaker_id is not None:
        ids = _speaker_ids(session, filt.speaker) if filt.speaker and filt.speaker.strip() else set()
        if filt.speaker_id is not None:
            ids = (ids & {filt.speaker_id}) if filt.speaker and filt.speaker.strip() else {filt.speaker_id}
        stmt = stmt.where(Article.id.in_(select(Quote.article_id).where(Quote.speaker_id.in_(ids or {-1}))))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    articles = list(session.scalars(stmt.order_by(Article.published_at.is_(None), Article.published_at, Article.id)
                                    .offset((page - 1) * per_page).limit(per_page)).all())
    return Page(_article_rows(session, articles), page, per_page, total)


def _meta(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def article_detail(session: Session, article_id: int) -> ArticleDetail | None:
    """An article with its text, its quotes' spans, what it reprints, what reprints it, and its sources."""
    article = session.get(Article, article_id)
    if article is None:
        return None
    rows = session.execute(select(Quote, Speaker.name).outerjoin(Speaker, Speaker.id == Quote.speaker_id)
                           .where(Quote.article_id == article_id).order_by(Quote.span_start, Quote.id)).all()
    spans = [QuoteSpan(quote_id=q.id, start=q.span_start, end=q.span_end, text=q.text, kind=q.kind,
                       statement_id=q.statement_id, speaker_id=q.speaker_id, speaker=name) for q, name in rows]
    parent = session.get(Article, article.reprint_of_id) if article.reprint_of_id else None
    children = list(session.scalars(select(Article).where(Article.reprint_of_id == article_id)
                                    .order_by(Article.published_at.is_(None), Article.published_at, Article.id)).all())
    sids = sorted({s.statement_id for s in spans if s.statement_id is not None})
    statements = {r.statement_id: r for r in _statement_rows(session, sids)}
    sources = [ArticleSource(statement_id=s.statement_id, quote_id=s.quote_id, origin=statements[s.statement_id])
               for s in spans if s.statement_id in statements
               and statements[s.statement_id].origin_article_id not in (None, article_id)]
    return ArticleDetail(article=_article_rows(session, [article])[0], text=article.text, meta=_meta(article.meta),
                         quotes=spans, reprint_of=_article_rows(session, [parent])[0] if parent else None,
                         reprints=_article_rows(session, children), sources=sources)
