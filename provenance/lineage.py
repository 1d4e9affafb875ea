"""Order a statement's appearances in time and pick its origin: unknown dates never beat known ones."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from provenance.models import DATE_EXTRACTED, DATE_UNKNOWN


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
    relation: str
    score: float
    article_id: int
    quote_id: int
    demo: bool = False

    def to_dict(self) -> dict:
        d = asdict(self)
        d["published_at"] = self.published_at.isoformat() if self.published_at else None
        d["date_uncertain"] = self.date_source == DATE_EXTRACTED
        return d


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
