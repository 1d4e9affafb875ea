"""Find explicit source hints in article text ("The original source of this article is X", "told X", ...)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlmodel import Session

from provenance.models import Outlet

# Article-level hints speak for the whole text; quote-level ones ("told X", "according to X") only for the
# quotes next to them.
SCOPE_ARTICLE = "article"
SCOPE_QUOTE = "quote"

_CUES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("original_source", SCOPE_ARTICLE,
     re.compile(r"\boriginal source of this (?:article|story|post|piece|report) is\s+", re.I)),
    ("first_published", SCOPE_ARTICLE,
     re.compile(r"\b(?:was\s+|were\s+)?first\s+(?:published|appeared|ran|posted)\s+(?:in|at|on|by)\s+", re.I)),
    ("originally_appeared", SCOPE_ARTICLE,
     re.compile(r"\boriginally\s+(?:appeared|published|ran|posted)\s+(?:in|at|on|by)\s+", re.I)),
    ("told", SCOPE_QUOTE, re.compile(r"\btold\s+")),
    ("according_to", SCOPE_QUOTE, re.compile(r"\b[Aa]ccording\s+to\s+")),
)
# Lower-case words allowed inside a name ("Voice of America", "Ministry for Foreign Affairs").
_CONNECTORS = frozenset("of and & for de la le du der des the".split())
_WORD = re.compile(r"[^\s,;:!?()\"“”«»]+")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?:/\S*)?$", re.I)
# "according to Rogozin" names a person, not an outlet: a quote-level hint only counts as an outlet when it
# names a stored outlet, a web domain, an acronym (TASS, BBC) or a name with a press word in it.
_PRESS_WORDS = frozenset(
    "news times post agency press tv radio journal gazette daily herald tribune wire magazine network "
    "broadcasting telegraph guardian reuters interfax novosti izvestia kommersant bloomberg xinhua tass "
    "foundation institute review observer monitor express chronicle today weekly media television channel "
    "reporter insider standard mirror sun independent correspondent afp ap upi".split())
MAX_NAME_WORDS = 7


@dataclass(frozen=True)
class SourceHint:
    """A named source in an article's text and the character span of the whole hint."""

    kind: str  # original_source | first_published | originally_appeared | told | according_to
    name: str
    start: int
    end: int
    scope: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> SourceHint:
        return cls(kind=d["kind"], name=d["name"], start=int(d["start"]), end=int(d["end"]), scope=d["scope"])

    @property
    def label(self) -> str:
        return f"{self.kind.replace('_', ' ')}: {self.name}"


def _name_after(text: str, pos: int) -> tuple[str, int] | None:
    """The outlet name starting at `pos`: a web domain, or a run of capitalised words (connectors inside).

    A name ends at punctuation, a line break, a lower-case word, a sentence-final period or a possessive.
    """
    taken: list[tuple[str, int, int]] = []
    cursor = pos
    for m in _WORD.finditer(text, pos):
        gap = text[cursor:m.start()]
        if gap.strip() or "\n" in gap:
            break
        raw, cursor = m.group(), m.end()
        if not taken:
            dom = _DOMAIN.match(raw.rstrip("."))
            if dom:
                return dom.group(1).lower(), m.start() + len(raw.rstrip("."))
        bare = raw.rstrip(".")
        possessive = bare.endswith(("'s", "’s"))
        bare = bare[:-2] if possessive else bare
        if not bare:
            break
        if bare[0].isupper() or (taken and bare[0].isdigit()) or bare.lower() in _CONNECTORS:
            taken.append((bare, m.start(), m.start() + len(bare)))
        else:
            break
        if raw.endswith(".") or possessive or len(taken) > MAX_NAME_WORDS:
            break
    while taken and taken[-1][0].lower() in _CONNECTORS:
        taken.pop()
    while taken and taken[0][0].lower() in _CONNECTORS:
        taken.pop(0)
    if not taken or len(taken) > MAX_NAME_WORDS:
        return None
    return " ".join(t for t, _, _ in taken), taken[-1][2]


def find_hints(text: str) -> list[SourceHint]:
    """Every explicit source hint in `text`, in order of appearance."""
    out: list[SourceHint] = []
    for kind, scope, cue in _CUES:
        for m in cue.finditer(text):
            found = _name_after(text, m.end())
            if found is None:
                continue
            name, end = found
            out.append(SourceHint(kind=kind, name=name, start=m.start(), end=end, scope=scope))
    out.sort(key=lambda h: h.start)
    return out


def looks_like_outlet(name: str) -> bool:
    """Whether a name reads as a publication (not a person), for hints that may name either."""
    if _DOMAIN.match(name):
        return True
    words = name.split()
    if any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words):
        return True
    return any(w.lower().strip(".") in _PRESS_WORDS for w in words)


def outlet_key(name: str) -> str:
    """Comparable form of an outlet name or domain: 'The Guardian' = 'guardian' = 'theguardian.com'."""
    n = re.sub(r"\([^)]*\)", " ", name.casefold())
    dom = _DOMAIN.match(n.strip())
    if dom:
        labels = dom.group(1).split(".")
        n = labels[-2] if len(labels) >= 2 else labels[0]
    n = re.sub(r"^the\s+", "", n.strip())
    return re.sub(r"[^\w]", "", n).removeprefix("the") if dom else re.sub(r"[^\w]", "", n)


def resolve_outlets(session: Session, names: set[str]) -> dict[str, Outlet]:
    """Stored outlets named by hint names (by name or by domain); unknown names are left out."""
    if not names:
        return {}
    wanted = {outlet_key(n): n for n in names if outlet_key(n)}
    out: dict[str, Outlet] = {}
    for outlet in session.scalars(select(Outlet)).all():
        keys = {outlet_key(outlet.name)}
        if outlet.domain:
            keys.add(outlet_key(outlet.domain))
        for k in keys & set(wanted):
            out.setdefault(wanted[k], outlet)
    return out


def applies_to(hint: SourceHint, text: str, span_start: int, span_end: int, near: int = 120) -> bool:
    """Whether a hint speaks for the quote at [span_start, span_end): article hints always, quote hints when
    on the same line as the quote or within `near` characters of it."""
    if hint.scope == SCOPE_ARTICLE:
        return True
    if hint.start >= span_end:
        gap = text[span_end:hint.start]
    elif hint.end <= span_start:
        gap = text[hint.end:span_start]
    else:
        return True
    return "\n" not in gap or len(gap) <= near and "\n\n" not in gap
