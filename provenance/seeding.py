"""Load the seed corpus (seeds/) into a store."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from provenance.db import session_scope
from provenance.ingest import ingest
from provenance.models import Article
from provenance.readers import iter_files, read_path
from provenance.workspace import Workspace


def seed_paths(seeds_dir: Path) -> list[Path]:
    """The seed files, in the order they are loaded (sorted names: originals before reprints)."""
    return sorted(p for p in seeds_dir.glob("*.jsonl"))


def seed(ws: Workspace) -> dict[str, int]:
    """Ingest the seed corpus; a second run changes nothing."""
    tally: dict[str, int] = {}
    files = seed_paths(ws.settings.seeds_dir)
    for outcome in ingest(ws, (i for f in iter_files(files) for i in read_path(f, ws.settings.max_article_bytes))):
        tally[outcome.status] = tally.get(outcome.status, 0) + 1
    return tally


def seed_if_empty(ws: Workspace) -> bool:
    """Seed when the store holds no article; True if it seeded."""
    with session_scope(ws.engine) as session:
        count = session.scalar(select(func.count()).select_from(Article))
    if count:
        return False
    seed(ws)
    return True
