"""What a running process holds: settings, the migrated database, the models and the vector index."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from provenance.config import Settings, get_settings
from provenance.db import get_engine, migrate
from provenance.embed import Embedder, get_embedder
from provenance.textindex import TextIndex


@dataclass
class Workspace:
    settings: Settings
    engine: Engine
    embedder: Embedder
    index: TextIndex = field(default_factory=TextIndex)


_OPEN: dict[str, Workspace] = {}


def new_workspace(settings: Settings) -> Workspace:
    """Migrate the database to head and build a workspace over it (models are shared per process)."""
    migrate(settings.database_url)
    return Workspace(settings=settings, engine=get_engine(settings.database_url),
                     embedder=get_embedder(settings.model, settings.multilingual_model),
                     index=TextIndex.for_settings(settings))


def open_workspace(settings: Settings | None = None) -> Workspace:
    """The process's workspace for the configured database, opened (and migrated) on first use."""
    settings = settings or get_settings()
    ws = _OPEN.get(settings.database_url)
    if ws is None:
        ws = _OPEN[settings.database_url] = new_workspace(settings)
    return ws


def forget_workspaces() -> None:
    """Drop cached workspaces (tests that switch databases in one process)."""
    _OPEN.clear()
