"""The searchable set of distinct wordings: their vectors, kept in step with the TextVector table."""

from __future__ import annotations

import threading

import numpy as np
from sqlalchemy import select
from sqlmodel import Session

from provenance.models import TextVector
from provenance.vectors import ExactStore, VectorStore

EN_DIM = 384
ML_DIM = 512


def to_blob(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype=np.float32).tobytes()


def from_blob(blob: bytes | None, dim: int) -> np.ndarray | None:
    if blob is None:
        return None
    return np.frombuffer(blob, dtype=np.float32).reshape(dim)


class TextIndex:
    """English and multilingual vector stores over TextVector rows, refreshed incrementally by row id."""

    def __init__(self, english: VectorStore | None = None, multilingual: VectorStore | None = None) -> None:
        self.english = english or ExactStore(EN_DIM)
        self.multilingual = multilingual or ExactStore(ML_DIM)
        self._last_id = 0
        self._lock = threading.Lock()

    def refresh(self, session: Session) -> None:
        """Add rows stored since the last refresh (ids only grow, so this is one range scan)."""
        with self._lock:
            rows = session.execute(
                select(TextVector.id, TextVector.vector, TextVector.mvector)
                .where(TextVector.id > self._last_id).order_by(TextVector.id)
            ).all()
            if not rows:
                return
            ids = np.array([r[0] for r in rows], dtype=np.int64)
            self.english.add(ids, np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(-1, EN_DIM))
            with_ml = [r for r in rows if r[2] is not None]
            if with_ml:
                self.multilingual.add(
                    np.array([r[0] for r in with_ml], dtype=np.int64),
                    np.frombuffer(b"".join(r[2] for r in with_ml), dtype=np.float32).reshape(-1, ML_DIM),
                )
            self._last_id = int(ids[-1])

    def neighbours(self, vec: np.ndarray, mvec: np.ndarray | None, k: int = 10,
                   floor: float = 0.45, mfloor: float = 0.55) -> dict[int, float]:
        """TextVector ids near a wording in either space, with the best similarity seen."""
        found: dict[int, float] = {}
        scores, ids = self.english.search(vec[None, :], k)
        for s, i in zip(scores[0], ids[0]):
            if i >= 0 and s >= floor:
                found[int(i)] = max(found.get(int(i), -1.0), float(s))
        if mvec is not None and len(self.multilingual):
            scores, ids = self.multilingual.search(mvec[None, :], k)
            for s, i in zip(scores[0], ids[0]):
                if i >= 0 and s >= mfloor:
                    found[int(i)] = max(found.get(int(i), -1.0), float(s))
        return found
