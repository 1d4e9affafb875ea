"""The `provenance` command line: ingest, trace, compare, extract, seed, serve."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from provenance.config import get_settings


def _workspace():
    from provenance.workspace import open_workspace

    return open_workspace(get_settings())


def _echo_json(obj: object) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


def _read_jsonl(path: Path, required: tuple[str, ...]) -> list[dict]:
    """Batch input lines; a bad line stops the batch with `file:line: reason` (outputs must align with inputs)."""
    items = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise click.ClickException(f"{path}:{n}: invalid JSON ({exc.msg})") from None
            if not isinstance(obj, dict) or any(not isinstance(obj.get(k), str) or not obj[k].strip()
                                                for k in required):
                raise click.ClickException(f"{path}:{n}: needs string field(s) {', '.join(required)}")
            items.append(obj)
    return items


@click.group()
@click.version_option(package_name="provenance")
def main() -> None:
    """Track who said a statement, where it first appeared, and how its wording travelled."""


@main.command()
def migrate() -> None:
    """Bring the database schema to the newest migration."""
    from provenance.db import migrate as do_migrate

    do_migrate(get_settings().database_url)
    click.echo("database is at the newest schema")


def run_ingest(paths: list[Path], quiet: bool = False) -> dict[str, int]:
    """Ingest files and directories, printing failures as `file:line: reason`; returns the tally."""
    from provenance.ingest import FAILED, INGESTED, PRESENT, ingest
    from provenance.readers import iter_files, read_path

    ws = _workspace()
    limit = ws.settings.max_article_bytes
    items = (item for f in iter_files(paths) for item in read_path(f, limit))
    tally = {INGESTED: 0, PRESENT: 0, FAILED: 0}
    show_bar = sys.stderr.isatty() and not quiet
    bar = None
    if show_bar:
        from tqdm import tqdm

        bar = tqdm(unit=" articles", file=sys.stderr)
    for outcome in ingest(ws, items):
        tally[outcome.status] += 1
        if outcome.status == FAILED:
            msg = f"{outcome.location}: {outcome.reason}"
            (bar.write(msg, file=sys.stderr) if bar else click.echo(msg, err=True))
        if bar:
            bar.update(1)
    if bar:
        bar.close()
    return tally


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def ingest(paths: tuple[Path, ...]) -> None:
    """Ingest articles from JSONL, HTML, text/Markdown or WARC files, or directories of them.

    JSONL lines: {"url", "text" or "html", "title", "outlet", "published_at", "author", "language"}.
    Each article is its own transaction; re-running the same input adds nothing; exit status 1 if any
    record failed.
    """
    tally = run_ingest(list(paths))
    click.echo(f"ingested {tally['ingested']}, already present {tally['present']}, failed {tally['failed']}")
    if tally["failed"]:
        sys.exit(1)


def _table(result) -> str:  # noqa: ANN001
    if result.statement_id is None:
        return f"No stored statement matches: {result.query!r}"
    lines = []
    o = result.origin
    if o:
        when = o.published_at.date().isoformat() if o.published_at else "date unknown"
        lines.append(f"Statement {result.statement_id}; origin: {o.speaker or 'unknown speaker'}, "
                     f"{o.outlet}, {when} ({o.date_source})")
        lines.append(f"  {o.url}")
        lines.append(f"  \u201c{o.quote}\u201d")
    lines.append(f"Query is a {result.query_relation} (score {result.query_score:.2f}). Appearances, oldest first:")
    lines.append(f"  {'date':<10}  {'relation':<11}  {'score':>5}  {'outlet':<28}  speaker")
    for a in result.appearances:
        when = a.published_at.date().isoformat() if a.published_at else "unknown"
        lines.append(f"  {when:<10}  {a.relation:<11}  {a.score:>5.2f}  {a.outlet[:28]:<28}  {a.speaker or '-'}"
                     + ("  [demo]" if a.demo else ""))
    return "\n".join(lines)


@main.command()
@click.argument("quote", required=False)
@click.option("--speaker", help="Who the quote is credited to (prefers that speaker's statement).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per result.")
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='JSONL file of {"query", "speaker"?}; writes one JSON line per input line, same order.')
def trace(quote: str | None, speaker: str | None, as_json: bool, batch: Path | None) -> None:
    """Find a quote's statement, its appearances (oldest first) and its first appearance."""
    from provenance.trace import trace_many

    if batch is not None:
        items = _read_jsonl(batch, ("query",))
        for result in trace_many(_workspace(), [(it["query"], it.get("speaker")) for it in items]):
            _echo_json(result.to_dict())
        return
    if not quote or not quote.strip():
        raise click.UsageError("give a QUOTE to trace, or --batch FILE")
    if len(quote) > get_settings().max_quote_chars:
        raise click.UsageError(f"the quote is longer than {get_settings().max_quote_chars} characters")
    result = trace_many(_workspace(), [(quote, speaker)])[0]
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False, default=str, indent=2) if as_json else _table(result))


