"""A fact-checker asks whether a quote, credited to someone, is really theirs and faithfully worded."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from provenance.cli import main

SWAP = "We see a day when Russian cosmonauts can launch on American rockets, and American astronauts can launch on Russian rockets"
PART = "American astronauts can launch on Russian rockets"
TWELVE = "We will launch 12 crewed missions to the Moon before 2030, and every one of them will return safely"
ARTICLES = [
    {"url": "https://harbour.example.org/1", "outlet": "Harbour Post", "published_at": "2020-08-01",
     "title": "Launch swaps on the table",
     "text": f"The agency chief spoke to a packed hall of engineers and suppliers. \u201c{SWAP},\u201d Jim Bridenstine said."},
    {"url": "https://harbour.example.org/2", "outlet": "Harbour Post", "published_at": "2020-08-02",
     "title": "A dozen crews for the Moon",
     "text": f"Plans for the coming decade were set out in detail. \u201c{TWELVE},\u201d said Jim Bridenstine."},
    {"url": "https://rumours.example.org/3", "outlet": "Rumour Mill", "published_at": "2020-08-05",
     "title": "Moscow's space boss on rockets",
     "text": f"Dmitry Rogozin was in a generous mood. \u201c{PART},\u201d Rogozin said."},
]


def _store(tmp_path: Path) -> CliRunner:
    src = tmp_path / "articles.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(main, ["ingest", str(src)])
    assert done.exit_code == 0, done.output
    return runner


def _check(runner: CliRunner, text: str, speaker: str) -> dict:
    result = runner.invoke(main, ["check", text, "--speaker", speaker, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_faithful_quote_credited_to_its_speaker_is_verified(cli_env: Path, tmp_path: Path) -> None:
    out = _check(_store(tmp_path), SWAP, "Bridenstine")
    assert out["verdict"] == "verified"
    assert "Bridenstine" in out["original_speaker"] and out["claimed_speaker"] == "Bridenstine"
    assert out["origin"]["url"] == "https://harbour.example.org/1"
    assert set(out) >= {"verdict", "origin", "claimed_speaker", "original_speaker", "diff", "chain"}


def test_a_changed_number_is_altered_with_the_word_diff(cli_env: Path, tmp_path: Path) -> None:
    out = _check(_store(tmp_path), TWELVE.replace("12", "20"), "Jim Bridenstine")
    assert out["verdict"] == "altered"
    assert ["delete", "12"] in out["diff"] and ["insert", "20"] in out["diff"]
    assert out["origin"]["url"] == "https://harbour.example.org/2"


def test_words_credited_to_the_wrong_person_are_misattributed_and_the_speaker_named(
        cli_env: Path, tmp_path: Path) -> None:
    runner = _store(tmp_path)
    out = _check(runner, PART, "Dmitry Rogozin")
    assert out["verdict"] == "misattributed"
    assert "Bridenstine" in out["original_speaker"]
    assert [a["url"] for a in out["chain"]] == ["https://harbour.example.org/1", "https://rumours.example.org/3"]
    assert out["chain"][-1]["parent_relation"] == "fragment"
    table = runner.invoke(main, ["check", PART, "--speaker", "Rogozin"])
    assert "MISATTRIBUTED" in table.output and "first said by: Jim Bridenstine" in table.output


def test_a_quote_not_in_the_store_is_unknown(cli_env: Path, tmp_path: Path) -> None:
    out = _check(_store(tmp_path), "Bananas are an excellent source of potassium for long-distance runners.",
                 "Jim Bridenstine")
    assert out == {**out, "verdict": "unknown", "origin": None, "original_speaker": None, "chain": [], "diff": []}


def test_check_needs_a_speaker(cli_env: Path) -> None:
    result = CliRunner().invoke(main, ["check", SWAP])
    assert result.exit_code != 0 and "--speaker" in result.output


def test_the_seed_demo_misattribution_names_bridenstine(cli_env: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["seed"]).exit_code == 0
    text = ("Remember, half of the International Space Station is Russian, and if we\u2019re going to make sure "
            "that we have continual access to it, and that they have continual access to it, then we\u2019re "
            "going to need to be willing to launch on each other\u2019s vehicles")
    out = _check(runner, text, "Rogozin")
    assert out["verdict"] == "misattributed"
    assert "Bridenstine" in out["original_speaker"]
    assert out["origin"]["outlet"] == "Strategic Culture Foundation"
    assert out["chain"][-1]["outlet"] == "Viral Space (demo)"


def test_dropping_a_qualifier_is_altered_even_when_a_translation_also_matches(seeded_ws) -> None:  # noqa: ANN001
    from provenance.check import check_attribution

    result = check_attribution(seeded_ws, "we will research the Moon and build a lunar research base together, "
                                          "Russia and China", "Rogozin")
    assert result.verdict == "altered"
    assert ["delete", "probably"] in [list(d) for d in result.diff]
