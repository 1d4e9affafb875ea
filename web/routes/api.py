"""JSON API, /api/v1: the CLI's results over HTTP."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from provenance.trace import trace
from web.deps import WorkspaceDep

router = APIRouter(prefix="/api/v1", tags=["api"])


class TraceIn(BaseModel):
    text: str = Field(min_length=1, description="The wording to trace (trimmed, paraphrased or translated).")
    speaker: str | None = Field(default=None, description="Who the wording is credited to, if anyone.")


@router.get("/healthz")
def healthz() -> dict:
    """Liveness check."""
    return {"status": "ok"}


@router.post("/trace")
async def trace_quote(body: TraceIn, ws: WorkspaceDep) -> dict:
    """Trace a quote to its statement, appearances and origin."""
    if not body.text.strip():
        raise HTTPException(422, "the quote is empty")
    if len(body.text) > ws.settings.max_quote_chars:
        raise HTTPException(413, f"the quote is longer than {ws.settings.max_quote_chars} characters")
    result = await run_in_threadpool(trace, ws, body.text, body.speaker)
    return result.to_dict()
