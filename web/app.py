"""Build the FastAPI app: JSON API under /api/v1, server-rendered pages, static assets served locally."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from provenance.workspace import Workspace, open_workspace
from web.deps import is_htmx, wants_json
from web.routes import api, pages

STATIC = Path(__file__).parent / "static"

# No inline script anywhere: ingested text is untrusted, so the policy forbids what an injection would need.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _json_error(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json" or wants_json(request)


def _error_page(request: Request, status: int, message: str) -> Response:
    hx = is_htmx(request.headers.get("hx-request"), request.headers.get("hx-history-restore-request"))
    return pages.templates.TemplateResponse(request, "partials/_error.html" if hx else "error.html",
                                            {"status": status, "message": message}, status_code=status)


def _where(loc: list) -> str:
    # ("query", "page") -> "page"; ("body", "text") -> "text"
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def create_app(ws: Workspace | None = None) -> FastAPI:
    """The app over a workspace (default: the configured database, migrated to head)."""
    # FastAPI's own /docs pulls Swagger UI from a CDN, which the no-CDN rule and the CSP forbid: /docs is
    # our own page built from the OpenAPI schema (web/routes/pages.py).
    app = FastAPI(title="provenance", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Trace quotes and statements to their first appearance. Reads are public; "
                              "writes need `Authorization: Bearer <token>` (`provenance token create NAME`). "
                              "Errors are JSON `{\"detail\": message}`.")
    app.state.ws = ws or open_workspace()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # noqa: ANN001, ANN202
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _json_error(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return _error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()]
        message = "invalid input: " + "; ".join(f"{_where(e['loc'])}: {e['msg']}" for e in errors)
        if _json_error(request):
            return JSONResponse({"detail": message, "errors": errors}, status_code=422)
        return _error_page(request, 422, message)

    return app
