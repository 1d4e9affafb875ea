"""Canonical form of a wording, so trivial differences (quote marks, case, ellipses) never split a statement.

`clean` keeps a readable text; `normalize` is the matching key (casefolded words, no punctuation);
`tokens` gives the same words as `words` together with their character offsets in the *original*
text, so that matches found on normalised words can be shown on the text as it was written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import NamedTuple

_QUOTES = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": '"', "\u203a": '"',
    "\u300c": '"', "\u300d": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u02bc": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
})
_SIC = re.compile(r"\[\s*sic\s*\]", re.I)
_BRACKETED = re.compile(r"\[[^\]]{0,60}\]")
_ELLIPSIS = re.compile(r"(\.\s*){3,}|\u2026")
_SOFT_HYPHEN_BREAK = re.compile(r"(\w)-\s*\n\s*(\w)")
# "1,000,000" and "1000000" are the same number; a comma before exactly three digits is a group separator.
_DIGIT_GROUP = re.compile(r"(?<=\d)[,\u00a0\u202f](?=\d{3}(?!\d))")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")

# A word of the original text: letters/digits, possibly broken by soft hyphens or digit-group commas.
_TOKEN = re.compile(r"\w+(?:(?:\u00ad|[,\u00a0\u202f](?=\d{3}(?!\d)))\w+)*")
_HYPHEN_GAP = re.compile(r"-[^\S\n]*\n\s*")


class Token(NamedTuple):
    """One normalised word and the [start, end) character span it came from in the original text."""

    word: str
    start: int
    end: int


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
    """Matching key text: `clean`, then casefolded with punctuation dropped (digit-group commas removed)."""
    t = _DIGIT_GROUP.sub("", clean(text).casefold())
    t = _NON_WORD.sub(" ", t)
    return _SPACE.sub(" ", t).strip()


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    return normalize(text).split()


def _norm_word(raw: str) -> list[str]:
    t = unicodedata.normalize("NFKC", raw).replace("\u00ad", "").casefold()
    t = _DIGIT_GROUP.sub("", t)
    return _NON_WORD.sub(" ", t).split()


def tokens(text: str) -> list[Token]:
    """The normalised words of `text` (as `words` gives them, save for exotic NFKC cases) with their
    character spans in the original `text`. Words inside editorial brackets ([sic], [the Moon]) are
    skipped, and a word hyphenated across a line break is one token."""
    skip: list[tuple[int, int]] = [m.span() for m in _BRACKETED.finditer(text)]
    out: list[Token] = []
    pending: Token | None = None
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        if any(a <= s < b for a, b in skip):
            continue
        parts = _norm_word(m.group())
        if not parts:
            continue
        if pending is not None and _HYPHEN_GAP.fullmatch(text, pending.end, s):
            # "hyphen-\nation" -> one word spanning both pieces
            head = out.pop()
            out.append(Token(head.word + parts[0], head.start, e if len(parts) == 1 else s + len(m.group())))
            parts = parts[1:]
            if not parts:
                pending = out[-1]
                continue
        for p in parts:
            out.append(Token(p, s, e))
        pending = out[-1]
    return out


def text_hash(text: str) -> str:
    """Stable hash of the normalised wording: equal hashes mean the same words in the same order."""
    return hashlib.sha1(normalize(text).encode("utf-8")).hexdigest()


def content_hash(text: str) -> str:
    """Hash of an article body, insensitive to whitespace only."""
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()
