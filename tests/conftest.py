"""Shared fixtures: fresh stores per test on SQLite (and PostgreSQL when configured), the real models."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from provenance.config import get_settings, settings_from
from provenance.workspace import Workspace, forget_workspaces, new_workspace

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
PG_URL = os.environ.get("PROVENANCE_TEST_POSTGRES_URL")


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _engines() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    params.append(pytest.param("postgres", id="postgres", marks=pytest.mark.skipif(
        not PG_URL, reason="PROVENANCE_TEST_POSTGRES_URL not set (.ci/run sets it)")))
    return params


@pytest.fixture(params=_engines())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: a temp SQLite file, or the test PostgreSQL database emptied."""
    if request.param == "postgres":
        _reset_postgres(PG_URL)
        return PG_URL
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


def make_workspace(url: str, tmp_path: Path) -> Workspace:
    env = {"PROVENANCE_DATABASE_URL": url, "PROVENANCE_DATA_DIR": str(tmp_path / "data")}
    return new_workspace(settings_from(env))


@pytest.fixture
def ws(db_url: str, tmp_path: Path) -> Workspace:
    """A migrated, empty store on each engine, with the real models."""
    return make_workspace(db_url, tmp_path)


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """One seeded store for the whole run, shared by the tests that only read it."""
    from provenance.seeding import seed

    tmp = tmp_path_factory.mktemp("seeded-store")
    w = make_workspace(f"sqlite:///{tmp / 'seeded.db'}", tmp)
    seed(w)
    return w


@pytest.fixture(scope="session")
def client(seeded_store: Workspace):  # noqa: ANN201
    """An HTTP client over the shared seeded store (read-only tests; a module may define its own)."""
    from fastapi.testclient import TestClient

    from web.app import create_app

    return TestClient(create_app(seeded_store))


@pytest.fixture
def seeded_ws(tmp_path: Path) -> Workspace:
    from provenance.seeding import seed

    w = make_workspace(f"sqlite:///{tmp_path / 'seeded.db'}", tmp_path)
    seed(w)
    return w


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Point the CLI (run in-process) at a fresh SQLite file; yields the file's path."""
    db = tmp_path / "cli.db"
    monkeypatch.setenv("PROVENANCE_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("PROVENANCE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    forget_workspaces()
    yield db
    get_settings.cache_clear()
    forget_workspaces()
