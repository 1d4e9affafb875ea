"""Canonical form of a wording, so trivial differences (quote marks, case, ellipses) never split a statement."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTES = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": '"', "\u203a": '"',
    "\u300c": '"', "\u300d": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
})
_SIC = re.compile(r"\[\s*sic\s*\]", re.I)
_BRACKETED = re.compile(r"\[[^\]]{0,60}\]")
_ELLIPSIS = re.compile(r"(\.\s*){3,}|\u2026")
_SOFT_HYPHEN_BREAK = re.compile(r"(\w)-\s*\n\s*(\w)")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Readable canonical text: NFKC, straight quotes, ellipses and editorial brackets removed, one space."""
    t = unicodedata.normalize("NFKC", text)
    t = _SOFT_HYPHEN_BREAK.sub(r"\1\2", t)
    t = t.translate(_QUOTES).replace("\u00ad", "")
    t = _SIC.sub(" ", t)
    t = _BRACKETED.sub(" ", t)
    t = _ELLIPSIS.sub(" ", t)
    return _SPACE.sub(" ", t).strip().strip("\"'").strip()


def normalize(text: str) -> str:
    """Matching key text: `clean`, then casefolded with punctuation dropped."""
    t = _NON_WORD.sub(" ", clean(text).casefold())
    return _SPACE.sub(" ", t).strip()


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    return normalize(text).split()


def text_hash(text: str) -> str:
    """Stable hash of the normalised wording: equal hashes mean the same words in the same order."""
    return hashlib.sha1(normalize(text).encode("utf-8")).hexdigest()


def content_hash(text: str) -> str:
    """Hash of an article body, insensitive to whitespace only."""
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()
