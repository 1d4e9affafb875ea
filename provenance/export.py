"""Export statements and their lineage: W3C PROV-JSON, schema.org Quotation/Claim JSON-LD, CSV, JSONL."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

from prov.model import PROV, ProvDocument
from sqlalchemy import select
from sqlmodel import Session

from provenance.lineage import Appearance, Lineage, statement_lineage
from provenance.models import Statement

FORMATS = ("prov", "jsonld", "csv", "jsonl")
# Our identifiers: URNs, since the store has no public web address of its own.
NS = "urn:x-provenance:"
# Edges that repeat words (PROV "quotation") versus those that rework them (plain derivation).
_QUOTING = frozenset({"verbatim", "fragment"})
CSV_COLUMNS = ("statement_id", "statement_speaker", "quote_id", "is_origin", "is_canonical", "parent_quote_id",
               "relation_to_parent", "relation_to_origin", "score_to_origin", "published_at", "date_source",
               "date_uncertain", "outlet", "url", "title", "speaker", "quote", "demo")


def lineages(session: Session, statement_id: int | None = None) -> Iterator[Lineage]:
    """The lineage of one statement (LookupError if there is none) or of every statement, by id."""
    if statement_id is not None:
        lin = statement_lineage(session, statement_id)
        if lin is None:
            raise LookupError(f"no statement {statement_id}")
        yield lin
        return
    for sid in session.scalars(select(Statement.id).order_by(Statement.id)).all():
        lin = statement_lineage(session, sid)
        if lin is not None:
            yield lin


def export_statements(session: Session, fmt: str, statement_id: int | None = None) -> str:
    """Statements (all, or one) in `fmt`: prov, jsonld, csv or jsonl."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    lins = list(lineages(session, statement_id))
    return {"prov": to_prov_json, "jsonld": to_jsonld, "csv": to_csv, "jsonl": to_jsonl}[fmt](lins)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "unnamed"


def to_prov_json(lins: list[Lineage]) -> str:
    """PROV-JSON: appearances are entities (specialisations of their statement), generated at the article's
    date, quoted from (verbatim, fragment) or derived from (paraphrase, translation, altered) their parent,
    attributed to the speaker they credit; the statement is attributed to its origin's speaker."""
    doc = ProvDocument()
    doc.set_default_namespace(NS)
    pv = doc.add_namespace("pv", NS + "ns#")
    st = doc.add_namespace("statement", NS + "statement:")
    qt = doc.add_namespace("quote", NS + "quote:")
    ar = doc.add_namespace("article", NS + "article:")
    sp = doc.add_namespace("speaker", NS + "speaker:")
    ou = doc.add_namespace("outlet", NS + "outlet:")
    seen: set[str] = set()

    def agent(ns, name: str, kind):  # noqa: ANN001, ANN202
        qn = ns[_slug(name)]
        if str(qn) not in seen:
            seen.add(str(qn))
            doc.agent(qn, {"prov:type": kind, "prov:label": name})
        return qn

    for lin in lins:
        s = st[str(lin.statement_id)]
        attrs = {"prov:type": pv["Statement"], "prov:label": lin.canonical.quote, "pv:confidence": lin.confidence}
        if lin.evidence:
            attrs["pv:evidence"] = " | ".join(lin.evidence)
        doc.entity(s, attrs)
        if lin.speaker:
            doc.wasAttributedTo(s, agent(sp, lin.speaker, PROV["Person"]))
        for a in lin.appearances:
            q = qt[str(a.quote_id)]
            art = ar[str(a.article_id)]
            if str(art) not in seen:
                seen.add(str(art))
                art_attrs = {"prov:type": pv["Article"], "prov:location": a.url, "pv:outlet": a.outlet,
                             "pv:dateSource": a.date_source}
                if a.title:
                    art_attrs["prov:label"] = a.title
                doc.entity(art, art_attrs)
                doc.wasAttributedTo(art, agent(ou, a.outlet, PROV["Organization"]))
                if a.published_at is not None:
                    doc.wasGeneratedBy(art, None, a.published_at)
            doc.entity(q, {"prov:type": pv["Appearance"], "prov:value": a.quote, "prov:location": a.url,
                           "pv:article": art, "pv:relationToOrigin": a.relation, "pv:score": a.score,
                           "pv:dateSource": a.date_source})
            doc.specializationOf(q, s)
            if a.published_at is not None:
                # prov:generatedAtTime: the appearance came into being when its article was published.
                doc.wasGeneratedBy(q, None, a.published_at)
            if a.speaker:
                doc.wasAttributedTo(q, agent(sp, a.speaker, PROV["Person"]))
        if lin.origin is not None:
            doc.hadPrimarySource(s, qt[str(lin.origin.quote_id)])
        for e in lin.edges:
            rel = doc.wasQuotedFrom if e.relation in _QUOTING else doc.wasDerivedFrom
            rel(qt[str(e.child_quote_id)], qt[str(e.parent_quote_id)],
                other_attributes={"pv:relation": e.relation, "pv:reason": e.reason, "pv:score": e.score})
    return doc.serialize(format="json", indent=2)


