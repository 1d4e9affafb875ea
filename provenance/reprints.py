"""Article-level reprint detection: MinHash signatures of word shingles, an LSH index, and the share copied.

An article is a reprint (wire copy, syndication) of an earlier one when most of its own prose — the text
outside its direct quotations — is found in the earlier article. Two independent reports that carry the
same long quotation share the quotation, not the prose, and so are not reprints of each other.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from sqlalchemy import func, select
from sqlmodel import Session

from provenance.hints import SourceHint, find_hints, resolve_outlets
from provenance.models import DATE_UNKNOWN, Article, Outlet, Quote

SHINGLE_WORDS = 5
NUM_PERM = 128
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"
# LSH recall target: an article that copies most of a longer one still has a modest Jaccard similarity.
LSH_THRESHOLD = 0.3
MIN_ESTIMATED_JACCARD = 0.2
# Too few shingles say nothing about copying (a two-line brief).
MIN_SHINGLES = 8
# "Largely repeats": at least this share of the article (and of its own prose) is found in the earlier one.
REPRINT_MIN_SHARE = 0.5
# Candidates verified exactly against the stored text, best estimate first; near-identical copies of one
# original collapse onto it, so a few are enough however often a text was syndicated.
VERIFY_TOP = 3
QUOTED_KINDS = ("direct", "mixed")


@dataclass(frozen=True)
class Shingles:
    """An article's word shingles, and those wholly outside its direct quotations (its own prose)."""

    all: frozenset[int]
    prose: frozenset[int]


# Shingles only need to agree with each other, so a plain word regex does (much cheaper than normalize.tokens).
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _grams(words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Each word 5-gram with the character span it covers (a short text is one gram)."""
    if not words:
        return []
    if len(words) < SHINGLE_WORDS:
        return [(" ".join(w for w, _, _ in words), words[0][1], words[-1][2])]
    return [(" ".join(w for w, _, _ in words[i:i + SHINGLE_WORDS]), words[i][1], words[i + SHINGLE_WORDS - 1][2])
            for i in range(len(words) - SHINGLE_WORDS + 1)]


def shingles(text: str, quoted: list[tuple[int, int]] = ()) -> Shingles:
    """Hashed word 5-grams of `text`; `quoted` are character spans whose shingles are not prose."""
    all_, prose = set(), set()
    for gram, s, e in _grams(_words(text)):
        h = hash(gram)
        all_.add(h)
        if not any(a <= s and e <= b for a, b in quoted):
            prose.add(h)
    return Shingles(frozenset(all_), frozenset(prose))


def signature(text: str) -> MinHash:
    """The MinHash signature of a text's word shingles (stable across processes)."""
    mh = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    mh.update_batch([g.encode() for g, _, _ in _grams(_words(text))])
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype="<u4").tobytes()


def from_bytes(blob: bytes) -> LeanMinHash:
    return LeanMinHash(seed=MINHASH_SEED, hashvalues=np.frombuffer(blob, dtype="<u4"), scheme=MINHASH_SCHEME)


def containment(part: frozenset[int], whole: frozenset[int]) -> float:
    """Share of `part` found in `whole`."""
    return len(part & whole) / len(part) if part else 0.0


# ---------------------------------------------------------------------------------------------------------
# The per-process LSH index, rebuilt lazily from Article.minhash and topped up with newer rows.


@dataclass
class _Index:
    lsh: MinHashLSH = field(default_factory=lambda: MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM))
    max_id: int = 0
    signatures: dict[str, LeanMinHash] = field(default_factory=dict)


_INDEXES: dict[str, _Index] = {}
_LOCK = threading.Lock()


def _key(article_id: int, content_hash: str) -> str:
    # The content hash guards against an id reused after a rolled-back transaction.
    return f"{article_id}:{content_hash[:16]}"


def _index_for(session: Session) -> _Index:
    url = session.get_bind().url.render_as_string(hide_password=True)
    idx = _INDEXES.get(url)
    top = session.scalar(select(func.max(Article.id))) or 0
    if idx is None or top < idx.max_id:  # a new process, or a store emptied under us (tests)
        idx = _INDEXES[url] = _Index()
    rows = session.execute(select(Article.id, Article.content_hash, Article.minhash)
                           .where(Article.id > idx.max_id, Article.minhash.is_not(None))
                           .order_by(Article.id)).all()
    for aid, chash, blob in rows:
        _add(idx, _key(aid, chash), from_bytes(blob))
        idx.max_id = max(idx.max_id, aid)
    return idx


