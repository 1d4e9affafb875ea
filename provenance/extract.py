"""Rule-based extraction of quotes (direct, mixed, indirect) and their speakers from article text.

Pipeline, all regex and rules (no models, so it runs at ingest for every article):
1. scan quote marks paragraph by paragraph into segments (straight, curly, British single,
   « », „ ", 「 」), continuing a quote across paragraphs that re-open with a mark;
2. find each segment's sentence and look for an attribution right after it ("…," Rogozin said),
   right before it (Rogozin said: "…", Putin — "…", according to X, "…") or elsewhere in its
   sentence (mixed quotes); join split quotes ("We will," he said, "build it.");
3. reject what is not reported speech: titles of works and slogans (Title Case, ALL CAPS,
   "…" by <author>), HTML attribute values and links, single words, and unattributed fragments
   under four words (scare quotes); longer unattributed quotations are kept with speaker None,
   since in news text they are reported speech far more often than not;
4. resolve pronouns and role nouns ("he", "the minister") to the nearest compatible named
   speaker or person mentioned earlier; an unattributed quote paragraph continues the previous
   quote's speaker (the news convention); unresolvable sources give speaker None;
5. add indirect speech from sentences without quote marks ("Rogozin said that …").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field

from provenance.speakers import (
    FIRST_NAME_GENDER, NON_NAME_WORDS, PREPOSITIONS, TITLE_WORDS, clean_name, is_proper_name, name_gender, same_person,
)


@dataclass(frozen=True)
class ExtractedQuote:
    """One quote found in a text; offsets are Python str offsets, end exclusive."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    kind: str  # "direct" | "mixed" | "indirect"

    def to_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------- lexicon

_CUE_WORDS = """
said says say saying told tells tell telling added adds wrote writes write insisted insists noted notes
explained explains stated states declared declares asked asks replied replies responded responds
continued continues argued argues claimed claims warned warns announced announces acknowledged
acknowledges admitted admits recalled recalls remarked remarks suggested suggests tweeted tweets
posted posts observed observes commented comments concluded concludes emphasized emphasizes emphasised
stressed stresses shouted shouts yelled yells joked jokes quipped quips conceded concedes countered
counters predicted predicts promised promises vowed vows urged urges complained complains boasted
boasts reported reports confirmed confirms denied denies charged charges contended contends maintained
maintains cautioned cautions pleaded pleads testified testifies exclaimed exclaims recounted recounts
wondered wonders mused muses asserted asserts alleged alleges agreed agrees declared announced
answered answers estimated estimates proclaimed proclaims reiterated reiterates
interjected deadpanned lamented laments bemoaned retorted emailed texted opined surmised speculated
theorized theorised bragged grumbled griped groused
explained put\\s+it puts\\s+it sang sings pointed\\s+out points\\s+out went\\s+on goes\\s+on
chimed\\s+in fired\\s+back shot\\s+back
according\\s+to writing speaking adding noting explaining insisting arguing warning asking telling
сказал сказала сказали заявил заявила заявили отметил отметила отметили сообщил сообщила сообщили
добавил добавила подчеркнул подчеркнула пояснил пояснила написал написала рассказал рассказала
признал признала ответил ответила уточнил уточнила считает говорит говорят заявляет отмечает
сообщает пишет по\\s+словам
sagte sagt sagten erklärte erklärt erklärten betonte betont meinte meint warnte warnt schrieb schreibt
berichtete berichtet ergänzte ergänzt kritisierte forderte fordert unterstrich versicherte räumte\\s+ein
fügte\\s+hinzu teilte\\s+mit laut
dit déclaré affirmé affirme ajouté expliqué souligné estimé selon a\\s+dit a\\s+déclaré a\\s+affirmé
a\\s+ajouté a\\s+expliqué a\\s+souligné a\\s+estimé
dijo afirmó declaró añadió explicó aseguró señaló según disse detto
""".split()
# Verbs that report the quote only right after it ('"Go back," Trump barked'); before a quote they
# more often narrate ("Romney begged him for an endorsement").
_AFTER_ONLY_CUES = """
snapped sniped marveled marvelled gushed chided scolded teased scoffed fumed barked assured assures
questioned retaliated exhorted reasoned muttered whispered screamed roared thundered sighed laughed
pleaded begged demanded objected protested ventured cracked remembered
""".split()
# Verbs that introduce a quoted fragment inside a sentence ("called it "a disaster"") but not speech.
_FRAGMENT_CUES = """
called calls calling described describes describing dubbed dubs labeled labelled labels branded
brands termed terms referred refers promising vowing pledged pledges touted touts mocked mocks
praised praises blasted blasts slammed slams criticized criticizes attacked attacks accused
accuses defended defends repeated repeats echoed echoes cited cites quoted quotes read reads
thanked thanks thanking endorsed endorses labeling labelling branding dubbing terming echoed
""".split()