def _work(a: Appearance, parent_id: str | None = None) -> dict:
    """One appearance as a schema.org Quotation inside the NewsArticle that carries it."""
    d: dict = {
        "@type": "Quotation",
        "@id": f"{NS}quote:{a.quote_id}",
        "text": a.quote,
        "isPartOf": {"@type": "NewsArticle", "@id": f"{NS}article:{a.article_id}", "url": a.url,
                     "headline": a.title, "publisher": {"@type": "Organization", "name": a.outlet}},
        "description": f"{a.relation} of the first appearance (score {a.score:.2f})",
    }
    if a.published_at is not None:
        d["datePublished"] = d["isPartOf"]["datePublished"] = a.published_at.isoformat()
    if a.speaker:
        d["spokenByCharacter"] = {"@type": "Person", "name": a.speaker}
    if parent_id:
        d["isBasedOn"] = {"@id": parent_id}
    return d


def to_jsonld(lins: list[Lineage]) -> str:
    """schema.org JSON-LD: each statement a Quotation and a Claim with firstAppearance and appearance."""
    graph = []
    for lin in lins:
        node: dict = {
            "@type": ["Quotation", "Claim"],
            "@id": f"{NS}statement:{lin.statement_id}",
            "text": lin.canonical.quote,
        }
        if lin.speaker:
            person = {"@type": "Person", "name": lin.speaker}
            node["spokenByCharacter"] = person
            node["creator"] = person
        if lin.origin is not None:
            node["firstAppearance"] = _work(lin.origin)
        node["appearance"] = [_work(a, f"{NS}quote:{a.parent_quote_id}" if a.parent_quote_id else None)
                              for a in lin.appearances]
        graph.append(node)
    return json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, indent=2)


def to_csv(lins: list[Lineage]) -> str:
    """One row per appearance, with its statement, parent and relation."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for lin in lins:
        for a in lin.appearances:
            w.writerow({
                "statement_id": lin.statement_id, "statement_speaker": lin.speaker or "", "quote_id": a.quote_id,
                "is_origin": int(lin.origin is not None and a.quote_id == lin.origin.quote_id),
                "is_canonical": int(a.quote_id == lin.canonical.quote_id),
                "parent_quote_id": a.parent_quote_id or "", "relation_to_parent": a.parent_relation or "",
                "relation_to_origin": a.relation, "score_to_origin": a.score,
                "published_at": a.published_at.isoformat() if a.published_at else "",
                "date_source": a.date_source, "date_uncertain": int(a.date_source == "extracted"),
                "outlet": a.outlet, "url": a.url, "title": a.title or "", "speaker": a.speaker or "",
                "quote": a.quote, "demo": int(a.demo),
            })
    return buf.getvalue()


def to_jsonl(lins: list[Lineage]) -> str:
    """One JSON line per statement: its full lineage."""
    return "".join(json.dumps(lin.to_dict(), ensure_ascii=False) + "\n" for lin in lins)
