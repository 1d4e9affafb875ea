"""HTML pages: the full page, or only its partial when htmx asks."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from provenance.trace import trace
from web.deps import HXRequest, WorkspaceDep

router = APIRouter(tags=["pages"])
templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, ws: WorkspaceDep, hx: HXRequest, q: str = "", speaker: str = "") -> HTMLResponse:
    """Home: paste a quote, see its origin and appearances."""
    result, error = None, None
    if q.strip():
        if len(q) > ws.settings.max_quote_chars:
            error = f"The quote is longer than {ws.settings.max_quote_chars} characters."
        else:
            result = await run_in_threadpool(trace, ws, q, speaker.strip() or None)
    context = {"q": q, "speaker": speaker, "result": result, "error": error}
    name = "partials/_trace_result.html" if hx else "index.html"
    return templates.TemplateResponse(request, name, context, status_code=413 if error else 200)
