"""Dependencies declared once and shared by the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from provenance.workspace import Workspace


def get_ws(request: Request) -> Workspace:
    return request.app.state.ws


WorkspaceDep = Annotated[Workspace, Depends(get_ws)]


def is_htmx(hx_request: Annotated[str | None, Header()] = None) -> bool:
    return hx_request == "true"


HXRequest = Annotated[bool, Depends(is_htmx)]
"""True when htmx made the request: the route answers with the partial only."""
