"""An editor asks which articles are wire copy of another, how much was copied, and what each outlet originated."""

from __future__ import annotations

from sqlalchemy import select

from provenance.db import session_scope
from provenance.ingest import ingest
from provenance.models import Article, Outlet
from provenance.reprints import (article_sources, copy_share, from_bytes, outlet_summary, shingles, signature,
                                 to_bytes)
from tests.factories import BRIDENSTINE, article

STORY = (
    "Engineers at the northern test range finished a week of engine firings on Thursday, and the programme "
    "office said the results matched its models closely enough to move on to the next stage. The range, "
    "which sits on a plateau above a river valley, has hosted rocket tests since the nineteen sixties.\n\n"
    f"\u201c{BRIDENSTINE.rstrip('.')},\u201d Jim Bridenstine said at the range.\n\n"
    "Local officials welcomed the work, pointing to the jobs it brings to a region where the paper mill closed "
    "a decade ago. A second series of firings is planned for the spring, weather permitting, and the agency "
    "expects to publish a summary of the data before the end of the year."
)
OTHER_PROSE = (
    "Pupils watched the visiting delegation tour the assembly hall.\n\n"
    f"\u201c{BRIDENSTINE.rstrip('.')},\u201d Jim Bridenstine said during the tour.\n\n"
    "The delegation flew home that evening."
)


def _urls_to_rows(ws) -> dict[str, Article]:  # noqa: ANN001
    with session_scope(ws.engine) as s:
        return {a.url: a for a in s.scalars(select(Article)).all()}


def test_a_copied_article_is_marked_a_reprint_with_the_share_copied(ws) -> None:  # noqa: ANN001
    list(ingest(ws, [
        article("https://range.example.org/1", STORY, date="2020-08-01", outlet="Range Gazette"),
        article("https://aggregator.example.org/2",
                STORY + "\n\nThe original source of this article is Range Gazette.", date="2020-08-03",
                outlet="Aggregator"),
    ]))
    rows = _urls_to_rows(ws)
    copy, original = rows["https://aggregator.example.org/2"], rows["https://range.example.org/1"]
    assert copy.reprint_of_id == original.id
    assert copy.reprint_share > 0.9
    assert original.reprint_of_id is None
    assert copy.minhash is not None and from_bytes(copy.minhash).jaccard(from_bytes(original.minhash)) > 0.8


def test_independent_reports_carrying_the_same_quote_are_not_reprints(ws) -> None:  # noqa: ANN001
    list(ingest(ws, [
        article("https://range.example.org/1", STORY, date="2020-08-01"),
        article("https://tour.example.org/2", OTHER_PROSE, date="2020-08-02"),
    ]))
    rows = _urls_to_rows(ws)
    assert rows["https://tour.example.org/2"].reprint_of_id is None
    # The quotation alone is most of the later article, yet its own prose is not copied.
    whole = shingles(OTHER_PROSE)
    start = OTHER_PROSE.index("\u201c")
    prose_only = shingles(OTHER_PROSE, [(start, OTHER_PROSE.index("\u201d") + 1)])
    share = copy_share(prose_only, shingles(STORY))
    assert share.share >= 0.5 and share.prose_share < 0.5 and not share.is_reprint
    assert copy_share(whole, shingles(STORY)).is_reprint  # without knowing the quote spans, it would look copied


def test_an_earlier_article_ingested_late_becomes_the_source(ws) -> None:  # noqa: ANN001
    list(ingest(ws, [article("https://aggregator.example.org/2", STORY + "\n\nSyndicated.", date="2020-08-03")]))
    list(ingest(ws, [article("https://range.example.org/1", STORY, date="2020-08-01")]))
    rows = _urls_to_rows(ws)
    assert rows["https://aggregator.example.org/2"].reprint_of_id == rows["https://range.example.org/1"].id
    assert rows["https://range.example.org/1"].reprint_of_id is None


def test_an_outlet_shows_what_it_originated_and_what_it_reprinted(ws) -> None:  # noqa: ANN001
    list(ingest(ws, [
        article("https://range.example.org/1", STORY, date="2020-08-01", outlet="Range Gazette"),
        article("https://aggregator.example.org/2", STORY + "\n\nFrom our partners.", date="2020-08-03",
                outlet="Aggregator"),
        article("https://aggregator.example.org/3", OTHER_PROSE, date="2020-08-04", outlet="Aggregator"),
    ]))
    rows = _urls_to_rows(ws)
    with session_scope(ws.engine) as s:
        agg = s.scalars(select(Outlet).where(Outlet.name == "Aggregator")).one()
        gazette = s.scalars(select(Outlet).where(Outlet.name == "Range Gazette")).one()
        a = outlet_summary(s, agg.id)
        g = outlet_summary(s, gazette.id)
        sources = article_sources(s, rows["https://aggregator.example.org/3"].id)
        copy_sources = article_sources(s, rows["https://aggregator.example.org/2"].id)
    assert a.reprinted == [rows["https://aggregator.example.org/2"].id]
    assert a.originated == [rows["https://aggregator.example.org/3"].id]
    assert g.reprinted_by_others == 1 and g.originated == [rows["https://range.example.org/1"].id]
    # The tour report took only the quote, from the range story where it first appeared.
    assert [(x.url, x.what.startswith("quote:")) for x in sources] == [("https://range.example.org/1", True)]
    assert copy_sources[0].what == "reprint of the whole article" and copy_sources[0].share > 0.9


def test_signatures_survive_the_round_trip_through_the_store() -> None:
    mh = signature(STORY)
    assert from_bytes(to_bytes(mh)).jaccard(mh) == 1.0
    assert signature(OTHER_PROSE).jaccard(mh) < 0.5


def test_the_seed_article_is_a_reprint_of_strategic_culture_foundation(seeded_ws) -> None:  # noqa: ANN001
    with session_scope(seeded_ws.engine) as s:
        gr = s.scalars(select(Article).join(Outlet).where(Outlet.name == "Global Research")).one()
        src = s.get(Article, gr.reprint_of_id)
        assert s.get(Outlet, src.outlet_id).name == "Strategic Culture Foundation"
        assert gr.reprint_share > 0.9
        demo_reprints = s.scalars(select(Article).where(Article.is_demo, Article.reprint_of_id.is_not(None))).all()
        assert demo_reprints == []  # the demo pieces quote the statements in their own prose
