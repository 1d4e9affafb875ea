"""A journalist pastes a quote and gets its statement, its appearances and its first appearance."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from provenance.cli import main
from provenance.trace import trace

TRIMMED_ROGOZIN = "we will research the Moon and build a lunar research base together, Russia and China"


def test_trace_finds_origin_of_trimmed_reworded_quote_from_cli(cli_env: Path) -> None:
    runner = CliRunner()
    seeded = runner.invoke(main, ["seed"])
    assert seeded.exit_code == 0, seeded.output
    result = runner.invoke(main, ["trace", "--json", TRIMMED_ROGOZIN])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    origin = out["origin"]
    assert origin is not None
    assert "Rogozin" in origin["speaker"]
    assert origin["url"].startswith("https://strategic-culture.org/")
    assert origin["published_at"].startswith("2020-08-01")
    dates = [a["published_at"] for a in out["appearances"]]
    assert dates == sorted(dates)
    assert {a["relation"] for a in out["appearances"]} >= {"verbatim", "fragment", "translation"}


def test_seeding_twice_changes_nothing(cli_env: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["seed"])
    second = runner.invoke(main, ["seed"])
    assert "seed: ingested 7" in first.output
    assert "seed: ingested 0, already present 7, failed 0" in second.output


def test_unrelated_quote_on_the_same_topic_has_no_origin(seeded_ws) -> None:  # noqa: ANN001
    result = trace(seeded_ws, "China's space agency said the Mars rover will land in May 2021 after a long cruise.")
    assert result.origin is None and result.statement_id is None and result.appearances == []


def test_translation_is_traced_to_the_english_origin(seeded_ws) -> None:  # noqa: ANN001
    result = trace(seeded_ws, "Недавно мы договорились, что будем вместе исследовать Луну и построим лунную базу — Россия и Китай")
    assert result.origin is not None
    assert result.origin.outlet == "Strategic Culture Foundation"
    assert any(a.relation == "translation" for a in result.appearances)


def test_trace_batch_answers_each_line_in_order(cli_env: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["seed"])
    batch = tmp_path / "q.jsonl"
    batch.write_text("\n".join(json.dumps(q) for q in [
        {"query": "half of the International Space Station is Russian"},
        {"query": "Bananas are an excellent source of potassium for athletes."},
        {"query": TRIMMED_ROGOZIN, "speaker": "Dmitry Rogozin"},
    ]) + "\n")
    result = runner.invoke(main, ["trace", "--batch", str(batch)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert [x["query"] for x in lines] == [json.loads(x)["query"] for x in batch.read_text().splitlines()]
    assert "Bridenstine" in lines[0]["origin"]["speaker"]
    assert lines[1]["origin"] is None
    assert "Rogozin" in lines[2]["origin"]["speaker"]


def test_trace_table_is_readable(cli_env: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["seed"])
    result = runner.invoke(main, ["trace", TRIMMED_ROGOZIN])
    assert result.exit_code == 0, result.output
    assert "origin:" in result.output and "Strategic Culture Foundation" in result.output
    assert "Appearances, oldest first" in result.output


def test_trace_explains_the_origin_and_each_appearances_parent(cli_env: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["seed"])
    out = json.loads(runner.invoke(main, ["trace", "--json", TRIMMED_ROGOZIN]).output)
    assert 0 < out["confidence"] <= 1
    assert any(e.startswith("earliest dated appearance: Strategic Culture Foundation") for e in out["evidence"])
    by_child = {e["child_quote_id"]: e for e in out["lineage"]}
    apps = {a["outlet"]: a for a in out["appearances"]}
    origin_qid = out["origin"]["quote_id"]
    reprint = by_child[apps["Global Research"]["quote_id"]]
    assert reprint["parent_quote_id"] == origin_qid and reprint["relation"] == "verbatim"
    assert reprint["reason"].startswith("source hint: cites Strategic Culture Foundation")
    assert by_child[apps["Novosti Primer (demo)"]["quote_id"]]["relation"] == "translation"
    assert by_child[apps["Orbit Notes (demo blog)"]["quote_id"]]["relation"] == "fragment"
    assert len(out["lineage"]) == len(out["appearances"]) - 1


def test_an_english_query_is_described_against_the_english_wording_not_the_translation(seeded_ws) -> None:  # noqa: ANN001
    result = trace(seeded_ws, TRIMMED_ROGOZIN)
    assert result.query_relation != "translation"
    assert any(a.relation == "translation" for a in result.appearances)
