"""Keep quotes grouped into Statements as articles arrive, guarding against chaining drift."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select
from sqlmodel import Session

from provenance.candidates import Hit
from provenance.match import compare_vectors
from provenance.models import DATE_UNKNOWN, Article, Match, Quote, Statement, TextVector
from provenance.normalize import normalize
from provenance.textindex import EN_DIM, ML_DIM, from_blob

# Each new quote records its relation to at most this many wordings; enough for lineage, bounded for reprints.
MATCHES_PER_QUOTE = 3


def _same_as_canonical(session: Session, statement: Statement, quote: Quote,
                       vec: np.ndarray, mvec: np.ndarray | None) -> tuple[bool, str | None]:
    """Chaining guard: a quote joins a statement only if it matches the statement's canonical wording too.

    Returns (joins, how the quote relates to the canonical wording: "longer" when the canonical is a
    fragment of it, "shorter" when it is a fragment of the canonical, else the matcher's relation)."""
    canonical = session.get(Quote, statement.canonical_quote_id) if statement.canonical_quote_id else None
    if canonical is None or canonical.norm_hash == quote.norm_hash:
        return True, "verbatim"
    row = session.scalars(select(TextVector).where(TextVector.norm_hash == canonical.norm_hash)).first()
    if row is None:
        return False, None
    cmp = compare_vectors(quote.text, canonical.text, vec, from_blob(row.vector, EN_DIM), mvec,
                          from_blob(row.mvector, ML_DIM))
    if not cmp.same_statement or cmp.relation == "altered":
        return False, cmp.relation
    if cmp.relation == "fragment":
        longer = len(normalize(quote.text).split()) > len(normalize(canonical.text).split())
        return True, "longer" if longer else "shorter"
    return True, cmp.relation


def _earlier(session: Session, quote: Quote, other_id: int | None) -> bool:
    """Whether `quote`'s article is dated before the article of quote `other_id` (unknown dates never win)."""
    other = session.get(Quote, other_id) if other_id else None
    if other is None:
        return True
    a, b = session.get(Article, quote.article_id), session.get(Article, other.article_id)
    if a.date_source == DATE_UNKNOWN or a.published_at is None:
        return False
    if b.date_source == DATE_UNKNOWN or b.published_at is None:
        return True
    return a.published_at < b.published_at


def assign_statement(session: Session, quote: Quote, hits: list[Hit], vec: np.ndarray,
                     mvec: np.ndarray | None) -> Statement:
    """Put `quote` into the best matching statement (or a new one) and record its Match rows."""
    chosen: Statement | None = None
    to_canonical: str | None = None
    for hit in hits:
        cmp = hit.comparison
        if not cmp.same_statement or cmp.relation == "altered":
            continue
        for sid in hit.statement_ids:
            statement = session.get(Statement, sid)
            if statement is None:
                continue
            joins, to_canonical = _same_as_canonical(session, statement, quote, vec, mvec)
            if joins:
                chosen = statement
                break
        if chosen is not None:
            break
    if chosen is None:
        chosen = Statement()
        session.add(chosen)
        session.flush()
    quote.statement_id = chosen.id
    # The canonical wording is the earliest full one: a trimmed fragment never replaces it, and a fuller
    # wording replaces a trimmed canonical whatever its date.
    if (chosen.canonical_quote_id is None or to_canonical == "longer"
            or (to_canonical != "shorter" and _earlier(session, quote, chosen.canonical_quote_id))):
        chosen.canonical_quote_id = quote.id
    recorded = 0
    for hit in hits:
        if recorded >= MATCHES_PER_QUOTE:
            break
        cmp = hit.comparison
        if not (cmp.same_statement or cmp.relation == "altered"):
            continue
        other = hit.quote_ids[0]
        a, b = sorted((other, quote.id))
        exists = session.scalars(select(Match.id).where(Match.quote_a_id == a, Match.quote_b_id == b)).first()
        if exists is None and a != b:
            session.add(Match(quote_a_id=a, quote_b_id=b, relation=cmp.relation or "paraphrase",
                              score=float(cmp.score)))
            recorded += 1
    session.flush()
    return chosen
