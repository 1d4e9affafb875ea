"""A pasted wording is found in stored articles even where the extractor marked no quote."""

from __future__ import annotations

from provenance.db import session_scope
from provenance.ingest import ingest
from provenance.sentences import find_sentence_hits, split_sentences
from tests.factories import ROGOZIN, article

UNQUOTED = ("Moscow and Beijing have a new plan. Recently, we have agreed that we will probably research the Moon "
            "and build a lunar research base together - Russia and China. The agency gave no budget.")


def test_sentences_split_at_ends_but_not_at_abbreviations_or_decimals() -> None:
    text = "Mr. Smith met U.S. officials on Monday. Growth was 3.5 per cent!  \"Why?\" he asked.\n\nNew part"
    parts = [text[s:e] for s, e in split_sentences(text)]
    assert parts == ["Mr. Smith met U.S. officials on Monday.", "Growth was 3.5 per cent!",
                     '"Why?" he asked.', "New part"]


def test_an_unquoted_reprint_is_found_by_its_words(ws) -> None:  # noqa: ANN001
    list(ingest(ws, [article("https://plain.example/a", UNQUOTED),
                     article("https://other.example/b", "Rain is expected across the north on Tuesday. "
                                                        "Farmers welcomed the forecast after a dry month.")]))
    with session_scope(ws.engine) as s:
        index = ws.index.refresh_sentences(s)
        exact = find_sentence_hits(s, ROGOZIN, index)
        pasted = ("Recently we agreed that we will probably research the Moon and build a "
                  "lunar research base together, Russia and China")
        text_only = find_sentence_hits(s, pasted, index)
        edited = find_sentence_hits(s, pasted, index, vec=ws.embedder.encode([pasted])[0],
                                    encode=ws.embedder.encode)
        trimmed = find_sentence_hits(s, "build a lunar research base together", index)
        across = find_sentence_hits(s, "a lunar research base together - Russia and China. The agency gave no budget",
                                    index)
        unrelated = find_sentence_hits(s, "Farmers in the south fear another dry month ahead", index)
    assert exact and exact[0].comparison.relation == "verbatim" and exact[0].text == ROGOZIN
    assert edited and edited[0].article_id == exact[0].article_id
    assert edited[0].comparison.relation in ("verbatim", "paraphrase")
    assert all(h.comparison.relation in ("verbatim", "fragment", "altered") for h in text_only)
    assert trimmed and trimmed[0].comparison.relation == "fragment"
    assert across and across[0].comparison.relation == "fragment" and len(across[0].sentence_ids) == 2
    assert unrelated == []


def test_a_changed_number_is_not_called_verbatim(ws) -> None:  # noqa: ANN001
    list(ingest(ws, [article("https://plain.example/n",
                             "The minister said the plant will employ 300 workers from next spring onwards.")]))
    with session_scope(ws.engine) as s:
        hits = find_sentence_hits(s, "the plant will employ 900 workers from next spring onwards",
                                  ws.index.refresh_sentences(s))
    assert all(h.comparison.relation not in ("verbatim", "fragment") for h in hits)


def test_reprinted_sentences_are_indexed_once_and_all_copies_are_found(ws) -> None:  # noqa: ANN001
    list(ingest(ws, [article("https://plain.example/a", UNQUOTED),
                     article("https://copy.example/a", UNQUOTED, date="2020-08-03")]))
    with session_scope(ws.engine) as s:
        index = ws.index.refresh_sentences(s)
        hits = find_sentence_hits(s, ROGOZIN, index)
    assert len({h.article_id for h in hits}) == 2
    assert len(index) == 6  # six Sentence rows seen, three of them indexed
