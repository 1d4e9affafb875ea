"""Speaker name cleaning, identity and index keys."""

from __future__ import annotations

import pytest

from provenance.speakers import clean_name, is_proper_name, same_person, speaker_key


@pytest.mark.parametrize("raw, name", [
    ("Roscosmos chief Dmitry Rogozin", "Dmitry Rogozin"),
    ("Mr. Rogozin", "Rogozin"),
    ("Mr Rogozin", "Rogozin"),
    ("President Vladimir Putin", "Vladimir Putin"),
    ("Russian President Vladimir Putin", "Vladimir Putin"),
    ("Secretary of State John Kerry", "John Kerry"),
    ("Dmitry Rogozin of Roscosmos", "Dmitry Rogozin"),
    ("Putin’s spokesman Dmitry Peskov", "Dmitry Peskov"),
    ("Rogozin's", "Rogozin"),
    ("Kellyanne Conway, Trump's campaign manager", "Kellyanne Conway"),
    ("The New York Post", "New York Post"),
    ("глава Роскосмоса Дмитрий Рогозин", "Дмитрий Рогозин"),
])
def test_clean_name_strips_titles_roles_and_possessives(raw, name):
    assert clean_name(raw) == name


def test_descriptions_and_pronouns_are_not_proper_names():
    assert is_proper_name("Sen. Ted Cruz")
    assert not is_proper_name("the campaign")
    assert not is_proper_name("he")


@pytest.mark.parametrize("a, b", [
    ("Rogozin", "Dmitry Rogozin"),
    ("Dimitry Rogozin", "Dmitry Rogozin"),
    ("Mr Rogozin", "Roscosmos chief Dmitry Rogozin"),
    ("Bill Clinton", "William Clinton"),
    ("D. Rogozin", "Dmitry Rogozin"),
])
def test_same_person_accepts_name_variants(a, b):
    assert same_person(a, b)
    assert same_person(b, a)


@pytest.mark.parametrize("a, b", [
    ("Jim Bridenstine", "Jim Smith"),
    ("Dmitry Rogozin", "Vladimir Rogozin"),
    ("Hillary Clinton", "Bill Clinton"),
    ("", "Rogozin"),
])
def test_same_person_rejects_different_people(a, b):
    assert not same_person(a, b)


def test_cyrillic_names_match_each_other_and_their_transliteration():
    assert same_person("Дмитрий Рогозин", "Рогозин")
    assert same_person("Дмитрий Рогозин", "Dmitry Rogozin")
    assert not same_person("Дмитрий Рогозин", "Владимир Рогозин")


def test_speaker_key_is_folded_surname():
    assert speaker_key("Roscosmos chief Dmitry Rogozin") == "rogozin"
    assert speaker_key("Дмитрий Рогозин") == "rogozin"
    assert speaker_key("José Martínez") == "martinez"


@pytest.mark.parametrize("raw", [
    "Republican pollster Daron Shaw", "Mr. Trump", "The New York Post", "CNN", "Bush’s",
    "conservative commentator Jonah Goldberg of the National Review",
    "the bureau's director, James B. Comey,", "Rep. Elijah Cummings (D-Md.), chair of the Platform Committee,",
])
def test_a_source_headed_by_a_proper_name_is_named(raw):
    from provenance.speakers import is_named_source
    assert is_named_source(raw)


@pytest.mark.parametrize("raw", [
    "the Florida senator", "the Senate minority leader", "a campaign spokesman", "he", "Trump’s campaign",
    "One such document, obtained by The Post,", "a letter to Facebook from the chairman of the committee",
    "Trump and Ryan", "Two military analysts, Patrick Megahan and Chris Harman,",
])
def test_role_descriptions_pronouns_and_joint_sources_are_not_named(raw):
    from provenance.speakers import is_named_source
    assert not is_named_source(raw)
