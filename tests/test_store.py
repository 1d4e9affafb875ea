"""The database layer, on SQLite and (when PROVENANCE_TEST_POSTGRES_URL is set) PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

import provenance.ingest as ingest_mod
from provenance.ingest import FAILED, INGESTED, PRESENT, ingest
from provenance.models import Article, Match, Quote, Speaker, SpeakerAlias, Statement

from .factories import BRIDENSTINE, ROGOZIN, article


def test_migrations_build_exactly_the_models_schema(ws) -> None:  # noqa: ANN001
    with ws.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diffs == []


def test_ingest_is_idempotent_and_links_a_reprint_to_the_same_statement(ws) -> None:  # noqa: ANN001
    text = f"Roscosmos chief Dmitry Rogozin said: \u201c{ROGOZIN}\u201d"
    recs = [article("https://one.example.org/a", text, "2020-07-23"),
            article("https://two.example.org/b", text, "2020-07-25")]
    assert [o.status for o in ingest(ws, recs)] == [INGESTED, INGESTED]
    assert [o.status for o in ingest(ws, recs)] == [PRESENT, PRESENT]
    with Session(ws.engine) as s:
        quotes = s.scalars(select(Quote)).all()
        assert len(quotes) == 2
        assert quotes[0].statement_id == quotes[1].statement_id
        assert s.scalar(select(func.count()).select_from(Statement)) == 1
        match = s.scalars(select(Match)).one()
        assert match.relation == "verbatim"
        assert text[quotes[0].span_start:quotes[0].span_end] == quotes[0].text


def test_a_failing_article_leaves_nothing_behind_and_the_rest_are_stored(ws, monkeypatch) -> None:  # noqa: ANN001
    real = ingest_mod.resolve_speaker

    def flaky(session, name, mention=None):  # noqa: ANN001, ANN202
        if name and "Bridenstine" in name:
            raise RuntimeError("disk on fire")
        return real(session, name, mention)

    monkeypatch.setattr(ingest_mod, "resolve_speaker", flaky)
    recs = [article("https://ok.example.org/1", f"Rogozin said: \u201c{ROGOZIN}\u201d"),
            article("https://bad.example.org/2", f"Jim Bridenstine said: \u201c{BRIDENSTINE}\u201d")]
    outcomes = list(ingest(ws, recs))
    assert [o.status for o in outcomes] == [INGESTED, FAILED]
    assert "disk on fire" in outcomes[1].reason
    with Session(ws.engine) as s:
        assert s.scalars(select(Article.url)).all() == ["https://ok.example.org/1"]
        assert s.scalar(select(func.count()).select_from(Quote)) == 1


def test_speaker_mentions_merge_into_one_speaker_with_aliases(ws) -> None:  # noqa: ANN001
    recs = [
        article("https://a.example.org/1", f"Roscosmos chief Dmitry Rogozin said: \u201c{ROGOZIN}\u201d"),
        article("https://b.example.org/2", "\u201cWe will fly to the Moon together with our Chinese partners,\u201d Mr Rogozin said."),
        article("https://c.example.org/3", f"Jim Bridenstine said: \u201c{BRIDENSTINE}\u201d"),
    ]
    list(ingest(ws, recs))
    with Session(ws.engine) as s:
        names = sorted(s.scalars(select(Speaker.name)).all())
        assert len(names) == 2, names
        rogozin = s.scalars(select(Speaker).where(Speaker.name.contains("Rogozin"))).one()
        aliases = set(s.scalars(select(SpeakerAlias.alias).where(SpeakerAlias.speaker_id == rogozin.id)).all())
        assert {"Rogozin", "Dmitry Rogozin"} <= aliases


@pytest.mark.parametrize("date", [None])
def test_unknown_dates_are_stored_as_unknown(ws, date) -> None:  # noqa: ANN001
    list(ingest(ws, [article("https://u.example.org/1", f"Rogozin said: \u201c{ROGOZIN}\u201d", date)]))
    with Session(ws.engine) as s:
        a = s.scalars(select(Article)).one()
        assert a.published_at is None and a.date_source == "unknown"
