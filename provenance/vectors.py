"""Vector stores behind one small interface, so a PostgreSQL/pgvector store is only a second implementation."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class VectorStore(Protocol):
    """Inner-product search over unit vectors keyed by integer ids."""

    dim: int

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids), each shaped (len(queries), k); missing neighbours have id -1 and score -inf."""
        ...

    def __len__(self) -> int: ...


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
        out_s = np.full((len(queries), k), -np.inf, dtype=np.float32)
        out_i = np.full((len(queries), k), -1, dtype=np.int64)
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