def _trie_pattern(words: list[str]) -> str:
    """One regex alternation shaped as a prefix tree: much faster than a flat list of 300 words."""
    tree: dict = {}
    for word in words:
        node = tree
        for tok in re.findall(r"\\s\+|.", word):  # keep the "\s+" of multi-word cues as one symbol
            node = node.setdefault(tok, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        for key in sorted(node, key=lambda k: (k == "", k)):
            if key == "":
                continue
            alts.append((key if key == r"\s+" else re.escape(key)) + emit(node[key]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(tree)


# A cue is a verb: not a noun after a determiner or possessive ("Trump's comments", "the claims"), not a
# capitalised word inside a sentence ("the United States"), and "went on" only before punctuation
# or "to say" ("went on recess" is no cue).
_CUE_BEFORE = (r"(?<!['’]s\s)(?<!\bthe\s)(?<!\bhis\s)(?<!\bher\s)(?<!\bits\s)(?<!\btheir\s)"
               r"(?<!\bour\s)(?!(?<=[\w,;]\s)(?-i:[A-ZА-ЯЁ]))")
# "that states can pass such laws", "dozens of reports": a plural noun, not a cue verb
_CUE_BEFORE += (r"(?!(?<=\bthat\s)(?:states|reports|claims|notes|comments|remarks|charges|promises|posts|tweets|"
                r"estimates|quotes)\b)(?!(?<=\bof\s)(?:states|reports|claims|notes|comments|remarks|charges|"
                r"promises|posts|tweets|estimates|quotes)\b)")
_CUE_AFTER = (r"(?![\w-])(?!(?<=went\son|goes\son)\s+(?!to\s+(?:say|add|tell|write|note|ask|explain|argue|"
              r"warn|insist|declare|call)\b)[\w“\"])")


def _cue_regex(words: list[str]) -> re.Pattern:
    # the cheap word-start test and the trie (in a lookahead) run first, so most positions fail fast
    trie = _trie_pattern(list(dict.fromkeys(words)))
    return re.compile(r"(?<![\w-])(?=" + trie + ")" + _CUE_BEFORE + trie + _CUE_AFTER, re.I)


_CUE_RE = _cue_regex(_CUE_WORDS)
_AFTER_CUE_RE = _cue_regex(_CUE_WORDS + _AFTER_ONLY_CUES)
_ANY_CUE_RE = _cue_regex(_CUE_WORDS + _FRAGMENT_CUES)
# Verbs that may stand between a speaker and a cue without changing who speaks ("has said", "later told").
_AUX = r"(?:\b(?:has|have|had|was|were|is|also|later|then|once|previously|again|repeatedly|recently|" \
       r"often|had|would|will|quickly|simply|just|only|further|famously|reportedly|earlier|quoted\s+as|" \
       r"went\s+on\s+to|goes\s+on\s+to|continued\s+to|proceeded\s+to|\w+ly)\s+){0,3}"

_AUX_END = re.compile(_AUX + r"$")

_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
_PLURAL_OR_SELF = {"they", "we", "i", "you", "it", "them", "one", "who", "which", "that",
                   "он", "она", "они", "мы", "я"}
_RU_PRONOUNS = {"он": "m", "она": "f"}

_PERSON_ROLES = frozenset("""
spokesman spokeswoman spokesperson minister senator president official candidate nominee governor
mayor chief head director chairman chairwoman chair secretary leader lawmaker congressman
congresswoman representative ambassador general diplomat businessman businesswoman billionaire mogul
professor expert prosecutor judge attorney lawyer adviser advisor aide strategist pollster manager
ceo executive founder actor actress star singer coach player woman man father mother daughter son
wife husband democrat republican commander administrator astronaut cosmonaut scientist researcher
economist premier chancellor king queen pope host anchor journalist writer author historian
veteran activist officer cop sheriff pastor priest bishop rabbi imam doctor physician analyst
businessman tycoon magnate entrepreneur investor contender hopeful challenger incumbent frontrunner
speaker whip dictator emperor
министр президент глава председатель директор представитель губернатор мэр депутат сенатор посол
""".split())
_ORG_ROLES = frozenset("""
newspaper paper agency company firm ministry department group organization organisation campaign
committee network channel outlet magazine website site publication government administration party
union bank council court institute university team club broadcaster daily tabloid station board
commission office kremlin foundation center centre corporation corp service bureau
министерство ведомство агентство компания издание газета
""".split())
_FEMALE_ROLES = frozenset("spokeswoman chairwoman congresswoman businesswoman actress woman mother "
                          "daughter wife queen".split())
_MALE_ROLES = frozenset("spokesman chairman congressman businessman actor man father son husband king "
                        "pope".split())
# Words in a name that mark an organisation rather than a person.
_ORG_WORDS = frozenset("""
post times news journal tribune herald telegraph guardian press agency ministry department house
committee party campaign inc corp co ltd llc group association council court university institute
foundation bank agency office service network channel magazine review daily weekly gazette cnn
nasa fbi cia roscosmos kremlin pentagon congress senate administration commission board union
organization organisation center centre tass ria interfax reuters bloomberg politico breitbart
huffpost
""".split())
_GENERIC_HEADS = frozenset("""
source sources official officials aide aides expert experts analyst analysts critic critics
observer observers people voters residents supporters witnesses witness reports report statement
poll polls study survey documents document data one others some many most several few
""".split())

_OPENERS = {"“": "”", "„": "“”", "«": "»", "「": "」", "『": "』", "‹": "›", '"': '"”', "‘": "’", "'": "'"}
_QUOTE_CHARS = "“”„«»「」『』‹›\"‘’'"
_WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Prof|Rev|Gov|No|vs|Jan|Feb|Mar|Apr|"
    r"Aug|Sept|Sep|Oct|Nov|Dec|Inc|Corp|Co|Ltd|Ft|Mt|Adm|Maj|Cpl|Pvt|Fla|Calif|Ariz|Mich|Penn|Mass|"
    r"Va|Pa|Ga|Tenn|Ky|Wash|Ore|Conn|Del|Ill|Ind|Kan|Md|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Wis|Wyo|Colo)"
    r"|\b[A-Z]|\b(?:[A-Za-z]\.){1,}[A-Za-z])$")


# --------------------------------------------------------------------------- quote-mark scanning

@dataclass
class _Segment:
    """Text between a pair of quote marks; parts are inner (start, end) spans, one per paragraph."""

    parts: list[tuple[int, int]]
    open_mark: int   # offset of the opening mark
    close_mark: int  # offset just after the closing mark (or paragraph end when unclosed)
    closed: bool

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in re.finditer(r"\n", text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


def _can_open(text: str, i: int, ch: str, para_end: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < para_end else " "
    if nxt.isspace() and ch not in "«「『„":
        return False
    if ch in "'’‘":
        # An apostrophe has a letter before it (don't, ’90s after a space is rare but exists).
        if _is_letter(prev) or not (_is_letter(nxt) or nxt in "“\""):
            return False
        return True
    if ch == '"':
        return not _is_letter(prev) or prev.isspace()
    return True


def _find_single_close(text: str, i: int, end: int, close: str) -> int:
    """Closing single mark for an opening one at i, telling it apart from apostrophes."""
    cands = []
    for j in range(i + 1, end):
        if text[j] == close or (close == "’" and text[j] == "'"):
            nxt = text[j + 1] if j + 1 < end else " "
            prev = text[j - 1]
            if _is_letter(nxt) or prev.isspace():
                continue  # don't, ’em
            cands.append(j)
        elif text[j] in "‘" and close == "’" and cands:
            break  # a new single quote opens: the previous candidates were the closers
    if not cands:
        return -1
    for j in cands:
        prev, nxt = text[j - 1], (text[j + 1] if j + 1 < end else " ")
        if prev in ",.!?;:—–-…" or nxt in ",.;:!?)—–" or j + 1 >= end or nxt in "\"”":
            return j
    for j in cands:
        if text[j - 1] not in "sS":  # "the players’ union" is a plural possessive
            return j
    return cands[-1]


_TWO_APOSTROPHES = "\u2060"  # stands for the second ' of a '' quote mark while scanning


def _scan_segments(text: str) -> list[_Segment]:
    """All quoted segments in document order; nested marks of the other kind are left inside.

    Some archives (e.g. the New York Times) write a double quote as two apostrophes (''…''); the
    scan runs on a copy where '' reads as one straight double quote followed by a filler.
    """
    if "''" not in text:
        return _scan(text)
    norm = text.replace("''", '"' + _TWO_APOSTROPHES)
    out = []
    for seg in _scan(norm):
        parts = [(a + 1 if norm[a] == _TWO_APOSTROPHES else a, b) for a, b in seg.parts]
        close = seg.close_mark + 1 if norm[seg.close_mark:seg.close_mark + 1] == _TWO_APOSTROPHES else seg.close_mark
        if parts[-1][1] > parts[0][0]:
            out.append(_Segment(parts, seg.open_mark, close, seg.closed))
    return out


def _scan(text: str) -> list[_Segment]:
    paras = _paragraphs(text)
    segments: list[_Segment] = []
    carry: tuple[str, list[tuple[int, int]], int] | None = None  # (opener, parts so far, open_mark)
    for pi, (pa, pb) in enumerate(paras):
        i = pa
        if carry is not None:
            opener, parts, open_mark = carry
            carry = None
            lead = pa + len(text[pa:pb]) - len(text[pa:pb].lstrip())
            # the continuation paragraph re-opens with the same mark
            i = lead + 1
            closes = _OPENERS[opener]
            j = _find_close(text, i, pb, opener, closes)
            if j < -1:
                segments.append(_Segment(parts, open_mark, parts[-1][1], False))
                i = -j - 2
            elif j < 0:
                parts.append((i, _rstrip(text, i, pb)))
                if _continues(text, paras, pi, opener):
                    carry = (opener, parts, open_mark)
                else:
                    segments.append(_Segment(parts, open_mark, pb, False))
                continue
            else:
                parts.append((i, j))
                segments.append(_Segment(parts, open_mark, j + 1, True))
                i = j + 1
        while i < pb:
            ch = text[i]
            if ch in _OPENERS and _can_open(text, i, ch, pb):
                j = _find_close(text, i + 1, pb, ch, _OPENERS[ch])
                if j < -1:
                    i = -j - 2  # stray opening mark: start again at the newer one
                    continue
                if j >= 0:
                    segments.append(_Segment([(i + 1, j)], i, j + 1, True))
                    i = j + 1
                    continue
                if ch in "'‘" and not _continues(text, paras, pi, ch):
                    i += 1  # a lone opening single mark is an apostrophe or a typo
                    continue
                parts = [(i + 1, _rstrip(text, i + 1, pb))]
                if _continues(text, paras, pi, ch):
                    carry = (ch, parts, i)
                elif parts[0][1] - parts[0][0] > 0:
                    segments.append(_Segment(parts, i, pb, False))
                break
            i += 1
    if carry is not None:
        opener, parts, open_mark = carry
        segments.append(_Segment(parts, open_mark, parts[-1][1], False))
    return [s for s in segments if s.end > s.start]


def _closing_context(text: str, j: int, end: int) -> bool:
    """A mark that ends a quote: something before it, a space, punctuation or the paragraph end after."""
    prev = text[j - 1] if j > 0 else " "
    nxt = text[j + 1] if j + 1 < end else " "
    return not prev.isspace() and (nxt.isspace() or not nxt.isalnum())


def _find_close(text: str, i: int, end: int, opener: str, closes: str) -> int:
    """Offset of the closing mark for a quote opened just before i, or -1 when unclosed.

    Returns -(k + 2) when a fresh opening mark at k shows the earlier one was stray.
    """
    if opener in "‘'":
        return _find_single_close(text, i - 1, end, closes)
    for j in range(i, end):
        ch = text[j]
        if ch in closes:
            return j
        if opener in "“\"" and ch in "“\"":
            if _closing_context(text, j, end):
                return j  # a closing mark typed the wrong way round, or mixed “…" styles
            return -(j + 2)
    return -1


def _rstrip(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1].isspace():
        b -= 1
    return b


def _continues(text: str, paras: list[tuple[int, int]], pi: int, opener: str) -> bool:
    """The next paragraph re-opens the same quote (multi-paragraph quotation convention)."""
    if pi + 1 >= len(paras):
        return False
    na, nb = paras[pi + 1]
    return text[na:nb].lstrip()[:1] == opener


# --------------------------------------------------------------------------- sentences

def _sentence_start(text: str, pos: int, floor: int, quoted: list[tuple[int, int]]) -> int:
    """Start of the sentence holding pos: after the last sentence end before pos outside quotes."""
    k = pos - 1
    while k > floor:
        ch = text[k]
        if ch in "。！？" and not _inside(quoted, k):
            return k + 1  # CJK full stops need no space after them
        if ch in ".!?" and text[k + 1:k + 2].isspace() and not _inside(quoted, k):
            if ch != "." or _full_stop(text, k):
                return k + 1
        elif ch in "”\"’»'" and k > floor and (text[k - 1] in ".!?" or text[k - 2:k] in (".'", "?'", "!'")) \
                and text[k + 1:k + 2].isspace():
            # a full quoted sentence ends the previous sentence
            return k + 1
        k -= 1
    return floor


_TITLE_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Prof|Rev|Adm|Maj|Cpl|Pvt|Ft|Mt|No|"
                           r"vs)|\b[A-Z])$")


def _full_stop(text: str, k: int) -> bool:
    """The '.' at k ends a sentence: not an abbreviation, or a place/date abbreviation before a quote
    ('said Rachel Woolard of Jacksonville, Fla. "She …"')."""
    before = text[max(0, k - 12):k]
    if not _ABBREV.search(before):
        return True
    if _TITLE_ABBREV.search(before):
        return False  # "Sen. Warren", "Dennis B. Ross"
    nxt = text[k + 1:k + 4].lstrip()[:1]
    return nxt != "" and nxt in "“\"‘'«„"


def _inside(spans: list[tuple[int, int]], k: int) -> bool:
    i = bisect.bisect_right(spans, (k, 10**12)) - 1
    return i >= 0 and spans[i][0] <= k < spans[i][1]


# --------------------------------------------------------------------------- speakers

@dataclass
class _Source:
    """A speaker mention as parsed from the words around a cue."""

    kind: str                 # "name" | "pronoun" | "role" | "generic"
    name: str | None          # cleaned name for kind "name"
    start: int
    end: int
    gender: str | None = None
    org: bool = False
    role: str | None = None


_NAME_TOKEN = r"(?:[A-ZА-ЯЁ][\w’'\-]*\.?|[A-Z]\.)"
_NAME_MENTION_RE = re.compile(
    rf"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?\s+)?{_NAME_TOKEN}"
    rf"(?:\s+(?:(?:de|da|van|von|der|del|la|le|bin|al)\s+)?{_NAME_TOKEN}){{0,4}}")


def _parse_source(text: str, a: int, b: int) -> _Source | None:
    """Parse the words text[a:b] (a candidate speaker phrase) into a source, or None if implausible."""
    seg = text[a:b]
    lead = len(seg) - len(seg.lstrip(" ,—–-"))
    seg = seg.strip(" ,—–-")
    a += lead
    b = a + len(seg)
    if not seg or len(seg) > 120:
        return None
    # Apposition: "Rogozin, the head of Roscosmos," -> keep the first chunk holding a name.
    chunks = [m for m in re.finditer(r"[^,()]+", seg)]
    if len(chunks) >= 2 and not is_proper_name(chunks[0].group()) \
            and re.fullmatch(r"\s*(?:[A-ZА-ЯЁ][\w’'\-]*\.?\s*){1,4}", chunks[1].group()):
        # "another friend, Mariam Emara": the description comes first, the name in apposition
        m = chunks[1]
        named = _parse_source(text, a + m.start(), a + m.end())
        if named is not None and named.kind == "name":
            return named
    words = seg.split()
    low = [w.lower().strip(".,’'") for w in words]
    if len(words) == 1 and low[0] in _PRONOUNS:
        return _Source("pronoun", None, a, b, gender=_PRONOUNS[low[0]])
    if len(words) == 1 and low[0] in _RU_PRONOUNS:
        return _Source("pronoun", None, a, b, gender=_RU_PRONOUNS[low[0]])
    if low[0] in _PLURAL_OR_SELF and len(words) <= 2:
        return _Source("generic", None, a, b)
    for m in chunks:
        chunk = m.group().strip()
        if not chunk:
            continue
        cstart = a + m.start() + (len(m.group()) - len(m.group().lstrip()))
        cwords = chunk.split()
        clow = [w.lower().strip(".,’'") for w in cwords]
        if len(cwords) > 9:
            continue
        head = clow[-1]
        if clow[0] in ("the", "this", "that") and (head in _PERSON_ROLES or head in _ORG_ROLES) \
                and (not _has_name(cwords[1:]) or (cwords[-1].islower() and len(cwords) <= 5 and not any(
                    _has_name(c.group().split()) for c in chunks if c.start() > m.start()))):
            # "the minister", and "the Florida senator": a name modifying a role noun is not the speaker
            return _role_source(head, cstart, cstart + len(chunk))
        if clow[0] in ("a", "an", "one", "another", "two", "three", "several", "some", "other", "many",
                       "most", "multiple", "senior", "top") or head in _GENERIC_HEADS:
            if not _has_name(cwords):
                return _Source("generic", None, cstart, cstart + len(chunk))
        if _has_name(cwords):
            name = clean_name(chunk)
            if name and is_proper_name(name) and not _is_nonname(name) and not _is_shouting(name) \
                    and not _never_speaker(name):
                nm = _locate(text, cstart, cstart + len(chunk), name)
                org = _looks_org(chunk)
                gender = None if org else (name_gender(chunk) or _role_gender(clow))
                return _Source("name", name, nm[0], nm[1], gender=gender, org=org,
                               role=next((w for w in clow if w in _PERSON_ROLES or w in _ORG_ROLES), None))
        if head in _PERSON_ROLES or head in _ORG_ROLES:
            if clow[0] in ("the", "this", "that", "our", "his", "her", "their", "its") or len(cwords) == 1:
                return _role_source(head, cstart, cstart + len(chunk))
            return _Source("generic", None, cstart, cstart + len(chunk))
        if len(chunks) == 1 and len(cwords) <= 3 and clow[-1].endswith("s") and not _has_name(cwords):
            return _Source("generic", None, cstart, cstart + len(chunk))  # "officials", "aides"
        break  # only the first chunk (plus an apposition) may name the speaker
    return None


def _has_name(words: list[str]) -> bool:
    for w in words:
        t = w.strip(".,’'\"“”()")
        if t and t[0].isupper() and t.lower().replace(".", "") not in NON_NAME_WORDS \
                and t.lower().replace(".", "") not in TITLE_WORDS:
            return True
    return False


def _is_shouting(name: str) -> bool:
    """'HIGHER THAN EXPECTED TURNOUT': a headline in capitals, not a name (single acronyms are fine)."""
    words = [w for w in name.split() if len(w) > 3]
    return len(words) >= 2 and all(w.isupper() for w in words)


_SENTENCE_ADVERBS = frozenset("""
regardless now meanwhile still however instead indeed overall separately similarly likewise additionally
ultimately finally earlier later today yesterday recently currently nevertheless nonetheless furthermore
""".split())


def _never_speaker(name: str) -> bool:
    """'In Britain', 'Regardless', 'WASHINGTON': a preposition, a sentence adverb or a dateline, not a speaker."""
    first = name.split()[0].lower()
    return first in PREPOSITIONS or first in _SENTENCE_ADVERBS or (name.isupper() and name.lower() in _PLACES)


def _is_nonname(name: str) -> bool:
    return name.lower() in ("i", "we", "god") or len(name) < 2


def _locate(text: str, a: int, b: int, name: str) -> tuple[int, int]:
    k = text.find(name, a, b)
    return (k, k + len(name)) if k >= 0 else (a, b)


def _looks_org(mention: str) -> bool:
    words = [w.lower().strip(".,’'") for w in mention.split()]
    if any(w in _ORG_WORDS for w in words):
        return True
    stripped = mention.strip()
    return len(stripped) >= 2 and stripped.replace(".", "").isupper() and " " not in stripped


def _role_gender(words: list[str]) -> str | None:
    if any(w in _FEMALE_ROLES for w in words):
        return "f"
    if any(w in _MALE_ROLES for w in words):
        return "m"
    return None


def _role_source(head: str, a: int, b: int) -> _Source:
    org = head in _ORG_ROLES
    gender = None if org else _role_gender([head])
    return _Source("role", None, a, b, gender=gender, org=org, role=head)


@dataclass
class _Entity:
    """A named person or organisation known from the text so far."""

    name: str
    pos: int
    gender: str | None
    org: bool
    roles: set
    spoke: bool = False


# Title abbreviations before a name, as the role noun that later refers to the person ("Sen. Rubio" … "the senator").
_ROLE_ABBREV = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                "pres": "president", "sec": "secretary", "amb": "ambassador", "prof": "professor"}


class _Resolver:
    """Resolves pronouns and role nouns to the nearest compatible named entity before a position."""

    def __init__(self, text: str, quoted: list[tuple[int, int]]):
        self.mentions: list[_Entity] = []
        for m in _NAME_MENTION_RE.finditer(text):
            raw = m.group()
            # Person mentions only where the text makes it clear: a given name or an honorific.
            words = raw.split()
            first = words[0].lower().rstrip(".")
            if len(words) < 2 and first not in ("mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen"):
                continue
            if _inside(quoted, m.start()):
                continue
            name = clean_name(raw)
            if not name or not is_proper_name(name):
                continue
            toks = name.split()
            if toks[0].lower() not in FIRST_NAME_GENDER and first not in ("mr", "mrs", "ms", "dr", "sen",
                                                                           "rep", "gov", "gen"):
                continue
            prev_words = text[max(0, m.start() - 40):m.start()].lower().split()[-3:] + raw.lower().split()
            roles = {_ROLE_ABBREV.get(w.strip(".,"), w.strip(".,")) for w in prev_words}
            roles &= _PERSON_ROLES
            self.mentions.append(_Entity(name, m.start(), name_gender(raw), False, roles))
        self.mentions.sort(key=lambda e: e.pos)

    def add(self, src: _Source, pos: int) -> None:
        if src.kind != "name":
            return
        roles = {src.role} if src.role else set()
        ent = _Entity(src.name, pos, src.gender, src.org, roles, spoke=True)
        bisect.insort(self.mentions, ent, key=lambda e: e.pos)

    def canonical(self, name: str, pos: int) -> str:
        """The fullest earlier form of a name ("Trump" -> "Donald Trump") when unambiguous."""
        if len(name.split()) > 1:
            return name
        last = name.split()[-1]
        matches = {e.name for e in self.mentions if e.pos < pos and len(e.name.split()) > 1
                   and e.name.split()[-1] == last and same_person(e.name, name)}
        if len(matches) == 1:
            return matches.pop()
        return name

    def gender_of(self, name: str, pos: int) -> str | None:
        for e in reversed(self.mentions):
            if e.pos < pos and e.gender and same_person(e.name, name):
                return e.gender
        return None

    def resolve(self, src: _Source, pos: int) -> str | None:
        i = bisect.bisect_left([e.pos for e in self.mentions], pos)
        cands = self.mentions[:i][::-1]
        if src.kind == "pronoun":
            for e in cands:
                if e.org:
                    continue
                g = e.gender or self.gender_of(e.name, e.pos + 1)
                if g is None or g == src.gender:
                    return self.canonical(e.name, pos)
            return None
        if src.kind == "role":
            pool = [e for e in cands if e.org == src.org]
            for e in pool:  # an entity introduced with this very role wins
                if src.role in e.roles:
                    return self.canonical(e.name, pos)
            for e in pool:
                if e.spoke and (src.gender is None or (e.gender or src.gender) == src.gender):
                    return self.canonical(e.name, pos)
        return None


# --------------------------------------------------------------------------- attribution

@dataclass
class _Attribution:
    source: _Source | None
    cue: str | None
    cue_pos: int
    position: str  # "after" | "before" | "sentence" | "continued"


_SPEAKER_WINDOW = 90
_ABBR_WORDS = ("Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Capt", "Sgt", "Jr", "Sr", "St",
               "Prof", "Rev", "Adm", "Maj", "Cmdr", "Amb", "Atty", "Supt", "Insp")
# A dot inside a name ("Dennis B. Ross", "Army Capt. Christian Pardo") does not end the phrase.
_NAME_DOT = "|".join([r"(?<=\b[A-Z])\."] + [rf"(?<=\b{w})\." for w in _ABBR_WORDS])
_NP_CHARS = rf"(?:[^.,;:!?“”\"«»()]|{_NAME_DOT})"
_AFTER_CUE_FIRST = re.compile(
    r"^\s*(?:[,—–-]\s*){0,2}(?P<cue>" + _AFTER_CUE_RE.pattern + rf")\s+(?P<np>{_NP_CHARS}{{1,90}})")
_AFTER_NP_FIRST = re.compile(
    r"^\s*(?:[,—–-]\s*){0,2}(?P<np>(?:[^.!?;:“”\"«»]|" + _NAME_DOT + r"){1,90}?)\s+" + _AUX
    + r"(?P<cue>" + _AFTER_CUE_RE.pattern + r")(?=[\s.,:;!?—]|$)")


def _after(text: str, seg_end_mark: int, limit: int) -> _Attribution | None:
    """Attribution right after the closing mark: '…,” Rogozin said' / '…,” said Rogozin'."""
    window = text[seg_end_mark:min(limit, seg_end_mark + _SPEAKER_WINDOW + 40)]
    if text[seg_end_mark - 1:seg_end_mark] in "“«":  # German closing marks: '„…“, so Merkel'
        m = re.match(r"\s*,\s*(?P<cue>so)\s+(?P<np>" + _NP_CHARS + "{1,60})", window)
        if m:
            src = _parse_source(text, seg_end_mark + m.start("np"), seg_end_mark + m.end("np"))
            if src is not None and src.kind == "name":
                return _Attribution(src, "so", seg_end_mark + m.start("cue"), "after")
    m = _AFTER_CUE_FIRST.match(window)
    if m:
        np = m.group("np")
        # "said Trump, the nominee" / "said the former senator on Tuesday"
        np = re.split(r"\s+(?:on|in|at|during|after|before|last|this|when|while|to|of|from|who|as|about|"
                      r"am|im|bei|auf|gegenüber|vor|nach|während|der|des|lors|devant|à|en|durante|ante|в|на|во)\s",
                      " " + np + " ")[0].strip()
        if m.group("cue").lower().startswith("according"):
            np = m.group("np").strip()
        a = seg_end_mark + m.start("np")
        src = _parse_source(text, a, a + len(np))
        if src is None or src.kind != "name":
            # "said former secretary of state Hillary Clinton, who …": the preposition was inside the role
            whole = re.match(r"[^,]*", m.group("np")).group().rstrip()
            if len(whole) > len(np):
                full = _parse_source(text, a, a + len(whole))
                if full is not None and full.kind == "name" and not full.org:
                    src, np = full, whole
        if src is None or src.kind in ("generic", "role"):
            # "said another Twitter user, Johanna Bayer": the name in apposition is the speaker
            nm = re.match(r",\s+(?P<name>(?:[A-ZА-ЯЁ][\w’'\-]*\.?\s*){1,4})(?=[.,;]|\s+(?:of|from|at|who|whose)\b|$)",
                          text[a + len(np):limit])
            if nm:
                b = a + len(np) + nm.end("name")
                named = _parse_source(text, a + len(np) + nm.start("name"), b)
                if named is not None and named.kind == "name":
                    src = named
        if src is not None:
            return _Attribution(src, m.group("cue"), seg_end_mark + m.start("cue"), "after")
    # 'X said' after the quote needs the usual punctuation: ',” X said' or '?” X asked' or
    # a complete sentence followed by a short 'X said.'; otherwise 'until X said' is another clause.
    inner_end = text[max(0, seg_end_mark - 3):seg_end_mark]
    joined = bool(re.search(r"[,?!—–-]\W*$", inner_end)) or bool(re.match(r"\s*[,—–]", window))
    m = _AFTER_NP_FIRST.match(window)
    if m:
        np = m.group("np")
        short = len(np.split()) <= 3 and bool(re.search(r"[.]\W*$", inner_end))
        rest = text[seg_end_mark + m.end("cue"):limit]
        # '“We are refugees.” Mr. Zahed said: “The attack …”' introduces the next quote
        intro_next = not joined and limit < len(text) and text[limit] in _QUOTE_CHARS \
            and re.fullmatch(r"[^.!?]{0,60}?[:,]?\s*", rest) is not None
        # '"…." He said that since then …': a new sentence with its own reported clause is a new statement
        own_clause = not joined and re.match(r"\s+(?:that|how|whether|if|he|she|they|it|there|we|I)\b", rest)
        if (joined or short) and not intro_next and not own_clause and len(np.split()) <= 12 and "“" not in np:
            a = seg_end_mark + m.start("np")
            src = _parse_source(text, a, a + len(np))
            if src is not None:
                return _Attribution(src, m.group("cue"), seg_end_mark + m.start("cue"), "after")
    if joined:
        # '"Go back to Univision," Trump barked': after ',"' a short name and any past-tense verb
        # attribute the quote even when the verb is not in the cue list.
        m = _AFTER_ANY_VERB.match(window)
        if m:
            src = _parse_source(text, seg_end_mark + m.start("np"), seg_end_mark + m.end("np"))
            if src is not None and src.kind in ("name", "pronoun", "role"):
                return _Attribution(src, m.group("cue"), seg_end_mark + m.start("cue"), "after")
        # '…,” Trump, the 2016 GOP presidential frontrunner and …, said' (a long apposition)
        long_window = text[seg_end_mark:min(limit, seg_end_mark + 400)]
        m = _AFTER_APPOSITION.match(long_window)
        if m:
            src = _parse_source(text, seg_end_mark + m.start("np"), seg_end_mark + m.end("np"))
            if src is not None and src.kind == "name":
                return _Attribution(src, m.group("cue"), seg_end_mark + m.start("cue"), "after")
    return None


_PAST_VERB = r"(?-i:[a-z]{3,}ed)"
_AFTER_ANY_VERB = re.compile(
    r"^\s*(?:[,—–-]\s*)?(?:(?P<np>(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.\s+)?(?:[A-Z][\w’'\-]*\s+){0,3}[A-Z][\w’'\-]*|"
    r"[Hh]e|[Ss]he|the\s+[a-z]+)\s+(?P<cue>" + _PAST_VERB + r"))(?=[\s.,;:]|$)")
_AFTER_APPOSITION = re.compile(
    r"\s*(?:[,—–-]\s*){0,2}(?P<np>" + _NP_CHARS + r"{1,60}),(?:[^.;!?“”\"]|" + _NAME_DOT + r"){1,300}?,?\s+" + _AUX
    + r"(?P<cue>" + _CUE_RE.pattern + r")(?=[\s.,:;!?—]|$)")


_DASH_NAME = re.compile(r"\s*[—–-]{1,2}\s*(?P<np>(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.\s+)?[A-ZА-ЯЁ][\w’'\-]*"
                        r"(?:\s+[A-ZА-ЯЁ][\w’'\-]*\.?){0,3})\s*(?=[,(;.]|$)")


def _after_dash(text: str, close_mark: int, limit: int) -> _Attribution | None:
    """'"We will build it." — Dmitry Rogozin, Roscosmos': a standalone quotation signed with a dash."""
    m = _DASH_NAME.match(text[close_mark:limit])
    if m is None:
        return None
    src = _parse_source(text, close_mark + m.start("np"), close_mark + m.end("np"))
    return _Attribution(src, None, src.start, "after") if src is not None and src.kind == "name" else None


_CJK_PRONOUNS = {"他": "m", "她": "f", "彼": "m", "彼女": "f"}
_CJK_TITLES = re.compile(r"(?:氏|さん|首相|大統領|長官|報道官|外相|総裁|主席|总统|主席|部长|发言人|先生|女士)$")
_JA_TOPIC = re.compile(r"(?P<np>[^\s、。，,「」『』]{1,12}?)(?:氏|さん|首相|大統領|長官|報道官|外相|総裁)?(?:は|が)\s*$")


def _cjk_source(text: str, a: int, b: int) -> _Source | None:
    """A CJK speaker phrase: a pronoun, or a short name (2-4 characters, a title suffix dropped)."""
    np = text[a:b]
    if np in _CJK_PRONOUNS:
        return _Source("pronoun", None, a, b, gender=_CJK_PRONOUNS[np])
    bare = _CJK_TITLES.sub("", np)
    if 2 <= len(bare) <= 4 and all(_CJK.match(ch) for ch in bare) and bare not in ("我们", "他们", "她们"):
        return _Source("name", bare, a, a + len(bare))
    return _Source("generic", None, a, b) if np else None


def _after_cjk(text: str, open_mark: int, close_mark: int) -> _Attribution | None:
    """'「…」他说', '「…」王毅说', '岸田首相は「…」と述べた'."""
    m = _CJK_CUE.match(text, close_mark) if _CJK.search(text[close_mark:close_mark + 3]) else None
    if m is None:
        return None
    src = _cjk_source(text, m.start("np"), m.end("np"))
    if (src is None or src.kind == "generic") and m.group("cue").startswith("と"):
        topic = _JA_TOPIC.search(text, max(0, open_mark - 16), open_mark)
        if topic is not None:
            src = _cjk_source(text, topic.start("np"), topic.end("np"))
    if src is None:
        src = _Source("generic", None, m.start("np"), m.end("np"))
    return _Attribution(src, m.group("cue"), m.start("cue"), "after")


_BEFORE_TAIL = re.compile(
    r"^(?:\s+(?:on|in|at|to|during|via|with|from|after|before|last|this|earlier|later|late|early|"
    r"an?|the|his|her|their|its|our|reporters|journalists|supporters|listeners|viewers|audience|"
    r"crowd|statement|interview|speech|post|tweet|twitter|facebook|news|conference|briefing|release|"
    r"email|e-mail|letter|message|video|rally|campaign|television|radio|tv|show|program|programme|"
    r"morning|afternoon|evening|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"week|month|year|day|time|recent|recently|then|also|simply|bluntly|flatly|firmly|[A-Z][\w’'\-.]*|"
    r"[\w’'\-]+ly)){0,10}\s*[:,—–-]?\s*$")


def _before(text: str, sent_start: int, open_mark: int) -> tuple[_Attribution, bool] | None:
    """Attribution before the opening mark in the same sentence; bool = introduces the quote directly."""
    left = text[sent_start:open_mark]
    best = None
    for m in _CUE_RE.finditer(left):
        best = m
    stripped = left.rstrip()
    # dash or colon introduction without a verb: "Putin — "…"", "Rogozin: "…""
    if best is None:
        dm = re.search(r"(?P<np>[^,.;:!?—–\"“”]{2,80}?)\s*(?:—|–|-{1,2}|:)\s*$", left)
        if dm and dm.start("np") <= 2 + len(left) - len(left.lstrip()):
            src = _parse_source(text, sent_start + dm.start("np"), sent_start + dm.end("np"))
            if src is not None and src.kind == "name":
                return _Attribution(src, None, sent_start + dm.end("np"), "before"), True
        if stripped.endswith(","):
            # 'Clinton emphatically proclaimed at a press conference, "…"': a clause whose subject is a
            # name, then a comma and the quote, reports that person's words.
            comma = sent_start + len(stripped) - 1
            src = _sentence_subject(text, sent_start, comma)
            if src is not None and src.kind == "name" and _HAS_VERB.search(text[src.end:comma]):
                return _Attribution(src, None, comma, "before"), True
        if stripped.endswith(":"):
            # 'Cruz called them on it: "…"': the subject of the clause before the colon speaks;
            # '… TURNOUT - Michael P. McDonald: "…"' names the speaker right before the colon.
            colon = sent_start + len(stripped) - 1
            clause = max(text.rfind(c, sent_start, colon) for c in ",;—–(")
            dash = re.search(r"(?:^|\s)[—–-]+\s+(?P<np>[^—–:]{2,60})$", text[sent_start:colon])
            src = None
            if dash:
                src = _parse_source(text, sent_start + dash.start("np"), colon)
                src = src if src is not None and src.kind == "name" else None
            if src is None:
                src = _sentence_subject(text, max(sent_start, clause + 1), colon)
            if src is not None:
                return _Attribution(src, None, colon, "before"), True
        return None
    cue = best.group()
    tail = left[best.end():]
    direct = bool(_BEFORE_TAIL.match(tail)) and (stripped.endswith((":", ",", "—", "–")) or not tail.strip()
                                                  or len(tail.split()) <= 4)
    if cue.lower().startswith(("according", "по словам")):
        np_m = re.match(r"\s*(?P<np>[^,:;.!?“”\"]{1,80})", tail)
        if not np_m:
            return None
        src = _parse_source(text, sent_start + best.end() + np_m.start("np"),
                            sent_start + best.end() + np_m.end("np"))
        direct = tail.rstrip().endswith(",") and len(tail.split()) <= 8
        return (_Attribution(src, cue, sent_start + best.start(), "before"), direct) if src else None
    head = left[:best.start()]
    src = _subject_before(text, sent_start, sent_start + best.start(), head)
    if src is None:
        # verb-first: 'Said Rogozin: "…"', 'as the minister put it: "…"'
        np_m = re.match(r"\s*(?P<np>[^,:;.!?“”\"]{1,60})", tail)
        if np_m and not head.strip():
            src = _parse_source(text, sent_start + best.end() + np_m.start("np"),
                                sent_start + best.end() + np_m.end("np"))
        if src is None:
            src = _sentence_subject(text, sent_start, sent_start + best.start())
        if src is None and cue.lower().endswith("ing") and head.rstrip().endswith(","):
            # '"…," said Skelly, explaining …: "…"': the participle continues the earlier attribution
            close = max(head.rfind(c) for c in "”\"'»")
            if close >= 0:
                earlier = _after(text, sent_start + close + 1, sent_start + best.start())
                if earlier is not None and earlier.source is not None and earlier.source.kind == "name":
                    src = earlier.source
        if src is None:
            return None
    return _Attribution(src, cue, sent_start + best.start(), "before"), direct


# Places that follow a comma after a home town ("Stacy Baker of Columbia, South Carolina, says"):
# never the speaker in that position.
_PLACES = frozenset(p.replace("_", " ") for p in """
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho
illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada new_hampshire new_jersey new_mexico new_york north_carolina
north_dakota ohio oklahoma oregon pennsylvania rhode_island south_carolina south_dakota tennessee texas
utah vermont virginia washington west_virginia wisconsin wyoming d.c. dc calif. fla. ariz. mich. mass.
va. pa. ga. tenn. ky. wash. ore. conn. ill. ind. kan. md. minn. miss. mo. okla. wis. colo. n.y. n.j.
n.c. s.c. n.h. england scotland wales ireland britain france germany italy spain russia china japan
india canada mexico israel iran iraq syria ukraine poland turkey egypt brazil australia
""".split())
_PARTY_STATE = re.compile(r"[RDI]-[A-Z][\w.]*")
# Time and occasion phrases between a speaker and the cue ("who Beck on Wednesday called").
_TRAILING_ADVERBIAL = re.compile(
    r"\s+(?:(?:on|last|this|early|late|earlier|later)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|week|month|year|night|morning|afternoon|evening|weekend)|in\s+(?:an?|the|his|her|their)\s+"
    r"(?:statement|interview|speech|email|e-mail|letter|tweet|post|op-ed)|on\s+(?:Twitter|Facebook))$")
# A relative clause whose subject speaks: "what Sroka called", "a country that Mitt Romney called".
_RELATIVE_SUBJECT = re.compile(r"(?:^|\s)(?:who|whom|which|that|what|as)\s+(?P<np>[^\s].*)$", re.S)


def _subject_before(text: str, floor: int, cue_start: int, head: str) -> _Source | None:
    """The speaker phrase ending just before a cue verb: the last clause of head."""
    m = _AUX_END.search(head)
    end = floor + (m.start() if m else len(head))
    end = _rstrip(text, floor, end)
    adv = _TRAILING_ADVERBIAL.search(text, floor, end)
    if adv is not None and adv.end() == end:
        end = adv.start()
        m = _AUX_END.search(text[floor:end])  # "Trump has in a statement repeatedly said"
        end = _rstrip(text, floor, floor + m.start() if m else end)
    paren = re.search(r"\s*\([^()]{0,40}\)$", text[floor:end])
    if paren:  # "Rep. Paul Ryan (R-WI) said"
        end = floor + paren.start()
    if end <= floor:
        return None
    # Walk back over at most 30 words, stopping at a clause boundary (not at "Dennis B." or "Sen.").
    k, words = end, 0
    while k > floor and words < 30:
        ch = text[k - 1]
        if ch == ")":
            op = text.rfind("(", max(floor, k - 25), k)
            if op > floor and "," in text[max(floor, k - 3):k + 2]:
                k = op  # "Rep. Elijah Cummings (D-Md.), chair of …," : step over the party tag
                continue
        if ch in ";:!?“”\"«»()" or text[k - 2:k] == "''" or (
                ch == "." and not _ABBREV.search(text[max(floor, k - 12):k - 1])
                and not re.search(r"\b[A-Z]$", text[max(floor, k - 3):k - 1])):
            break
        if ch.isspace():
            words += 1
        k -= 1
    phrase = text[k:end]
    # party tags "(D-Md.)" are blanked (same length, so offsets hold) and never split or end a part
    masked = re.sub(r"\([^()]{0,25}\)", lambda m: " " * len(m.group()), phrase)
    parts = [p for p in re.finditer(r"[^,]+", masked) if p.group().strip()]
    if not parts:
        return None
    if len(parts) >= 2 and (parts[-1].group().strip().lower() in _PLACES or _PARTY_STATE.fullmatch(
            parts[-1].group().strip())) and re.search(r"[A-Z][\w.’'\-]*$", parts[-2].group().rstrip()):
        # "Stacy Baker of Columbia, South Carolina": the state is part of the town; "McConnell, R-Ky."
        parts = parts[:-1]
    agent = re.search(r"\bby\s+(?P<np>[^,;:]{2,80})$", phrase)
    if agent is not None and not head.rstrip().endswith(",") and " and " not in agent.group("np") \
            and re.match(r"\w+ing\b", text[cue_start:cue_start + 20]):
        # "announced by Roscosmos chief Dimitry Rogozin saying:": the passive agent speaks
        src = _parse_source(text, k + agent.start("np"), k + agent.end("np"))
        if src is not None and src.kind == "name":
            return src
    last = parts[-1]
    prev_words = parts[-2].group().split() if len(parts) >= 2 else []
    # "…, the Vatican's official newspaper, L'Osservatore Romano, said": the name is in apposition to a
    # non-person noun, so the speaker comes earlier; after an adverbial ("after winning Ohio in the primary,
    # Gov. John Kasich said") or a person role ("her adviser, Jake Sullivan, said") the last name speaks.
    apposed = bool(prev_words) and prev_words[-1].islower() and prev_words[-1] not in _PERSON_ROLES \
        and prev_words[-1] not in TITLE_WORDS and prev_words[0].lower() not in _NOT_SUBJECT_START \
        and prev_words[0].lower() not in _SUBORDINATORS
    if len(parts) >= 2 and not apposed and _is_np_chunk(last.group()) and not any(
            w.lower() in PREPOSITIONS for w in last.group().split()):
        src = _clause_source(text, k + last.start(), k + last.end())
        if src is not None and src.kind == "name" and not src.org:
            return src  # "her senior policy adviser, Jake Sullivan, said"; "…, Gov. John Kasich (R-OH), said"
    # "Michael Seaman, who lives outside Sacramento, said" / "Rogozin, the head of Roscosmos, said":
    # the name before the first apposition or relative clause speaks.
    for i in range(1, len(parts)):
        if _APPOSITION_START.match(parts[i].group().lstrip()) or _is_role_chunk(parts[i].group()):
            pa_, pb_ = k + parts[i - 1].start(), k + parts[i - 1].end()
            name_src = _clause_source(text, pa_, pb_) if _is_np_chunk(parts[i - 1].group()) else None
            if name_src is None or name_src.kind not in ("name", "pronoun"):
                # "On Tuesday Rogozin, the head of Roscosmos," (not "In a statement to the Observer,")
                tail = re.search(r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.\s+)?(?:[A-ZА-ЯЁ][\w’'\-]*\.?\s*){1,4}$",
                                 text[pa_:pb_].rstrip())
                before_tail = text[pa_:pa_ + tail.start()].split()[-1:] if tail else []
                relative = re.match(r"\s*(?:who|whose)\s+[a-z]", parts[i].group()) is not None
                if tail and (relative or not (before_tail and before_tail[0][:1].islower())):
                    name_src = _parse_source(text, pa_ + tail.start(), pa_ + tail.end())
            if name_src is not None and name_src.kind in ("name", "pronoun"):
                return name_src
            if not _is_role_chunk(parts[i].group()):
                break
    rel = _RELATIVE_SUBJECT.search(last.group())
    if rel is not None and len(rel.group("np").split()) <= 6:
        src = _parse_source(text, k + last.start() + rel.start("np"), k + last.end())
        if src is not None and src.kind in ("name", "pronoun", "role"):
            return src
    first_word = _LEADING_ADVERBIAL.sub("", last.group().strip()).split(" ", 1)[0]
    if len(last.group().split()) > 12 or (first_word[:1].islower() and first_word.lower() not in (
            "the", "a", "an", "this", "that", "he", "she", "they", "we", "i", "one", "another", "his", "her",
            "their", "its", "our", "some", "many", "several", "two", "three", "both", "other", "most",
            "officials", "sources", "aides", "experts", "analysts", "critics") and first_word not in _RU_PRONOUNS
            and not _looks_like_generic(first_word)):
        return None
    # "In an interview with CNN, Trump" -> "Trump"
    return _clause_source(text, k + last.start(), k + last.end())


_NP_FUNCTION_WORDS = frozenset("the a an of and his her their its our this that former then late".split())


def _is_role_chunk(chunk: str) -> bool:
    """'Color of Change's executive director': a description ending in a role noun (an apposition)."""
    words = chunk.split()
    return len(words) >= 2 and words[-1].islower() and (words[-1] in _PERSON_ROLES or words[-1] in TITLE_WORDS)


def _is_np_chunk(chunk: str) -> bool:
    """A chunk made only of a noun phrase (capitalised words, titles, roles), not a clause."""
    words = _LEADING_ADVERBIAL.sub("", chunk.strip()).split()
    if not words or len(words) > 8:
        return False
    for w in words:
        bare = w.strip(".’'\"“”()").lower()
        if not bare:
            continue
        if w[0].isupper() or bare in _NP_FUNCTION_WORDS or bare in TITLE_WORDS or bare in _PERSON_ROLES \
                or bare in _ORG_ROLES or re.fullmatch(r"[\w-]+(?:['’]s)?", bare) and bare.endswith(("’s", "'s")):
            continue
        if bare in ("senior", "chief", "top", "longtime", "national", "political", "policy", "campaign",
                    "communications", "press", "deputy", "general", "state", "foreign", "defense", "white",
                    "house", "news", "vice", "presidential", "economic", "security"):
            continue
        return False
    return True


def _looks_like_generic(word: str) -> bool:
    w = word.lower().strip(".,’'")
    return w in _GENERIC_HEADS or w in _PERSON_ROLES or w in _ORG_ROLES or bool(_CYRILLIC_WORD.match(word))


_CYRILLIC_WORD = re.compile(r"[а-яё]")


_APPOSITION_START = re.compile(
    r"(?:who|whose|which|a|an|the|one|now|then|himself|herself|both|also|[a-z][\w-]*(?:\s|$)|\d|"
    r"[A-Z][\w-]*['’]s\s+[a-z])", re.S)


_NOT_SUBJECT_START = frozenset("""
in on at during after before since until for from with without by about over under into onto
later earlier hours minutes days weeks months years last next this that then when while as if
asked speaking writing according despite amid like unlike following
""".split())
_LEADING_CAPS = re.compile(
    r"(?:(?:[A-ZА-ЯЁ][\w’'\-]*\.?|of|the|de|van|von|al|" + "|".join(sorted(
        w for w in TITLE_WORDS if w.isascii() and w.isalpha())) + r")\s+){0,6}[A-ZА-ЯЁ][\w’'\-]*")


_HAS_VERB = re.compile(r"^\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|s)\b")


def _sentence_subject(text: str, a: int, b: int) -> _Source | None:
    """The grammatical subject at the start of the main clause of text[a:b], if a name or pronoun.

    Used for participle cues ('Carson shared a syllabus, writing "…"'): the subject speaks.
    """
    chunks = list(re.finditer(r"[^,;]+", text[a:b]))
    for ci, m in enumerate(chunks):
        part = m.group()
        words = part.split()
        raw_first = words[0].lower().strip(".,’'") if words else ""
        if ci < len(chunks) - 1 and (raw_first in _SUBORDINATORS or raw_first == "asked" or (
                raw_first.endswith(("ly", "ing")) and len(words) > 1 and words[1][:1].islower())):
            continue  # "As Blumenthal spoke, the NRA …", "Immediately after the attacks, Trump …"
        stripped = _LEADING_ADVERBIAL.sub("", part.lstrip())
        if not stripped:
            continue
        first = stripped.split()[0].lower().strip(".,’'")
        if first in _NOT_SUBJECT_START or first.isdigit():
            continue
        start = a + m.start() + (len(part) - len(stripped))
        if first in _PRONOUNS or first in _RU_PRONOUNS:
            return _Source("pronoun", None, start, start + len(first),
                           gender=_PRONOUNS.get(first) or _RU_PRONOUNS.get(first))
        cm = _LEADING_CAPS.match(text, start, b)
        if cm is None:
            return None
        if " " not in cm.group() and (not re.search(r"[a-z,]\s+" + re.escape(cm.group()) + r"\b", text)
                                      or re.search(r"\b" + re.escape(cm.group().lower()) + r"\b", text)):
            if ci < len(chunks) - 1 and ci == 0 and len(stripped.split()) <= 4:
                continue  # "Back in 1999, Mr. Trump …": a short leading adverbial, the subject follows
            return None  # "Likewise", "Much": a capitalised first word, not a known name
        src = _parse_source(text, cm.start(), cm.end())
        return src if src is not None and src.kind in ("name", "pronoun") else None
    return None


_SUBORDINATORS = frozenset("as when while after before because since if though although once until unless "
                          "where whereas whether".split())
_LEADING_ADVERBIAL = re.compile(
    r"^(?:(?:and|but|so|yet|then|still|however|also|meanwhile|instead|later|now|earlier|today|"
    r"yesterday|here|there|when|as|while|after|before|because|since|if|though|although|where)\s+)+",
    re.I)


def _clause_source(text: str, a: int, b: int) -> _Source | None:
    """Source from a clause chunk, after dropping leading connectives ("But", "Later")."""
    seg = text[a:b]
    lead = len(seg) - len(seg.lstrip())
    sub = _LEADING_ADVERBIAL.sub("", seg.strip())
    if not sub:
        return None
    off = text.find(sub, a + lead, b)
    if off < 0:
        return None
    return _parse_source(text, off, off + len(sub))


def _in_sentence(text: str, sent_start: int, sent_end: int, seg: _Segment) -> _Attribution | None:
    """A cue anywhere else in the sentence: mixed quotes ('Rogozin said the base would be "…"')."""
    left = text[sent_start:seg.open_mark]
    cues = list(_ANY_CUE_RE.finditer(left))
    for m in reversed(cues):
        src = _subject_before(text, sent_start, sent_start + m.start(), left[:m.start()])
        if src is not None:
            return _Attribution(src, m.group(), sent_start + m.start(), "sentence")
    if cues:
        src = _sentence_subject(text, sent_start, sent_start + cues[-1].start())
        if src is not None:
            return _Attribution(src, cues[-1].group(), sent_start + cues[-1].start(), "sentence")
    right = text[seg.close_mark:sent_end]
    for m in _CUE_RE.finditer(right):
        head = right[:m.start()]
        cpos = seg.close_mark + m.start()
        src = _subject_before(text, seg.close_mark, cpos, head)
        if src is None and head.rstrip().endswith(","):
            # '"…,'' like the recent volatility of markets, said Richard Curtin'
            np = re.match(rf"\s+(?P<np>{_NP_CHARS}{{1,80}})", right[m.end():])
            if np:
                src = _parse_source(text, cpos + len(m.group()) + np.start("np"), cpos + len(m.group()) + np.end("np"))
                src = src if src is not None and src.kind == "name" else None
        if src is not None:
            return _Attribution(src, m.group(), cpos, "sentence")
    return None


_END_MARK = re.compile(r"[.!?](?=\s|$)|[。！？]")


def _sentence_end(text: str, pos: int, limit: int, quoted: list[tuple[int, int]]) -> int:
    for m in _END_MARK.finditer(text, pos, limit):
        k = m.start()
        if not _inside(quoted, k) and (text[k] != "." or _full_stop(text, k)):
            return k + 1
    return limit


# --------------------------------------------------------------------------- filters

_TITLE_CONTEXT = re.compile(
    r"\b(?:book|novel|film|movie|song|album|show|series|episode|play|musical|poem|article|essay|op-ed|"
    r"column|headline|titled|entitled|slogan|hashtag|program|programme|documentary|memoir|report|"
    r"campaign|ad|advert|chant|chants|sign|signs|banner|shirt|hat|caps?|motto|theme|book,)\s*[,:]?\s*$",
    re.I)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_CJK_CUE = re.compile(r"\s*[，,]?\s*(?P<np>[^\s，。,.]{0,12}?)(?P<cue>说|表示|指出|称|道|と述べた|と語った|と話した|と説明した|"
                      r"と強調した|と明らかにした)")


def _word_count(s: str) -> int:
    """Words; in Chinese/Japanese/Korean script, two characters count as one word."""
    cjk = len(_CJK.findall(s))
    return len(_WORD_RE.findall(_CJK.sub(" ", s))) + (cjk + 1) // 2 if cjk else len(_WORD_RE.findall(s))


_TITLE_SMALL_WORDS = frozenset("the and for nor but with from into onto upon off out via per".split())


def _is_title_like(inner: str) -> bool:
    """Title Case or ALL CAPS words: a title of a work, a slogan or a headline, not transcribed speech."""
    words = _WORD_RE.findall(inner)
    # short lower-case words count ("a big fan" is not Title Case); title-case articles do not
    content = [w for w in words if len(w) >= 3 and not w.isdigit() and w.lower() not in _TITLE_SMALL_WORDS]
    if len(content) < 2 or len(words) > 16:
        return False
    caps = sum(1 for w in content if w[0].isupper())
    ratio = caps / len(content)
    if inner.rstrip()[-1:] in ".!?,":
        return ratio == 1.0  # a sentence full of names ("Donald Trump and Ted Cruz scare me.") is speech
    return ratio >= 0.75


# --------------------------------------------------------------------------- main entry

def extract_quotes(text: str) -> list[ExtractedQuote]:
    """Quotes in document order.

    A split quote ("We will," he said, "build it.") is returned as ONE quote: text joins the
    parts with a space ("We will, build it."), start is the start of the first part and end the
    end of the last part, so text[start:end] spans the attribution too. A quote running over
    several paragraphs (re-opened at each) joins its paragraphs with a newline likewise. For a
    simple quote text[start:end] == text. Indirect speech gives the reported clause (kind
    "indirect"). speaker is None when the text does not say who spoke.
    """
    if not text or not text.strip():
        return []
    doc = _Doc(text)
    resolver = _Resolver(text, doc.quoted)
    out = [_build(text, seg, attr, kind, resolver) for seg, attr, kind in _attribute_segments(doc, resolver)]
    out.extend(_indirect(text, doc.paras, doc.quoted, resolver, out))
    out.sort(key=lambda q: (q.start, q.end))
    return out


class _Doc:
    """A text with its quoted segments and paragraphs, shared by the attribution steps."""

    def __init__(self, text: str):
        self.text = text
        self.segments = _scan_segments(text)
        self.quoted = sorted((s.open_mark, s.close_mark) for s in self.segments)
        self.paras = _paragraphs(text)
        self._para_starts = [a for a, _ in self.paras]

    def para_of(self, pos: int) -> tuple[int, int, int]:
        """(index, start, end) of the paragraph holding pos."""
        i = max(0, bisect.bisect_right(self._para_starts, pos) - 1)
        return i, self.paras[i][0], self.paras[i][1]


@dataclass
class _Context:
    """Where a quoted segment sits: its paragraph(s), sentence and neighbours."""

    text: str = field(repr=False)
    seg: _Segment
    pi: int            # paragraph of the opening mark
    pa: int
    pb: int
    last_pi: int       # paragraph of the closing mark
    last_pb: int
    sent_start: int
    sent_end: int
    left: str          # text of the sentence before the opening mark
    nxt: _Segment | None
    after_limit: int   # where an attribution after the quote must end (the next quote or the paragraph end)

    @property
    def inner(self) -> str:
        """The quoted words, parts joined by a space."""
        return " ".join(self.text[a:b] for a, b in self.seg.parts)


def _context(doc: _Doc, idx: int) -> _Context:
    seg = doc.segments[idx]
    text = doc.text
    pi, pa, pb = doc.para_of(seg.open_mark)
    last_pi, _, last_pb = doc.para_of(seg.close_mark)
    sent_start = _sentence_start(text, seg.open_mark, pa, doc.quoted)
    sent_end = _sentence_end(text, seg.close_mark, last_pb, doc.quoted)
    nxt = doc.segments[idx + 1] if idx + 1 < len(doc.segments) else None
    after_limit = nxt.open_mark if nxt and nxt.open_mark < last_pb else last_pb
    return _Context(text, seg, pi, pa, pb, last_pi, last_pb, sent_start, sent_end, text[sent_start:seg.open_mark],
                    nxt, after_limit)


def _attribute_segments(doc: _Doc, resolver: _Resolver) -> list[tuple[_Segment, _Attribution | None, str]]:
    """Each kept quoted segment with its attribution and kind, in document order."""
    text = doc.text
    results: list[tuple[_Segment, _Attribution | None, str]] = []
    skip_next = False
    last_attr: tuple[int, _Attribution] | None = None  # (paragraph index, attribution of the last quote)
    for idx in range(len(doc.segments)):
        if skip_next:
            skip_next = False
            continue
        ctx = _context(doc, idx)
        attr, kind, starts_sentence = _local_attribution(text, ctx)
        if attr is not None and attr.position == "after":
            skip_next = _join_split_quote(text, ctx)
        inner = ctx.inner
        n_words = _word_count(inner)
        if attr is None:
            attr = _paragraph_attribution(doc, ctx, starts_sentence, n_words, last_attr)
        if not _keep(text, ctx.seg, inner, n_words, attr, kind, ctx.left):
            continue
        if attr is not None and attr.source is not None:
            resolver.add(attr.source, attr.source.start)
        results.append((ctx.seg, attr, kind))
        if attr is not None:
            last_attr = (ctx.last_pi, attr)
    return results


def _local_attribution(text: str, ctx: _Context) -> tuple[_Attribution | None, str, bool]:
    """Attribution within the quote's own sentence: (attribution, kind, quote starts its sentence).

    Tried in order: right after the closing mark, right before the opening mark, elsewhere in
    the sentence. kind is "direct" when the quote starts its sentence or is introduced directly
    ('Rogozin said: "…"'), else "mixed".
    """
    seg, left = ctx.seg, ctx.left
    attr = _after(text, seg.close_mark, ctx.after_limit) or _after_cjk(text, seg.open_mark, seg.close_mark)
    before = _before(text, ctx.sent_start, seg.open_mark) if attr is None or not left.strip() else None
    introduced = before is not None and before[1]
    starts_sentence = not left.strip() or introduced
    if attr is None and before is not None:
        attr = before[0]
    kind = "direct" if starts_sentence else "mixed"
    if attr is not None and attr.position == "after" and left.strip() and not introduced:
        kind = "mixed"
    if attr is not None and (attr.cue or "").startswith("と") and _JA_TOPIC.search(left):
        kind = "direct"  # '岸田首相は「…」と述べた': the topic before the quote is its speaker
    if attr is None and not left.strip():
        attr = _after_dash(text, seg.close_mark, ctx.after_limit)
    if attr is None:
        attr = _in_sentence(text, ctx.sent_start, ctx.sent_end, seg)
    if attr is None and left.strip():
        src = _sentence_subject(text, ctx.sent_start, seg.open_mark)
        if src is not None:
            attr = _Attribution(src, None, src.start, "subject")
    return attr, kind, starts_sentence


def _join_split_quote(text: str, ctx: _Context) -> bool:
    """'"We will," he said, "build it."': extend ctx.seg over the next segment; True when joined."""
    seg, nxt = ctx.seg, ctx.nxt
    if nxt is None or nxt.open_mark >= ctx.last_pb:
        return False
    inner = ctx.inner
    if not (inner.rstrip()[-1:] in (",", "—", "–", "…", "") or text[seg.close_mark:seg.close_mark + 1] == ","):
        return False
    between = text[seg.close_mark:nxt.open_mark]
    if not between.rstrip().endswith((",", "—", "–", ":")) or _word_count(between) > 14 or any(
            m.group() != "." or not _ABBREV.search(between[max(0, m.start() - 12):m.start()])
            for m in re.finditer(r"[.!?](?=\s)", between)):
        return False  # a full stop in between ends the sentence ("Mr." does not)
    ctx.seg = _Segment(seg.parts + nxt.parts, seg.open_mark, nxt.close_mark, nxt.closed)
    return True


def _paragraph_attribution(doc: _Doc, ctx: _Context, starts_sentence: bool, n_words: int,
                           last_attr: tuple[int, _Attribution] | None) -> _Attribution | None:
    """Attribution from around the quote's paragraph when its sentence names no speaker."""
    text, seg, pi = doc.text, ctx.seg, ctx.pi
    opens_para = pi > 0 and seg.open_mark == _lstrip(text, ctx.pa, ctx.pb)
    if opens_para:
        attr = _previous_paragraph_intro(text, doc.paras[pi - 1], doc.quoted)
        if attr is not None:
            return attr
    if ctx.last_pi + 1 < len(doc.paras) and not text[seg.close_mark:ctx.last_pb].strip(" .,;"):
        attr = _signature(text, doc.paras[ctx.last_pi + 1])
        if attr is not None:
            return attr
    if starts_sentence and not ctx.left.strip():
        # 'Sam Lau, the communications director, said in a statement. "There are …"'
        prev_end = _rstrip(text, ctx.pa, ctx.sent_start)
        if prev_end > ctx.pa:
            attr = _intro_sentence(text, _sentence_start(text, prev_end - 1, ctx.pa, doc.quoted), prev_end)
            if attr is not None:
                return attr
    if starts_sentence and last_attr is not None and last_attr[0] >= pi - 1 and n_words >= 4 \
            and (last_attr[0] == pi or _ends_sentence(text, seg, ctx.sent_end)):
        # journalism convention: an unattributed quote paragraph continues the previous speaker
        prev = last_attr[1]
        return _Attribution(prev.source, None, prev.cue_pos, "continued")
    if opens_para and n_words >= 4 and seg.open_mark == _lstrip(text, ctx.pa, ctx.pb):
        # a quote paragraph right after a paragraph about a named person (no quote in between)
        src = _last_sentence_subject(text, doc.paras[pi - 1], doc.quoted)
        if src is not None:
            return _Attribution(src, None, src.start, "continued")
    return None


def _lstrip(text: str, a: int, b: int) -> int:
    while a < b and text[a].isspace():
        a += 1
    return a


def _last_sentence_subject(text: str, para: tuple[int, int], quoted: list[tuple[int, int]]) -> _Source | None:
    """Named subject of the last sentence of a quote-free paragraph."""
    pa, pb = para
    if _inside(quoted, pb - 1) or re.search(r"[“”\"«»]", text[pa:pb]):
        return None
    end = _rstrip(text, pa, pb)
    start = _sentence_start(text, end - 1, pa, quoted)
    src = _sentence_subject(text, start, end)
    return src if src is not None and src.kind == "name" and not src.org else None


_SIGNATURE_DASH = re.compile(r"\s*[-—–]+\s*(?P<np>[^-—–,.;:()“”\"]{2,60}?)\s*(?:[,(][^“”\"]{0,120})?\.?\s*")
_SIGNATURE_NAME = re.compile(r"\s*(?P<np>(?:[A-Z][\w’'\-]*\.?\s+){1,3}[A-Z][\w’'\-]*)\s*(?:,[^“”\"]{0,100})?\.?\s*")


def _signature(text: str, para: tuple[int, int]) -> _Attribution | None:
    """A quote paragraph signed by the next paragraph: '- Bernie Sanders.' or 'Josh Bivens, Economic Policy
    Institute.' (the second form only with a known given name, so a heading is not taken for a speaker)."""
    pa, pb = para
    line = text[pa:pb]
    if len(line.split()) > 16:
        return None
    m = _SIGNATURE_DASH.fullmatch(line)
    if m is None:
        m = _SIGNATURE_NAME.fullmatch(line)
        if m is None or m.group("np").split()[0].lower() not in FIRST_NAME_GENDER:
            return None
    src = _parse_source(text, pa + m.start("np"), pa + m.end("np"))
    if src is None or src.kind != "name":
        return None
    return _Attribution(src, None, src.start, "after")


_INTRO_TAIL = re.compile(
    r"(?:\s+(?:in|on|at|to|during|via|with|from|an?|the|his|her|their|its|reporters|journalists|supporters|"
    r"statement|interview|speech|post|tweet|twitter|facebook|email|e-mail|letter|release|conference|"
    r"briefing|recently|later|earlier|also|then|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"[A-Z][\w’'\-.]*)){0,8}\s*[.:]$")


def _intro_sentence(text: str, a: int, b: int) -> _Attribution | None:
    """A sentence that only names a speaker ('Sam Lau said in a statement.') introduces the next quote."""
    sent = text[a:b]
    if not sent.rstrip().endswith((".", ":")) or any(c in sent for c in _QUOTE_CHARS) or len(sent) > 300:
        return None
    prev_char = text[max(0, a - 20):a].rstrip()[-1:]
    if prev_char and prev_char in _QUOTE_CHARS:
        return None  # '"…," Mr. Luntz said.' attributes the quote before it
    cue = None
    for cue in _CUE_RE.finditer(sent):
        pass
    if cue is None or cue.group().lower().startswith(("according", "по словам")) \
            or not _INTRO_TAIL.fullmatch(sent[cue.end():].rstrip()):
        return None
    src = _subject_before(text, a, a + cue.start(), sent[:cue.start()])
    if src is None or src.kind == "generic" or len(text[a:src.start].split()) > 5:
        return None  # 'The costs rise, he said.' reports the words before the cue, not the next quote
    return _Attribution(src, cue.group(), a + cue.start(), "before")


def _previous_paragraph_intro(text: str, para: tuple[int, int], quoted: list[tuple[int, int]]
                              ) -> _Attribution | None:
    """'Reporter Jomana Karadsheh says:' ending the paragraph before a quote paragraph."""
    pa, pb = para
    end = _rstrip(text, pa, pb)
    if text[end - 1:end] == ".":
        return _intro_sentence(text, _sentence_start(text, end - 1, pa, quoted), end)
    if text[end - 1:end] != ":":
        return None
    sent_start = _sentence_start(text, end, pa, quoted)
    found = _before(text, sent_start, end)
    if found is not None:
        return found[0]
    m = re.search(r"\bfrom\s+(?P<np>[^,:;.!?]{2,60}):$", text[sent_start:end])  # "More from Jones:"
    if m:
        src = _parse_source(text, sent_start + m.start("np"), sent_start + m.end("np"))
        if src is not None and src.kind == "name":
            return _Attribution(src, None, sent_start + m.start("np"), "before")
    return None


def _ends_sentence(text: str, seg: _Segment, sent_end: int) -> bool:
    inner_end = text[seg.parts[-1][0]:seg.parts[-1][1]].rstrip()
    return inner_end[-1:] in ".!?…" or not text[seg.close_mark:sent_end].strip(" .")


_MARKUP = re.compile(r"<[^>]*$|=\s*$")


def _keep(text: str, seg: _Segment, inner: str, n_words: int, attr: _Attribution | None,
          kind: str, left: str) -> bool:
    """Reject scare quotes, titles of works, markup, single words and short unattributed fragments."""
    if n_words <= 1:
        return False
    if _MARKUP.search(left) or re.search(r"[<>]|https?:|www\.", inner):
        return False  # an HTML attribute value or a link, not speech
    after = text[seg.close_mark:seg.close_mark + 6]
    if re.match(r"\s*,?\s*by\s", after) and n_words <= 25:
        return False  # '"Met accused of whitewashing," by Post's Kathianne Boniello': an article title
    if _is_title_like(inner):
        return False
    if _TITLE_CONTEXT.search(left) and n_words <= 8 and (attr is None or attr.position != "before"):
        return False
    if attr is not None:
        return True
    # Unattributed: quotations of four words or more are speech in news text far more often than
    # not (PolNeAR train: about 4 in 5); shorter ones are scare quotes or names.
    return n_words >= 4


def _build(text: str, seg: _Segment, attr: _Attribution | None, kind: str, resolver: _Resolver) -> ExtractedQuote:
    parts = [text[a:b] for a, b in seg.parts]
    joined = parts[0]
    for (pa, pb), (qa, qb) in zip(seg.parts, seg.parts[1:]):
        sep = "\n" if "\n" in text[pb:qa] else " "
        joined += sep + text[qa:qb]
    speaker = s_start = s_end = cue = None
    if attr is not None:
        cue = attr.cue
        src = attr.source
        if src is not None:
            s_start, s_end = src.start, src.end
            if src.kind == "name":
                speaker = src.name if src.org else resolver.canonical(src.name, src.start)
            elif src.kind in ("pronoun", "role"):
                speaker = resolver.resolve(src, src.start)
            if speaker is None:
                s_start = s_end = None
    return ExtractedQuote(joined, seg.start, seg.end, speaker, s_start, s_end, cue, kind)


# --------------------------------------------------------------------------- indirect speech

_INDIRECT_THAT = re.compile(
    r"(?P<cue>" + _CUE_RE.pattern + r")(?:\s+(?:reporters|journalists|[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*|"
    r"(?:the|a|an|his|her|their)\s+\w+(?:\s+\w+)?))?(?:\s+(?:on|in|last|this)\s+[\w\s]{1,25}?)?"
    r"\s+that\s+(?P<clause>.+)$", re.S)
# Without "that" the reported clause must open like a clause (a subject), not "argued for crew swaps".
_INDIRECT_BARE = re.compile(r"(?P<cue>said|says|told\s+\w+(?:\s+\w+)?|added|argued|claimed|warned|"
                            r"insisted|believes|thinks)\s+(?P<clause>(?:(?:he|she|they|it|we|I|you|there|the|a|an|"
                            r"this|these|those|his|her|their|its|our|no|some|all|many|most)\b|[A-Z]|\d).+)$", re.S)
_INDIRECT_AFTER = re.compile(r"^(?P<clause>.+?),\s+(?P<np>[^,]{2,80}?)\s+" + _AUX
                             + r"(?P<cue>said|says|added|argued|claimed|warned|insisted|noted|explained|"
                               r"wrote|told\s+\w+)(?:\s+[\w\s]{0,30})?\.$", re.S)


def _indirect(text: str, paras: list[tuple[int, int]], quoted: list[tuple[int, int]],
              resolver: _Resolver, direct: list[ExtractedQuote]) -> list[ExtractedQuote]:
    """Indirect speech from sentences without quote marks, in the reliable patterns only."""
    out: list[ExtractedQuote] = []
    for pa, pb in paras:
        k = pa
        while k < pb:
            e = _sentence_end(text, k, pb, quoted)
            sa = k + (len(text[k:e]) - len(text[k:e].lstrip()))
            k = e
            sent = text[sa:e]
            if not sent or any(c in sent for c in "“”\"«»„「」") or len(sent) > 600:
                continue
            q = _indirect_sentence(text, sa, e, resolver)
            if q is not None:
                out.append(q)
    return out


def _indirect_sentence(text: str, sa: int, se: int, resolver: _Resolver) -> ExtractedQuote | None:
    sent = text[sa:se]
    for m in _CUE_RE.finditer(sent):
        if m.group().lower().startswith(("according", "по словам")):
            rest = sent[m.end():]
            cm = re.match(r"\s*(?P<np>[^,]{2,80}),\s+(?P<clause>.{10,})$", rest, re.S)
            if cm:
                a = sa + m.end() + cm.start("np")
                src = _parse_source(text, a, sa + m.end() + cm.end("np"))
                ca = sa + m.end() + cm.start("clause")
                return _indirect_quote(text, ca, se, src, m.group(), resolver)
            if m.start() > 0 and sent[:m.start()].rstrip().endswith(","):
                np = rest.strip().rstrip(".")
                a = sa + m.end() + (len(rest) - len(rest.lstrip()))
                src = _parse_source(text, a, a + len(np))
                cend = sa + len(sent[:m.start()].rstrip()) - 1
                return _indirect_quote(text, sa, cend, src, m.group(), resolver)
            continue
        head = sent[:m.start()]
        src = _subject_before(text, sa, sa + m.start(), head)
        if src is None or src.kind == "generic" and not head.strip():
            continue
        tail = sent[m.start():]
        tm = _INDIRECT_THAT.match(tail) or _INDIRECT_BARE.match(tail)
        if tm:
            ca = sa + m.start() + tm.start("clause")
            return _indirect_quote(text, ca, se, src, m.group(), resolver)
    am = _INDIRECT_AFTER.match(sent)
    if am and _word_count(am.group("clause")) >= 4:
        src = _parse_source(text, sa + am.start("np"), sa + am.end("np"))
        if src is not None:
            return _indirect_quote(text, sa, sa + am.end("clause"), src, am.group("cue"), resolver)
    return None


def _indirect_quote(text: str, a: int, b: int, src: _Source | None, cue: str,
                    resolver: _Resolver) -> ExtractedQuote | None:
    clause = text[a:b]
    stripped = clause.rstrip(" .,;")
    b = a + len(stripped)
    lead = len(stripped) - len(stripped.lstrip())
    a += lead
    if _word_count(text[a:b]) < 4 or src is None:
        return None
    attr = _Attribution(src, cue, a, "indirect")
    q = _build(text, _Segment([(a, b)], a, b, True), attr, "indirect", resolver)
    return q
