"""Are two wordings the same statement? Relation, calibrated score and evidence.

Decision order (the first rule that applies wins):

1. **verbatim** – the normalised words are identical (quote marks, case, whitespace, ellipses,
   editorial brackets and [sic], hyphenation do not count), or differ by one typo-level edit
   (one word with a small spelling difference, or two words run together).  A changed number,
   negation or qualifier is never a typo.
2. **translation** – the texts are in different languages (`language_of`) and the multilingual
   vectors say they are the same (calibrated logistic model on the multilingual cosine).  Digits that
   disagree between the two languages veto a translation.
3. **fragment** – the shorter text (at least 5 words) sits contiguously in the longer one (or in
   pieces, one gap per ellipsis / editorial bracket in the shorter one), allowing a typo-level edit.
4. **altered** – the wordings are aligned closely (or one is a near-fragment of the other) but a
   number, a negation or a qualifier ("probably", "all", "may", ...) differs inside the aligned part.
   Design choice: ``same_statement=True`` with ``relation="altered"``, so a trace still finds the
   statement it was derived from, yet it is never called verbatim; callers that want only faithful
   reproductions must check ``relation != "altered"``.  A paraphrase (by the model) whose numbers
   disagree is reported as altered too.
5. **paraphrase** – otherwise a small logistic model over embedding and alignment features
   (parameters in ``match_model.json``, fitted by ``eval/calibrate_match.py``) gives the probability;
   at or above its threshold the pair is a paraphrase, below it ``same_statement=False`` and
   ``relation=None`` (same topic, another claim).

``score`` is the model's calibrated probability that the pair is the same statement.  Rules that are
certain override it: identical normalised words give 1.0; a typo-level verbatim or a fragment is
given at least ``RULE_FLOOR``.  For "altered" the score is the model probability computed as if the
critical difference were absent (how sure we are that it is the *same statement*, changed).

Only numpy and rapidfuzz are needed at run time; the embedding vectors come from the caller
(`compare_vectors`) or from an `Embedder` (`compare`, `compare_many`).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz

from provenance.normalize import Token, tokens

if TYPE_CHECKING:  # pragma: no cover
    from provenance.embed import Embedder

RELATIONS = ("verbatim", "fragment", "paraphrase", "translation", "altered")
MODEL_PATH = Path(__file__).with_name("match_model.json")
MIN_FRAGMENT_WORDS = 5
RULE_FLOOR = 0.95      # score floor for rule-certain verbatim (typo) and fragment decisions
ALTERED_MIN_ALIGN = 0.7  # share of the shorter text aligned word-for-word before a change counts as "altered"

# ---------------------------------------------------------------------------------------------------
# Data classes of the interface


@dataclass(frozen=True)
class Evidence:
    a_span: tuple[int, int]           # aligned char span in text a (offsets into the original a)
    b_span: tuple[int, int]           # aligned char span in text b
    diff: list[tuple[str, str]] = field(default_factory=list)  # ("equal"|"delete"|"insert", words)

    def to_dict(self) -> dict:
        return {"a_span": list(self.a_span), "b_span": list(self.b_span),
                "diff": [list(d) for d in self.diff]}


@dataclass(frozen=True)
class Features:
    """Everything the decision looks at, for one pair."""

    cos_en: float                 # English-model cosine
    cos_ml: float | None          # multilingual cosine (None when not computed)
    lang_a: str
    lang_b: str
    n_a: int                      # normalised word counts
    n_b: int
    ratio: float                  # rapidfuzz ratio / 100 on normalised text
    partial_ratio: float
    token_set_ratio: float
    token_sort_ratio: float
    seq_ratio: float              # difflib word-sequence ratio
    jaccard: float                # word-set Jaccard
    containment: float            # aligned words / words of the shorter text
    len_ratio: float              # min/max word count
    num_mismatch: float           # 1 if the numbers of a and b differ
    num_both: float               # 1 if both contain numbers
    neg_mismatch: float           # 1 if the negation counts differ
    hedge_mismatch: float         # 1 if qualifiers / modals / quantifiers differ
    content_jaccard: float        # Jaccard on non-stopword words
    content_containment: float    # share of the shorter text's content words found in the other
    bigram_f: float = 0.0         # Dice overlap of word bigrams
    trigram_f: float = 0.0        # Dice overlap of word trigrams
    unmatched_content: float = 0.0  # log(1 + content words found in only one of the two)
    name_jaccard: float = 1.0     # Jaccard of capitalised (name-like) words, 1 when neither has any
    len_diff: float = 0.0         # log(1 + |n_a - n_b|)

    @property
    def lang_mismatch(self) -> float:
        return float(self.lang_a != self.lang_b and "und" not in (self.lang_a, self.lang_b))

    def value(self, name: str) -> float:
        """A named feature (including derived ones) as a float, for the model."""
        if name == "lang_mismatch":
            return self.lang_mismatch
        if name == "log_len":
            return math.log1p(min(self.n_a, self.n_b))
        if name == "cos_en_sq":
            return self.cos_en * self.cos_en
        if name == "cos_ml_sq":
            return (self.cos_ml or 0.0) ** 2
        if name == "cos_x_tset":
            return self.cos_en * self.token_set_ratio
        v = getattr(self, name)
        return float(v) if v is not None else 0.0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["lang_mismatch"] = self.lang_mismatch
        return d


@dataclass(frozen=True)
class Comparison:
    same_statement: bool
    relation: str | None          # one of RELATIONS, or None when not the same statement
    score: float                  # calibrated probability that a and b are the same statement
    evidence: Evidence
    features: Features | None = None
    reason: str = ""

    def to_dict(self) -> dict:
        d: dict[str, Any] = {
            "same_statement": self.same_statement,
            "relation": self.relation,
            "score": round(float(self.score), 4),
            "evidence": self.evidence.to_dict(),
            "reason": self.reason,
        }
        if self.features is not None:
            d["features"] = self.features.to_dict()
        return d


# ---------------------------------------------------------------------------------------------------
# Language guess (script first, then stopwords for Latin-script languages)

_STOP = {
    "en": "the and of to in is that it was for on are with as be this have not you he we they i at by "
          "from but or an will would there what which their has had been were who can all do said said".split(),
    "de": "der die das und ist nicht ich sie er es ein eine zu den mit auf dem für von sich auch wie "
          "wir aber wenn noch nur man sind hat kein keine war wird werden doch oder als dass ihr".split(),
    "it": "il lo la le gli di che e è non un una per con del della sono si ma come anche più mi ci "
          "io tu noi voi loro questo quello nel alla dei delle se perché essere ha ho su cui quando dove "
          "stato tutto tutti molto ogni sempre ancora già gli chi".split(),
    "fr": "le la les et est ne pas je il elle nous vous une des du que qui dans pour sur au avec ce "
          "sont mais plus être fait ont leur cette".split(),
    "es": "el la los las y es no que de un una en por con para del se lo su al como más pero sus "
          "está son ser yo ha muy también fue".split(),
    "pt": "o a os as e é não que de um uma em por com para do da se no na mais mas como ao dos "
          "das foi são ser eu também".split(),
    "nl": "de het een en is niet ik je hij zij we van dat die in op te met voor zijn maar ook "
          "als er aan om dan wat".split(),
    "pl": "i w nie na się że to jest z do jak co ale za o od tak jego już czy być są".split(),
    "sv": "och att det som en på är av för med till den inte har de jag om ett men var".split(),
    "tr": "ve bir bu da de için ile ne çok ama gibi daha olarak değil ben sen".split(),
}
# Words that are also common English words ("die", "a", "also", "war", "man", "do") prove nothing.
_ENGLISH_COMMON = frozenset(_STOP["en"]) | frozenset(
    "a i o e die also war man hat was will see come son fare pass den am an as so no on in to top "
    "me mine more most here he she we be bed dan van per via pro con la le de del da do de die and "
    "or our us art bad fast gift rock bank name hand land arm alle are is it see sale come ha ah oh eu".split())
_STOPSETS = {k: frozenset(v) - (_ENGLISH_COMMON if k != "en" else frozenset()) for k, v in _STOP.items()}
_LETTER_HINTS = {"de": "äöüß", "it": "àèìòù", "fr": "çéèêëîïôûœ", "es": "ñ¿¡áéíóú", "pt": "ãõç",
                 "pl": "ąćęłńśźż", "tr": "ğışç", "sv": "åäö"}
_WORD_RE = re.compile(r"\w+")
_GERMAN_CLUSTERS = re.compile(r"sch|ung$|keit|lich|tz|ß|ie[rnt]|ei[nt]|[^s]ch[t]?$|^ge|en$")
_ENGLISH_CLUSTERS = re.compile(r"th|ing$|ed$|ly$|tion$|wh|ck|[^e]y$")


def _script_lang(text: str) -> str | None:
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if o < 0x250:
            key = "latin"
        elif 0x370 <= o < 0x400:
            key = "el"
        elif 0x400 <= o < 0x530:
            key = "cyr"
        elif 0x590 <= o < 0x600:
            key = "he"
        elif 0x600 <= o < 0x700 or 0x750 <= o < 0x780:
            key = "ar"
        elif 0x900 <= o < 0x980:
            key = "hi"
        elif 0xE00 <= o < 0xE80:
            key = "th"
        elif 0x3040 <= o < 0x3100:
            key = "ja"
        elif 0xAC00 <= o < 0xD7B0 or 0x1100 <= o < 0x1200:
            key = "ko"
        elif 0x4E00 <= o < 0xA000 or 0x3400 <= o < 0x4DC0:
            key = "han"
        else:
            key = "other"
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return "und"
    if counts.get("ja"):
        return "ja"  # kana anywhere: Japanese (which also uses Han characters)
    top = max(counts, key=counts.get)
    if top == "han":
        return "zh"
    if top == "cyr":
        low = text.lower()
        if any(c in low for c in "іїєґ"):
            return "uk"
        if any(c in low for c in "ўі") and "ы" not in low:
            return "be"
        return "ru"
    if top in ("latin", "other"):
        return None
    return top


@lru_cache(maxsize=4096)
def language_of(text: str) -> str:
    """Cheap ISO 639-1 guess, enough to tell that two texts are in different languages.

    Non-Latin scripts decide directly (Cyrillic -> ru/uk, Han -> zh, kana -> ja, Hangul -> ko, ...);
    Latin-script text is scored by common function words of en/de/it/fr/es/pt/nl/pl/sv/tr and
    language-specific letters.  Latin text with no evidence at all is taken as English; text with no
    letters is "und"."""
    s = _script_lang(text)
    if s is not None:
        return s
    low = unicodedata.normalize("NFC", text).casefold()
    ws = _WORD_RE.findall(low)
    scores = {lang: 0.0 for lang in _STOPSETS}
    for w in ws:
        for lang, st in _STOPSETS.items():
            if w in st:
                scores[lang] += 1.0
    for lang, letters in _LETTER_HINTS.items():
        hits = sum(low.count(c) for c in letters)
        scores[lang] += 0.5 * min(hits, 4)
    long_ws = [w for w in ws if len(w) > 2 and w.isalpha()]
    if len(long_ws) >= 3:
        vowel_end = sum(w[-1] in "aeiouàèéìòù" for w in long_ws) / len(long_ws)
        germanic = sum(bool(_GERMAN_CLUSTERS.search(w)) for w in long_ws) / len(long_ws)
        english = sum(bool(_ENGLISH_CLUSTERS.search(w)) for w in long_ws) / len(long_ws)
        if vowel_end >= 0.7:
            scores["it"] += 1.5
            scores["es"] += 1.0
            scores["pt"] += 1.0
        if germanic >= 0.3:
            scores["de"] += 1.0
        scores["en"] += 3.0 * english
    best = max((k for k in scores if k != "en"), key=scores.get)
    # English unless another language has clear evidence: at least two points and more than English
    # (short foreign quotes such as "Dem Stärksten." still have a letter hint or a function word).
    need = 2.0 if len(ws) > 4 else 1.5
    if scores[best] >= need and scores[best] > scores["en"] * 1.2:
        return best
    return "en"


# ---------------------------------------------------------------------------------------------------
# Lexical helpers

_NEGATIONS = frozenset("not no never nobody nothing none neither nor cannot without nowhere t nt "
                       "kein keine keinen keiner nicht nie niemals non mai nessuno niente ne pas jamais "
                       "nunca nada nadie".split())
_HEDGES = frozenset("probably possibly perhaps maybe likely unlikely allegedly reportedly apparently "
                    "presumably supposedly almost nearly approximately roughly about around some all "
                    "every each most many few only always sometimes often rarely may might could must "
                    "should will would can shall definitely certainly".split())
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
                      "eighty": "80", "ninety": "90", "hundred": "100", "thousand": "1000",
                      "million": "1000000", "billion": "1000000000", "trillion": "1000000000000",
                      "dozen": "12", "half": "0.5", "first": "1st", "second": "2nd", "third": "3rd"})
_STOPWORDS_EN = frozenset(_STOP["en"]) | frozenset(
    "a an is are was were be been being has have had do does did its it's his her him she they them "
    "our us we you your i me my he this that these those there here of in on at to for from by with "
    "as and or but if so than then also just into over under about after before while when where "
    "which who whom whose what why how s t".split())


def _numbers(ws: list[str]) -> list[str]:
    out = []
    for w in ws:
        if any(c.isdigit() for c in w):
            out.append(w.lstrip("0") or "0")
        elif w in _NUMBER_WORDS and w not in ("second",):
            out.append(_NUMBER_WORDS[w])
    return sorted(out)


def _negation_count(ws: list[str]) -> int:
    return sum(1 for w in ws if w in _NEGATIONS)


def _hedges(ws: list[str]) -> list[str]:
    return sorted(w for w in ws if w in _HEDGES)


def _conflicts(wa: list[str], wb: list[str]) -> list[str]:
    """Which kinds of meaning-changing difference separate two word lists."""
    out = []
    na, nb = _numbers(wa), _numbers(wb)
    if na != nb:
        out.append("number")
    if _negation_count(wa) != _negation_count(wb):
        out.append("negation")
    if _hedges(wa) != _hedges(wb):
        out.append("qualifier")
    return out


def _is_typo(x: str, y: str) -> bool:
    """One word for another that differ only by a typo (never a number, negation or qualifier)."""
    if x == y:
        return True
    for w in (x, y):
        if any(c.isdigit() for c in w) or w in _NEGATIONS or w in _HEDGES or w in _NUMBER_WORDS:
            return False
    if min(len(x), len(y)) < 4:
        return False
    return fuzz.ratio(x, y) >= 75


def _typo_replace(xs: list[str], ys: list[str]) -> bool:
    """A replace block that is typo-level: one word misspelled, or words run together / split."""
    if len(xs) == 1 and len(ys) == 1:
        return _is_typo(xs[0], ys[0])
    if "".join(xs) == "".join(ys) and max(len(xs), len(ys)) <= 3:
        return True
    return False


# ---------------------------------------------------------------------------------------------------
# Alignment


@dataclass(frozen=True)
class _Alignment:
    ops: list[tuple[str, int, int, int, int]]   # difflib opcodes over words
    matched: int                                 # words in equal blocks
    a_first: int                                 # first/last aligned word index in a and b (inclusive)
    a_last: int
    b_first: int
    b_last: int


def _align(wa: list[str], wb: list[str]) -> _Alignment:
    sm = SequenceMatcher(None, wa, wb, autojunk=False)
    ops = sm.get_opcodes()
    blocks = [b for b in sm.get_matching_blocks() if b.size > 0]
    matched = sum(b.size for b in blocks)
    # the aligned region: drop stray one-word matches at the edges when there are better anchors
    core = [b for b in blocks if b.size >= 2] or blocks
    if not core:
        return _Alignment(ops, 0, -1, -1, -1, -1)
    return _Alignment(ops, matched, core[0].a, core[-1].a + core[-1].size - 1,
                      core[0].b, core[-1].b + core[-1].size - 1)


def _span(toks: list[Token], first: int, last: int, text: str) -> tuple[int, int]:
    if not toks or first < 0:
        return (0, len(text))
    return (toks[first].start, toks[last].end)


def _surface(text: str, toks: list[Token], i: int, j: int) -> str:
    return " ".join(text[t.start:t.end] for t in toks[i:j])


def _diff(a: str, b: str, ta: list[Token], tb: list[Token], ops) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            out.append(("equal", _surface(a, ta, i1, i2)))
        else:
            if i2 > i1:
                out.append(("delete", _surface(a, ta, i1, i2)))
            if j2 > j1:
                out.append(("insert", _surface(b, tb, j1, j2)))
    return out


def _ellipsis_gaps(text: str) -> int:
    """How many omissions a text marks (ellipses and editorial brackets)."""
    return len(re.findall(r"(?:\.\s*){3,}|\u2026|\[[^\]]{0,60}\]", text))


# ---------------------------------------------------------------------------------------------------
# Model


_DEFAULT_MODEL: dict[str, Any] = {
    # Hand-set first version; eval/calibrate_match.py replaces it with fitted parameters.
    "version": 0,
    "paraphrase_en": {
        "features": ["cos_en", "token_set_ratio", "seq_ratio", "num_mismatch", "neg_mismatch"],
        "mean": [0.0] * 5, "scale": [1.0] * 5,
        "coef": [10.0, 3.0, 2.0, -1.5, -1.5], "intercept": -10.5, "threshold": 0.5,
    },
    "translation": {
        "features": ["cos_ml"], "mean": [0.0], "scale": [1.0],
        "coef": [14.0], "intercept": -7.0, "threshold": 0.5,
    },
}


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict[str, Any]:
    """The calibrated parameters (falls back to hand-set ones when the file is missing)."""
    p = Path(path) if path else MODEL_PATH
    if p.exists():
        with open(p, encoding="utf-8") as f:
            return json.load(f)
    return _DEFAULT_MODEL


def _predict(block: dict[str, Any], feats: Features, overrides: dict[str, float] | None = None) -> float:
    x = np.array([(overrides or {}).get(n, feats.value(n)) for n in block["features"]], dtype=np.float64)
    z = (x - np.asarray(block["mean"])) / np.asarray(block["scale"])
    if "hidden" in block:  # optional one-hidden-layer network
        h = np.tanh(np.asarray(block["hidden"]["W"]) @ z + np.asarray(block["hidden"]["b"]))
        logit = float(np.asarray(block["coef"]) @ h + block["intercept"])
    else:
        logit = float(np.asarray(block["coef"]) @ z + block["intercept"])
    if "platt" in block:  # optional recalibration of the logit
        logit = block["platt"][0] * logit + block["platt"][1]
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))


def _paraphrase_block(model: dict[str, Any], has_ml: bool) -> dict[str, Any]:
    if has_ml and "paraphrase" in model:
        return model["paraphrase"]
    return model["paraphrase_en"]


# ---------------------------------------------------------------------------------------------------
# Features


def _cos(u: np.ndarray | None, v: np.ndarray | None) -> float | None:
    if u is None or v is None:
        return None
    u = np.asarray(u, dtype=np.float32).ravel()
    v = np.asarray(v, dtype=np.float32).ravel()
    nu, nv = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    if nu == 0 or nv == 0:
        return 0.0
    return float(np.dot(u, v) / (nu * nv))


def compute_features(a: str, b: str, va, vb, ma=None, mb=None,
                     ta: list[Token] | None = None, tb: list[Token] | None = None,
                     al: _Alignment | None = None) -> Features:
    """All pair features (public so that calibration computes exactly what the runtime computes)."""
    ta = tokens(a) if ta is None else ta
    tb = tokens(b) if tb is None else tb
    wa = [t.word for t in ta]
    wb = [t.word for t in tb]
    al = _align(wa, wb) if al is None else al
    sa, sb = " ".join(wa), " ".join(wb)
    seta, setb = set(wa), set(wb)
    ca = {w for w in seta if w not in _STOPWORDS_EN}
    cb = {w for w in setb if w not in _STOPWORDS_EN}
    na, nb = len(wa), len(wb)
    short_content = ca if len(ca) <= len(cb) else cb
    long_content = cb if short_content is ca else ca
    nums_a, nums_b = _numbers(wa), _numbers(wb)
    seq = (2.0 * al.matched / (na + nb)) if na + nb else 1.0
    names_a = _names(a, ta)
    names_b = _names(b, tb)
    return Features(
        cos_en=float(_cos(va, vb) or 0.0),
        cos_ml=_cos(ma, mb),
        lang_a=language_of(a),
        lang_b=language_of(b),
        n_a=na,
        n_b=nb,
        ratio=fuzz.ratio(sa, sb) / 100.0,
        partial_ratio=fuzz.partial_ratio(sa, sb) / 100.0,
        token_set_ratio=fuzz.token_set_ratio(sa, sb) / 100.0,
        token_sort_ratio=fuzz.token_sort_ratio(sa, sb) / 100.0,
        seq_ratio=seq,
        jaccard=len(seta & setb) / max(1, len(seta | setb)),
        containment=al.matched / max(1, min(na, nb)),
        len_ratio=min(na, nb) / max(1, max(na, nb)),
        num_mismatch=float(nums_a != nums_b),
        num_both=float(bool(nums_a) and bool(nums_b)),
        neg_mismatch=float(_negation_count(wa) != _negation_count(wb)),
        hedge_mismatch=float(_hedges(wa) != _hedges(wb)),
        content_jaccard=len(ca & cb) / max(1, len(ca | cb)),
        content_containment=len(short_content & long_content) / max(1, len(short_content)),
        bigram_f=_ngram_dice(wa, wb, 2),
        trigram_f=_ngram_dice(wa, wb, 3),
        unmatched_content=math.log1p(len(ca ^ cb)),
        name_jaccard=(len(names_a & names_b) / len(names_a | names_b)) if (names_a or names_b) else 1.0,
        len_diff=math.log1p(abs(na - nb)),
    )


def _ngram_dice(wa: list[str], wb: list[str], n: int) -> float:
    ga = {tuple(wa[i:i + n]) for i in range(len(wa) - n + 1)}
    gb = {tuple(wb[i:i + n]) for i in range(len(wb) - n + 1)}
    if not ga and not gb:
        return 1.0 if wa == wb else 0.0
    return 2.0 * len(ga & gb) / (len(ga) + len(gb))


def _names(text: str, toks: list[Token]) -> set[str]:
    """Capitalised words not at a sentence start (a cheap stand-in for names)."""
    out = set()
    for i, t in enumerate(toks):
        ch = text[t.start]
        if not ch.isupper() or t.word in _STOPWORDS_EN:
            continue
        before = text[:t.start].rstrip()
        if i == 0 or before.endswith((".", "!", "?", ":", '"', "\u201c", "'")):
            continue
        out.add(t.word)
    return out


# ---------------------------------------------------------------------------------------------------
# The decision


def _non_equal(ops, wa, wb):
    return [(tag, wa[i1:i2], wb[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


def compare_vectors(a: str, b: str, va: np.ndarray, vb: np.ndarray,
                    ma: np.ndarray | None = None, mb: np.ndarray | None = None, *,
                    model: dict[str, Any] | None = None) -> Comparison:
    """Compare two wordings given their English vectors (va, vb) and, optionally, multilingual ones
    (ma, mb; may be None when both texts are English — then a cross-language pair cannot be
    recognised as a translation). `model` overrides the calibrated parameters (calibration only)."""
    model = load_model() if model is None else model
    ta, tb = tokens(a), tokens(b)
    wa, wb = [t.word for t in ta], [t.word for t in tb]
    al = _align(wa, wb)
    feats = compute_features(a, b, va, vb, ma, mb, ta, tb, al)
    diff = _diff(a, b, ta, tb, al.ops)
    full = Evidence((0, len(a)), (0, len(b)), diff)

    def out(same: bool, rel: str | None, score: float, ev: Evidence, reason: str) -> Comparison:
        return Comparison(same, rel, float(min(1.0, max(0.0, score))), ev, feats, reason)

    if not wa or not wb:
        return out(False, None, 0.0, full, "empty text")

    # 1. identical normalised words
    if wa == wb:
        return out(True, "verbatim", 1.0, Evidence(_span(ta, 0, len(ta) - 1, a), _span(tb, 0, len(tb) - 1, b),
                                                   diff), "identical normalised words")

    # 2. different languages -> translation or nothing
    if feats.lang_mismatch and al.matched < 0.5 * min(len(wa), len(wb)):
        tr_diff = [("delete", _surface(a, ta, 0, len(ta))), ("insert", _surface(b, tb, 0, len(tb)))]
        ev = Evidence(_span(ta, 0, len(ta) - 1, a), _span(tb, 0, len(tb) - 1, b), tr_diff)
        if feats.cos_ml is None:
            return out(False, None, 0.0, ev, f"languages differ ({feats.lang_a}/{feats.lang_b}) "
                                             "and no multilingual vectors were given")
        block = model["translation"]
        p = _predict(block, feats)
        digits_a = sorted(w for w in wa if any(c.isdigit() for c in w))
        digits_b = sorted(w for w in wb if any(c.isdigit() for c in w))
        if p >= block["threshold"]:
            if digits_a != digits_b:
                return out(True, "altered", p, ev, "translation whose numbers differ")
            return out(True, "translation", p, ev,
                       f"{feats.lang_a}/{feats.lang_b}, multilingual cosine {feats.cos_ml:.2f}")
        return out(False, None, p, ev, f"{feats.lang_a}/{feats.lang_b}, multilingual cosine {feats.cos_ml:.2f}")

    non_eq = _non_equal(al.ops, wa, wb)

    # 1b. verbatim up to one typo-level edit
    if len(non_eq) == 1 and non_eq[0][0] == "replace" and _typo_replace(non_eq[0][1], non_eq[0][2]):
        return out(True, "verbatim", max(RULE_FLOOR, _predict(_paraphrase_block(model, feats.cos_ml is not None),
                                                                feats)),
                   Evidence(_span(ta, 0, len(ta) - 1, a), _span(tb, 0, len(tb) - 1, b), diff),
                   "same words up to one typo-level edit")

    # 3. fragment: the shorter one inside the longer one
    a_short = len(wa) <= len(wb)
    ws, wl = (wa, wb) if a_short else (wb, wa)
    s_text = a if a_short else b
    s_first, s_last = (al.a_first, al.a_last) if a_short else (al.b_first, al.b_last)
    l_first, l_last = (al.b_first, al.b_last) if a_short else (al.a_first, al.a_last)
    region_ev = Evidence(_span(ta, al.a_first, al.a_last, a), _span(tb, al.b_first, al.b_last, b), diff)
    if s_first >= 0:
        # inside the aligned region: what the short text lacks, and what the long one adds
        s_missing = 0     # words of the short one not found (beyond typos)
        gaps = 0          # insertions in the long one inside the region
        typos = 0
        for tag, i1, i2, j1, j2 in al.ops:
            si1, si2, li1, li2 = (i1, i2, j1, j2) if a_short else (j1, j2, i1, i2)
            inside = li1 >= l_first and li2 <= l_last + 1 and si1 >= s_first and si2 <= s_last + 1
            if tag == "equal":
                continue
            if tag == "replace":
                if inside and _typo_replace(ws[si1:si2], wl[li1:li2]):
                    typos += 1
                else:
                    s_missing += si2 - si1
                    if inside:
                        gaps += 1
            elif si2 > si1:  # words only in the short one
                s_missing += si2 - si1
            else:  # words only in the long one
                if inside:
                    gaps += 1
        short_aligned = s_missing == 0
        # the part of the long text that the short one covers
        region_long = wl[l_first:l_last + 1]
        conflicts = _conflicts(ws, region_long)
        allowed_gaps = _ellipsis_gaps(s_text)
        if (short_aligned and len(ws) >= MIN_FRAGMENT_WORDS and len(ws) < len(wl) and typos <= 1
                and gaps <= allowed_gaps and not conflicts):
            p = _predict(_paraphrase_block(model, feats.cos_ml is not None), feats)
            return out(True, "fragment", max(RULE_FLOOR, p), region_ev,
                       "the shorter text sits in the longer one" + (" (in pieces)" if gaps else ""))

        # 4. altered: closely aligned, but a number / negation / qualifier changed
        aligned_share = al.matched / max(1, len(ws))
        region_sim = 2.0 * al.matched / max(1, (s_last - s_first + 1) + len(region_long))
        if conflicts and aligned_share >= ALTERED_MIN_ALIGN and region_sim >= ALTERED_MIN_ALIGN:
            neutral = {"num_mismatch": 0.0, "neg_mismatch": 0.0, "hedge_mismatch": 0.0}
            p = _predict(_paraphrase_block(model, feats.cos_ml is not None), feats, neutral)
            return out(True, "altered", max(0.5, p), region_ev,
                       "same wording with a changed " + " and ".join(conflicts))

    # 5. the model: paraphrase or not the same statement
    block = _paraphrase_block(model, feats.cos_ml is not None)
    p = _predict(block, feats)
    ev = region_ev if s_first >= 0 else full
    if p >= block["threshold"]:
        na, nb = _numbers(wa), _numbers(wb)
        if na and nb and na != nb:
            return out(True, "altered", p, ev, "reworded, and the numbers differ")
        return out(True, "paraphrase", p, ev, f"reworded (English cosine {feats.cos_en:.2f})")
    return out(False, None, p, ev, f"not the same statement (English cosine {feats.cos_en:.2f})")


def _needs_multilingual(a: str, b: str) -> bool:
    return language_of(a) != language_of(b) or language_of(a) != "en"


def compare_many(pairs: list[tuple[str, str]], embedder: "Embedder") -> list[Comparison]:
    """Compare many pairs, encoding each distinct text once with each model it needs."""
    model = load_model()
    ml_for_all = "paraphrase" in model and embedder.has_multilingual
    texts = sorted({t for p in pairs for t in p})
    index = {t: i for i, t in enumerate(texts)}
    ven = embedder.encode(texts) if texts else np.zeros((0, 384), dtype=np.float32)
    ml_texts = sorted({t for a, b in pairs for t in (a, b)
                       if ml_for_all or _needs_multilingual(a, b)}) if embedder.has_multilingual else []
    ml_index = {t: i for i, t in enumerate(ml_texts)}
    vml = embedder.encode_multilingual(ml_texts) if ml_texts else None
    out = []
    for a, b in pairs:
        ma = vml[ml_index[a]] if vml is not None and a in ml_index and b in ml_index else None
        mb = vml[ml_index[b]] if ma is not None else None
        out.append(compare_vectors(a, b, ven[index[a]], ven[index[b]], ma, mb))
    return out


def compare(a: str, b: str, embedder: "Embedder") -> Comparison:
    """Compare two wordings (see the module docstring for the rules)."""
    return compare_many([(a, b)], embedder)[0]
