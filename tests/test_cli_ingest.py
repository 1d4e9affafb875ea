"""A user ingests files from the command line: good records land, bad ones are reported, re-runs add nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import create_engine, func, select

from provenance.cli import main
from provenance.models import Article, Quote

from .factories import BRIDENSTINE, ROGOZIN


def _count(db: Path, model) -> int:  # noqa: ANN001
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(model)).scalar_one()
    engine.dispose()
    return n


def test_ingest_reports_bad_lines_with_line_numbers_and_exits_1(cli_env: Path, tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    good = {"url": "https://a.example.org/1", "text": f"Rogozin said: \u201c{ROGOZIN}\u201d", "published_at": "2020-07-23"}
    f.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"url": "https://a.example.org/2"}) + "\n")
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(f)])
    assert result.exit_code == 1, result.output
    assert f"{f}:2: invalid JSON" in result.output
    assert f"{f}:3: missing required field 'text' or 'html'" in result.output
    assert "ingested 1, already present 0, failed 2" in result.output
    assert _count(cli_env, Article) == 1
    again = runner.invoke(main, ["ingest", str(f)])
    assert "ingested 0, already present 1, failed 2" in again.output
    assert _count(cli_env, Article) == 1


def test_reprint_under_a_new_url_is_kept_as_its_own_article(cli_env: Path, tmp_path: Path) -> None:
    text = f"Jim Bridenstine said: \u201c{BRIDENSTINE}\u201d"
    f = tmp_path / "two.jsonl"
    f.write_text("\n".join(json.dumps({"url": u, "text": text, "published_at": d}) for u, d in
                           [("https://first.example.org/a", "2020-06-01"), ("https://second.example.org/b", "2020-06-02")]))
    result = CliRunner().invoke(main, ["ingest", str(f)])
    assert result.exit_code == 0, result.output
    assert _count(cli_env, Article) == 2
    assert _count(cli_env, Quote) == 2


def test_unparseable_date_and_bad_encoding_are_reported_not_fatal(cli_env: Path, tmp_path: Path) -> None:
    f = tmp_path / "dates.jsonl"
    f.write_bytes(json.dumps({"url": "https://d.example.org/1", "text": "Some text here.", "published_at": "last Tuesday"}).encode()
                  + b"\n" + b'{"url": "https://d.example.org/2", "text": "caf\xe9"}\n'
                  + json.dumps({"url": "https://d.example.org/3", "text": "A fine article.", "published_at": "2020-08-03T10:00:00+02:00"}).encode() + b"\n")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Title\nCaf\u00e9 society said things.".encode("latin-1"))
    result = CliRunner().invoke(main, ["ingest", str(f), str(latin)])
    assert result.exit_code == 1
    assert f"{f}:1: unparseable published_at 'last Tuesday'" in result.output
    assert f"{f}:2: not valid UTF-8" in result.output
    assert f"{latin}: not valid UTF-8" in result.output
    assert "ingested 1, already present 0, failed 3" in result.output


def test_ingest_reads_html_text_markdown_warc_and_directories(cli_env: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "nested").mkdir(parents=True)
    para = "The agency's head spoke at length about the plans for the coming decade and the partners involved. " * 3
    html = f"""<html><head><title>Moon base pact</title><meta name="author" content="Ann Writer">
    <meta property="article:published_time" content="2020-07-24"></head><body><article><h1>Moon base pact</h1>
    <p>{para}</p><p>Roscosmos chief Dmitry Rogozin said: \u201c{ROGOZIN}\u201d</p><p>{para}</p></article></body></html>"""
    (corpus / "page.html").write_text(html, encoding="utf-8")
    (corpus / "nested" / "note.md").write_text(f"# A note\n\nBridenstine said: \u201c{BRIDENSTINE}\u201d\n", encoding="utf-8")
    (corpus / "ignored.csv").write_text("a,b\n")
    warc = tmp_path / "crawl.warc.gz"
    _write_warc(warc, "https://warc.example.org/story", html)
    result = CliRunner().invoke(main, ["ingest", str(corpus), str(warc)])
    assert result.exit_code == 0, result.output
    assert "ingested 3, already present 0, failed 0" in result.output
    engine = create_engine(f"sqlite:///{cli_env}")
    with engine.connect() as conn:
        rows = conn.execute(select(Article.url, Article.title, Article.date_source, Article.published_at)).all()
    by_url = {r[0]: r for r in rows}
    page = next(r for u, r in by_url.items() if u.endswith("page.html"))
    assert page[1] == "Moon base pact" and page[2] == "extracted" and str(page[3]).startswith("2020-07-24")
    assert by_url["https://warc.example.org/story"][2] == "extracted"
    note = next(r for u, r in by_url.items() if u.endswith("note.md"))
    assert note[1] == "A note" and note[2] == "unknown"


def _write_warc(path: Path, url: str, html: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers)
        writer.write_record(rec)


def test_an_oversized_article_is_refused_with_a_clear_reason(cli_env: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from provenance.config import get_settings

    monkeypatch.setenv("PROVENANCE_MAX_ARTICLE_BYTES", "1000")
    get_settings.cache_clear()
    f = tmp_path / "big.jsonl"
    f.write_text(json.dumps({"url": "https://big.example.org/1", "text": "word " * 500}) + "\n")
    result = CliRunner().invoke(main, ["ingest", str(f)])
    assert result.exit_code == 1
    assert "larger than the 1000-byte limit" in result.output


def test_html_in_a_declared_legacy_charset_is_read_and_a_lying_one_is_reported(cli_env: Path, tmp_path: Path) -> None:
    para = "The minister spoke about the caf\u00e9 tax and the budget for the coming year in some detail. " * 3
    page = f"""<html><head><meta charset="windows-1252"><title>Caf\u00e9 tax</title></head><body><article>
    <p>{para}</p><p>{para}</p></article></body></html>"""
    good = tmp_path / "legacy.html"
    good.write_bytes(page.encode("cp1252"))
    liar = tmp_path / "liar.html"
    liar.write_bytes(page.replace("windows-1252", "utf-8").encode("cp1252"))
    result = CliRunner().invoke(main, ["ingest", str(good), str(liar)])
    assert result.exit_code == 1
    assert f"{liar}: not valid utf-8" in result.output
    assert "ingested 1, already present 0, failed 1" in result.output