def _add(idx: _Index, key: str, mh: LeanMinHash) -> None:
    if key not in idx.signatures:
        idx.lsh.insert(key, mh)
        idx.signatures[key] = mh


def forget_indexes() -> None:
    """Drop the in-process LSH indexes (they are rebuilt from the store on next use)."""
    with _LOCK:
        _INDEXES.clear()


# ---------------------------------------------------------------------------------------------------------
# Detection


def _before(a: Article, b: Article) -> bool:
    """Whether `a` came out before `b`: unknown dates never win; ties go to the one stored first."""
    a_dated = a.published_at is not None and a.date_source != DATE_UNKNOWN
    b_dated = b.published_at is not None and b.date_source != DATE_UNKNOWN
    if a_dated != b_dated:
        return a_dated
    if a_dated and a.published_at != b.published_at:
        return a.published_at < b.published_at
    return a.id < b.id


def _quoted_spans(session: Session, article_id: int) -> list[tuple[int, int]]:
    return [tuple(r) for r in session.execute(
        select(Quote.span_start, Quote.span_end).where(Quote.article_id == article_id,
                                                       Quote.kind.in_(QUOTED_KINDS))).all()]


def article_shingles(session: Session, article: Article) -> Shingles:
    return shingles(article.text, _quoted_spans(session, article.id))


@dataclass(frozen=True)
class CopyShare:
    share: float        # of the copy's shingles, the share found in the source
    prose_share: float  # of the copy's own prose shingles, the share found in the source

    @property
    def is_reprint(self) -> bool:
        return self.share >= REPRINT_MIN_SHARE and self.prose_share >= REPRINT_MIN_SHARE


def copy_share(copy: Shingles, source: Shingles) -> CopyShare:
    share = containment(copy.all, source.all)
    # An article that is nearly all quotation has no prose of its own to judge by: the whole text decides.
    prose = containment(copy.prose, source.all) if len(copy.prose) >= MIN_SHINGLES else share
    return CopyShare(round(share, 4), round(prose, 4))


def _meta(article: Article) -> dict:
    try:
        return json.loads(article.meta) if article.meta else {}
    except ValueError:
        return {}


def article_hints(article: Article) -> list[SourceHint]:
    """The article's source hints: stored at ingest in its meta, else found in its text now."""
    meta = _meta(article)
    if "source_hints" in meta:
        return [SourceHint.from_dict(d) for d in meta["source_hints"]]
    return find_hints(article.text)


def on_article_stored(session: Session, article: Article) -> None:
    """Ingest hook (inside the article's transaction, after its quotes): sign the text, note its source
    hints, and mark it as a reprint of an earlier article (or an earlier-dated newcomer as the source of a
    stored one)."""
    hints = find_hints(article.text)
    meta = _meta(article)
    meta["source_hints"] = [h.to_dict() for h in hints]
    article.meta = json.dumps(meta, ensure_ascii=False)
    mh = signature(article.text)
    article.minhash = to_bytes(mh)
    session.flush()
    with _LOCK:
        idx = _index_for(session)
        keys = idx.lsh.query(mh)
        _add(idx, _key(article.id, article.content_hash), LeanMinHash(mh))
        idx.max_id = max(idx.max_id, article.id)
        estimates = {k: idx.signatures[k].jaccard(mh) for k in keys if k in idx.signatures}
    _link(session, article, hints, estimates)


def _link(session: Session, article: Article, hints: list[SourceHint], estimates: dict[str, float]) -> None:
    by_id: dict[int, float] = {}
    for key, est in estimates.items():
        aid, chash = key.split(":")
        if int(aid) != article.id and est >= MIN_ESTIMATED_JACCARD:
            by_id[int(aid)] = max(est, by_id.get(int(aid), 0.0))
    if not by_id:
        return
    mine = article_shingles(session, article)
    if len(mine.all) < MIN_SHINGLES:
        return
    candidates = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(list(by_id)))).all()}
    # Copies of one original collapse onto it: verify the roots, not a thousand syndicated copies.
    roots: dict[int, float] = {}
    for aid, est in by_id.items():
        a = candidates.get(aid)
        if a is None:
            continue  # its transaction rolled back
        root = a
        seen = {a.id}
        while root.reprint_of_id and root.reprint_of_id not in seen:
            seen.add(root.reprint_of_id)
            nxt = candidates.get(root.reprint_of_id) or session.get(Article, root.reprint_of_id)
            if nxt is None:
                break
            candidates[nxt.id] = root = nxt
        roots[root.id] = max(est, roots.get(root.id, 0.0))
    hinted = {o.id for o in resolve_outlets(session, {h.name for h in hints if h.scope == "article"}).values()}

    def rank(aid: int) -> tuple:
        a = candidates[aid]
        return (a.outlet_id not in hinted, -round(roots[aid], 1), not _before(a, article), a.id)

    best: tuple[Article, CopyShare] | None = None
    for aid in sorted(roots, key=rank)[:VERIFY_TOP]:
        other = candidates[aid]
        theirs = article_shingles(session, other)
        if _before(other, article):
            share = copy_share(mine, theirs)
            if share.is_reprint and (best is None or share.share > best[1].share + 0.05):
                best = (other, share)
        else:
            # The newcomer is the earlier one (ingested late): the stored article may be its reprint.
            share = copy_share(theirs, mine)
            if share.is_reprint and (other.reprint_of_id is None or _later_source(session, other, article)):
                other.reprint_of_id, other.reprint_share = article.id, share.share
    if best is not None:
        article.reprint_of_id, article.reprint_share = best[0].id, best[1].share
    session.flush()


