"""The searchable set of distinct wordings: their vectors, kept in step with the TextVector table."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from sqlmodel import Session

from provenance.models import Sentence, TextVector
from provenance.sentences import SentenceIndex
from provenance.vectors import FileBacked, HNSWStore, VectorStore

EN_DIM = 384
ML_DIM = 512
# Rows read from the database per step when (re)building, so a million-row rebuild stays in bounded memory.
REFRESH_BATCH = 20_000
# Write the index files after this many new rows (or this share of the index), besides explicit saves.
SAVE_EVERY_ROWS = 20_000
SAVE_EVERY_SHARE = 0.10
FORMAT = 2
# Multilingual vectors are only a candidate generator for translations (re-scored exactly from the
# database), so 4-bit codes do: their components stay within +-0.17 (99.99% within +-0.13), so a +-0.15 box
# costs about 0.005 of inner product. The English space keeps 8 bits for paraphrase recall.
ML_BITS = 4
ML_SQ_RANGE = 0.15


def to_blob(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype=np.float32).tobytes()


def from_blob(blob: bytes | None, dim: int) -> np.ndarray | None:
    if blob is None:
        return None
    return np.frombuffer(blob, dtype=np.float32).reshape(dim)


def database_key(database_url: str) -> str:
    """A file-name-safe key for one database, so index files never cross between stores."""
    return hashlib.sha1(database_url.encode("utf-8")).hexdigest()[:16]


def default_store(dim: int) -> VectorStore:
    """The English (384) or multilingual (512) store: HNSW over 8-bit or 4-bit codes."""
    if dim == ML_DIM:
        return HNSWStore(dim, bits=ML_BITS, sq_range=ML_SQ_RANGE)
    return HNSWStore(dim)


class TextIndex:
    """English and multilingual vector stores over TextVector rows, refreshed incrementally by row id.

    With `data_dir` and `database_url` the stores are file-backed: the saved index is loaded on the first
    refresh if it still agrees with the database (same last row, same row counts, same model), and only rows
    with a larger id are then read; otherwise it is rebuilt from the table."""

    def __init__(self, english: VectorStore | None = None, multilingual: VectorStore | None = None,
                 data_dir: Path | str | None = None, database_url: str | None = None, model: str = "",
                 make_store: Callable[[int], VectorStore] = default_store) -> None:
        self._make_store = make_store
        self.english = english or make_store(EN_DIM)
        self.multilingual = multilingual or make_store(ML_DIM)
        self.sentences = SentenceIndex()
        self._last_id = 0
        self._count = 0  # rows indexed in English (all TextVector rows up to _last_id)
        self._ml_count = 0
        self._last_hash = ""
        self._saved_id = 0
        self._saved = (0, 0)
        self._loaded = False
        self._lock = threading.RLock()
        self._dir = Path(data_dir) / "index" if data_dir is not None and database_url else None
        self._key = database_key(database_url) if database_url else ""
        self._model = model

    @classmethod
    def for_settings(cls, settings) -> TextIndex:  # noqa: ANN001
        """The file-backed index of the configured database, under `settings.data_dir`."""
        return cls(data_dir=settings.data_dir, database_url=settings.database_url,
                   model=f"{settings.model}|{settings.multilingual_model}")

    @property
    def last_id(self) -> int:
        return self._last_id

    @property
    def persistent(self) -> bool:
        return self._dir is not None and isinstance(self.english, FileBacked) \
            and isinstance(self.multilingual, FileBacked)

    def _meta_path(self) -> Path:
        assert self._dir is not None
        return self._dir / f"{self._key}.json"

    def refresh(self, session: Session) -> int:
        """Add rows stored since the last refresh (ids only grow, so this is one range scan); how many."""
        with self._lock:
            if not self._loaded:
                self._loaded = True
                if self.persistent:
                    self._try_load(session)
            added = 0
            while True:
                rows = session.execute(
                    select(TextVector.id, TextVector.norm_hash, TextVector.vector, TextVector.mvector)
                    .where(TextVector.id > self._last_id).order_by(TextVector.id).limit(REFRESH_BATCH)
                ).all()
                if not rows:
                    break
                self._add_rows(rows)
                added += len(rows)
                if len(rows) < REFRESH_BATCH:
                    break
            if added and self.persistent and self._last_id - self._saved_id >= max(
                    SAVE_EVERY_ROWS, SAVE_EVERY_SHARE * self._count):
                self.save()
            return added

    def refresh_sentences(self, session: Session) -> SentenceIndex:
        """The article-sentence n-gram index, brought up to date (done lazily: only searches need it)."""
        with self._lock:
            if not self._loaded:
                self.refresh(session)
            self.sentences.refresh(session)
            return self.sentences

    def _add_rows(self, rows) -> None:  # noqa: ANN001
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        self.english.add(ids, np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float32).reshape(-1, EN_DIM))
        with_ml = [r for r in rows if r[3] is not None]
        if with_ml:
            self.multilingual.add(
                np.fromiter((r[0] for r in with_ml), dtype=np.int64, count=len(with_ml)),
                np.frombuffer(b"".join(r[3] for r in with_ml), dtype=np.float32).reshape(-1, ML_DIM),
            )
        self._last_id = int(ids[-1])
        self._last_hash = rows[-1][1]
        self._count += len(rows)
        self._ml_count += len(with_ml)

    def _try_load(self, session: Session) -> bool:
        """Load the saved index if it describes this database as it is now; else start empty."""
        try:
            meta = json.loads(self._meta_path().read_text())
        except (OSError, ValueError):
            return False
        if meta.get("format") != FORMAT or meta.get("model") != self._model or meta.get("key") != self._key:
            return False
        last_id = int(meta["last_id"])
        row_hash = session.scalar(select(TextVector.norm_hash).where(TextVector.id == last_id))
        count = session.scalar(select(func.count()).select_from(TextVector).where(TextVector.id <= last_id))
        ml_count = session.scalar(select(func.count()).select_from(TextVector).where(
            TextVector.id <= last_id, TextVector.mvector.is_not(None)))
        s_count = session.scalar(select(func.count()).select_from(Sentence).where(
            Sentence.id <= int(meta["sentences_last_id"])))
        if (row_hash != meta["last_hash"] or count != meta["count"] or ml_count != meta["ml_count"]
                or s_count != meta["sentences_count"]):
            return False  # another database at this URL, or rows deleted: rebuild from the tables
        english, multilingual, sentences = self._make_store(EN_DIM), self._make_store(ML_DIM), SentenceIndex()
        try:
            english.load(self._dir / meta["english"])  # type: ignore[attr-defined]
            multilingual.load(self._dir / meta["multilingual"])  # type: ignore[attr-defined]
            sentences.load(self._dir / meta["sentences"])
        except (OSError, RuntimeError, ValueError, KeyError):
            return False
        if len(english) != count or len(multilingual) != ml_count or sentences.count != s_count:
            return False
        self.english, self.multilingual, self.sentences = english, multilingual, sentences
        self._last_id, self._last_hash, self._count, self._ml_count = last_id, meta["last_hash"], count, ml_count
        self._saved_id = last_id
        self._saved = (last_id, sentences.last_id)
        return True

    def save(self) -> bool:
        """Write the index files (atomically; older generations removed); False when not file-backed."""
        if not self.persistent:
            return False
        with self._lock:
            if (self._last_id, self.sentences.last_id) == self._saved and self._meta_path().exists():
                return True
            gen = f"{self._key}-{self._last_id}-{self.sentences.last_id}-{os.getpid()}"
            self.english.save(self._dir / f"{gen}.en.faiss")  # type: ignore[attr-defined]
            self.multilingual.save(self._dir / f"{gen}.ml.faiss")  # type: ignore[attr-defined]
            self.sentences.save(self._dir / f"{gen}.sentences.npz")
            meta = {"format": FORMAT, "key": self._key, "model": self._model, "last_id": self._last_id,
                    "last_hash": self._last_hash, "count": self._count, "ml_count": self._ml_count,
                    "english": f"{gen}.en.faiss", "multilingual": f"{gen}.ml.faiss",
                    "sentences": f"{gen}.sentences.npz", "sentences_last_id": self.sentences.last_id,
                    "sentences_count": self.sentences.count}
            tmp = self._meta_path().with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(meta))
            os.replace(tmp, self._meta_path())
            self._saved_id = self._last_id
            self._saved = (self._last_id, self.sentences.last_id)
            for old in self._dir.glob(f"{self._key}-*.*"):
                if not old.name.startswith(gen + "."):
                    try:
                        old.unlink()
                    except OSError:
                        pass
            return True

    def neighbours(self, vec: np.ndarray, mvec: np.ndarray | None, k: int = 10,
                   floor: float = 0.45, mfloor: float = 0.55) -> dict[int, float]:
        """TextVector ids near a wording in either space, with the best (approximate) similarity seen.

        Floors are lowered a little because index scores are quantised; callers re-score exactly."""
        return self.neighbours_many(vec[None, :], None if mvec is None else mvec[None, :], k, floor, mfloor)[0]

    def neighbours_many(self, vecs: np.ndarray, mvecs: np.ndarray | None, k: int = 10,
                        floor: float = 0.45, mfloor: float = 0.55) -> list[dict[int, float]]:
        """`neighbours` of several wordings, one search call per space."""
        with self._lock:
            scores, ids = self.english.search(vecs, k)
            ml = self.multilingual.search(mvecs, k) if mvecs is not None and len(self.multilingual) else None
        out: list[dict[int, float]] = []
        for row in range(len(vecs)):
            found: dict[int, float] = {}
            for s, i in zip(scores[row], ids[row]):
                if i >= 0 and s >= floor - 0.01:
                    found[int(i)] = max(found.get(int(i), -1.0), float(s))
            if ml is not None:
                for s, i in zip(ml[0][row], ml[1][row]):
                    if i >= 0 and s >= mfloor - 0.02:  # 4-bit codes: a wider margin
                        found[int(i)] = max(found.get(int(i), -1.0), float(s))
            out.append(found)
        return out
