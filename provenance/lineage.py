"""A statement's appearances in time, its origin, and the family tree of its wordings.

The origin is the earliest dated appearance: an unknown date never beats a known one, and a date extracted
from a page (not given by the source) lowers the confidence. Each later appearance gets a likely parent among
the earlier ones, chosen by explicit source hints first, then by its article being a reprint, then by textual
closeness (a trimmed copy of a trimmed copy descends from the trimmed one).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

import numpy as np
from rapidfuzz import fuzz
from sqlalchemy import select
from sqlmodel import Session

from provenance.match import compare_vectors
from provenance.models import DATE_EXTRACTED, DATE_GIVEN, DATE_UNKNOWN, Article, Outlet, Quote, Speaker, Statement, \
    TextVector
from provenance.normalize import normalize
from provenance.speakers import same_person
from provenance.textindex import EN_DIM, ML_DIM, from_blob

# Parent preference by the child's relation to a candidate; lower is closer. A candidate that is a
# fragment of the (longer) child cannot be where the child's extra words came from, so it ranks low.
_RANK = {"verbatim": 0.0, "fragment": 1.0, "paraphrase": 2.0, "translation": 3.0, "expands": 3.5,
         "altered": 4.0, None: 5.0}
# Distinct earlier wordings compared as possible parents of one appearance (nearest by vector first).
MAX_PARENT_CANDIDATES = 40
# Confidence in the origin by where its date came from.
CONFIDENCE_BY_DATE = {DATE_GIVEN: 0.9, DATE_EXTRACTED: 0.65, DATE_UNKNOWN: 0.3}


@dataclass
class Appearance:
    """One article's wording of a statement."""

    url: str
    outlet: str
    title: str | None
    published_at: datetime | None
    date_source: str
    quote: str
    speaker: str | None
    relation: str  # to the statement's origin
    score: float
    article_id: int
    quote_id: int
    demo: bool = False
    parent_quote_id: int | None = None  # the appearance it most likely descends from (lineage)
    parent_relation: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["published_at"] = self.published_at.isoformat() if self.published_at else None
        d["date_uncertain"] = self.date_source == DATE_EXTRACTED
        return d


@dataclass
class LineageEdge:
    parent_quote_id: int
    child_quote_id: int
    relation: str  # verbatim | fragment | paraphrase | translation | altered
    reason: str    # why this parent: "source hint: cites X", "article reprints X", "closest earlier wording"
    score: float

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Lineage:
    statement_id: int
    canonical: Appearance
    origin: Appearance | None
    confidence: float
    evidence: list[str]
    appearances: list[Appearance]
    edges: list[LineageEdge] = field(default_factory=list)
    speaker: str | None = None

    def to_dict(self) -> dict:
        return {
            "statement_id": self.statement_id,
            "speaker": self.speaker,
            "canonical": self.canonical.to_dict(),
            "origin": self.origin.to_dict() if self.origin else None,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
            "appearances": [a.to_dict() for a in self.appearances],
            "edges": [e.to_dict() for e in self.edges],
        }

    def chain_to(self, quote_id: int) -> list[Appearance]:
        """The appearances from the origin down the lineage to `quote_id` (both included)."""
        by_id = {a.quote_id: a for a in self.appearances}
        chain: list[Appearance] = []
        cur = by_id.get(quote_id)
        while cur is not None and cur not in chain:
            chain.append(cur)
            cur = by_id.get(cur.parent_quote_id) if cur.parent_quote_id else None
        return list(reversed(chain))


def _dated(a: Appearance) -> bool:
    return a.published_at is not None and a.date_source != DATE_UNKNOWN


def chronological(appearances: list[Appearance]) -> list[Appearance]:
    """Oldest first; appearances of unknown date come after every dated one, in ingest order."""
    return sorted(appearances, key=lambda a: (not _dated(a), a.published_at or datetime.max, a.article_id,
                                              a.quote_id))


def origin_of(appearances: list[Appearance]) -> Appearance | None:
    """The earliest dated appearance; with no dated one, the first stored (its date_source says 'unknown')."""
    ordered = chronological(appearances)
    return ordered[0] if ordered else None


