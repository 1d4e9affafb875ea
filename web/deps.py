"""Dependencies declared once and shared by the routes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlmodel import Session

from provenance.workspace import Workspace


def get_ws(request: Request) -> Workspace:
    return request.app.state.ws


WorkspaceDep = Annotated[Workspace, Depends(get_ws)]


def get_session(ws: WorkspaceDep) -> Iterator[Session]:
    """A read session for one request."""
    with Session(ws.engine, expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def is_htmx(hx_request: Annotated[str | None, Header(include_in_schema=False)] = None,
            hx_history_restore_request: Annotated[str | None, Header(include_in_schema=False)] = None) -> bool:
    # A history restore (back button after a cache miss) needs the whole page, although htmx sent it.
    return hx_request == "true" and hx_history_restore_request != "true"


HXRequest = Annotated[bool, Depends(is_htmx)]
"""True when htmx made the request: the route answers with the partial only."""


def wants_json(request: Request) -> bool:
    """The JSON twin of a page: `?format=json`, or an Accept header that asks for JSON rather than HTML."""
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "").lower()
    return "application/json" in accept and "text/html" not in accept


WantsJSON = Annotated[bool, Depends(wants_json)]
