"""JSON API, /api/v1: the CLI's results over HTTP. Reads are public; writes need a bearer token."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from provenance import browse
from provenance.check import check_attribution
from provenance.db import session_scope
from provenance.export import FORMATS, export_statements
from provenance.ingest import FAILED, INGESTED, ingest_one
from provenance.lineage import statement_lineage
from provenance.match import compare_many
from provenance.models import Article
from provenance.readers import ArticleIn, RecordError, record_from_fields
from provenance.tokens import verify_token
from provenance.trace import trace
from provenance.workspace import Workspace
from web.deps import SessionDep, WorkspaceDep
from web.views import statement_view

router = APIRouter(prefix="/api/v1", tags=["api"])

# Ids are SQL integers: anything larger cannot exist (and would overflow the driver).
MAX_ID = 2**62
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="A stored id.")]
MAX_PAGE = 1_000_000
MAX_FILTER = 500  # characters in a search filter
EXPORT_TYPES = {"prov": "application/json", "jsonld": "application/ld+json", "csv": "text/csv; charset=utf-8",
                "jsonl": "application/x-ndjson"}
ERRORS = {404: {"description": "No such id"}, 413: {"description": "Too large"},
          422: {"description": "Invalid input"}}


def clean_text(value: str | None, what: str, ws: Workspace, required: bool = True) -> str | None:
    """A quote-like input, checked: not empty (422), valid text (422), not over the length limit (413)."""
    if value is None or not value.strip():
        if required:
            raise HTTPException(422, f"the {what} is empty")
        return None
    if "\x00" in value:
        raise HTTPException(422, f"the {what} contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise HTTPException(422, f"the {what} is not valid Unicode text") from None
    if len(value) > ws.settings.max_quote_chars:
        raise HTTPException(413, f"the {what} is longer than {ws.settings.max_quote_chars} characters")
    return value


class TraceIn(BaseModel):
    text: str = Field(description="The wording to trace (trimmed, paraphrased or translated).")
    speaker: str | None = Field(default=None, description="Who the wording is credited to, if anyone.")


class CheckIn(BaseModel):
    text: str = Field(description="The wording as quoted.")
    speaker: str = Field(description="Who it is credited to.")


class CompareIn(BaseModel):
    a: str = Field(description="One wording.")
    b: str = Field(description="Another wording.")


class ArticleBody(BaseModel):
    """One article: the fields of a JSONL ingest record."""

    url: str
    text: str | None = Field(default=None, description="Plain text; or give `html`.")
    html: str | None = Field(default=None, description="The page's HTML; its main text is extracted.")
    title: str | None = None
    outlet: str | None = Field(default=None, description="Default: the URL's host.")
    published_at: str | None = Field(default=None, description="ISO 8601 date or datetime, or null.")
    author: str | None = None
    language: str | None = None


@router.get("/healthz")
def healthz(session: SessionDep) -> dict:
    """Liveness and database check."""
    session.execute(select(1))
    return {"status": "ok"}


@router.post("/trace", responses=ERRORS)
async def trace_quote(body: TraceIn, ws: WorkspaceDep) -> dict:
    """Trace a wording to its statement, every appearance, and its origin (the CLI's `trace --json`)."""
    text = clean_text(body.text, "quote", ws)
    speaker = clean_text(body.speaker, "speaker", ws, required=False)
    result = await run_in_threadpool(trace, ws, text, speaker)
    return result.to_dict()


@router.post("/check", responses=ERRORS)
async def check_quote(body: CheckIn, ws: WorkspaceDep) -> dict:
    """Verdict on an attribution: verified, altered, misattributed or unknown (the CLI's `check --json`)."""
    text = clean_text(body.text, "quote", ws)
    speaker = clean_text(body.speaker, "speaker", ws)
    result = await run_in_threadpool(check_attribution, ws, text, speaker)
    return result.to_dict()


@router.post("/compare", responses=ERRORS)
async def compare_wordings(body: CompareIn, ws: WorkspaceDep) -> dict:
    """Are two wordings the same statement? Relation, calibrated score and evidence."""
    a, b = clean_text(body.a, "first wording (a)", ws), clean_text(body.b, "second wording (b)", ws)
    result = (await run_in_threadpool(compare_many, [(a, b)], ws.embedder))[0]
    return result.to_dict()


def _filter(speaker: str | None, q: str | None, outlet: str | None, since: date | None,
            until: date | None) -> browse.QuoteFilter:
    return browse.QuoteFilter(speaker=speaker, outlet=outlet, since=since, until=until, text=q)


FilterText = Annotated[str | None, Query(max_length=MAX_FILTER)]
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE, description="1-based page number.")]
PerPage = Annotated[int, Query(ge=1, le=browse.MAX_PER_PAGE)]