def _later_source(session: Session, copy: Article, newcomer: Article) -> bool:
    """Whether `copy`'s current source came out after `newcomer` (so the newcomer is the better source)."""
    current = session.get(Article, copy.reprint_of_id)
    return current is None or _before(newcomer, current)


def backfill(session: Session) -> int:
    """Sign and link stored articles that predate the ingest hook, oldest first; returns how many."""
    rows = session.scalars(select(Article).where(Article.minhash.is_(None)).order_by(Article.id)).all()
    for a in rows:
        on_article_stored(session, a)
    return len(rows)


# ---------------------------------------------------------------------------------------------------------
# Both directions: an article's sources, an outlet's originals and reprints


@dataclass
class ArticleSource:
    """What an article took and from where."""

    article_id: int
    url: str
    outlet: str
    published_at: datetime | None
    share: float | None  # share of the article's text found there (None for a quote-level source)
    what: str            # "reprint of the whole article" or "quote: ..."

    def to_dict(self) -> dict:
        return {"article_id": self.article_id, "url": self.url, "outlet": self.outlet,
                "published_at": self.published_at.isoformat() if self.published_at else None,
                "share": self.share, "what": self.what}


def article_sources(session: Session, article_id: int) -> list[ArticleSource]:
    """The article it reprints (if any) and, for each of its quotes, the article where that quote's
    statement first appeared, when that is another article."""
    from provenance.lineage import statement_lineage

    article = session.get(Article, article_id)
    if article is None:
        return []
    out: list[ArticleSource] = []

    def outlet_name(a: Article) -> str:
        o = session.get(Outlet, a.outlet_id)
        return o.name if o else ""

    if article.reprint_of_id:
        src = session.get(Article, article.reprint_of_id)
        if src is not None:
            out.append(ArticleSource(src.id, src.url, outlet_name(src), src.published_at, article.reprint_share,
                                     "reprint of the whole article"))
    sids = session.scalars(select(Quote.statement_id).where(Quote.article_id == article_id,
                                                            Quote.statement_id.is_not(None))).all()
    for sid in dict.fromkeys(sids):
        lin = statement_lineage(session, sid)
        if lin is None or lin.origin is None or lin.origin.article_id == article_id:
            continue
        o = lin.origin
        out.append(ArticleSource(o.article_id, o.url, o.outlet, o.published_at, None, f"quote: {o.quote}"))
    return out


@dataclass
class OutletSummary:
    outlet: str
    articles: int
    reprinted: list[int]    # its articles that reprint another outlet's or its own earlier article
    originated: list[int]   # its articles that reprint nothing
    reprinted_by_others: int  # reprints elsewhere of its articles

    def to_dict(self) -> dict:
        return {"outlet": self.outlet, "articles": self.articles, "reprinted": self.reprinted,
                "originated": self.originated, "reprinted_by_others": self.reprinted_by_others}


def outlet_summary(session: Session, outlet_id: int) -> OutletSummary | None:
    """What an outlet originated versus what it reprinted."""
    outlet = session.get(Outlet, outlet_id)
    if outlet is None:
        return None
    rows = session.execute(select(Article.id, Article.reprint_of_id).where(Article.outlet_id == outlet_id)
                           .order_by(Article.id)).all()
    ids = [r[0] for r in rows]
    by_others = session.scalar(select(func.count()).select_from(Article).where(
        Article.reprint_of_id.in_(ids), Article.outlet_id != outlet_id)) if ids else 0
    return OutletSummary(outlet.name, len(rows), [a for a, r in rows if r], [a for a, r in rows if not r],
                         int(by_others or 0))
