"""Vector stores behind one small interface, so a PostgreSQL/pgvector store is only a second implementation."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


class VectorStore(Protocol):
    """Inner-product search over unit vectors keyed by integer ids."""

    dim: int

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids), each shaped (len(queries), k); missing neighbours have id -1 and score -inf."""
        ...

    def __len__(self) -> int: ...


@runtime_checkable
class FileBacked(Protocol):
    """A store kept in process memory that can be written to and read back from a file.

    Stores that live in a server (pgvector) persist by themselves and need not implement this."""

    def save(self, path: Path) -> None: ...

    def load(self, path: Path) -> None: ...


def _empty(n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    return np.full((n, k), -np.inf, dtype=np.float32), np.full((n, k), -1, dtype=np.int64)


class ExactStore:
    """Brute-force inner product in numpy; exact, and fast enough below about 100k vectors."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._vecs = np.zeros((0, dim), dtype=np.float32)
        self._ids = np.zeros(0, dtype=np.int64)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        need = self._n + len(vectors)
        if need > len(self._vecs):
            # Grow geometrically so incremental adds stay amortised O(1).
            cap = max(need, 2 * len(self._vecs), 1024)
            grown = np.zeros((cap, self.dim), dtype=np.float32)
            grown[: self._n] = self._vecs[: self._n]
            gids = np.full(cap, -1, dtype=np.int64)
            gids[: self._n] = self._ids[: self._n]
            self._vecs, self._ids = grown, gids
        self._vecs[self._n:need] = vectors
        self._ids[self._n:need] = np.asarray(ids, dtype=np.int64)
        self._n = need

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = np.asarray(queries, dtype=np.float32).reshape(-1, self.dim)
        out_s, out_i = _empty(len(queries), k)
        if self._n == 0:
            return out_s, out_i
        sims = queries @ self._vecs[: self._n].T
        kk = min(k, self._n)
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        for row in range(len(queries)):
            order = top[row][np.argsort(-sims[row, top[row]])]
            out_s[row, :kk] = sims[row, order]
            out_i[row, :kk] = self._ids[order]
        return out_s, out_i

    def save(self, path: Path) -> None:
        _atomic(path, lambda tmp: np.savez(tmp, ids=self._ids[: self._n], vecs=self._vecs[: self._n]))

    def load(self, path: Path) -> None:
        with np.load(path) as data:
            self._ids, self._vecs = data["ids"].astype(np.int64), data["vecs"].astype(np.float32)
        self._n = len(self._ids)


# Unit vectors of 384-512 dims have components well inside +-0.5; a fixed range lets an empty index be
# "trained" before any data arrives, so incremental adds never need a re-train.
SQ_RANGE = 0.5


class HNSWStore:
    """Approximate search: a faiss HNSW graph over scalar-quantised vectors (8 bits: a quarter of float32
    memory; 4 bits: an eighth).

    The quantised inner products are only for finding candidates; callers re-score them with the exact
    float32 vectors kept in the database. Adds are incremental; `save`/`load` keep the graph in a file."""

    def __init__(self, dim: int, m: int = 16, ef_construction: int = 64, ef_search: int = 96,
                 quantised: bool = True, bits: int = 8, sq_range: float | None = None) -> None:
        import faiss

        self.dim = dim
        self.ef_search = ef_search
        if quantised:
            qtype = {8: faiss.ScalarQuantizer.QT_8bit, 4: faiss.ScalarQuantizer.QT_4bit}[bits]
            inner = faiss.IndexHNSWSQ(dim, qtype, m, faiss.METRIC_INNER_PRODUCT)
            r = sq_range or min(1.0, max(SQ_RANGE, 6.0 / np.sqrt(dim)))  # few dims: components are larger
            box = np.stack([np.full(dim, -r, np.float32), np.full(dim, r, np.float32)])
            inner.train(box)
        else:
            inner = faiss.IndexHNSWFlat(dim, m, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efConstruction = ef_construction
        # IndexIDMap, not IDMap2: we never reconstruct vectors by id, and IDMap2's reverse map costs
        # about 50 bytes a vector.
        self._index = faiss.IndexIDMap(inner)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim))
        if len(vectors):
            self._index.add_with_ids(vectors, np.ascontiguousarray(np.asarray(ids, dtype=np.int64)))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        queries = np.ascontiguousarray(np.asarray(queries, dtype=np.float32).reshape(-1, self.dim))
        if len(self) == 0:
            return _empty(len(queries), k)
        params = faiss.SearchParametersHNSW(efSearch=max(self.ef_search, k))
        threads = faiss.omp_get_max_threads()
        if len(queries) < 16:
            # A few queries gain nothing from OpenMP, and its spinning threads stall on a busy machine.
            faiss.omp_set_num_threads(1)
        try:
            scores, ids = self._index.search(queries, k, params=params)
        finally:
            faiss.omp_set_num_threads(threads)
        scores = scores.astype(np.float32)
        scores[ids < 0] = -np.inf
        return scores, ids.astype(np.int64)

    def save(self, path: Path) -> None:
        import faiss

        _atomic(path, lambda tmp: faiss.write_index(self._index, str(tmp)))

    def load(self, path: Path) -> None:
        import faiss

        index = faiss.read_index(str(path))
        if index.d != self.dim:
            raise ValueError(f"{path}: index has {index.d} dims, expected {self.dim}")
        self._index = index


def _atomic(path: Path, write) -> None:  # noqa: ANN001
    """Write through a temporary name and rename, so a reader never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    # np.savez appends .npz to names without it
    written = tmp if tmp.exists() else tmp.with_name(tmp.name + ".npz")
    os.replace(written, path)
