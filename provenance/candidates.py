"""Find stored wordings that may be the same statement as a text, and score each with the matcher."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select, union_all
from sqlmodel import Session

from provenance.match import Comparison, compare_vectors
from provenance.models import Quote, TextVector
from provenance.textindex import EN_DIM, ML_DIM, TextIndex, from_blob

# How many stored wordings of one text we look at; a text reprinted thousands of times needs only a few.
QUOTES_PER_WORDING = 50
COMPOUND_MAX = 200


@dataclass
class Hit:
    """One distinct stored wording, how it compares with the text, and the quotes that carry it."""

    norm_hash: str
    text: str
    comparison: Comparison
    quote_ids: list[int] = field(default_factory=list)
    statement_ids: list[int] = field(default_factory=list)


def find_hits(session: Session, index: TextIndex, text: str, norm_hash: str, vec: np.ndarray,
              mvec: np.ndarray | None, k: int = 10, exclude_quote_ids: frozenset[int] = frozenset()) -> list[Hit]:
    """Stored wordings near `text` (exact hash, English and multilingual neighbours), best score first."""
    return HitFinder(session, index, [(text, norm_hash, vec, mvec)], k).hits(0, exclude_quote_ids)


class HitFinder:
    """`find_hits` for several texts at once: their neighbours, the candidates' vectors and the candidates'
    quotes are fetched in one index call and two queries, however many texts there are."""

    def __init__(self, session: Session, index: TextIndex,
                 items: list[tuple[str, str, np.ndarray, np.ndarray | None]], k: int = 10) -> None:
        self.items = items
        if not items:
            self.near, self.vectors, self.quotes = [], {}, {}
            return
        mvecs = None if any(m is None for _, _, _, m in items) else np.stack([m for _, _, _, m in items])
        self.near = index.neighbours_many(np.stack([v for _, _, v, _ in items]), mvecs, k=k)
        ids = sorted({i for near in self.near for i in near})
        hashes = sorted({h for _, h, _, _ in items})
        rows = session.execute(
            select(TextVector.id, TextVector.norm_hash, TextVector.vector, TextVector.mvector)
            .where((TextVector.id.in_(ids)) | (TextVector.norm_hash.in_(hashes)))
        ).all()
        self.vectors = {r[1]: (r[0], r[2], r[3]) for r in rows}
        self._by_id = {r[0]: r[1] for r in rows}
        # One extra quote per wording for each text, so that excluding the asking quotes leaves a full set.
        self.quotes = quotes_of(session, list(self.vectors), extra=len(items))

    def hits(self, i: int, exclude_quote_ids: frozenset[int] = frozenset(),
             live_statements: dict[int, int | None] | None = None) -> list[Hit]:
        """Hits of text i, best score first. `live_statements` gives the current statement of quotes stored
        since the prefetch (an article's own earlier quotes), whose fetched statement may be stale."""
        text, norm_hash, vec, mvec = self.items[i]
        wanted = [self._by_id[j] for j in self.near[i] if j in self._by_id]
        if norm_hash in self.vectors:
            wanted.append(norm_hash)
        hits: list[Hit] = []
        for h in sorted(set(wanted), key=lambda h: self.vectors[h][0]):
            quotes = [q for q in self.quotes.get(h, []) if q[0] not in exclude_quote_ids][:QUOTES_PER_WORDING]
            if not quotes:
                continue
            if live_statements:
                quotes = [(q[0], q[1], live_statements.get(q[0], q[2])) for q in quotes]
            _, blob, mblob = self.vectors[h]
            cand_text = quotes[0][1]
            comparison = compare_vectors(text, cand_text, vec, from_blob(blob, EN_DIM), mvec,
                                         from_blob(mblob, ML_DIM))
            statement_ids = list(dict.fromkeys(q[2] for q in quotes if q[2] is not None))
            hits.append(Hit(h, cand_text, comparison, [q[0] for q in quotes], statement_ids))
        hits.sort(key=lambda hit: -hit.comparison.score)
        return hits


def quotes_of(session: Session, hashes: list[str], exclude_quote_ids: frozenset[int] = frozenset(),
              extra: int = 0) -> dict[str, list[tuple[int, str, int | None]]]:
    """(id, text, statement_id) of the first QUOTES_PER_WORDING (+ `extra`) quotes of each wording, oldest
    first, in one query."""
    if not hashes:
        return {}
    # One limited select per wording, so a text reprinted thousands of times costs no more than a rare one;
    # one more than wanted each, so that excluding the asking quotes still leaves a full set.
    limit = QUOTES_PER_WORDING + len(exclude_quote_ids) + extra
    distinct = list(dict.fromkeys(hashes))
    rows = []
    for lo in range(0, len(distinct), COMPOUND_MAX):  # SQLite allows 500 terms in one compound select
        parts = [select(Quote.id, Quote.norm_hash, Quote.text, Quote.statement_id).where(Quote.norm_hash == h)
                 .order_by(Quote.id).limit(limit).subquery() for h in distinct[lo:lo + COMPOUND_MAX]]
        query = union_all(*(select(p) for p in parts)) if len(parts) > 1 else select(parts[0])
        rows += session.execute(query).all()
    rows.sort()
    out: dict[str, list[tuple[int, str, int | None]]] = {}
    for qid, h, text, sid in rows:
        if qid not in exclude_quote_ids and len(out.setdefault(h, [])) < QUOTES_PER_WORDING + extra:
            out[h].append((qid, text, sid))
    return out
