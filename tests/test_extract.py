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


# --- attribution patterns found on PolNeAR train and in our seed corpus


def test_participle_cue_after_a_passive_agent_introduces_a_direct_quote():
    text = ("The piece points to the Russian-Chinese pact to build a lunar base, announced on July 23 by "
            "Roscosmos chief Dimitry Rogozin saying: “Recently, we have agreed that we will probably research "
            "the Moon and build a lunar research base together - Russia and China.”")
    q = only(text)
    assert q.kind == "direct" and q.speaker == "Dimitry Rogozin" and q.cue == "saying"
    assert text[q.speaker_start:q.speaker_end] == "Dimitry Rogozin"


def test_colon_introduction_with_the_quote_in_the_next_paragraph():
    text = ("Even though America has regained its own crewed launches with Crew Dragon, Bridenstine has said:\n\n"
            "“We see a day when Russian cosmonauts can launch on American rockets.”")
    q = only(text)
    assert q.kind == "direct" and q.speaker == "Bridenstine" and q.cue == "said"


def test_went_on_to_say_introduces_the_next_paragraph():
    q = only("Putin went on to say:\n\n“I believe that even now space activities will continue.”")
    assert q.speaker == "Putin" and q.cue == "say"


def test_russian_guillemets_with_dash_and_cue_after_a_surname():
    q = only("«Мы построим базу на Луне вместе с Китаем», — заявил Рогозин.")
    assert q.speaker == "Рогозин" and q.cue == "заявил" and q.kind == "direct"


def test_a_place_after_a_comma_is_not_the_speaker():
    q = only('Stacy Baker of Columbia, South Carolina says "I will vote for him no matter what happens."')
    assert q.speaker == "Stacy Baker"


def test_party_and_state_after_the_name_is_not_the_speaker():
    q = only('"There has been a lot of talk," Senate Majority Leader Mitch McConnell, R-Ky., said.')
    assert q.speaker == "Mitch McConnell"


def test_german_cue_verbs_and_so_attribution():
    assert only("„Wir werden das schaffen“, sagte Merkel am Dienstag.").speaker == "Merkel"
    assert only("„Wir werden das schaffen“, so Bundeskanzlerin Angela Merkel.").speaker == "Angela Merkel"


def test_corner_brackets_with_a_chinese_name_or_a_japanese_topic():
    assert only("「我们会一起建造月球基地」王毅说。").speaker == "王毅"
    q = only("岸田首相は「月面基地を共同で建設する」と述べた。")
    assert q.speaker == "岸田" and q.kind == "direct"


def test_name_in_apposition_after_a_possessive_role():
    text = ('"California stuck out as a place to compete," Sanders\'s campaign manager, Jeff Weaver, '
            'said in an interview.')
    assert only(text).speaker == "Jeff Weaver"


def test_role_with_a_preposition_before_the_name_after_the_cue():
    text = ('"The first line of defense is within the community," said former secretary of state '
            'Hillary Clinton, who praised George W. Bush.')
    assert only(text).speaker == "Hillary Clinton"


def test_mixed_quote_belongs_to_the_subject_of_its_sentence():
    text = ('In the depths of the Great Recession, Paul Ryan worried that the safety net was becoming '
            '"a hammock that lulls able-bodied people to lives of dependency."')
    q = only(text)
    assert q.kind == "mixed" and q.speaker == "Paul Ryan"


def test_subject_of_a_relative_clause_speaks():
    text = ('That view has upended decades of party orthodoxy toward Russia, a country that the previous '
            'Republican presidential nominee, Mitt Romney, called "our number one geopolitical foe."')
    assert only(text).speaker == "Mitt Romney"


def test_a_noun_is_not_a_cue_verb():
    text = 'House Speaker Paul Ryan told CNN Tuesday that Ginsburg’s comments "show bias to me and to others."'
    assert only(text).speaker == "Paul Ryan"


def test_going_on_recess_is_not_a_cue():
    text = 'Sen. Marco Rubio said that once the Senate goes on recess, "I intend to do as much as I can."'
    assert only(text).speaker == "Marco Rubio"


def test_the_subject_of_a_subordinate_clause_does_not_speak_for_the_main_clause():
    text = 'As Blumenthal spoke, the NRA was whipping lawmakers against "any and all gun control measures."'
    assert only(text).speaker != "Blumenthal"


def test_a_sentence_that_only_names_the_speaker_introduces_the_next_quote():
    text = ('Sam Lau, the communications director for the Iowa Democratic Party, said in a statement. '
            '"There are no paper ballots to recount."')
    q = only(text)
    assert q.speaker == "Sam Lau" and q.kind == "direct"


