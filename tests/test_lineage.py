"""A researcher asks where a statement first appeared, how sure that is, and who copied whom."""

from __future__ import annotations

import itertools

from sqlalchemy import select

from provenance.candidates import Hit
from provenance.db import session_scope
from provenance.ingest import ingest
from provenance.lineage import CONFIDENCE_BY_DATE, statement_lineage
from provenance.match import Comparison, Evidence
from provenance.models import Article, Quote, TextVector
from provenance.statements import assign_statement
from provenance.textindex import EN_DIM, ML_DIM, from_blob
from tests.factories import BRIDENSTINE, ROGOZIN, article

SWAP = "Russian cosmonauts can launch on American rockets, and American astronauts can launch on Russian rockets"
SHORT = "American astronauts can launch on Russian rockets"


# Distinct prose for each article, so that reprint detection (which needs shared prose) stays out of the way.
LEADS = itertools.cycle(
    "The space chief spoke at a crowded trade fair where engine makers showed their newest hardware. | "
    "Reporters gathered in a cold hangar while the technicians rolled a capsule mock-up past the stage. | "
    "Our correspondent listened from the back row as delegates argued about budgets and timetables. | "
    "Students from three universities asked pointed questions during a long afternoon panel session. | "
    "A small audience of retired engineers heard the remarks over coffee in the museum cafeteria. | "
    "Diplomats and contractors mingled on the terrace before the evening programme had even started. | "
    "Rain kept most visitors indoors, so the speech was relayed on screens throughout the exhibition. | "
    "The interview took place in a quiet office decorated with signed photographs of early crews.".split(" | "))


def _said(words: str, who: str = "Jim Bridenstine", lead: str | None = None) -> str:
    lead = lead or next(LEADS)
    return f"{lead} \u201c{words},\u201d {who} said."


def _store(ws, *recs) -> None:  # noqa: ANN001
    outcomes = list(ingest(ws, list(recs)))
    assert all(o.status == "ingested" for o in outcomes), outcomes


def _lineage_of(ws, url: str):  # noqa: ANN001, ANN202
    with session_scope(ws.engine) as s:
        art = s.scalars(select(Article).where(Article.url == url)).one()
        q = s.scalars(select(Quote).where(Quote.article_id == art.id).order_by(Quote.id)).first()
        return statement_lineage(s, q.statement_id), q.id


def _quote_id(ws, url: str) -> int:  # noqa: ANN001
    return _lineage_of(ws, url)[1]


def test_an_undated_appearance_never_becomes_the_origin(ws) -> None:  # noqa: ANN001
    _store(ws, article("https://a.example.org/undated", _said(BRIDENSTINE.rstrip(".")), date=None),
           article("https://b.example.org/dated", _said(BRIDENSTINE.rstrip(".")), date="2020-08-05"))
    lin, _ = _lineage_of(ws, "https://a.example.org/undated")
    assert lin.origin.url == "https://b.example.org/dated"
    assert [a.url for a in lin.appearances][-1] == "https://a.example.org/undated"
    assert any("unknown date" in e for e in lin.evidence)


def test_an_extracted_date_makes_the_origin_less_certain(ws) -> None:  # noqa: ANN001
    _store(ws,
           article("https://a.example.org/given", _said(BRIDENSTINE.rstrip(".")), date="2020-08-01"),
           article("https://a.example.org/extracted", _said(ROGOZIN.rstrip("."), "Dmitry Rogozin"),
                   date="2020-08-01", date_source="extracted"),
           article("https://b.example.org/later", _said(ROGOZIN.rstrip("."), "Dmitry Rogozin"), date="2020-08-04"))
    given, _ = _lineage_of(ws, "https://a.example.org/given")
    extracted, _ = _lineage_of(ws, "https://a.example.org/extracted")
    assert extracted.origin.url == "https://a.example.org/extracted"
    assert extracted.origin.to_dict()["date_uncertain"] is True
    assert given.origin.to_dict()["date_uncertain"] is False
    assert extracted.confidence < given.confidence
    assert any("extracted from the page" in e for e in extracted.evidence)


def test_with_no_known_date_the_first_stored_is_shown_with_low_confidence(ws) -> None:  # noqa: ANN001
    _store(ws, article("https://a.example.org/one", _said(BRIDENSTINE.rstrip(".")), date=None),
           article("https://b.example.org/two", _said(BRIDENSTINE.rstrip(".")), date=None))
    lin, _ = _lineage_of(ws, "https://b.example.org/two")
    assert lin.origin.url == "https://a.example.org/one"
    assert lin.confidence == CONFIDENCE_BY_DATE["unknown"]


def test_a_source_hint_names_the_parent_over_textual_closeness(ws) -> None:  # noqa: ANN001
    words = BRIDENSTINE.rstrip(".")
    _store(ws,
           article("https://harbour.example.org/1", _said(words),
                   date="2020-08-01", outlet="Harbour Post"),
           article("https://ridge.example.org/2", _said(words),
                   date="2020-08-02", outlet="Ridge Daily"),
           article("https://valley.example.org/3",
                   _said(words) + "\n\nThis story first appeared in Ridge Daily.",
                   date="2020-08-03", outlet="Valley News"),
           article("https://lake.example.org/4", _said(words),
                   date="2020-08-04", outlet="Lake Times"))
    lin, _ = _lineage_of(ws, "https://valley.example.org/3")
    edges = {e.child_quote_id: e for e in lin.edges}
    valley, ridge, harbour, lake = (_quote_id(ws, u) for u in (
        "https://valley.example.org/3", "https://ridge.example.org/2", "https://harbour.example.org/1",
        "https://lake.example.org/4"))
    assert edges[valley].parent_quote_id == ridge
    assert edges[valley].reason.startswith("source hint: cites Ridge Daily")
    assert edges[valley].relation == "verbatim"
    # Without a hint, the same wording descends from its earliest appearance.
    assert edges[lake].parent_quote_id == harbour
    assert edges[lake].reason.startswith("closest earlier wording")