def _check_text(result) -> str:  # noqa: ANN001
    lines = [f"Verdict: {result.verdict.upper()} ({result.reason})"]
    o = result.origin
    if o is not None:
        when = o.published_at.date().isoformat() if o.published_at else "date unknown"
        lines.append(f"Claimed speaker: {result.claimed_speaker}; first said by: {result.original_speaker or '?'}")
        lines.append(f"Origin: {o.outlet}, {when} ({o.date_source})  {o.url}")
        lines.append(f"  \u201c{o.quote}\u201d")
    changed = [(op, w) for op, w in result.diff if op != "equal"]
    if changed and result.verdict == "altered":
        lines.append("Wording changes (stored \u2192 checked): " + "; ".join(
            f"{'-' if op == 'delete' else '+'}{w}" for op, w in changed))
    if result.chain:
        lines.append("Chain, origin first:")
        for a in result.chain:
            when = a.published_at.date().isoformat() if a.published_at else "unknown"
            lines.append(f"  {when:<10}  {(a.parent_relation or 'origin'):<11}  {a.outlet[:28]:<28}  "
                         f"{a.speaker or '-'}")
    return "\n".join(lines)


@main.command()
@click.argument("text")
@click.option("--speaker", required=True, help="Who the text is credited to.")
@click.option("--json", "as_json", is_flag=True, help="JSON: verdict, origin, claimed/original speaker, diff, chain.")
def check(text: str, speaker: str, as_json: bool) -> None:
    """Check an attribution: verified, altered, misattributed, or unknown (not in the store)."""
    from provenance.check import check_attribution

    if not text.strip():
        raise click.UsageError("give the TEXT to check")
    if len(text) > get_settings().max_quote_chars:
        raise click.UsageError(f"the text is longer than {get_settings().max_quote_chars} characters")
    result = check_attribution(_workspace(), text, speaker)
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False, default=str, indent=2) if as_json
               else _check_text(result))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["prov", "jsonld", "csv", "jsonl"]), required=True,
              help="PROV-JSON, schema.org JSON-LD, CSV (one row per appearance) or JSONL (one statement a line).")
@click.option("--statement", "statement_id", type=int, help="Only this statement (default: all).")
def export(fmt: str, statement_id: int | None) -> None:
    """Export statements with their appearances and lineage."""
    from provenance.db import session_scope
    from provenance.export import export_statements

    try:
        with session_scope(_workspace().engine) as session:
            out = export_statements(session, fmt, statement_id)
    except LookupError as exc:
        raise click.ClickException(str(exc).strip("'\"")) from None
    click.echo(out, nl=not out.endswith("\n"))