@router.get("/quotes")
def search_quotes(session: SessionDep, speaker: FilterText = None, q: FilterText = None,
                  outlet: FilterText = None, since: date | None = None, until: date | None = None,
                  page: PageNo = 1, per_page: PerPage = browse.PER_PAGE) -> dict:
    """Quotes by speaker (name or alias), words in the quote, outlet, and publication date range; oldest first."""
    return jsonable_encoder(browse.search_quotes(session, _filter(speaker, q, outlet, since, until), page, per_page))


@router.get("/statements")
def list_statements(session: SessionDep, speaker: FilterText = None, q: FilterText = None,
                    outlet: FilterText = None, since: date | None = None, until: date | None = None,
                    page: PageNo = 1, per_page: PerPage = browse.PER_PAGE) -> dict:
    """Statements with a quote matching the filters."""
    return jsonable_encoder(browse.list_statements(session, _filter(speaker, q, outlet, since, until), page,
                                                   per_page))


def _statement_or_404(session, statement_id: int):  # noqa: ANN001, ANN202
    view = statement_view(session, statement_id)
    if view is None:
        raise HTTPException(404, f"no statement {statement_id}")
    return view


@router.get("/statements/{statement_id}", responses=ERRORS)
def get_statement(statement_id: Id, session: SessionDep) -> dict:
    """A statement: origin, confidence and evidence, appearances oldest first with word diffs, lineage, spread."""
    return _statement_or_404(session, statement_id).to_dict()


@router.get("/statements/{statement_id}/lineage", responses=ERRORS)
def get_lineage(statement_id: Id, session: SessionDep) -> dict:
    """A statement's lineage: appearances and the typed parent → child edges between them."""
    lin = statement_lineage(session, statement_id)
    if lin is None:
        raise HTTPException(404, f"no statement {statement_id}")
    return lin.to_dict()


def _export(session, statement_id: int, fmt: str) -> Response:  # noqa: ANN001
    try:
        body = export_statements(session, fmt, statement_id)
    except LookupError:
        raise HTTPException(404, f"no statement {statement_id}") from None
    return Response(body, media_type=EXPORT_TYPES[fmt])


@router.get("/statements/{statement_id}/prov", responses=ERRORS)
def get_prov(statement_id: Id, session: SessionDep) -> Response:
    """A statement's lineage as W3C PROV-JSON."""
    return _export(session, statement_id, "prov")


@router.get("/statements/{statement_id}/export", responses=ERRORS)
def export_statement(statement_id: Id, session: SessionDep,
                     format: Annotated[str, Query(pattern="^(" + "|".join(FORMATS) + ")$")] = "prov") -> Response:
    """A statement's lineage as PROV-JSON, schema.org JSON-LD, CSV or JSONL."""
    return _export(session, statement_id, format)


@router.get("/speakers")
def list_speakers(session: SessionDep, name: FilterText = None, page: PageNo = 1,
                  per_page: PerPage = browse.PER_PAGE) -> dict:
    """Speakers, with their aliases and how many quotes and statements each has."""
    return jsonable_encoder(browse.list_speakers(session, name, page, per_page))


@router.get("/speakers/{speaker_id}", responses=ERRORS)
def get_speaker(speaker_id: Id, session: SessionDep, page: PageNo = 1,
                per_page: PerPage = browse.PER_PAGE) -> dict:
    """A speaker: the statements they first said, and those credited to them that someone else said first."""
    detail = browse.speaker_detail(session, speaker_id, page, per_page)
    if detail is None:
        raise HTTPException(404, f"no speaker {speaker_id}")
    return jsonable_encoder(detail)


@router.get("/outlets")
def list_outlets(session: SessionDep, name: FilterText = None, page: PageNo = 1,
                 per_page: PerPage = browse.PER_PAGE) -> dict:
    """Outlets, with how many statements each originated and reprinted."""
    return jsonable_encoder(browse.list_outlets(session, name, page, per_page))


