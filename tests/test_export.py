"""A data journalist exports statements and their lineage for other tools: PROV, schema.org, CSV, JSONL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import prov
from click.testing import CliRunner
from prov.model import ProvDocument

from provenance.cli import main

FULL = "We see a day when Russian cosmonauts can launch on American rockets, and American astronauts can launch on Russian rockets"
PART = "American astronauts can launch on Russian rockets"
RU = ("Мы видим день, когда российские космонавты смогут летать на американских ракетах, "
      "а американские астронавты — на российских ракетах")
ARTICLES = [
    {"url": "https://harbour.example.org/1", "outlet": "Harbour Post", "published_at": "2020-08-01",
     "title": "Launch swaps on the table",
     "text": f"The agency chief spoke to a packed hall of engineers and suppliers. \u201c{FULL},\u201d Jim Bridenstine said."},
    {"url": "https://rumours.example.org/2", "outlet": "Rumour Mill", "published_at": "2020-08-05",
     "text": f"Dmitry Rogozin was in a generous mood. \u201c{PART},\u201d Rogozin said."},
    {"url": "https://vesti.example.org/3", "outlet": "Vesti Primer", "published_at": "2020-08-06", "language": "ru",
     "text": f"Глава НАСА Джим Брайденстайн выступил на выставке. «{RU}», — сказал Брайденстайн."},
]


def _type(record: dict) -> str | None:
    t = record.get("prov:type")
    return t.get("$") if isinstance(t, dict) else t


def _runner(tmp_path: Path) -> CliRunner:
    src = tmp_path / "articles.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(src)]).exit_code == 0
    return runner


def _statement_id(runner: CliRunner) -> int:
    out = runner.invoke(main, ["trace", "--json", FULL])
    return json.loads(out.output)["statement_id"]


def _export(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(main, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_prov_json_reads_back_with_the_prov_library(cli_env: Path, tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    sid = _statement_id(runner)
    text = _export(runner, "--format", "prov", "--statement", str(sid))
    doc = ProvDocument.deserialize(content=text, format="json")
    assert prov.read(io.StringIO(text), format="json") == doc
    raw = json.loads(text)
    # PROV-JSON writes prov:wasQuotedFrom as a derivation typed prov:Quotation.
    quoted = [r for r in raw["wasDerivedFrom"].values() if _type(r) == "prov:Quotation"]
    derived = [r for r in raw["wasDerivedFrom"].values() if _type(r) is None]
    primary = [r for r in raw["wasDerivedFrom"].values() if _type(r) == "prov:PrimarySource"]
    assert [(r["prov:generatedEntity"], r["prov:usedEntity"]) for r in primary] == [(f"statement:{sid}", "quote:1")]
    assert len(quoted) == 1 and quoted[0]["pv:relation"] == "fragment"
    assert len(derived) == 1 and derived[0]["pv:relation"] == "translation"
    people = {a["prov:label"] for a in raw["agent"].values() if _type(a) == "prov:Person"}
    assert {"Jim Bridenstine", "Dmitry Rogozin"} <= people
    statement = raw["entity"][f"statement:{sid}"]
    attributions = [r for r in raw["wasAttributedTo"].values() if r["prov:entity"] == f"statement:{sid}"]
    assert attributions and attributions[0]["prov:agent"] == "speaker:jim-bridenstine"
    assert statement["prov:label"].startswith("We see a day")
    times = {r["prov:time"][:10] for r in raw["wasGeneratedBy"].values()}
    assert {"2020-08-01", "2020-08-05", "2020-08-06"} <= times


def test_jsonld_is_a_schema_org_quotation_and_claim(cli_env: Path, tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    sid = _statement_id(runner)
    doc = json.loads(_export(runner, "--format", "jsonld", "--statement", str(sid)))
    assert doc["@context"] == "https://schema.org"
    [node] = doc["@graph"]
    assert set(node["@type"]) == {"Quotation", "Claim"}
    assert node["spokenByCharacter"]["name"] == "Jim Bridenstine"
    assert node["firstAppearance"]["isPartOf"]["url"] == "https://harbour.example.org/1"
    assert [a["isPartOf"]["url"] for a in node["appearance"]] == [a["url"] for a in ARTICLES]
    assert node["appearance"][1]["spokenByCharacter"]["name"] == "Dmitry Rogozin"
    assert node["appearance"][1]["isBasedOn"]["@id"] == node["appearance"][0]["@id"]


def test_csv_has_one_row_per_appearance_with_its_parent(cli_env: Path, tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    sid = _statement_id(runner)
    rows = list(csv.DictReader(io.StringIO(_export(runner, "--format", "csv"))))
    mine = [r for r in rows if r["statement_id"] == str(sid)]
    assert [r["url"] for r in mine] == [a["url"] for a in ARTICLES]
    assert [r["is_origin"] for r in mine] == ["1", "0", "0"]
    assert mine[1]["parent_quote_id"] == mine[0]["quote_id"] and mine[1]["relation_to_parent"] == "fragment"
    assert mine[2]["relation_to_parent"] == "translation"


def test_jsonl_has_one_statement_per_line(cli_env: Path, tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    sid = _statement_id(runner)
    lines = [json.loads(x) for x in _export(runner, "--format", "jsonl").splitlines()]
    assert len({x["statement_id"] for x in lines}) == len(lines)
    mine = next(x for x in lines if x["statement_id"] == sid)
    assert mine["speaker"] == "Jim Bridenstine" and len(mine["edges"]) == 2 and mine["confidence"] > 0


def test_exporting_a_missing_statement_fails_cleanly(cli_env: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--format", "jsonl", "--statement", "999"])
    assert result.exit_code == 1 and "no statement 999" in result.output


def test_the_seed_corpus_exports_valid_prov(cli_env: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["seed"]).exit_code == 0
    text = _export(runner, "--format", "prov")
    doc = ProvDocument.deserialize(content=text, format="json")
    labels = {str(r.get_attribute("prov:label")) for r in doc.get_records() if r.get_attribute("prov:label")}
    assert any("Strategic Culture Foundation" in x for x in labels)
