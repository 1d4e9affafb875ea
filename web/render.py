"""Presentation helpers: word diffs, highlighted article text, the lineage graph and the spread timeline as SVG.

Everything that reaches the page from the store is untrusted, so markup here is built from escaped pieces only.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlparse

from markupsafe import Markup, escape

PALETTE = 8  # outlet colour classes o0..o7 in app.css


def safe_url(url: str | None) -> str | None:
    """The URL if a browser may follow it (http/https), else None: a `javascript:` link never becomes a link."""
    if not url:
        return None
    try:
        scheme = urlparse(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


# --- word diff --------------------------------------------------------------------------------------

_WORD = re.compile(r"\S+")
_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def _key(word: str) -> str:
    return _PUNCT.sub("", word.lower()) or word


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """How wording `b` differs from `a`, word by word: ("equal"|"delete"|"insert", words).

    Case and surrounding punctuation are ignored when comparing; the words shown are as written.
    """
    wa, wb = _WORD.findall(a or ""), _WORD.findall(b or "")
    sm = difflib.SequenceMatcher(a=[_key(w) for w in wa], b=[_key(w) for w in wb], autojunk=False)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out.append(("equal", " ".join(wb[j1:j2])))
            continue
        if i2 > i1:
            out.append(("delete", " ".join(wa[i1:i2])))
        if j2 > j1:
            out.append(("insert", " ".join(wb[j1:j2])))
    return out


def diff_markup(ops: list[tuple[str, str]] | list[list[str]]) -> Markup:
    """A diff as <del>/<ins> markup."""
    parts = []
    for op, words in ops:
        if op == "delete":
            parts.append(Markup("<del>{}</del>").format(words))
        elif op == "insert":
            parts.append(Markup("<ins>{}</ins>").format(words))
        else:
            parts.append(escape(words))
    return Markup(" ").join(parts)


# --- highlighted article text -----------------------------------------------------------------------


def highlight(text: str, spans: list) -> Markup:
    """The article text, escaped, with each quote span wrapped in a link to its statement.

    `spans` have .quote_id, .start, .end, .statement_id; overlapping or out-of-range spans are left plain.
    """
    out: list[Markup | str] = []
    pos = 0
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if s.start < pos or s.end > len(text) or s.end <= s.start:
            continue
        out.append(escape(text[pos:s.start]))
        inner = escape(text[s.start:s.end])
        if s.statement_id is not None:
            out.append(Markup('<a class="quote" id="q{}" href="/statements/{}">{}</a>').format(
                int(s.quote_id), int(s.statement_id), inner))
        else:
            out.append(Markup('<mark class="quote" id="q{}">{}</mark>').format(int(s.quote_id), inner))
        pos = s.end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


# --- lineage graph ----------------------------------------------------------------------------------

NODE_W, NODE_H, COL_GAP, ROW_GAP, PAD = 190, 46, 90, 16, 12


@dataclass
class _Node:
    quote_id: int
    article_id: int
    outlet: str
    when: str
    relation: str
    is_origin: bool
    col: int = 0
    row: int = 0


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _day(dt: datetime | None) -> str:
    return dt.date().isoformat() if dt else "date unknown"


def lineage_svg(appearances: list, edges: list, origin_quote_id: int | None) -> Markup:
    """The family tree of a statement's appearances: columns by generation, each node linked to its article.

    `appearances` have .quote_id/.article_id/.outlet/.published_at/.relation (oldest first);
    `edges` have .parent_quote_id/.child_quote_id/.relation/.reason.
    """
    if not appearances:
        return Markup("")
    nodes = {a.quote_id: _Node(a.quote_id, a.article_id, a.outlet, _day(a.published_at), a.relation,
                               a.quote_id == origin_quote_id) for a in appearances}
    parent = {e.child_quote_id: e.parent_quote_id for e in edges
              if e.child_quote_id in nodes and e.parent_quote_id in nodes}

    def depth(q: int) -> int:
        seen, d = set(), 0
        while q in parent and q not in seen:
            seen.add(q)
            q, d = parent[q], d + 1
        return d

    rows_used: Counter[int] = Counter()
    for a in appearances:  # oldest first, so each column reads down in time
        n = nodes[a.quote_id]
        n.col = depth(a.quote_id)
        n.row = rows_used[n.col]
        rows_used[n.col] += 1
    cols = max(n.col for n in nodes.values()) + 1
    rows = max(rows_used.values())
    width = PAD * 2 + cols * NODE_W + (cols - 1) * COL_GAP
    height = PAD * 2 + rows * NODE_H + (rows - 1) * ROW_GAP

    def xy(n: _Node) -> tuple[int, int]:
        return PAD + n.col * (NODE_W + COL_GAP), PAD + n.row * (NODE_H + ROW_GAP)

    parts = [Markup(
        '<svg class="lineage" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-labelledby="lineage-title"><title id="lineage-title">Lineage: which appearance each '
        'wording most likely came from</title>'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>'
    ).format(w=width, h=height)]
    for e in edges:
        if e.child_quote_id not in nodes or e.parent_quote_id not in nodes:
            continue
        p, c = nodes[e.parent_quote_id], nodes[e.child_quote_id]
        (px, py), (cx, cy) = xy(p), xy(c)
        x1, y1, x2, y2 = px + NODE_W, py + NODE_H // 2, cx, cy + NODE_H // 2
        if c.col <= p.col:  # never expected; draw a plain line rather than a loop
            x1, x2 = px + NODE_W // 2, cx + NODE_W // 2
        mid = (x1 + x2) // 2
        rel = re.sub(r"[^a-z]", "", (e.relation or "").lower()) or "other"
        parts.append(Markup(
            '<g class="edge rel-{rel}"><title>{title}</title>'
            '<path d="M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}" marker-end="url(#arrow)"/>'
            '<text x="{tx}" y="{ty}" class="edge-label">{label}</text></g>'
        ).format(rel=rel, title=f"{e.relation}: {e.reason}", x1=x1, y1=y1, x2=x2, y2=y2, mid=mid,
                 tx=x2 - 10, ty=y2 - 5, label=e.relation))
    for n in nodes.values():
        x, y = xy(n)
        cls = "node origin" if n.is_origin else "node"
        parts.append(Markup(
            '<a href="/articles/{aid}#q{qid}" class="{cls}"><title>{outlet}, {when}</title>'
            '<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6"/>'
            '<text x="{tx}" y="{t1}" class="node-outlet">{outlet_short}</text>'
            '<text x="{tx}" y="{t2}" class="node-meta">{meta}</text></a>'
        ).format(aid=n.article_id, qid=n.quote_id, cls=cls, outlet=n.outlet, when=n.when, x=x, y=y, w=NODE_W,
                 h=NODE_H, tx=x + 8, t1=y + 19, t2=y + 36, outlet_short=_short(n.outlet, 26),
                 meta=f"{n.when} · {'origin' if n.is_origin else n.relation}"))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


# --- spread timeline --------------------------------------------------------------------------------


@dataclass
class DaySpread:
    day: date
    counts: dict[str, int]  # outlet -> appearances that day

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict:
        return {"day": self.day.isoformat(), "outlets": dict(self.counts), "total": self.total}


def spread(appearances: list) -> tuple[list[DaySpread], int]:
    """Appearances per day by outlet (dated ones, oldest day first), and how many had no known date."""
    days: dict[date, Counter[str]] = {}
    undated = 0
    for a in appearances:
        if a.published_at is None or getattr(a, "date_source", "given") == "unknown":
            undated += 1
            continue
        days.setdefault(a.published_at.date(), Counter())[a.outlet] += 1
    return [DaySpread(d, dict(days[d])) for d in sorted(days)], undated


def outlet_classes(appearances: list) -> dict[str, str]:
    """A stable colour class per outlet, in order of first appearance."""
    out: dict[str, str] = {}
    for a in appearances:
        if a.outlet not in out:
            out[a.outlet] = f"o{len(out) % PALETTE}"
    return out


TL_W, TL_H, TL_PAD, TL_AXIS = 640, 150, 24, 22


def timeline_svg(days: list[DaySpread], colours: dict[str, str]) -> Markup:
    """A stacked bar per day with appearances, placed in proportion to time."""
    if not days:
        return Markup("")
    first, last = days[0].day, days[-1].day
    span = max(1, (last - first).days)
    inner = TL_W - 2 * TL_PAD
    bar = max(6, min(28, inner // (span + 1)))
    top = max(d.total for d in days)
    unit = (TL_H - TL_AXIS - TL_PAD) / top
    base = TL_H - TL_AXIS
    parts = [Markup('<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
                    'height="{h}" role="img" aria-labelledby="timeline-title"><title id="timeline-title">'
                    'Appearances per day, by outlet</title>'
                    '<line x1="{p}" y1="{b}" x2="{r}" y2="{b}" class="axis"/>').format(
        w=TL_W, h=TL_H, p=TL_PAD, b=base, r=TL_W - TL_PAD)]
    label_every = max(1, len(days) // 8)
    for i, d in enumerate(days):
        x = TL_PAD + round((d.day - first).days / span * (inner - bar)) if span else TL_PAD
        y = base
        for outlet, n in sorted(d.counts.items()):
            h = round(n * unit)
            y -= h
            parts.append(Markup('<rect x="{x}" y="{y}" width="{w}" height="{h}" class="bar {c}">'
                                '<title>{day}: {outlet} ({n})</title></rect>').format(
                x=x, y=y, w=bar, h=h, c=colours.get(outlet, "o0"), day=d.day.isoformat(), outlet=outlet, n=n))
        if i % label_every == 0 or i == len(days) - 1:
            parts.append(Markup('<text x="{x}" y="{y}" class="tick">{label}</text>').format(
                x=x, y=TL_H - 6, label=d.day.strftime("%d %b %Y") if i == 0 else d.day.strftime("%d %b")))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
