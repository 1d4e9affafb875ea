"""Store articles: one transaction each, idempotent by URL, quotes extracted, embedded once and matched.

Records are read ahead in chunks so that every new wording of a chunk is embedded in one batch, each
distinct normalised text once. A byte-identical reprint of a stored article (same text, new URL) is kept as
its own article but takes the stored article's quotes and sentences without re-extracting or searching."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlmodel import Session

from provenance import reprints
from provenance.candidates import Hit, find_hits
from provenance.db import session_scope
from provenance.extract import ExtractedQuote, extract_quotes
from provenance.match import Comparison, Evidence, language_of
from provenance.models import Article, Quote, TextVector
from provenance.normalize import content_hash, normalize, text_hash
from provenance.readers import ArticleIn, Bad, host_of
from provenance.sentences import copy_sentences, store_sentences
from provenance.statements import assign_statement
from provenance.store import get_or_create_outlet, resolve_speaker, vectors_for_hashes
from provenance.textindex import EN_DIM, ML_DIM, from_blob, to_blob
from provenance.workspace import Workspace

INGESTED, PRESENT, FAILED = "ingested", "present", "failed"
# Quotes shorter than this carry too little wording to trace ("no", "a great day").
MIN_QUOTE_WORDS = 4
# Articles read ahead so that their new wordings are embedded in one batch.
CHUNK = 64


@dataclass(frozen=True)
class Outcome:
    """What happened to one input record."""

    status: str
    location: str
    url: str | None = None
    article_id: int | None = None
    quotes: int = 0
    reason: str | None = None


def traceable(q: ExtractedQuote) -> bool:
    return len(normalize(q.text).split()) >= MIN_QUOTE_WORDS


def ensure_vectors(ws: Workspace, texts_by_hash: dict[str, str]) -> None:
    """Embed each wording not yet stored, once, in one batch per model, and add it to the index."""
    with session_scope(ws.engine) as session:
        have = set(session.scalars(select(TextVector.norm_hash).where(
            TextVector.norm_hash.in_(list(texts_by_hash)))).all()) if texts_by_hash else set()
        missing = [(h, t) for h, t in texts_by_hash.items() if h not in have]
        if missing:
            texts = [t for _, t in missing]
            vecs = ws.embedder.encode(texts)
            mvecs = ws.embedder.encode_multilingual(texts) if ws.embedder.has_multilingual else None
            for i, (h, t) in enumerate(missing):
                session.add(TextVector(norm_hash=h, language=language_of(t), vector=to_blob(vecs[i]),
                                       mvector=to_blob(mvecs[i]) if mvecs is not None else None))
    with session_scope(ws.engine) as session:
        ws.index.refresh(session)


def _new_article(session: Session, rec: ArticleIn) -> tuple[Article, dict]:
    outlet = get_or_create_outlet(session, rec.outlet_name, host_of(rec.url))
    meta = dict(rec.meta)
    article = Article(
        url=rec.url, outlet_id=outlet.id, title=rec.title, author=rec.author, published_at=rec.published_at,
        date_source=rec.date_source, language=rec.language or language_of(rec.text[:2000]), text=rec.text,
        content_hash=content_hash(rec.text), is_demo=rec.is_demo, meta=json.dumps(meta) if meta else None,
    )
    session.add(article)
    session.flush()
    return article, meta


def _store_article(session: Session, ws: Workspace, rec: ArticleIn, quotes: list[ExtractedQuote]) -> Article:
    article, meta = _new_article(session, rec)
    store_sentences(session, article.id, rec.text)
    hashes = [text_hash(q.text) for q in quotes]
    vec_rows = vectors_for_hashes(session, hashes)
    stored: list[Quote] = []
    for q, h in zip(quotes, hashes):
        mention = rec.text[q.speaker_start:q.speaker_end] if q.speaker and q.speaker_start is not None else None
        speaker = resolve_speaker(session, q.speaker, mention)
        row = Quote(article_id=article.id, text=q.text, span_start=q.start, span_end=q.end,
                    speaker_id=speaker.id if speaker else None, speaker_mention=mention or q.speaker, cue=q.cue,
                    kind=q.kind, norm_hash=h, note=_note_for(meta, q))
        session.add(row)
        stored.append(row)
    session.flush()
    for row in stored:
        v = vec_rows[row.norm_hash]
        vec, mvec = from_blob(v.vector, EN_DIM), from_blob(v.mvector, ML_DIM)
        hits = find_hits(session, ws.index, row.text, row.norm_hash, vec, mvec,
                         exclude_quote_ids=frozenset({row.id}))
        assign_statement(session, row, hits, vec, mvec)
    reprints.on_article_stored(session, article)
    return article


def _identical(text: str) -> Comparison:
    """The cheapest stage of the cascade: the same normalised words are the same statement, verbatim."""
    return Comparison(True, "verbatim", 1.0, Evidence((0, len(text)), (0, len(text)), [("equal", text)]),
                      None, "identical article text (reprint)")


def _store_reprint(session: Session, rec: ArticleIn, original_id: int) -> tuple[Article, int]:
    """A new URL carrying the exact text of a stored article: copy its quotes (same spans, speakers and
    wordings) and sentences; each copied quote joins the statement of the quote it repeats."""
    article, meta = _new_article(session, rec)
    copy_sentences(session, original_id, article.id)
    originals = session.scalars(select(Quote).where(Quote.article_id == original_id).order_by(Quote.id)).all()
    vec_rows = vectors_for_hashes(session, [q.norm_hash for q in originals])
    pairs = []
    for o in originals:
        row = Quote(article_id=article.id, text=o.text, span_start=o.span_start, span_end=o.span_end,
                    speaker_id=o.speaker_id, speaker_mention=o.speaker_mention, cue=o.cue, kind=o.kind,
                    norm_hash=o.norm_hash, note=_note_for(meta, o))
        session.add(row)
        pairs.append((o, row))
    session.flush()
    for o, row in pairs:
        v = vec_rows.get(row.norm_hash)
        vec, mvec = (from_blob(v.vector, EN_DIM), from_blob(v.mvector, ML_DIM)) if v is not None else (None, None)
        hit = Hit(o.norm_hash, o.text, _identical(o.text), [o.id], [o.statement_id] if o.statement_id else [])
        assign_statement(session, row, [hit], vec, mvec)
    reprints.on_article_stored(session, article)
    return article, len(pairs)


def _original_of(session: Session, text: str) -> int | None:
    """A stored article with exactly this text, if any."""
    for aid, body in session.execute(select(Article.id, Article.text).where(
            Article.content_hash == content_hash(text)).order_by(Article.id).limit(5)).all():
        if body == text:
            return aid
    return None


def _note_for(meta: dict, q: ExtractedQuote) -> str | None:
    """Seed records may say when and where a quote was first said; keep that beside the quote."""
    for item in meta.get("quote_notes", []):
        if item.get("starts") and normalize(q.text).startswith(normalize(item["starts"])):
            return item.get("note")
    return None


def ingest(ws: Workspace, items: Iterable[ArticleIn | Bad], location_of=None) -> Iterator[Outcome]:
    """Ingest records in chunks: read ahead, embed new wordings in a batch, then one transaction per article."""
    chunk: list[ArticleIn | Bad] = []
    try:
        for item in items:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                yield from _ingest_chunk(ws, chunk)
                chunk = []
        if chunk:
            yield from _ingest_chunk(ws, chunk)
    finally:
        # Keep the saved index in step, so the next process loads it instead of rebuilding.
        if ws.index.persistent:
            with session_scope(ws.engine) as session:
                ws.index.refresh_sentences(session)
            ws.index.save()


def _ingest_chunk(ws: Workspace, chunk: list[ArticleIn | Bad]) -> Iterator[Outcome]:
    records = [r for r in chunk if isinstance(r, ArticleIn)]
    with session_scope(ws.engine) as session:
        urls = [r.url for r in records]
        present = set(session.scalars(select(Article.url).where(Article.url.in_(urls))).all()) if urls else set()
        hashes = {content_hash(r.text) for r in records if r.url not in present}
        stored_hashes = set(session.scalars(select(Article.content_hash).where(
            Article.content_hash.in_(hashes))).all()) if hashes else set()
    extracted: dict[int, list[ExtractedQuote]] = {}
    wanted: dict[str, str] = {}
    first_of_text: set[str] = set()
    for i, rec in enumerate(chunk):
        if isinstance(rec, ArticleIn) and rec.url not in present:
            h = content_hash(rec.text)
            if h in stored_hashes or h in first_of_text:
                continue  # probably a reprint: extracted only if no stored article has this exact text
            first_of_text.add(h)
            extracted[i] = _extract(rec)
            for q in extracted[i]:
                wanted.setdefault(text_hash(q.text), q.text)
    ensure_vectors(ws, wanted)
    seen: set[str] = set()
    for i, rec in enumerate(chunk):
        if isinstance(rec, Bad):
            yield Outcome(FAILED, rec.location, reason=rec.reason)
            continue
        if rec.url in present or rec.url in seen:
            yield Outcome(PRESENT, rec.url, url=rec.url)
            continue
        seen.add(rec.url)
        try:
            original = None
            if i not in extracted:
                with session_scope(ws.engine) as session:
                    original = _original_of(session, rec.text)
                if original is None:  # same text up to whitespace only: take the full path
                    extracted[i] = _extract(rec)
                    ensure_vectors(ws, {text_hash(q.text): q.text for q in extracted[i]})
            with session_scope(ws.engine) as session:
                if original is not None:
                    article, n_quotes = _store_reprint(session, rec, original)
                else:
                    article = _store_article(session, ws, rec, extracted[i])
                    n_quotes = len(extracted[i])
                article_id = article.id
            yield Outcome(INGESTED, rec.url, url=rec.url, article_id=article_id, quotes=n_quotes)
        except Exception as exc:  # one article's failure is reported and the rest go on
            yield Outcome(FAILED, rec.url, url=rec.url, reason=f"could not store: {exc}")


def _extract(rec: ArticleIn) -> list[ExtractedQuote]:
    try:
        return [q for q in extract_quotes(rec.text) if traceable(q)]
    except Exception as exc:  # an extractor bug must not lose the rest of the batch
        rec.meta["extract_error"] = repr(exc)
        return []


def ingest_one(ws: Workspace, rec: ArticleIn) -> Outcome:
    """Ingest a single validated record (the HTTP path)."""
    return next(iter(ingest(ws, [rec])))


def vector_of(session: Session, norm_hash: str) -> tuple[np.ndarray, np.ndarray | None] | None:
    row = session.scalars(select(TextVector).where(TextVector.norm_hash == norm_hash)).first()
    if row is None:
        return None
    return from_blob(row.vector, EN_DIM), from_blob(row.mvector, ML_DIM)
