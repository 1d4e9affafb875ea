"""Article sentences: stored as spans, and searched by word n-grams so that a pasted wording is found
where the extractor marked no quote (unquoted reprints, indirect speech).

Sentence hits are decided by text alone (verbatim, verbatim with edits, fragment, altered), through the
matcher's own rules; paraphrases of unquoted sentences are not searched (that would mean embedding every
sentence of every article)."""

from __future__ import annotations

import re
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz
from sqlalchemy import insert, select
from sqlmodel import Session

from provenance.match import Comparison, compare_vectors
from provenance.models import Article, Quote, Sentence
from provenance.normalize import normalize, text_hash

# Word n-gram length of a shingle, and the winnowing window: any shared run of SHINGLE + WINDOW - 1 words
# (6) between a query and a sentence shares at least one stored fingerprint.
SHINGLE = 3
WINDOW = 4
# Shingles carried by more sentences than this are boilerplate ("he said that"); they find nothing useful.
MAX_POSTINGS = 5_000
# Postings buffered before they are merged into the sorted arrays.
MERGE_AT = 200_000
MIN_WORDS = 4
# Sentence windows scored per query: enough for a statement reprinted many times, bounded for latency.
MAX_CANDIDATES = 40
# Minimum rapidfuzz partial_ratio (0-100) of the normalised texts before the matcher is asked.
PREFILTER = 75
REFRESH_BATCH = 20_000

# ------------------------------------------------------------------------------------------ splitting

_ABBREV = frozenset(
    "mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr adm gov sen rep rev hon pres inc ltd co corp "
    "jan feb mar apr jun jul aug sep sept oct nov dec no vs etc fig al approx dept est univ ave".split())
# A sentence ends at . ! ? (and closing quotes/brackets after it), before whitespace; or at a blank line.
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)|\n\s*\n")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of `text` (whitespace trimmed), in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group().strip():
            nxt = text[end:end + 3].lstrip()
            if nxt[:1].islower():  # '"Why?" he asked' and "e.g. this" go on
                continue
            if m.group()[0] == ".":
                before = _WORD_BEFORE.search(text, max(start, m.start() - 20), m.start() + 1)
                word = before.group(1) if before else ""
                # "Mr. Smith" and "U.S. officials" do not end a sentence ("3.5" has no space after the dot).
                if word.casefold() in _ABBREV or len(word) == 1:
                    continue
        _push(text, start, end, spans)
        start = end
    _push(text, start, len(text), spans)
    return spans


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sentence_rows(article_id: int, text: str) -> list[dict]:
    """Sentence rows for an article, ready for one bulk insert."""
    return [{"article_id": article_id, "span_start": s, "span_end": e, "norm_hash": text_hash(text[s:e])}
            for s, e in split_sentences(text)]


def store_sentences(session: Session, article_id: int, text: str) -> int:
    """Store an article's sentences in one round trip; how many."""
    rows = sentence_rows(article_id, text)
    if rows:
        session.execute(insert(Sentence), rows)
    return len(rows)


def copy_sentences(session: Session, from_article_id: int, to_article_id: int) -> int:
    """Give a byte-identical reprint the sentences of the article it repeats (no re-splitting)."""
    rows = session.execute(select(Sentence.span_start, Sentence.span_end, Sentence.norm_hash)
                           .where(Sentence.article_id == from_article_id).order_by(Sentence.id)).all()
    if rows:
        session.execute(insert(Sentence), [{"article_id": to_article_id, "span_start": s, "span_end": e,
                                            "norm_hash": h} for s, e, h in rows])
    return len(rows)


# ------------------------------------------------------------------------------------------ the index


def _shingles(words: list[str]) -> np.ndarray:
    """uint32 hashes of the word n-grams (a text shorter than one n-gram is one shingle)."""
    if len(words) < SHINGLE:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    return np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint32, count=len(grams))


def fingerprints(words: list[str]) -> np.ndarray:
    """The winnowed shingles of a sentence: the smallest hash of each window of WINDOW shingles."""
    h = _shingles(words)
    if len(h) <= WINDOW:
        return np.unique(h)
    windows = np.lib.stride_tricks.sliding_window_view(h, WINDOW)
    return np.unique(windows.min(axis=1))