def test_a_hint_naming_an_outlet_not_in_the_store_is_reported(ws) -> None:  # noqa: ANN001
    words = BRIDENSTINE.rstrip(".")
    _store(ws,
           article("https://first.example.org/1", _said(words), date="2020-08-01"),
           article("https://copy.example.org/2",
                   _said(words) + "\n\nThe original source of this article is Strategic Culture Foundation.",
                   date="2020-08-03"))
    lin, copy_id = _lineage_of(ws, "https://copy.example.org/2")
    edge = next(e for e in lin.edges if e.child_quote_id == copy_id)
    assert "cites Strategic Culture Foundation, not in the store" in edge.reason
    assert any("cites Strategic Culture Foundation, not in the store" in e for e in lin.evidence)
    assert lin.confidence < CONFIDENCE_BY_DATE["given"]


def test_a_trimmed_copy_of_a_trimmed_copy_descends_from_the_trimmed_one(ws) -> None:  # noqa: ANN001
    _store(ws,
           article("https://full.example.org/1", _said(BRIDENSTINE.rstrip(".")), date="2020-08-01"),
           article("https://trim.example.org/2", _said(SWAP, "Bridenstine"), date="2020-08-02"),
           article("https://trimmer.example.org/3", _said(SHORT, "Bridenstine"), date="2020-08-03"))
    lin, _ = _lineage_of(ws, "https://full.example.org/1")
    full, trim, trimmer = (_quote_id(ws, u) for u in (
        "https://full.example.org/1", "https://trim.example.org/2", "https://trimmer.example.org/3"))
    parents = {e.child_quote_id: (e.parent_quote_id, e.relation) for e in lin.edges}
    assert parents[trim] == (full, "fragment")
    assert parents[trimmer] == (trim, "fragment")
    assert [a.quote_id for a in lin.chain_to(trimmer)] == [full, trim, trimmer]
    assert lin.canonical.quote_id == full and "Bridenstine" in lin.speaker


def test_a_fuller_wording_published_later_becomes_the_canonical_wording(ws) -> None:  # noqa: ANN001
    _store(ws,
           article("https://trim.example.org/1", _said(SWAP, "Bridenstine"), date="2020-08-01"),
           article("https://full.example.org/2", _said(BRIDENSTINE.rstrip(".")), date="2020-08-03"))
    lin, trim = _lineage_of(ws, "https://trim.example.org/1")
    assert lin.origin.quote_id == trim  # first to appear, though trimmed
    assert lin.canonical.quote_id == _quote_id(ws, "https://full.example.org/2")


def _vectors(s, q: Quote):  # noqa: ANN001, ANN202
    row = s.scalars(select(TextVector).where(TextVector.norm_hash == q.norm_hash)).one()
    return from_blob(row.vector, EN_DIM), from_blob(row.mvector, ML_DIM)


def test_chaining_guard_keeps_a_neighbours_neighbour_out_unless_it_matches_the_canonical(ws) -> None:  # noqa: ANN001
    # A (canonical) and B (its fragment) form one statement. A new quote C whose nearest neighbour is B,
    # and which the neighbour comparison calls the same statement, must still match A to join.
    _store(ws,
           article("https://a.example.org/a", _said(BRIDENSTINE.rstrip(".")), date="2020-08-01"),
           article("https://b.example.org/b", _said(SWAP, "Bridenstine"), date="2020-08-02"),
           article("https://c.example.org/c", _said("Russian cosmonauts can ride American buses to the launch pad",
                                                     "Bridenstine"), date="2020-08-03"),
           article("https://d.example.org/d", _said(SHORT, "Bridenstine"), date="2020-08-04"))
    with session_scope(ws.engine) as s:
        a, b, c, d = (s.scalars(select(Quote).join(Article).where(Article.url == u)).first() for u in (
            "https://a.example.org/a", "https://b.example.org/b", "https://c.example.org/c", "https://d.example.org/d"))
        assert a.statement_id == b.statement_id
        claimed_same = Comparison(True, "paraphrase", 0.9, Evidence((0, 1), (0, 1)))
        near_b = Hit(b.norm_hash, b.text, claimed_same, [b.id], [b.statement_id])
        for q in (c, d):
            q.statement_id = None
        s.flush()
        vec, mvec = _vectors(s, c)
        joined_c = assign_statement(s, c, [near_b], vec, mvec)
        vec, mvec = _vectors(s, d)
        joined_d = assign_statement(s, d, [near_b], vec, mvec)
        assert joined_c.id != a.statement_id  # not the same statement as the canonical wording
        assert joined_d.id == a.statement_id  # a true fragment of the canonical wording joins
