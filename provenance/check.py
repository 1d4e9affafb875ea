"""Check an attribution: is TEXT, credited to NAME, what the store says NAME said, and faithfully worded?"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlmodel import Session

from provenance.candidates import Hit, find_hits
from provenance.db import session_scope
from provenance.lineage import Appearance, Lineage, statement_lineage
from provenance.models import Quote, Speaker, SpeakerAlias
from provenance.normalize import text_hash
from provenance.store import find_speakers
from provenance.trace import closest_wording
from provenance.workspace import Workspace

VERIFIED, ALTERED, MISATTRIBUTED, UNKNOWN = "verified", "altered", "misattributed", "unknown"


@dataclass
class CheckResult:
    verdict: str  # verified | altered | misattributed | unknown
    origin: Appearance | None
    claimed_speaker: str
    original_speaker: str | None
    # [op, words] from the closest stored wording to the checked text: "delete" = dropped, "insert" = added
    diff: list = field(default_factory=list)
    chain: list[Appearance] = field(default_factory=list)  # origin ... closest match
    statement_id: int | None = None
    relation: str | None = None  # the text's relation to the closest stored wording
    score: float | None = None
    reason: str = ""

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "origin": self.origin.to_dict() if self.origin else None,
            "claimed_speaker": self.claimed_speaker,
            "original_speaker": self.original_speaker,
            "diff": [list(d) for d in self.diff],
            "chain": [a.to_dict() for a in self.chain],
            "statement_id": self.statement_id,
            "relation": self.relation,
            "score": self.score,
            "reason": self.reason,
        }


def _best_hit(hits: list[Hit]) -> tuple[Hit, int] | None:
    """The stored wording the text is (same statement, altered included), and its statement."""
    for h in hits:
        if h.comparison.same_statement and h.statement_ids:
            return h, h.statement_ids[0]
    return None


def speaker_matches(session: Session, claimed: str, lin: Lineage) -> bool:
    """Whether the claimed name is the statement's speaker, by name or by a stored alias."""
    if not lin.speaker or not claimed.strip():
        return False
    origin_speaker_ids = set(session.scalars(select(Quote.speaker_id).where(
        Quote.id == lin.origin.quote_id, Quote.speaker_id.is_not(None))).all()) if lin.origin else set()
    if not origin_speaker_ids:
        origin_speaker_ids = set(session.scalars(select(Speaker.id).where(Speaker.name == lin.speaker)).all())
    wanted = {s.id for s in find_speakers(session, claimed)}
    wanted |= set(session.scalars(select(SpeakerAlias.speaker_id).where(
        func.lower(SpeakerAlias.alias) == claimed.strip().lower())).all())
    return bool(wanted & origin_speaker_ids)


def check_attribution(ws: Workspace, text: str, speaker: str) -> CheckResult:
    """Verdict on TEXT credited to SPEAKER: verified, altered, misattributed, or unknown (not in the store)."""
    vec = ws.embedder.encode([text])[0]
    mvec = ws.embedder.encode_multilingual([text])[0] if ws.embedder.has_multilingual else None
    with session_scope(ws.engine) as session:
        ws.index.refresh(session)
        hits = find_hits(session, ws.index, text, text_hash(text), vec, mvec)
        found = _best_hit(hits)
        lin = statement_lineage(session, found[1]) if found else None
        if found is None or lin is None:
            return CheckResult(UNKNOWN, None, speaker, None, reason="no stored statement matches the text")
        hit, sid = found
        hit = closest_wording(hits, sid, hit)
        cmp = hit.comparison
        closest_id = next((q for q in hit.quote_ids if q in {a.quote_id for a in lin.appearances}),
                          lin.origin.quote_id if lin.origin else None)
        chain = lin.chain_to(closest_id) if closest_id else []
        # The matcher's diff runs from the checked text to the stored wording; users read it the other way.
        flip = {"delete": "insert", "insert": "delete"}
        diff = [(flip.get(op, op), words) for op, words in (cmp.evidence.diff if cmp.evidence else [])]
        base = dict(origin=lin.origin, claimed_speaker=speaker, original_speaker=lin.speaker, diff=diff,
                    chain=chain, statement_id=sid, relation=cmp.relation, score=round(float(cmp.score), 4))
        if lin.speaker is None:
            return CheckResult(UNKNOWN, **base, reason="the statement is in the store, but no speaker is known")
        # A wrong speaker is the bigger error: it is the verdict even when the wording changed too.
        if not speaker_matches(session, speaker, lin):
            return CheckResult(MISATTRIBUTED, **base,
                               reason=f"first said by {lin.speaker}, not {speaker}")
        if cmp.relation == "altered":
            return CheckResult(ALTERED, **base, reason="the wording changes a number, a negation or a qualifier")
        return CheckResult(VERIFIED, **base, reason=f"{cmp.relation} of {lin.speaker}'s words")