class SentenceIndex:
    """Fingerprint -> sentence id postings: two sorted numpy arrays plus a small buffer of recent adds.

    Kept in step with the Sentence table by id, like the vector index, and saved beside it."""

    def __init__(self) -> None:
        self._keys = np.zeros(0, dtype=np.uint32)
        self._ids = np.zeros(0, dtype=np.uint32)  # sentence ids (4 bytes: a third less than int64)
        self._buf_keys: list[np.ndarray] = []
        self._buf_ids: list[np.ndarray] = []
        self._buffered = 0
        self.last_id = 0
        self.count = 0  # Sentence rows seen (indexed or skipped as already-indexed wordings)
        # 60-bit prefixes of the indexed norm_hashes: a sorted array (8 bytes each, where a Python set of
        # ints costs about 70) and a small set of recent ones merged into it now and then.
        self._seen = np.zeros(0, dtype=np.int64)
        self._seen_new: set[int] = set()
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return self.count

    def add(self, sentence_id: int, text: str) -> None:
        fp = fingerprints(normalize(text).split())
        with self._lock:
            if len(fp):
                self._buf_keys.append(fp)
                self._buf_ids.append(np.full(len(fp), sentence_id, dtype=np.uint32))
                self._buffered += len(fp)
            self.last_id = max(self.last_id, sentence_id)
            self.count += 1
            if self._buffered >= MERGE_AT:
                self._merge()

    def _merge(self) -> None:
        if not self._buffered:
            return
        keys = np.concatenate([self._keys, *self._buf_keys])
        ids = np.concatenate([self._ids, *self._buf_ids])
        order = np.argsort(keys, kind="stable")
        self._keys, self._ids = keys[order], ids[order]
        self._buf_keys, self._buf_ids, self._buffered = [], [], 0

    def candidates(self, words: list[str], limit: int = MAX_CANDIDATES) -> list[int]:
        """Sentence ids sharing the most query shingles, best first."""
        query = np.unique(_shingles(words))
        if not len(query):
            return []
        with self._lock:
            self._merge()
            lo = np.searchsorted(self._keys, query, side="left")
            hi = np.searchsorted(self._keys, query, side="right")
            found = [self._ids[a:b] for a, b in zip(lo, hi) if 0 < b - a <= MAX_POSTINGS]
        if not found:
            return []
        ids, counts = np.unique(np.concatenate(found), return_counts=True)
        order = np.lexsort((ids, -counts))[:limit]
        return [int(i) for i in ids[order]]

    def refresh(self, session: Session) -> int:
        """Index Sentence rows stored since the last refresh; a wording already indexed is skipped, since
        its reprints are found through the stored norm_hash."""
        added = 0
        with self._lock:
            while True:
                rows = session.execute(
                    select(Sentence.id, Sentence.article_id, Sentence.span_start, Sentence.span_end,
                           Sentence.norm_hash)
                    .where(Sentence.id > self.last_id).order_by(Sentence.id).limit(REFRESH_BATCH)).all()
                if not rows:
                    break
                keys = np.fromiter((int(r[4][:15], 16) for r in rows), dtype=np.int64, count=len(rows))
                pos = np.minimum(np.searchsorted(self._seen, keys), max(len(self._seen) - 1, 0))
                old = (self._seen[pos] == keys) if len(self._seen) else np.zeros(len(rows), dtype=bool)
                fresh = []
                for r, key, is_old in zip(rows, keys.tolist(), old.tolist()):
                    if not is_old and key not in self._seen_new:
                        self._seen_new.add(key)
                        fresh.append(r)
                if len(self._seen_new) >= MERGE_AT:
                    self._merge_seen()
                texts = dict(session.execute(select(Article.id, Article.text).where(
                    Article.id.in_({r[1] for r in fresh}))).all()) if fresh else {}
                for sid, aid, s, e, _ in fresh:
                    self.add(sid, texts.get(aid, "")[s:e])
                self.last_id = int(rows[-1][0])
                self.count += len(rows) - len(fresh)
                added += len(rows)
                if len(rows) < REFRESH_BATCH:
                    break
        return added

    def _merge_seen(self) -> None:
        if self._seen_new:
            new = np.fromiter(self._seen_new, dtype=np.int64, count=len(self._seen_new))
            self._seen = np.union1d(self._seen, new)
            self._seen_new = set()

    def save(self, path: Path) -> None:
        from provenance.vectors import _atomic

        with self._lock:
            self._merge()
            self._merge_seen()
            seen = self._seen
            _atomic(path, lambda tmp: np.savez(tmp, keys=self._keys, ids=self._ids, seen=seen,
                                               state=np.array([self.last_id, self.count], dtype=np.int64)))

    def load(self, path: Path) -> None:
        with np.load(path) as data:
            keys, ids, state, seen = data["keys"], data["ids"], data["state"], data["seen"]
        with self._lock:
            self._keys, self._ids = keys.astype(np.uint32), ids.astype(np.uint32)
            self._buf_keys, self._buf_ids, self._buffered = [], [], 0
            self.last_id, self.count = int(state[0]), int(state[1])
            self._seen, self._seen_new = np.unique(seen.astype(np.int64)), set()


