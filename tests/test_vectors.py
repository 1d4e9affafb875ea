"""The wording index finds near neighbours fast, survives a restart, and never serves another store's data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sqlalchemy import func, select

from provenance.config import settings_from
from provenance.db import session_scope
from provenance.ingest import ingest
from provenance.models import TextVector
from provenance.textindex import TextIndex
from provenance.vectors import ExactStore, HNSWStore
from provenance.workspace import Workspace, new_workspace
from tests.factories import BRIDENSTINE, ROGOZIN, article


def _clustered(n: int, dim: int, seed: int = 0) -> np.ndarray:
    """Unit vectors in topic clusters, like sentence embeddings (related texts 0.3-0.8 apart)."""
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(99).normal(size=(50, dim))
    x = centres[rng.integers(0, 50, n)] + 0.9 * rng.normal(size=(n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_approximate_store_finds_what_exact_search_finds() -> None:
    data = _clustered(3000, 384)
    ids = np.arange(3000, dtype=np.int64) * 7 + 1  # ids are database ids, not positions
    exact, approx = ExactStore(384), HNSWStore(384)
    for lo in range(0, 3000, 500):  # incremental adds
        exact.add(ids[lo:lo + 500], data[lo:lo + 500])
        approx.add(ids[lo:lo + 500], data[lo:lo + 500])
    queries = _clustered(100, 384, seed=1)
    es, ei = exact.search(queries, 10)
    as_, ai = approx.search(queries, 10)
    recall = np.mean([len(set(ei[r]) & set(ai[r])) / 10 for r in range(len(queries))])
    assert recall >= 0.9
    assert np.mean(ai[:, 0] == ei[:, 0]) >= 0.9
    # quantised scores stay close to the exact ones
    assert np.max(np.abs(as_[:, 0] - es[:, 0])) < 0.02


def test_empty_and_short_stores_pad_with_minus_one() -> None:
    store = HNSWStore(384)
    s, i = store.search(_clustered(2, 384), 5)
    assert (i == -1).all() and np.isneginf(s).all()
    store.add(np.array([42]), _clustered(1, 384))
    s, i = store.search(_clustered(1, 384), 3)
    assert i[0, 0] == 42 and (i[0, 1:] == -1).all()


def test_store_round_trips_through_a_file(tmp_path: Path) -> None:
    data = _clustered(500, 384)
    store = HNSWStore(384)
    store.add(np.arange(500) + 10, data)
    store.save(tmp_path / "x.faiss")
    again = HNSWStore(384)
    again.load(tmp_path / "x.faiss")
    assert len(again) == 500
    assert np.array_equal(store.search(data[:5], 3)[1], again.search(data[:5], 3)[1])


def _workspace(tmp_path: Path, db: str) -> Workspace:
    settings = settings_from({"PROVENANCE_DATABASE_URL": f"sqlite:///{tmp_path / db}",
                              "PROVENANCE_DATA_DIR": str(tmp_path / "data")})
    ws = new_workspace(settings)
    ws.index = TextIndex.for_settings(settings)
    return ws


def _rows(ws: Workspace) -> int:
    with session_scope(ws.engine) as s:
        return s.scalar(select(func.count()).select_from(TextVector))


def test_a_restarted_process_loads_the_saved_index_and_adds_only_new_wordings(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "a.db")
    list(ingest(ws, [article("https://a.example/1", f'Rogozin said: "{ROGOZIN}"')]))
    assert ws.index.persistent and list((tmp_path / "data" / "index").glob("*.json"))
    n = _rows(ws)
    assert n >= 1

    restarted = _workspace(tmp_path, "a.db")
    with session_scope(restarted.engine) as s:
        assert restarted.index.refresh(s) == 0  # loaded from the files, nothing read again
    assert len(restarted.index.english) == n

    list(ingest(restarted, [article("https://b.example/2", f'Bridenstine said: "{BRIDENSTINE}"')]))
    assert len(restarted.index.english) == _rows(restarted) > n

    third = _workspace(tmp_path, "a.db")
    with session_scope(third.engine) as s:
        assert third.index.refresh(s) == 0
    vec = restarted.embedder.encode([BRIDENSTINE])[0]
    assert set(third.index.neighbours(vec, None)) == set(restarted.index.neighbours(vec, None))


def test_a_new_database_at_the_same_address_never_sees_the_old_index(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "b.db")
    list(ingest(ws, [article("https://a.example/1", f'Rogozin said: "{ROGOZIN}"'),
                     article("https://b.example/2", f'Bridenstine said: "{BRIDENSTINE}"')]))
    ws.engine.dispose()
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"b.db{suffix}").unlink(missing_ok=True)

    fresh = _workspace(tmp_path, "b.db")
    list(ingest(fresh, [article("https://c.example/3", 'She said: "The harvest was the best in twenty years."')]))
    assert len(fresh.index.english) == _rows(fresh) == 1
    other = _workspace(tmp_path, "other.db")  # another database in the same data directory
    with session_scope(other.engine) as s:
        other.index.refresh(s)
    assert len(other.index.english) == 0
