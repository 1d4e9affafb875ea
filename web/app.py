"""Build the FastAPI app: JSON API under /api/v1, server-rendered pages, static assets served locally."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from provenance.workspace import Workspace, open_workspace
from web.routes import api, pages

STATIC = Path(__file__).parent / "static"

# No inline script anywhere: ingested text is untrusted, so the policy forbids what an injection would need.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def create_app(ws: Workspace | None = None) -> FastAPI:
    """The app over a workspace (default: the configured database, migrated to head)."""
    app = FastAPI(title="provenance", version="0.1.0",
                  description="Trace quotes and statements to their first appearance.")
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

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()]
        return JSONResponse({"detail": "invalid input", "errors": errors}, status_code=422)

    return app