# ------------------------------------------------------------------------------------------ finding


@dataclass
class SentenceHit:
    """A stretch of one stored article (one or more consecutive sentences) holding the wording."""

    article_id: int
    span_start: int
    span_end: int
    text: str
    comparison: Comparison
    sentence_ids: list[int] = field(default_factory=list)
    quote_ids: list[int] = field(default_factory=list)       # stored quotes overlapping the stretch
    statement_ids: list[int] = field(default_factory=list)   # their statements

    @property
    def quoted(self) -> bool:
        """Whether the extractor already marked a quote here (then the quote hit says the same)."""
        return bool(self.quote_ids)


def find_sentence_hits(session: Session, text: str, index: SentenceIndex | None = None, limit: int = 20,
                       vec: np.ndarray | None = None, encode=None) -> list[SentenceHit]:  # noqa: ANN001
    """Stored article passages that carry `text` verbatim, with edits, as a fragment, or altered; best first.

    Candidates come from the n-gram index (and the exact sentence hash); each run of consecutive candidate
    sentences in one article that shares most of its words (rapidfuzz partial ratio) is then compared with
    the text by the matcher. Sentences are not embedded at ingest (that would dominate its cost): with
    `vec` (the text's English vector) and `encode` (texts -> unit vectors) the few passages that pass the
    word filter are embedded now, in one batch, so that reworded passages are judged like quotes; without
    them only the matcher's text rules apply (verbatim, fragment, altered)."""
    words = normalize(text).split()
    if len(words) < MIN_WORDS:
        return []
    ids = set(index.candidates(words)) if index is not None else set()
    ids.update(session.scalars(select(Sentence.id).where(Sentence.norm_hash == text_hash(text))
                               .limit(MAX_CANDIDATES)).all())
    if not ids:
        return []
    hashes = set(session.scalars(select(Sentence.norm_hash).where(Sentence.id.in_(ids))).all())
    rows = session.execute(select(Sentence.id, Sentence.article_id, Sentence.span_start, Sentence.span_end)
                           .where(Sentence.id.in_(ids) | Sentence.norm_hash.in_(hashes))
                           .order_by(Sentence.article_id, Sentence.id).limit(20 * MAX_CANDIDATES)).all()
    articles = dict(session.execute(select(Article.id, Article.text).where(
        Article.id.in_({r[1] for r in rows}))).all())
    query = " ".join(words)
    passages = []
    for aid, run in _runs(rows):
        start, end = run[0][2], run[-1][3]
        passage = articles.get(aid, "")[start:end]
        if fuzz.partial_ratio(query, normalize(passage)) >= PREFILTER:
            passages.append((aid, run, start, end, passage))
    pvecs = None
    if vec is not None and encode is not None and passages:
        distinct = list(dict.fromkeys(p[4] for p in passages))
        encoded = dict(zip(distinct, encode(distinct)))
        pvecs = [encoded[p[4]] for p in passages]
    hits: list[SentenceHit] = []
    for n, (aid, run, start, end, passage) in enumerate(passages):
        cmp = compare_vectors(text, passage, vec, pvecs[n] if pvecs is not None else None)
        if not cmp.same_statement:
            continue
        hits.append(SentenceHit(aid, start, end, passage, cmp, [r[0] for r in run]))
    _attach_quotes(session, hits)
    hits.sort(key=lambda h: (-h.comparison.score, h.article_id))
    return hits[:limit]


def _runs(rows) -> list[tuple[int, list]]:  # noqa: ANN001
    """Group candidate sentences into runs of consecutive sentences of one article."""
    out: list[tuple[int, list]] = []
    for r in rows:
        if out and out[-1][0] == r[1] and r[0] == out[-1][1][-1][0] + 1:
            out[-1][1].append(r)
        else:
            out.append((r[1], [r]))
    return out


def _attach_quotes(session: Session, hits: list[SentenceHit]) -> None:
    if not hits:
        return
    rows = session.execute(select(Quote.id, Quote.article_id, Quote.span_start, Quote.span_end, Quote.statement_id)
                           .where(Quote.article_id.in_({h.article_id for h in hits}))).all()
    for h in hits:
        for qid, aid, s, e, sid in rows:
            if aid == h.article_id and s < h.span_end and e > h.span_start:
                h.quote_ids.append(qid)
                if sid is not None and sid not in h.statement_ids:
                    h.statement_ids.append(sid)
