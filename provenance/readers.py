"""Turn input files (JSONL, HTML, text/Markdown, WARC, directories) into article records, reporting bad ones."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

from provenance.models import DATE_EXTRACTED, DATE_GIVEN, DATE_UNKNOWN

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = (".warc", ".warc.gz")


class RecordError(ValueError):
    """A record that cannot be ingested; the message says why."""


@dataclass
class ArticleIn:
    """One article as read from input, validated, before it is stored."""

    url: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published_at: datetime | None = None
    date_source: str = DATE_UNKNOWN
    author: str | None = None
    language: str | None = None
    is_demo: bool = False
    meta: dict = field(default_factory=dict)

    @property
    def outlet_name(self) -> str:
        return self.outlet or host_of(self.url)


@dataclass(frozen=True)
class Bad:
    """Where a bad record is (`file:line`) and why it was refused."""

    location: str
    reason: str


def host_of(url: str) -> str:
    host = urlparse(url).netloc.lower()
    return host.removeprefix("www.") or "local"


def parse_date(value: object) -> datetime | None:
    """ISO 8601 date or datetime as an aware UTC datetime; naive values are taken as UTC."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RecordError(f"published_at must be an ISO 8601 string, got {type(value).__name__}")
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise RecordError(f"unparseable published_at {value!r} (expected ISO 8601)") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def html_to_article(html: str, url: str | None) -> tuple[str, dict]:
    """Main text and metadata (title, author, date, url) of an HTML page, via trafilatura and htmldate."""
    import trafilatura
    from htmldate import find_date

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      favor_precision=True)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise RecordError("no article text could be extracted from the HTML")
    meta = {
        "title": getattr(doc, "title", None),
        "author": getattr(doc, "author", None),
        "url": getattr(doc, "url", None),
        "language": getattr(doc, "language", None),
        "sitename": getattr(doc, "sitename", None),
    }
    try:
        found = find_date(html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises on some malformed pages; a missing date is not fatal
        found = None
    meta["date"] = found
    return text, meta


def record_from_fields(obj: object) -> ArticleIn:
    """Validate one JSON object (the JSONL record / HTTP body) into an ArticleIn."""
    if not isinstance(obj, dict):
        raise RecordError("record must be a JSON object")
    url = obj.get("url")
    if not isinstance(url, str) or not url.strip():
        raise RecordError("missing required field 'url'")
    text, html = obj.get("text"), obj.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        raise RecordError("missing required field 'text' or 'html'")
    published = parse_date(obj.get("published_at"))
    date_source = DATE_GIVEN if published else DATE_UNKNOWN
    title, author, language = obj.get("title"), obj.get("author"), obj.get("language")
    if not (isinstance(text, str) and text.strip()):
        text, meta = html_to_article(html, url)
        title = title or meta["title"]
        author = author or meta["author"]
        language = language or meta["language"]
        if published is None and meta["date"]:
            published, date_source = parse_date(meta["date"]), DATE_EXTRACTED
    for name in ("title", "outlet", "author", "language"):
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise RecordError(f"field {name!r} must be a string")
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise RecordError("field 'meta' must be an object")
    return ArticleIn(
        url=url.strip(), text=text, title=title, outlet=obj.get("outlet"), published_at=published,
        date_source=date_source, author=author, language=language, is_demo=bool(obj.get("demo", False)),
        meta=meta,
    )


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError(f"not valid UTF-8 (byte {exc.start}); re-encode the file as UTF-8") from None


def _read_jsonl(path: Path) -> Iterator[ArticleIn | Bad]:
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            where = f"{path}:{lineno}"
            if not raw.strip():
                continue
            try:
                obj = json.loads(_decode(raw, where))
            except json.JSONDecodeError as exc:
                yield Bad(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            except RecordError as exc:
                yield Bad(where, str(exc))
                continue
            try:
                yield record_from_fields(obj)
            except RecordError as exc:
                yield Bad(where, str(exc))


_HEADING = re.compile(r"^\s*#+\s*")


def _read_text(path: Path) -> Iterator[ArticleIn | Bad]:
    text = _decode(path.read_bytes(), str(path))
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise RecordError("empty file")
    title = _HEADING.sub("", lines[0]).strip()
    body = "\n".join(lines[1:]).strip()
    if not body:
        raise RecordError("no text after the title line")
    yield ArticleIn(url=path.resolve().as_uri(), text=body, title=title)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def decode_html(data: bytes) -> str:
    """HTML bytes as text: the charset the page declares, else UTF-8; a wrong encoding is a clear error."""
    declared = _META_CHARSET.search(data[:4096])
    charset = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    try:
        return data.decode("utf-8-sig" if charset in ("utf-8", "utf8") else charset)
    except LookupError:
        raise RecordError(f"the page declares an unknown charset {charset!r}") from None
    except UnicodeDecodeError as exc:
        raise RecordError(f"not valid {charset} (byte {exc.start}) although the page declares it") from None


def _read_html(path: Path, url: str | None = None, html: str | None = None) -> Iterator[ArticleIn | Bad]:
    if html is None:
        html = decode_html(path.read_bytes())
    text, meta = html_to_article(html, url)
    published = parse_date(meta["date"]) if meta["date"] else None
    yield ArticleIn(
        url=url or meta["url"] or path.resolve().as_uri(), text=text, title=meta["title"],
        outlet=meta["sitename"] if url is None and meta["url"] is None else None,
        author=meta["author"], language=meta["language"], published_at=published,
        date_source=DATE_EXTRACTED if published else DATE_UNKNOWN,
    )


def _read_warc(path: Path) -> Iterator[ArticleIn | Bad]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as fh:
        for n, rec in enumerate(ArchiveIterator(fh), start=1):
            if rec.rec_type != "response":
                continue
            ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers else "") or ""
            if "html" not in ctype:
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            where = f"{path}:{n}"
            try:
                raw = rec.content_stream().read()
                if "charset=" in ctype:
                    raw = raw.decode(ctype.split("charset=")[-1].split(";")[0].strip()).encode("utf-8")
                yield from _read_html(path, url=url, html=decode_html(raw))
            except (RecordError, UnicodeDecodeError, LookupError) as exc:
                yield Bad(where, f"WARC record {url}: {exc}")


def supported(path: Path) -> bool:
    name = path.name.lower()
    return path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES or name.endswith(WARC_SUFFIXES)


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files to read: the paths given, directories walked recursively in sorted order."""
    for p in paths:
        if p.is_dir():
            yield from (f for f in sorted(p.rglob("*")) if f.is_file() and supported(f))
        else:
            yield p


def read_path(path: Path, max_bytes: int) -> Iterator[ArticleIn | Bad]:
    """Records of one file; a file-level problem becomes one Bad entry, never an exception."""
    name = path.name.lower()
    try:
        if not path.exists():
            raise RecordError("no such file")
        if path.suffix.lower() not in JSONL_SUFFIXES and not name.endswith(WARC_SUFFIXES) \
                and path.stat().st_size > max_bytes:
            raise RecordError(f"file is larger than the {max_bytes}-byte article limit")
        if path.suffix.lower() in JSONL_SUFFIXES:
            reader = _read_jsonl(path)
        elif name.endswith(WARC_SUFFIXES):
            reader = _read_warc(path)
        elif path.suffix.lower() in HTML_SUFFIXES:
            reader = _read_html(path)
        elif path.suffix.lower() in TEXT_SUFFIXES:
            reader = _read_text(path)
        else:
            raise RecordError("unsupported file type (use .jsonl, .html, .htm, .txt, .md, .warc, .warc.gz)")
        for item in reader:
            if isinstance(item, ArticleIn) and len(item.text.encode("utf-8")) > max_bytes:
                yield Bad(str(path), f"article {item.url} is larger than the {max_bytes}-byte limit")
            else:
                yield item
    except RecordError as exc:
        yield Bad(str(path), str(exc))
    except OSError as exc:
        yield Bad(str(path), f"cannot read: {exc.strerror or exc}")
