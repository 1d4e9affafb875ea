"""Quote extraction and speaker attribution on small hand-written news snippets."""

from __future__ import annotations

from provenance.extract import ExtractedQuote, extract_quotes


def only(text: str, kind: str | None = None) -> ExtractedQuote:
    quotes = [q for q in extract_quotes(text) if kind is None or q.kind == kind]
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_straight_quotes_with_attribution_after():
    text = 'Dmitry Rogozin visited Beijing. "We will build a base on the Moon," Rogozin said.'
    q = only(text)
    assert q.text == "We will build a base on the Moon,"
    assert text[q.start:q.end] == q.text
    assert q.kind == "direct" and q.cue == "said"
    assert q.speaker == "Dmitry Rogozin"  # the fullest earlier form of the name
    assert text[q.speaker_start:q.speaker_end] == "Rogozin"


def test_curly_quotes_with_cue_before_the_name():
    q = only("“The station will be ready by 2030,” said Roscosmos chief Dmitry Rogozin.")
    assert q.speaker == "Dmitry Rogozin" and q.cue == "said" and q.kind == "direct"


def test_british_single_quotes_keep_apostrophes_inside():
    text = "‘It’s the players’ decision, and we won’t interfere,’ said Sergei Lavrov."
    q = only(text)
    assert q.text == "It’s the players’ decision, and we won’t interfere,"
    assert q.speaker == "Sergei Lavrov"


def test_apostrophes_alone_make_no_quote():
    assert extract_quotes("Trump’s aides said the campaign’s plans weren’t final.") == [] or all(
        q.kind == "indirect" for q in extract_quotes("Trump’s aides said the campaign’s plans weren’t final."))


def test_guillemets_with_russian_cue_and_name():
    text = "Глава Роскосмоса Дмитрий Рогозин заявил: «Мы построим базу на Луне вместе с Китаем»."
    q = only(text)
    assert q.text == "Мы построим базу на Луне вместе с Китаем"
    assert q.speaker == "Дмитрий Рогозин" and q.cue == "заявил"


def test_russian_quote_with_dash_and_cue_after():
    q = only("«Мы готовы к сотрудничеству с NASA», — сказал Дмитрий Рогозин.")
    assert q.speaker == "Дмитрий Рогозин" and q.cue == "сказал"


def test_low_double_quote_german_style():
    q = only("„Wir schaffen das, ganz sicher“, sagte Angela Merkel.")
    assert q.text == "Wir schaffen das, ganz sicher"
    assert q.speaker == "Angela Merkel"


def test_corner_brackets():
    q = only("「我们会一起建造月球基地」他说。")
    assert q.text == "我们会一起建造月球基地"


def test_multi_paragraph_quote_is_one_quote():
    text = ('Senator Jane Smith spoke for an hour.\n\n'
            '"This is the first paragraph of a long statement.\n\n'
            '"And this is the second paragraph of it," she said.')
    q = only(text)
    assert q.text.startswith("This is the first paragraph")
    assert q.text.endswith("second paragraph of it,")
    assert q.speaker == "Jane Smith"


def test_split_quote_is_one_quote_with_both_parts():
    text = "Dmitry Rogozin was upbeat. “We will,” he said, “build it together with China.”"
    q = only(text)
    assert q.text == "We will, build it together with China."
    assert text[q.start:q.end] == "We will,” he said, “build it together with China."
    assert q.speaker == "Dmitry Rogozin"


def test_mixed_quote_inside_reported_speech():
    q = only('Rogozin said the base would be "a joint project" of both nations.', kind="mixed")
    assert q.text == "a joint project"
    assert q.speaker == "Rogozin" and q.cue == "said"


def test_colon_introduction():
    q = only('Rogozin said: "The base will be ready by 2030."')
    assert q.kind == "direct" and q.speaker == "Rogozin"


def test_dash_introduction():
    q = only('Putin — "We do not need any war with anybody."')
    assert q.kind == "direct" and q.speaker == "Putin"


def test_attribution_inside_the_quote_sentence():
    q = only('"The plan," Lavrov told reporters on Tuesday, "is not negotiable at all."')
    assert q.speaker == "Lavrov" and q.cue == "told"


def test_according_to_after_the_quote():
    q = only('"The economy is doing very well right now," according to Treasury Secretary Steven Mnuchin.')
    assert q.speaker == "Steven Mnuchin" and q.cue == "according to"


def test_pronoun_resolves_to_nearest_compatible_person():
    text = ('Hillary Clinton met Donald Trump backstage. Later Trump spoke to the crowd. '
            '“We are going to win this state,” she said.')
    assert only(text).speaker == "Hillary Clinton"


def test_role_noun_resolves_to_the_named_speaker():
    text = ('“We are ready,” said Foreign Minister Sergei Lavrov.\n\n'
            '“Nobody should doubt our resolve here,” the minister added.')
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["Sergei Lavrov", "Sergei Lavrov"]


def test_organisation_role_noun_resolves_to_the_outlet():
    text = ('“The talks have stalled,” The Washington Post reported.\n\n'
            '“Neither side will move before the vote,” the newspaper said.')
    assert [q.speaker for q in extract_quotes(text)] == ["Washington Post", "Washington Post"]


def test_unnamed_source_gives_no_speaker():
    q = only('"The plan is still under review by the board," a spokesman said.')
    assert q.speaker is None and q.speaker_start is None and q.cue == "said"


def test_unattributed_quote_has_no_speaker():
    q = only('"Nobody knows what will happen next in this race."')
    assert q.speaker is None and q.cue is None


def test_scare_quotes_are_not_quotes():
    assert extract_quotes('The so-called "experts" were wrong again, and the "plan" failed.') == []


def test_titles_of_works_are_not_quotes():
    assert extract_quotes('She read "The Old Man and the Sea" and watched "Gone With the Wind" twice.') == []


def test_indirect_speech_reports_the_clause():
    text = "Rogozin said that Russia and China would build a lunar base by 2030."
    q = only(text)
    assert q.kind == "indirect" and q.speaker == "Rogozin" and q.cue == "said"
    assert q.text == "Russia and China would build a lunar base by 2030"


def test_other_scripts_do_not_crash():
    for text in ("", "   ", "日本語のテキストです。", "«", "“", "'", "\"a\" \"b", "„ “ ” « » 「 」"):
        assert isinstance(extract_quotes(text), list)


def test_to_dict_has_the_interface_keys():
    q = only('"We will build a base on the Moon," Rogozin said.')
    assert set(q.to_dict()) == {"text", "start", "end", "speaker", "speaker_start", "speaker_end", "cue", "kind"}
