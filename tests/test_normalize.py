"""Normalisation: trivial differences in how a quote is written never split a statement."""

from provenance.normalize import clean, content_hash, normalize, text_hash, tokens, words


def test_curly_and_straight_quotes_case_and_spacing_give_the_same_key():
    a = "\u201cWe will probably research the Moon,\u201d   he said."
    b = '"we will probably research the moon," he said.'
    assert normalize(a) == normalize(b)
    assert text_hash(a) == text_hash(b)


def test_ellipsis_and_editorial_brackets_are_dropped():
    assert words("We will [sic] research \u2026 the Moon") == ["we", "will", "research", "the", "moon"]
    assert words("We will research... the [lunar] Moon") == ["we", "will", "research", "the", "moon"]


def test_a_word_hyphenated_across_a_line_break_is_one_word():
    assert words("inter-\nnational cooperation") == ["international", "cooperation"]
    assert words("inter\u00adnational") == ["international"]


def test_digit_group_commas_do_not_change_a_number():
    assert words("It cost $1,000,000.") == words("It cost $1000000.")
    assert words("1,5 Prozent") == ["1", "5", "prozent"]


def test_clean_keeps_a_readable_text():
    assert clean("  \u201eRussia\u201c \u2013 and\u2026 China  ") == 'Russia" - and China'


def test_tokens_give_the_normalised_words_with_offsets_into_the_original():
    text = "\u201cRecently, we\u2019ve agreed [sic] \u2013 the Moon\u2026\u201d"
    toks = tokens(text)
    assert [t.word for t in toks] == words(text)
    for t in toks:
        assert normalize(text[t.start:t.end]) == t.word or t.word in normalize(text[t.start:t.end])
    moon = [t for t in toks if t.word == "moon"][0]
    assert text[moon.start:moon.end] == "Moon"


def test_tokens_agree_with_words_on_varied_text():
    for text in ["Stra\u00dfe \ufb01ne \uff12\uff10", "Don't stop--now!", "A [bracketed] B [sic] C",
                 "\u00abQuote\u00bb 3,000 and 3,00", "hyph-\nenation and  line-\n  break"]:
        assert [t.word for t in tokens(text)] == words(text), text


def test_content_hash_ignores_only_whitespace():
    assert content_hash("a  b\nc") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("A b c")
