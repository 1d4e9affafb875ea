"""HTML pages. Each route renders its page, only its partial when htmx asks, or its JSON twin when asked
(`?format=json` or `Accept: application/json`)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from provenance import browse
from web.deps import HXRequest, SessionDep, WantsJSON, WorkspaceDep
from web.render import diff_markup, highlight, safe_url
from web.routes.api import MAX_FILTER, MAX_ID, MAX_PAGE
from web.views import home_view, statement_view

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
templates.env.filters["safe_url"] = safe_url
templates.env.filters["diff"] = diff_markup


def _day(value: datetime | date | None, source: str | None = None) -> str:
    if value is None or source == "unknown":
        return "date unknown"
    d = value.date() if isinstance(value, datetime) else value
    return d.isoformat()


templates.env.filters["day"] = _day
VARY = {"Vary": "Accept, HX-Request"}
WHATS = ("quotes", "statements", "articles")
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Id = Annotated[int, Query(ge=1, le=MAX_ID)]
Text = Annotated[str, Query(max_length=MAX_FILTER)]


def render(request: Request, name: str, context: dict[str, Any], hx: bool, as_json: bool, data: Any,
           status: int = 200) -> Response:
    """The page `name`.html, its partial partials/_`name`.html for htmx, or `data` as JSON."""
    if as_json:
        return JSONResponse(jsonable_encoder(data), status_code=status, headers=VARY)
    template = f"partials/_{name}.html" if hx else f"{name}.html"
    return templates.TemplateResponse(request, template, context, status_code=status, headers=VARY)


def page_url(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = {k: v for k, v in request.query_params.items() if k != "format"}
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    return request.url.path + ("?" + urlencode(params) if params else "")


templates.env.globals["json_url"] = lambda request: page_url(request, format="json")


def _not_found(what: str, id_: int) -> HTTPException:
    return HTTPException(404, f"There is no {what} {id_} in the store.")


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, ws: WorkspaceDep, hx: HXRequest, as_json: WantsJSON,
               q: str = "", speaker: Annotated[str, Query(max_length=MAX_FILTER)] = "") -> Response:
    """Home: paste a quote, see its origin, the verdict on its attribution, its appearances and lineage."""
    view, error, status = None, None, 200
    text = q.replace("\x00", "")
    if len(text) > ws.settings.max_quote_chars:
        error, status = f"The quote is longer than {ws.settings.max_quote_chars} characters.", 413
    elif text.strip():
        view = await run_in_threadpool(home_view, ws, text, speaker.replace("\x00", "").strip() or None)
    data = {"detail": error} if error else (view.to_dict() if view else {"query": None})
    context = {"q": q, "speaker": speaker, "view": view, "error": error}
    return render(request, "index", context, hx, as_json, data, status)


@router.get("/browse", response_class=HTMLResponse)
def browse_page(request: Request, session: SessionDep, hx: HXRequest, as_json: WantsJSON,
                what: str = "quotes", q: Text = "", speaker: Text = "", outlet: Text = "", since: str = "",
                until: str = "", page: PageNo = 1,
                per_page: Annotated[int, Query(ge=1, le=browse.MAX_PER_PAGE)] = browse.PER_PAGE) -> Response:
    """Browse and search quotes, statements or articles by speaker, outlet, date range and text."""
    errors = []

    def parse(value: str, label: str) -> date | None:
        if not value.strip():
            return None
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            errors.append(f"{label} must be a date like 2020-08-01, not {value!r}.")
            return None

    what = what if what in WHATS else "quotes"
    filt = browse.QuoteFilter(speaker=speaker or None, outlet=outlet or None, text=q or None,
                              since=parse(since, "From"), until=parse(until, "Until"))
    results = None
    if not errors:
        search = {"quotes": browse.search_quotes, "statements": browse.list_statements,
                  "articles": browse.list_articles}[what]
        results = search(session, filt, page, per_page)
    context = {"what": what, "q": q, "speaker": speaker, "outlet": outlet, "since": since, "until": until,
               "results": results, "errors": errors, "page_url": lambda n: page_url(request, page=n)}
    data = {"detail": " ".join(errors)} if errors else {"what": what, **jsonable_encoder(results)}
    return render(request, "browse", context, hx, as_json, data, 422 if errors else 200)


@router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement_page(request: Request, statement_id: int, session: SessionDep, hx: HXRequest,
                   as_json: WantsJSON) -> Response:
    """A statement: its origin, confidence and evidence, lineage graph, spread, and every appearance."""
    view = statement_view(session, statement_id) if 1 <= statement_id <= MAX_ID else None
    if view is None:
        raise _not_found("statement", statement_id)
    return render(request, "statement", {"s": view}, hx, as_json, view.to_dict())


@router.get("/speakers", response_class=HTMLResponse)
def speakers_page(request: Request, session: SessionDep, hx: HXRequest, as_json: WantsJSON,
                  name: Text = "", page: PageNo = 1) -> Response:
    """Every speaker, searchable by name or alias."""
    results = browse.list_speakers(session, name or None, page)
    context = {"name": name, "results": results, "page_url": lambda n: page_url(request, page=n)}
    return render(request, "speakers", context, hx, as_json, results)


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker_page(request: Request, speaker_id: int, session: SessionDep, hx: HXRequest, as_json: WantsJSON,
                 page: PageNo = 1) -> Response:
    """A speaker: what they said first, and what is credited to them but was said first by someone else."""
    detail = browse.speaker_detail(session, speaker_id, page) if 1 <= speaker_id <= MAX_ID else None
    if detail is None:
        raise _not_found("speaker", speaker_id)
    context = {"d": detail, "page_url": lambda n: page_url(request, page=n)}
    return render(request, "speaker", context, hx, as_json, detail)


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request, session: SessionDep, hx: HXRequest, as_json: WantsJSON,
                 name: Text = "", page: PageNo = 1) -> Response:
    """Every outlet, with what it originated and what it reprinted."""
    results = browse.list_outlets(session, name or None, page)
    context = {"name": name, "results": results, "page_url": lambda n: page_url(request, page=n)}
    return render(request, "outlets", context, hx, as_json, results)


@router.get("/outlets/{outlet_id}", responses={404: {}}, response_class=HTMLResponse)
def outlet_page(request: Request, outlet_id: int, session: SessionDep, hx: HXRequest, as_json: WantsJSON,
                page: PageNo = 1) -> Response:
    """An outlet: statements it originated versus reprinted, and its articles."""
    detail = browse.outlet_detail(session, outlet_id, page) if 1 <= outlet_id <= MAX_ID else None
    if detail is None:
        raise _not_found("outlet", outlet_id)
    context = {"d": detail, "page_url": lambda n: page_url(request, page=n)}
    return render(request, "outlet", context, hx, as_json, detail)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int, session: SessionDep, hx: HXRequest,
                 as_json: WantsJSON) -> Response:
    """An article: its text with quotes highlighted and linked, its reprint and source links."""
    detail = browse.article_detail(session, article_id) if 1 <= article_id <= MAX_ID else None
    if detail is None:
        raise _not_found("article", article_id)
    context = {"d": detail, "body": highlight(detail.text, detail.quotes)}
    return render(request, "article", context, hx, as_json, detail)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request, as_json: WantsJSON) -> Response:
    """The API's endpoints, read from its own OpenAPI schema (self-hosted: no CDN)."""
    schema = request.app.openapi()
    endpoints = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            params = [p for p in op.get("parameters", []) if p.get("in") in ("query", "path")]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                              "description": op.get("description", ""), "params": params,
                              "body": _body_fields(schema, body), "auth": bool(op.get("security"))})
    if as_json:
        return JSONResponse(endpoints)
    return templates.TemplateResponse(request, "docs.html", {"endpoints": endpoints, "info": schema["info"]})


def _body_fields(schema: dict, body: dict | None) -> list[tuple[str, bool]]:
    """(field, required) of a request body schema, following one $ref."""
    if not body:
        return []
    if "$ref" in body:
        body = schema.get("components", {}).get("schemas", {}).get(body["$ref"].rsplit("/", 1)[-1], {})
    required = set(body.get("required", []))
    return [(name, name in required) for name in body.get("properties", {})]