def test_an_indirect_report_before_a_quote_does_not_introduce_it():
    text = ('Dmitry Rogozin met reporters. Those changes will affect the budget, he said.\n\n'
            '"Nobody knows what will happen next in this race."')
    quotes = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert len(quotes) == 1 and quotes[0].cue is None


def test_quote_paragraph_signed_with_a_dash_line():
    text = ('Fact check.\n\n"Boeing and GE and other multinationals pay zero taxes."\n\n- Bernie Sanders.\n\n'
            'This is a complex issue.')
    q = [q for q in extract_quotes(text) if q.kind == "direct"][0]
    assert q.speaker == "Bernie Sanders"


def test_a_sentence_full_of_names_is_speech_not_a_title():
    text = '"Both Donald Trump and Ted Cruz scare me," Harry Bond, 30, of Raleigh, N.C., said in an interview.'
    assert only(text).speaker == "Harry Bond"


def test_straight_opening_mark_closed_by_a_curly_one():
    text = '"I was hoping to see more of what Ivanka sees in her father,” Graham said.'
    q = only(text)
    assert q.text == "I was hoping to see more of what Ivanka sees in her father," and q.speaker == "Graham"


def test_following_quote_in_the_same_paragraph_continues_the_speaker():
    text = ('"With a profession like Uber, you will see more people," says Gavin Hamilton, 23, a student '
            'from Fresno, Calif. "I think it would offer more jobs in areas like ours."')
    assert [q.speaker for q in extract_quotes(text)] == ["Gavin Hamilton", "Gavin Hamilton"]


# --- indirect speech: a wrong speaker is worse than a missed report


def test_non_speech_verbs_give_no_indirect_quote():
    assert extract_quotes("NASA Administrator Jim Bridenstine has worked to keep Russia and the USA in "
                          "cooperative alliances.") == []


def test_a_country_in_an_introductory_phrase_is_not_the_speaker():
    text = ("On cooperation with the United States, the author recalls that NASA Administrator Jim Bridenstine "
            "has worked to keep Russia and the USA in cooperative alliances.")
    assert all(q.speaker != "United States" for q in extract_quotes(text))


def test_argued_for_is_not_reported_speech():
    assert extract_quotes("Jim Bridenstine argued for crew swaps with Russia at the meeting.") == []


def direct_speakers(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(text) if q.kind != "indirect"]


def test_role_noun_with_a_place_resolves_to_the_senator_named_earlier():
    text = ("Florida Sen. Marco Rubio campaigned in Miami on Monday.\n"
            "“We will win this state,” the Florida senator said.")
    assert direct_speakers(text) == [("We will win this state,", "Marco Rubio")]


def test_role_noun_yields_to_the_name_in_apposition():
    text = "“That program deserves a close look,” said the White House spokesman, Josh Earnest."
    assert direct_speakers(text) == [("That program deserves a close look,", "Josh Earnest")]


def test_that_states_is_a_noun_not_a_cue():
    text = ("Ted Cruz said Thursday in Buffalo, New York, that states can pass such laws because "
            "“men should not be going to the bathroom with little girls.”")
    assert direct_speakers(text)[0][1] == "Ted Cruz"


def test_a_new_sentence_with_its_own_reported_clause_does_not_claim_the_quote():
    text = ("Barack Obama took office in 2009.\n"
            "Willie Minor, an actor in Dallas, recalled that in 2009, “I called all my lenders and asked "
            "for extensions.” He said that since then he has felt more secure.")
    assert direct_speakers(text)[0][1] == "Willie Minor"


def test_party_tag_in_parentheses_does_not_hide_the_speaker():
    text = ("Rep. Elijah Cummings (D-Md.), chair of the Platform Committee, said that it was "
            "“open to every viewpoint being expressed.”")
    assert direct_speakers(text)[0][1] == "Elijah Cummings"


def test_a_quote_after_that_is_not_a_title_of_a_hat():
    text = "That “is the thing that saved us,” said Carole Taylor, the provincial minister."
    assert direct_speakers(text) == [("is the thing that saved us,", "Carole Taylor")]


def test_participle_after_an_attribution_continues_its_speaker():
    text = ("“Having access to the file is valuable,” said Bill Skelly, explaining that he worked more closely "
            "with Vito, who cleaned up the state voter-roll data for the national file: “Vito is outstanding with data.”")
    assert [s for _, s in direct_speakers(text)] == ["Bill Skelly", "Bill Skelly"]


def test_subject_after_a_short_leading_adverbial_speaks():
    text = ("Back in 1999, Mr. Trump expressed admiration for Mr. Clinton's skills, telling CNBC: "
            "“I wish I could be like that. I just can't.”")
    assert direct_speakers(text)[0][1] == "Trump"
