"""Find stored wordings that may be the same statement as a text, and score each with the matcher."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlmodel import Session

from provenance.match import Comparison, compare_vectors
from provenance.models import Quote, TextVector
from provenance.textindex import EN_DIM, ML_DIM, TextIndex, from_blob

# How many stored wordings of one text we look at; a text reprinted thousands of times needs only a few.
QUOTES_PER_WORDING = 50


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
    near = index.neighbours(vec, mvec, k=k)
    rows = session.execute(
        select(TextVector.norm_hash, TextVector.vector, TextVector.mvector)
        .where((TextVector.id.in_(list(near))) | (TextVector.norm_hash == norm_hash))
    ).all()
    hits: list[Hit] = []
    for h, blob, mblob in rows:
        quotes = session.execute(
            select(Quote.id, Quote.text, Quote.statement_id).where(Quote.norm_hash == h)
            .order_by(Quote.id).limit(QUOTES_PER_WORDING)
        ).all()
        quotes = [q for q in quotes if q[0] not in exclude_quote_ids]
        if not quotes:
            continue
        cand_text = quotes[0][1]
        comparison = compare_vectors(text, cand_text, vec, from_blob(blob, EN_DIM), mvec, from_blob(mblob, ML_DIM))
        statement_ids = list(dict.fromkeys(q[2] for q in quotes if q[2] is not None))
        hits.append(Hit(h, cand_text, comparison, [q[0] for q in quotes], statement_ids))
    hits.sort(key=lambda hit: -hit.comparison.score)
    return hits