@router.get("/outlets/{outlet_id}", responses=ERRORS)
def get_outlet(outlet_id: Id, session: SessionDep, page: PageNo = 1,
               per_page: PerPage = browse.PER_PAGE) -> dict:
    """An outlet: what it originated, what it reprinted (and from where), and its articles."""
    detail = browse.outlet_detail(session, outlet_id, page, per_page)
    if detail is None:
        raise HTTPException(404, f"no outlet {outlet_id}")
    return jsonable_encoder(detail)


@router.get("/articles")
def list_articles(session: SessionDep, speaker: FilterText = None, q: FilterText = None,
                  outlet: FilterText = None, since: date | None = None, until: date | None = None,
                  page: PageNo = 1, per_page: PerPage = browse.PER_PAGE) -> dict:
    """Articles by outlet, date range, words in title or text, and who is quoted; oldest first."""
    return jsonable_encoder(browse.list_articles(session, _filter(speaker, q, outlet, since, until), page, per_page))


@router.get("/articles/{article_id}", responses=ERRORS)
def get_article(article_id: Id, session: SessionDep) -> dict:
    """An article: its text, its quotes' spans and statements, what it reprints, what reprints it, its sources."""
    detail = browse.article_detail(session, article_id)
    if detail is None:
        raise HTTPException(404, f"no article {article_id}")
    return jsonable_encoder(detail)


# --- writes -----------------------------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="A token from `provenance token create NAME`.")


def require_token(ws: WorkspaceDep,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> str:
    """The token's name; 401 when the bearer token is missing, wrong or revoked."""
    secret = credentials.credentials if credentials else None
    with session_scope(ws.engine) as session:
        token = verify_token(session, secret)
        name = token.name if token else None
    if name is None:
        raise HTTPException(401, "a valid bearer token is required to write (provenance token create NAME)"
                            if secret is None else "the bearer token is not valid", headers={"WWW-Authenticate": "Bearer"})
    return name


def body_limit(ws: Workspace) -> int:
    # The article limit applies to the text itself (below); the raw body may be larger because JSON escaping
    # can take up to six bytes per character (\u0000), plus room for the other fields.
    return 6 * ws.settings.max_article_bytes + 65536


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to be over `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise HTTPException(413, f"the declared body size ({int(declared)} bytes) is over the "
                                         f"{limit}-byte limit")
        except ValueError:
            raise HTTPException(400, "invalid Content-Length header") from None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"the request body is larger than {limit} bytes")
    return bytes(body)


def _validate(obj: Any, max_bytes: int) -> ArticleIn:
    """A validated ArticleIn from the parsed body, or the HTTP error that says what is wrong with it."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if not isinstance(value, str):
                continue
            if "\x00" in value:
                raise HTTPException(422, f"field {key!r} contains a NUL character")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate escape such as "\ud800"
                raise HTTPException(422, f"field {key!r} is not valid Unicode text") from None
    try:
        rec = record_from_fields(obj)
    except RecordError as exc:
        raise HTTPException(422, str(exc)) from None
    except Exception as exc:  # the HTML extractor can fail on hostile markup; that is bad input, not our error
        raise HTTPException(422, f"could not read the article: {exc}") from None
    if len(rec.text.encode("utf-8")) > max_bytes:
        raise HTTPException(413, f"the article is larger than the {max_bytes}-byte limit")
    return rec


@router.post("/articles", status_code=201, responses={**ERRORS, 401: {"description": "Missing or wrong token"}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": ArticleBody.model_json_schema()}}}})
async def create_article(request: Request, ws: WorkspaceDep, response: Response,
                         token: Annotated[str, Depends(require_token)]) -> dict:
    """Ingest one article (a JSONL record's fields, validated as the CLI does). 201 when stored, 200 when the
    URL was already present. Needs `Authorization: Bearer <token>`."""
    raw = await read_body(request, body_limit(ws))
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise HTTPException(422, f"the body is not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise HTTPException(422, f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    rec = await run_in_threadpool(_validate, obj, ws.settings.max_article_bytes)
    outcome = await run_in_threadpool(ingest_one, ws, rec)
    if outcome.status == FAILED:
        raise HTTPException(500, f"the article could not be stored: {outcome.reason}")
    article_id = outcome.article_id
    if article_id is None:
        with session_scope(ws.engine) as session:
            article_id = session.scalars(select(Article.id).where(Article.url == rec.url)).first()
    response.status_code = 201 if outcome.status == INGESTED else 200
    return {"status": outcome.status, "article_id": article_id, "url": rec.url, "quotes": outcome.quotes,
            "by": token}
