"""Small hand-written articles for tests (our own prose; the quotes are the seed's statements)."""

from __future__ import annotations

from provenance.readers import ArticleIn, parse_date

ROGOZIN = "Recently, we have agreed that we will probably research the Moon and build a lunar research base together - Russia and China."
BRIDENSTINE = "We see a day when Russian cosmonauts can launch on American rockets, and American astronauts can launch on Russian rockets."


def article(url: str, text: str, date: str | None = "2020-08-01", **over: object) -> ArticleIn:
    """An ArticleIn with sensible defaults; override any field."""
    rec = ArticleIn(url=url, text=text, title=over.pop("title", "A test article"),
                    published_at=parse_date(date), date_source="given" if date else "unknown")
    for k, v in over.items():
        setattr(rec, k, v)
    return rec
