"""What each page shows, computed once and used by both the HTML page and its JSON twin (and the API)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi.encoders import jsonable_encoder
from sqlmodel import Session

from provenance.browse import StatementRow, get_statement
from provenance.check import CheckResult, check_attribution
from provenance.db import session_scope
from provenance.lineage import Appearance, Lineage, statement_lineage
from provenance.trace import TraceResult, trace
from provenance.workspace import Workspace
from web.render import DaySpread, lineage_svg, outlet_classes, spread, timeline_svg, word_diff

# No word diff for a translation: the words are in another language, a diff would be all red and green.
NO_DIFF = {"translation"}


@dataclass
class StatementView:
    """A statement with its lineage, each appearance's word diff against the origin, and its spread in time."""

    statement: StatementRow
    lineage: Lineage
    diffs: dict[int, list[tuple[str, str]]]   # quote_id -> diff against the origin's wording
    days: list[DaySpread]
    undated: int
    colours: dict[str, str] = field(default_factory=dict)

    @property
    def graph(self):  # noqa: ANN201
        o = self.lineage.origin
        return lineage_svg(self.lineage.appearances, self.lineage.edges, o.quote_id if o else None)

    @property
    def timeline(self):  # noqa: ANN201
        return timeline_svg(self.days, self.colours)

    def to_dict(self) -> dict[str, Any]:
        lin = self.lineage.to_dict()
        for app in lin["appearances"]:
            app["diff"] = [list(d) for d in self.diffs.get(app["quote_id"], [])]
        return {"statement": jsonable_encoder(self.statement), **lin,
                "timeline": [d.to_dict() for d in self.days], "undated": self.undated}


def statement_view(session: Session, statement_id: int) -> StatementView | None:
    """Everything the statement page shows, or None for an unknown statement."""
    row = get_statement(session, statement_id)
    lin = statement_lineage(session, statement_id) if row else None
    if row is None or lin is None:
        return None
    origin = lin.origin
    diffs = {}
    for a in lin.appearances:
        if origin is not None and a.quote_id != origin.quote_id and a.relation not in NO_DIFF:
            diffs[a.quote_id] = word_diff(origin.quote, a.quote)
    days, undated = spread(lin.appearances)
    return StatementView(statement=row, lineage=lin, diffs=diffs, days=days, undated=undated,
                         colours=outlet_classes(lin.appearances))


@dataclass
class HomeView:
    """A pasted quote's trace, the verdict on the attribution when a speaker was given, and the statement."""

    query: str
    speaker: str | None
    result: TraceResult
    check: CheckResult | None
    statement: StatementView | None
    query_diff: list[tuple[str, str]] = field(default_factory=list)  # the pasted text against the origin

    @property
    def origin(self) -> Appearance | None:
        if self.statement is not None and self.statement.lineage.origin is not None:
            return self.statement.lineage.origin
        return self.result.origin

    def to_dict(self) -> dict[str, Any]:
        d = self.result.to_dict()
        d["speaker"] = self.speaker
        d["query_diff"] = [list(x) for x in self.query_diff]
        d["check"] = self.check.to_dict() if self.check else None
        d["statement"] = self.statement.to_dict() if self.statement else None
        return d


def home_view(ws: Workspace, text: str, speaker: str | None) -> HomeView:
    """Trace the text; check the attribution when a speaker is named."""
    result = trace(ws, text, speaker)
    check = check_attribution(ws, text, speaker) if speaker else None
    statement = None
    if result.statement_id is not None:
        with session_scope(ws.engine) as session:
            statement = statement_view(session, result.statement_id)
    view = HomeView(query=text, speaker=speaker, result=result, check=check, statement=statement)
    if view.origin is not None and result.query_relation not in NO_DIFF:
        view.query_diff = word_diff(view.origin.quote, text)
    return view