@main.command()
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option("--json", "as_json", is_flag=True, help="Full JSON with features and evidence.")
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='JSONL file of {"a", "b"}; writes {"same_statement", "relation", "score"} per line.')
def compare(a: str | None, b: str | None, as_json: bool, batch: Path | None) -> None:
    """Decide whether two wordings are the same statement, and how they relate."""
    from provenance.embed import get_embedder
    from provenance.match import compare_many

    s = get_settings()
    embedder = get_embedder(s.model, s.multilingual_model)
    if batch is not None:
        items = _read_jsonl(batch, ("a", "b"))
        for c in compare_many([(it["a"], it["b"]) for it in items], embedder):
            _echo_json({"same_statement": c.same_statement, "relation": c.relation, "score": round(c.score, 4)})
        return
    if not a or not b:
        raise click.UsageError("give two wordings A and B, or --batch FILE")
    c = compare_many([(a, b)], embedder)[0]
    if as_json:
        click.echo(json.dumps(c.to_dict(), ensure_ascii=False, indent=2))
    else:
        verdict = "same statement" if c.same_statement else "not the same statement"
        click.echo(f"{verdict}; relation: {c.relation or '-'}; score {c.score:.2f}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON line per file (the default output too).")
def extract(files: tuple[Path, ...], as_json: bool) -> None:
    """Extract quotes and speakers from files, one JSON line per file in argument order.

    start/end are Python string offsets (end exclusive) into the file's text read as UTF-8; for HTML
    files, into the main text that trafilatura extracts from the page.
    """
    from provenance.extract import extract_quotes
    from provenance.readers import HTML_SUFFIXES, RecordError, html_to_article

    failed = False
    for f in files:
        try:
            raw = f.read_bytes().decode("utf-8-sig")
            text = html_to_article(raw, None)[0] if f.suffix.lower() in HTML_SUFFIXES else raw
        except (UnicodeDecodeError, RecordError) as exc:
            click.echo(f"{f}: {exc}", err=True)
            failed = True
            continue
        _echo_json({"source": str(f), "quotes": [q.to_dict() for q in extract_quotes(text)]})
    if failed:
        sys.exit(1)


@main.command()
def seed() -> None:
    """Load the seed corpus (seeds/) into the configured database; running it twice changes nothing."""
    from provenance.seeding import seed as do_seed

    tally = do_seed(_workspace())
    click.echo(f"seed: ingested {tally.get('ingested', 0)}, already present {tally.get('present', 0)}, "
               f"failed {tally.get('failed', 0)}")
    if tally.get("failed"):
        sys.exit(1)


@main.group()
def token() -> None:
    """Manage the bearer tokens that HTTP writes need."""


@token.command("create")
@click.argument("name")
def token_create(name: str) -> None:
    """Create a token; its secret is printed once and stored only hashed."""
    from provenance.db import session_scope
    from provenance.tokens import create_token

    try:
        with session_scope(_workspace().engine) as session:
            secret = create_token(session, name)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(secret)


@token.command("list")
def token_list() -> None:
    """List tokens (names and dates; never secrets)."""
    from provenance.db import session_scope
    from provenance.tokens import list_tokens

    with session_scope(_workspace().engine) as session:
        for t in list_tokens(session):
            state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
            click.echo(f"{t.name}\tcreated {t.created_at:%Y-%m-%d}\t{state}")


@token.command("revoke")
@click.argument("name")
def token_revoke(name: str) -> None:
    """Revoke a token by name."""
    from provenance.db import session_scope
    from provenance.tokens import revoke_token

    with session_scope(_workspace().engine) as session:
        if not revoke_token(session, name):
            raise click.ClickException(f"no active token named {name!r}")
    click.echo(f"revoked {name}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--seed/--no-seed", "load_seed", default=False, help="Load the seed corpus first if the store is empty.")
def serve(host: str, port: int, load_seed: bool) -> None:
    """Serve the web app and JSON API."""
    import uvicorn

    ws = _workspace()
    if load_seed:
        from provenance.seeding import seed_if_empty

        seed_if_empty(ws)
    from web.app import create_app

    uvicorn.run(create_app(ws), host=host, port=port)


if __name__ == "__main__":
    main()