class _Comparer:
    """Compare stored wordings by their stored vectors, each distinct pair once."""

    def __init__(self, session: Session, hashes: set[str]) -> None:
        rows = session.scalars(select(TextVector).where(TextVector.norm_hash.in_(hashes))).all() if hashes else []
        self.vecs = {r.norm_hash: (from_blob(r.vector, EN_DIM), from_blob(r.mvector, ML_DIM)) for r in rows}
        self.cache: dict[tuple[str, str], tuple[str | None, float]] = {}
        self.norms: dict[str, str] = {}

    def normalized(self, text: str, norm_hash: str) -> str:
        if norm_hash not in self.norms:
            self.norms[norm_hash] = normalize(text)
        return self.norms[norm_hash]

    def relation(self, a_text: str, a_hash: str, b_text: str, b_hash: str) -> tuple[str | None, float]:
        """How wording b relates to wording a: (relation or None, score)."""
        if a_hash == b_hash:
            return "verbatim", 1.0
        key = (a_hash, b_hash)
        if key not in self.cache:
            va, vb = self.vecs.get(a_hash), self.vecs.get(b_hash)
            if va is None or vb is None:
                self.cache[key] = (None, 0.0)
            else:
                cmp = compare_vectors(a_text, b_text, va[0], vb[0], va[1], vb[1])
                self.cache[key] = (cmp.relation if cmp.same_statement or cmp.relation == "altered" else None,
                                   round(float(cmp.score), 4))
        return self.cache[key]

    def cosine(self, a_hash: str, b_hash: str) -> float:
        va, vb = self.vecs.get(a_hash), self.vecs.get(b_hash)
        if va is None or vb is None:
            return 0.0
        return float(np.dot(va[0], vb[0]) / ((np.linalg.norm(va[0]) * np.linalg.norm(vb[0])) or 1.0))


@dataclass
class _Row:
    app: Appearance
    quote: Quote
    article: Article


def _load(session: Session, statement_id: int) -> list[_Row]:
    rows = session.execute(
        select(Quote, Article, Outlet.name, Speaker.name)
        .join(Article, Article.id == Quote.article_id)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
        .where(Quote.statement_id == statement_id)
    ).all()
    out = [_Row(Appearance(url=a.url, outlet=o, title=a.title, published_at=a.published_at,
                           date_source=a.date_source, quote=q.text, speaker=s, relation="verbatim", score=1.0,
                           article_id=a.id, quote_id=q.id, demo=a.is_demo), q, a) for q, a, o, s in rows]
    order = {id(x): i for i, x in enumerate(chronological([r.app for r in out]))}
    return sorted(out, key=lambda r: order[id(r.app)])


def appearances_of(session: Session, statement_id: int) -> list[Appearance]:
    """Every appearance of a statement, oldest first, each with its relation to the statement's origin."""
    lin = statement_lineage(session, statement_id)
    return lin.appearances if lin else []


def _closest(cmp: _Comparer, cands: list[_Row], child: _Row, order: dict[int, int]) -> tuple[_Row, str, float]:
    """The candidate the child most likely descends from, with the child's relation to it."""
    if len(cands) > MAX_PARENT_CANDIDATES:
        h = child.quote.norm_hash
        cands = sorted(cands, key=lambda r: -cmp.cosine(r.quote.norm_hash, h))[:MAX_PARENT_CANDIDATES]
    child_norm = cmp.normalized(child.quote.text, child.quote.norm_hash)
    best = None
    for r in cands:
        rel, score = cmp.relation(r.quote.text, r.quote.norm_hash, child.quote.text, child.quote.norm_hash)
        rank = _RANK.get(rel, 5.0)
        cand_norm = cmp.normalized(r.quote.text, r.quote.norm_hash)
        if rel == "fragment" and len(cand_norm.split()) < len(child_norm.split()):
            rank = _RANK["expands"]
        closeness = score if rel == "translation" else 0.5 * score + 0.5 * fuzz.ratio(cand_norm, child_norm) / 100
        key = (rank, -round(closeness, 4), order[r.quote.id])
        if best is None or key < best[0]:
            best = (key, r, rel or "paraphrase", score)
    return best[1], best[2], best[3]


def _hint_notes(session: Session, rows: list[_Row]):  # noqa: ANN202
    from provenance.hints import applies_to, looks_like_outlet, resolve_outlets
    from provenance.reprints import article_hints

    hints = {r.article.id: article_hints(r.article) for r in rows}
    outlets = resolve_outlets(session, {h.name for hs in hints.values() for h in hs})
    per_quote: dict[int, list] = {}
    for r in rows:
        for h in hints[r.article.id]:
            if not applies_to(h, r.article.text, r.quote.span_start, r.quote.span_end):
                continue
            if h.name not in outlets and h.scope != "article" and not looks_like_outlet(h.name):
                continue  # "according to Rogozin": a person, not a publication
            per_quote.setdefault(r.quote.id, []).append((h, outlets.get(h.name)))
    return per_quote


