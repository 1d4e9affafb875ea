"""Ingest embeds each new wording once, keeps reprints as their own articles, and stores article sentences."""

from __future__ import annotations

from sqlalchemy import func, select

from provenance.db import session_scope
from provenance.ingest import FAILED, INGESTED, PRESENT, ingest
from provenance.models import Article, Quote, Sentence, Speaker, TextVector
from provenance.readers import Bad
from provenance.sentences import split_sentences
from tests.factories import BRIDENSTINE, ROGOZIN, article

STORY = (f'Roscosmos chief Dmitry Rogozin told reporters: "{ROGOZIN}" '
         f'NASA Administrator Jim Bridenstine said: "{BRIDENSTINE}" The talks continue in Moscow.')


def _count(ws, table, *where) -> int:  # noqa: ANN001
    with session_scope(ws.engine) as s:
        return s.scalar(select(func.count()).select_from(table).where(*where))


def test_a_reprint_under_a_new_url_is_its_own_article_joining_the_same_statements(ws) -> None:  # noqa: ANN001
    first = list(ingest(ws, [article("https://orig.example/1", STORY)]))
    vectors = _count(ws, TextVector)
    again = list(ingest(ws, [article("https://copy.example/1", STORY, date="2020-08-03")]))
    assert [o.status for o in first + again] == [INGESTED, INGESTED]
    assert again[0].quotes == first[0].quotes >= 2
    assert _count(ws, TextVector) == vectors  # nothing embedded twice
    with session_scope(ws.engine) as s:
        rows = s.execute(select(Quote.article_id, Quote.norm_hash, Quote.statement_id, Quote.speaker_id)
                         .order_by(Quote.id)).all()
    by_article: dict[int, list] = {}
    for aid, h, sid, spk in rows:
        by_article.setdefault(aid, []).append((h, sid, spk))
    a, b = by_article.values()
    assert a == b  # same wordings, statements and speakers, in the same order
    assert _count(ws, Article) == 2


def test_every_article_keeps_its_sentences(ws) -> None:  # noqa: ANN001
    out = list(ingest(ws, [article("https://orig.example/1", STORY), article("https://copy.example/1", STORY)]))
    for o in out:
        assert _count(ws, Sentence, Sentence.article_id == o.article_id) == len(split_sentences(STORY))


def test_outcomes_come_in_input_order_and_urls_are_idempotent(ws) -> None:  # noqa: ANN001
    items = [article("https://a.example/1", STORY), Bad("in.jsonl:2", "no text"),
             article("https://a.example/1", STORY), article("https://b.example/2", "Nothing quoted here at all.")]
    out = list(ingest(ws, items))
    assert [o.status for o in out] == [INGESTED, FAILED, PRESENT, INGESTED]
    assert [o.status for o in ingest(ws, items)] == [PRESENT, FAILED, PRESENT, PRESENT]


def test_a_wording_repeated_in_one_batch_is_embedded_once(ws) -> None:  # noqa: ANN001
    items = [article(f"https://site{i}.example/x", f'Officials said: "{ROGOZIN}" Story number {i} continues.')
             for i in range(5)]
    assert [o.status for o in ingest(ws, items)] == [INGESTED] * 5
    assert _count(ws, TextVector) == 1
    assert _count(ws, Quote) == 5


def test_chunks_embedded_ahead_still_see_earlier_chunks_urls_and_texts(ws, monkeypatch) -> None:  # noqa: ANN001
    import provenance.ingest as ingest_mod

    monkeypatch.setattr(ingest_mod, "CHUNK", 2)  # each chunk is embedded while the one before is stored
    items = [article("https://a.example/1", STORY), article("https://b.example/2", "Nothing quoted here."),
             article("https://a.example/1", STORY),  # the same URL again, one chunk later
             article("https://c.example/3", STORY),  # the same text under a new URL: a reprint
             article("https://d.example/4", f'Officials said: "{ROGOZIN}" More follows.')]
    out = list(ingest(ws, items))
    assert [o.status for o in out] == [INGESTED, INGESTED, PRESENT, INGESTED, INGESTED]
    assert out[3].quotes == out[0].quotes
    with session_scope(ws.engine) as s:
        sids = s.scalars(select(Quote.statement_id)).all()
        rogozin = {s.scalar(select(Quote.statement_id).where(Quote.article_id == o.article_id)
                            .order_by(Quote.id)) for o in (out[0], out[3], out[4])}
    assert len(rogozin) == 1 and None not in sids  # one statement for the three appearances


def test_a_rolled_back_article_leaves_no_cached_speaker_behind(ws, monkeypatch) -> None:  # noqa: ANN001
    import provenance.ingest as ingest_mod

    real = ingest_mod.reprints.on_article_stored

    def fail_once(session, a):  # noqa: ANN001, ANN202
        if "bad" in a.url:
            raise RuntimeError("lost the disk")
        return real(session, a)

    monkeypatch.setattr(ingest_mod.reprints, "on_article_stored", fail_once)
    out = list(ingest(ws, [article("https://bad.example/1", f'Jim Bridenstine said: "{BRIDENSTINE}"'),
                           article("https://good.example/2", f'Jim Bridenstine said: "{BRIDENSTINE}" Again.')]))
    assert [o.status for o in out] == [FAILED, INGESTED]
    with session_scope(ws.engine) as s:
        speaker_id = s.scalar(select(Quote.speaker_id))
        assert speaker_id is not None and s.get(Speaker, speaker_id) is not None
