"""Store articles: one transaction each, idempotent by URL, quotes extracted, embedded once and matched.

Records are read ahead in chunks so that every new wording of a chunk is embedded in one batch, each
distinct normalised text once. The models run on a worker thread: while they embed one chunk, this thread
extracts the next and stores the previous one, so the models are rarely idle. A byte-identical reprint of a
stored article (same text, new URL) is kept as its own article but takes the stored article's quotes and
sentences without re-extracting or searching; a quote whose exact wording is already stored joins that
wording's statement without a vector search."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import insert, select
from sqlmodel import Session

from provenance import reprints
from provenance.candidates import Hit, HitFinder, quotes_of
from provenance.db import session_scope
from provenance.embed import Embedder
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


# ------------------------------------------------------------------------------------------ vectors


@dataclass
class Encoded:
    """New wordings and their vectors, computed off the database (safe on a worker thread)."""

    hashes: list[str]
    texts: list[str]
    vectors: np.ndarray
    mvectors: np.ndarray | None
    languages: list[str]


def encode_wordings(embedder: Embedder, items: list[tuple[str, str]]) -> Encoded:
    """Embed (hash, text) pairs with both models, one batch each."""
    texts = [t for _, t in items]
    vecs = embedder.encode(texts)
    mvecs = embedder.encode_multilingual(texts) if embedder.has_multilingual and texts else None
    return Encoded([h for h, _ in items], texts, vecs, mvecs, [language_of(t) for t in texts])


def _missing(session: Session, texts_by_hash: dict[str, str]) -> list[tuple[str, str]]:
    if not texts_by_hash:
        return []
    have = set(session.scalars(select(TextVector.norm_hash).where(
        TextVector.norm_hash.in_(list(texts_by_hash)))).all())
    return [(h, t) for h, t in texts_by_hash.items() if h not in have]


def store_vectors(ws: Workspace, enc: Encoded) -> None:
    """Insert the vectors (one bulk insert; a wording stored meanwhile is skipped) and update the index."""
    with session_scope(ws.engine) as session:
        have = set(session.scalars(select(TextVector.norm_hash).where(
            TextVector.norm_hash.in_(enc.hashes)))) if enc.hashes else set()
        rows = [{"norm_hash": h, "language": enc.languages[i], "vector": to_blob(enc.vectors[i]),
                 "mvector": to_blob(enc.mvectors[i]) if enc.mvectors is not None else None}
                for i, h in enumerate(enc.hashes) if h not in have]
        if rows:
            session.execute(insert(TextVector), rows)
    with session_scope(ws.engine) as session:
        ws.index.refresh(session)


def ensure_vectors(ws: Workspace, texts_by_hash: dict[str, str]) -> None:
    """Embed each wording not yet stored, once, in one batch per model, and add it to the index."""
    with session_scope(ws.engine) as session:
        missing = _missing(session, texts_by_hash)
    store_vectors(ws, encode_wordings(ws.embedder, missing))


# ------------------------------------------------------------------------------------------ per-run caches


@dataclass
class _Ids:
    """Outlet and speaker ids resolved during one ingest run. An article's new entries are kept only once its
    transaction has committed, so a rolled-back article never leaves an id that is not in the database."""

    outlets: dict[str, int] = field(default_factory=dict)
    speakers: dict[tuple[str, str | None], int | None] = field(default_factory=dict)
    _new_outlets: dict[str, int] = field(default_factory=dict)
    _new_speakers: dict[tuple[str, str | None], int | None] = field(default_factory=dict)

    def outlet(self, session: Session, name: str, domain: str | None) -> int:
        oid = self.outlets.get(name) or self._new_outlets.get(name)
        if oid is None:
            oid = self._new_outlets[name] = get_or_create_outlet(session, name, domain).id
        return oid

    def speaker(self, session: Session, name: str | None, mention: str | None) -> int | None:
        if not name:
            return None
        key = (name, mention)
        if key in self.speakers:
            return self.speakers[key]
        if key not in self._new_speakers:
            # Looked up through the module name so tests can make one resolution fail.
            speaker = resolve_speaker(session, name, mention)
            self._new_speakers[key] = speaker.id if speaker else None
        return self._new_speakers[key]

    def commit(self) -> None:
        self.outlets.update(self._new_outlets)
        self.speakers.update(self._new_speakers)
        self.rollback()

    def rollback(self) -> None:
        self._new_outlets.clear()
        self._new_speakers.clear()


# ------------------------------------------------------------------------------------------ storing


def _new_article(session: Session, rec: ArticleIn, ids: _Ids) -> tuple[Article, dict]:
    meta = dict(rec.meta)
    article = Article(
        url=rec.url, outlet_id=ids.outlet(session, rec.outlet_name, host_of(rec.url)), title=rec.title,
        author=rec.author, published_at=rec.published_at, date_source=rec.date_source,
        language=rec.language or language_of(rec.text[:2000]), text=rec.text, content_hash=content_hash(rec.text),
        is_demo=rec.is_demo, meta=json.dumps(meta) if meta else None,
    )
    session.add(article)
    session.flush()
    return article, meta


def _same_wording(a: str, b: str, reason: str) -> Comparison:
    """The cheapest stage of the cascade: the same normalised words are the same statement, verbatim."""
    return Comparison(True, "verbatim", 1.0, Evidence((0, len(a)), (0, len(b)), [("equal", a)]), None, reason)


def _identical(text: str) -> Comparison:
    return _same_wording(text, text, "identical article text (reprint)")


def _store_article(session: Session, ws: Workspace, rec: ArticleIn, quotes: list[ExtractedQuote],
                   ids: _Ids) -> Article:
    article, meta = _new_article(session, rec, ids)
    store_sentences(session, article.id, rec.text)
    hashes = [text_hash(q.text) for q in quotes]
    vec_rows = vectors_for_hashes(session, hashes)
    stored: list[Quote] = []
    for q, h in zip(quotes, hashes):
        mention = rec.text[q.speaker_start:q.speaker_end] if q.speaker and q.speaker_start is not None else None
        row = Quote(article_id=article.id, text=q.text, span_start=q.start, span_end=q.end,
                    speaker_id=ids.speaker(session, q.speaker, mention), speaker_mention=mention or q.speaker,
                    cue=q.cue, kind=q.kind, norm_hash=h, note=_note_for(meta, q))
        session.add(row)
        stored.append(row)
    session.flush()
    # Wordings already carried by quotes of other articles (one query for the whole article).
    own = frozenset(r.id for r in stored)
    known = quotes_of(session, hashes, own)
    vecs = {h: (from_blob(v.vector, EN_DIM), from_blob(v.mvector, ML_DIM)) for h, v in vec_rows.items()}
    # Neighbours of the new wordings, with their vectors and quotes, in a few round trips for the article.
    searched = [row for row in stored if not known.get(row.norm_hash)]
    finder = HitFinder(session, ws.index, [(r.text, r.norm_hash, *vecs[r.norm_hash]) for r in searched])
    position = {id(r): n for n, r in enumerate(searched)}
    for row in stored:
        vec, mvec = vecs[row.norm_hash]
        same = known.get(row.norm_hash)
        if same:
            # Already stored word for word: that wording's statement is this quote's, no search needed.
            hits = [Hit(row.norm_hash, same[0][1], _same_wording(row.text, same[0][1], "same normalised wording"),
                        [s[0] for s in same], list(dict.fromkeys(s[2] for s in same if s[2] is not None)))]
        else:
            # this article's quotes were fetched before any was assigned: read their statements live
            hits = finder.hits(position[id(row)], frozenset({row.id}), {r.id: r.statement_id for r in stored})
        assign_statement(session, row, hits, vec, mvec)
    reprints.on_article_stored(session, article)
    return article


def _store_reprint(session: Session, rec: ArticleIn, original_id: int, ids: _Ids) -> tuple[Article, int]:
    """A new URL carrying the exact text of a stored article: copy its quotes (same spans, speakers and
    wordings) and sentences; each copied quote joins the statement of the quote it repeats."""
    article, meta = _new_article(session, rec, ids)
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


# ------------------------------------------------------------------------------------------ the pipeline


@dataclass
class _Chunk:
    items: list[ArticleIn | Bad]
    present: set[str]                      # URLs stored before this run looked
    extracted: dict[int, list[ExtractedQuote]]
    encoding: Future | None                # -> Encoded, the chunk's new wordings


class _Run:
    """One ingest call: chunks are prepared (read, extracted, sent to the models) one ahead of being stored."""

    def __init__(self, ws: Workspace, pool: ThreadPoolExecutor) -> None:
        self.ws = ws
        self.pool = pool
        self.ids = _Ids()
        self.submitted: set[str] = set()   # wordings sent to the models in this run
        self.texts: set[str] = set()       # content hashes of articles extracted in this run
        self.stored_urls: set[str] = set()

    def prepare(self, chunk: list[ArticleIn | Bad]) -> _Chunk:
        records = [r for r in chunk if isinstance(r, ArticleIn)]
        with session_scope(self.ws.engine) as session:
            urls = [r.url for r in records]
            present = set(session.scalars(select(Article.url).where(Article.url.in_(urls))).all()) if urls \
                else set()
            hashes = {content_hash(r.text) for r in records if r.url not in present}
            stored_hashes = set(session.scalars(select(Article.content_hash).where(
                Article.content_hash.in_(hashes))).all()) if hashes else set()
        extracted: dict[int, list[ExtractedQuote]] = {}
        wanted: dict[str, str] = {}
        for i, rec in enumerate(chunk):
            if isinstance(rec, ArticleIn) and rec.url not in present:
                h = content_hash(rec.text)
                if h in stored_hashes or h in self.texts:
                    continue  # probably a reprint: extracted only if no stored article has this exact text
                self.texts.add(h)
                extracted[i] = _extract(rec)
                for q in extracted[i]:
                    th = text_hash(q.text)
                    if th not in self.submitted:
                        wanted.setdefault(th, q.text)
        with session_scope(self.ws.engine) as session:
            missing = _missing(session, wanted)
        self.submitted.update(h for h, _ in missing)
        encoding = self.pool.submit(encode_wordings, self.ws.embedder, missing) if missing else None
        return _Chunk(chunk, present, extracted, encoding)

    def store(self, chunk: _Chunk) -> Iterator[Outcome]:
        ws = self.ws
        if chunk.encoding is not None:
            store_vectors(ws, chunk.encoding.result())
        for i, rec in enumerate(chunk.items):
            if isinstance(rec, Bad):
                yield Outcome(FAILED, rec.location, reason=rec.reason)
                continue
            if rec.url in chunk.present or rec.url in self.stored_urls:
                yield Outcome(PRESENT, rec.url, url=rec.url)
                continue
            try:
                original = None
                quotes = chunk.extracted.get(i)
                if quotes is None:
                    with session_scope(ws.engine) as session:
                        original = _original_of(session, rec.text)
                    if original is None:  # same text up to whitespace only, or its twin failed: the full path
                        quotes = _extract(rec)
                        with session_scope(ws.engine) as session:
                            missing = _missing(session, {text_hash(q.text): q.text for q in quotes})
                        # through the worker, so the models never run on two threads at once
                        store_vectors(ws, self.pool.submit(encode_wordings, ws.embedder, missing).result())
                with session_scope(ws.engine) as session:
                    if original is not None:
                        article, n_quotes = _store_reprint(session, rec, original, self.ids)
                    else:
                        article = _store_article(session, ws, rec, quotes, self.ids)
                        n_quotes = len(quotes)
                    article_id = article.id
                self.ids.commit()
                self.stored_urls.add(rec.url)
                yield Outcome(INGESTED, rec.url, url=rec.url, article_id=article_id, quotes=n_quotes)
            except Exception as exc:  # one article's failure is reported and the rest go on
                self.ids.rollback()
                yield Outcome(FAILED, rec.url, url=rec.url, reason=f"could not store: {exc}")


def ingest(ws: Workspace, items: Iterable[ArticleIn | Bad], location_of=None) -> Iterator[Outcome]:
    """Ingest records in chunks: read ahead, embed new wordings in a batch, then one transaction per article."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="provenance-embed")
    run = _Run(ws, pool)
    ready: _Chunk | None = None
    chunk: list[ArticleIn | Bad] = []
    try:
        for item in items:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                nxt = run.prepare(chunk)  # its wordings are embedded while the previous chunk is stored
                chunk = []
                if ready is not None:
                    yield from run.store(ready)
                ready = nxt
        if chunk:
            nxt = run.prepare(chunk)
            if ready is not None:
                yield from run.store(ready)
            ready = nxt
        if ready is not None:
            yield from run.store(ready)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        # Keep the saved index in step, so the next process loads it instead of rebuilding.
        if ws.index.persistent:
            with session_scope(ws.engine) as session:
                ws.index.refresh_sentences(session)
            ws.index.save()


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