def statement_lineage(session: Session, statement_id: int) -> Lineage | None:
    """The statement's origin, canonical wording, speaker, appearances and lineage edges, or None."""
    statement = session.get(Statement, statement_id)
    if statement is None:
        return None
    rows = _load(session, statement_id)
    if not rows:
        return None
    cmp = _Comparer(session, {r.quote.norm_hash for r in rows})
    order = {r.quote.id: i for i, r in enumerate(rows)}
    origin_row = rows[0]
    origin = origin_row.app
    for r in rows[1:]:
        rel, score = cmp.relation(origin.quote, origin_row.quote.norm_hash, r.app.quote, r.quote.norm_hash)
        r.app.relation, r.app.score = rel or "paraphrase", score

    hint_map = _hint_notes(session, rows)
    evidence: list[str] = []
    edges: list[LineageEdge] = []
    cites_missing: list[str] = []
    hinted_origin: list[str] = []
    # For closeness only the first appearance of each distinct wording competes (a later copy of the same
    # words would lose the tie to it anyway), so a statement reprinted thousands of times stays cheap.
    first_of_wording: dict[str, _Row] = {origin_row.quote.norm_hash: origin_row}
    for i, child in enumerate(rows[1:], start=1):
        earlier = rows[:i]
        parent, reason, notes = None, "", []
        for hint, outlet in hint_map.get(child.quote.id, []):
            if outlet is None:
                notes.append(f"cites {hint.name}, not in the store")
                cites_missing.append(f"{child.app.outlet} cites {hint.name}, not in the store")
                continue
            in_outlet = [r for r in earlier if r.article.outlet_id == outlet.id]
            if in_outlet:
                parent, rel, score = _closest(cmp, in_outlet, child, order)
                reason = f"source hint: cites {hint.name}"
                if parent is origin_row:
                    hinted_origin.append(f"{child.app.outlet} cites {hint.name} as its source")
                break
            notes.append(f"cites {hint.name}, which holds no earlier appearance of this statement")
        if parent is None and child.article.reprint_of_id:
            src = [r for r in earlier if r.article.id == child.article.reprint_of_id]
            if src:
                parent, rel, score = _closest(cmp, src, child, order)
                share = child.article.reprint_share
                reason = f"article reprints {parent.app.outlet}" + (f" ({share:.0%} of its text)" if share else "")
        if parent is None:
            parent, rel, score = _closest(cmp, list(first_of_wording.values()), child, order)
            reason = "closest earlier wording"
        if notes:
            reason += "; " + "; ".join(dict.fromkeys(notes))
        child.app.parent_quote_id, child.app.parent_relation = parent.quote.id, rel
        first_of_wording.setdefault(child.quote.norm_hash, child)
        edges.append(LineageEdge(parent.quote.id, child.quote.id, rel, reason, score))

    speaker = origin.speaker
    if speaker is None:
        speaker = next((r.app.speaker for r in rows if r.app.speaker), None)
        if speaker:
            evidence.append(f"the origin names no speaker; the earliest appearance that does credits {speaker}")
    if speaker:
        for r in rows:
            if r.app.speaker and not same_person(r.app.speaker, speaker):
                evidence.append(f"{r.app.outlet} credits it to {r.app.speaker}, but it was first said by {speaker}")
    confidence = _confidence(rows, origin_row, evidence, cites_missing, hinted_origin)
    canonical = next((r.app for r in rows if r.quote.id == statement.canonical_quote_id), origin)
    return Lineage(statement_id=statement_id, canonical=canonical, origin=origin, confidence=confidence,
                   evidence=evidence, appearances=[r.app for r in rows], edges=edges, speaker=speaker)


def _confidence(rows: list[_Row], origin_row: _Row, evidence: list[str], cites_missing: list[str],
                hinted_origin: list[str]) -> float:
    """How sure we are of the origin, with the reasons written into `evidence`."""
    o = origin_row.app
    when = o.published_at.date().isoformat() if o.published_at else "date unknown"
    dated = [r for r in rows if _dated(r.app)]
    if not dated:
        c = CONFIDENCE_BY_DATE[DATE_UNKNOWN]
        evidence.append(f"no appearance has a known date; the first stored ({o.outlet}) is shown as the origin")
    else:
        c = CONFIDENCE_BY_DATE.get(o.date_source, CONFIDENCE_BY_DATE[DATE_GIVEN])
        evidence.append(f"earliest dated appearance: {o.outlet}, {when} (date {o.date_source})")
        if o.date_source == DATE_EXTRACTED:
            evidence.append("the origin's date was extracted from the page, not given by the source: uncertain")
        undated = len(rows) - len(dated)
        if undated:
            evidence.append(f"{undated} appearance(s) of unknown date are listed last and never taken as origin")
        nxt = next((r for r in dated[1:] if r.article.id != origin_row.article.id), None)
        if nxt is not None and nxt.app.published_at.date() == o.published_at.date():
            c *= 0.8
            evidence.append(f"{nxt.app.outlet} carries it on the same day")
    for note in dict.fromkeys(hinted_origin):
        c = min(0.99, c + 0.05)
        evidence.append(note)
    if cites_missing:
        c *= 0.75
        evidence.extend(dict.fromkeys(cites_missing))
        evidence.append("a cited source is not in the store: the statement may have appeared earlier there")
    if origin_row.article.reprint_of_id:
        c *= 0.8
        evidence.append("the origin's article repeats an earlier stored article that does not carry this wording")
    if origin_row.quote.note:
        evidence.append(f"the origin article says: {origin_row.quote.note}")
    evidence.append(f"{len(rows)} appearance(s) in {len({r.article.id for r in rows})} article(s)")
    return round(c, 3)
