"""Trace a pasted wording to its statement, every appearance of it, and its first appearance."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlmodel import Session

from provenance.candidates import Hit, find_hits
from provenance.db import session_scope
from provenance.lineage import Appearance, LineageEdge, appearances_of, statement_lineage  # noqa: F401
from provenance.models import Quote, Statement
from provenance.normalize import text_hash
from provenance.store import find_speakers
from provenance.textindex import EN_DIM
from provenance.workspace import Workspace


@dataclass
class TraceResult:
    query: str
    statement_id: int | None
    origin: Appearance | None
    appearances: list[Appearance] = field(default_factory=list)
    query_relation: str | None = None  # how the query relates to the closest stored wording
    query_score: float | None = None
    speaker: str | None = None  # the speaker asked about, if any
    statement_speaker: str | None = None  # who said it: the origin's speaker
    confidence: float | None = None  # in the origin
    evidence: list[str] = field(default_factory=list)
    lineage: list[LineageEdge] = field(default_factory=list)  # each appearance's likely parent

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "statement_id": self.statement_id,
            "origin": self.origin.to_dict() if self.origin else None,
            "appearances": [a.to_dict() for a in self.appearances],
            "query_relation": self.query_relation,
            "query_score": self.query_score,
            "statement_speaker": self.statement_speaker,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
            "lineage": [e.to_dict() for e in self.lineage],
        }


def _speaker_ids(session: Session, statement_ids: list[int]) -> dict[int, set[int]]:
    rows = session.execute(select(Quote.statement_id, Quote.speaker_id)
                           .where(Quote.statement_id.in_(statement_ids))).all()
    out: dict[int, set[int]] = {}
    for sid, spk in rows:
        if spk is not None:
            out.setdefault(sid, set()).add(spk)
    return out


def _choose(session: Session, hits: list[Hit], speaker: str | None) -> tuple[int, Hit] | None:
    """The statement the query is: best-scoring same-statement hit, preferring the named speaker's."""
    same = [h for h in hits if h.comparison.same_statement and h.statement_ids]
    if not same:
        return None
    if speaker:
        wanted = {s.id for s in find_speakers(session, speaker)}
        by_statement = _speaker_ids(session, [sid for h in same for sid in h.statement_ids])
        for h in same:
            for sid in h.statement_ids:
                if by_statement.get(sid, set()) & wanted:
                    return sid, h
    return same[0].statement_ids[0], same[0]


def closest_wording(hits: list[Hit], statement_id: int, chosen: Hit) -> Hit:
    """The stored wording of the statement to describe the query against: a same-language one when there is
    one, so an English query is called a fragment of the English original, not a translation of a report."""
    mine = [h for h in hits if h.comparison.same_statement and statement_id in h.statement_ids]
    same_language = [h for h in mine if h.comparison.relation != "translation"]
    return (same_language or mine or [chosen])[0]


def trace_many(ws: Workspace, queries: list[tuple[str, str | None]]) -> list[TraceResult]:
    """Trace several (text, speaker) queries; the models run once over the whole batch."""
    texts = [q for q, _ in queries]
    vecs = ws.embedder.encode(texts) if texts else np.zeros((0, EN_DIM), np.float32)
    mvecs = ws.embedder.encode_multilingual(texts) if texts and ws.embedder.has_multilingual else None
    results = []
    with session_scope(ws.engine) as session:
        ws.index.refresh(session)
        for i, (text, speaker) in enumerate(queries):
            hits = find_hits(session, ws.index, text, text_hash(text), vecs[i],
                             mvecs[i] if mvecs is not None else None)
            chosen = _choose(session, hits, speaker)
            if chosen is None:
                results.append(TraceResult(query=text, statement_id=None, origin=None, speaker=speaker))
                continue
            sid, hit = chosen
            hit = closest_wording(hits, sid, hit)
            lin = statement_lineage(session, sid)
            if lin is None:
                results.append(TraceResult(query=text, statement_id=None, origin=None, speaker=speaker))
                continue
            results.append(TraceResult(query=text, statement_id=sid, origin=lin.origin, appearances=lin.appearances,
                                       query_relation=hit.comparison.relation,
                                       query_score=round(float(hit.comparison.score), 4), speaker=speaker,
                                       statement_speaker=lin.speaker, confidence=lin.confidence,
                                       evidence=lin.evidence, lineage=lin.edges))
    return results


def trace(ws: Workspace, text: str, speaker: str | None = None) -> TraceResult:
    """Trace one wording (optionally with the speaker it is credited to)."""
    return trace_many(ws, [(text, speaker)])[0]


def statement_exists(session: Session, statement_id: int) -> bool:
    return session.get(Statement, statement_id) is not None
