"""Score provenance.extract on PolNeAR (political news attribution relations, brat standoff).

Usage: .venv/bin/python eval/polnear_extract.py [--split dev|train] [--data DIR] [--show-errors N]

Definitions (all character offsets are into the article text):

* Quoted segment: text between a pair of double quote marks (“ ”, or straight " or '' paired in
  order within a paragraph; the NYT texts write double quotes as two apostrophes), found by a small scanner in this script that is independent of the
  extractor. A quote left open at the end of a paragraph continues into the next paragraph
  when that one opens with a quote mark (the multi-paragraph convention); otherwise it ends
  at the paragraph end.
* Gold direct quote (per annotation file): a quoted segment of 4+ words of which at least half
  of the characters lie inside the union of that file's Content spans (Content spans linked by
  an `E` attribution line; Discard/Discuss spans are ignored).
* Scored prediction: an extracted quote of kind direct or mixed whose text has 4+ words.
  Shorter predictions are not scored, since the gold side excludes them too. The size of a
  prediction is len(quote.text) (for a split quote that is the joined parts, not the
  attribution between them).
* Match: prediction p and gold g match when their character overlap is at least half of g
  and p's overlap with all gold segments of the file is at least half of p ("the overlap
  covers at least half of both spans", extended so a split quote may cover both its parts).
  A prediction is a true positive if it matches some gold quote; a gold quote is recalled if
  some prediction matches it.
* Several annotators: PRIMARY scoring is per annotation file: each .ann file is an independent
  gold standard for its article, the extractor's output is scored against each, and counts
  are summed over files (micro average; an article with 6 annotators counts 6 times, as
  6 independent judgements). A SECONDARY "union" line scores each article once against the
  union of all its annotators' Content spans (more lenient on precision); both are printed.
* Named-speaker accuracy (per file): over recalled gold quotes whose gold Source is a name.
  The gold attribution of a quote is the one whose Content span covers it and is shortest (the
  innermost when attributions nest). Correct when the matching prediction's speaker is not
  None and `same_person(speaker, clean_name(Source))`; a None speaker counts as wrong. Also
  printed: the share of those predictions with a non-None speaker that are right. A predicted
  speaker is always compared as the name the extractor resolved it to (a pronoun or role noun
  such as "the minister" is output as the named person introduced earlier). Two definitions
  of "the gold Source is a name" are reported side by side:
  - OLD ("spk old"): `speakers.is_proper_name(Source)`, any capitalised name inside the mention.
    It counts role descriptions as names: "the Florida senator" cleans to "Florida", "the
    Senate minority leader" to "Senate", "One such document, obtained by The Post" to "Post",
    and such a gold "name" can never equal the person's actual name.
  - NEW ("spk new", the primary figure): `speakers.is_named_source(Source)`, the mention's
    head is a proper name: "Republican pollster Daron Shaw", "Mr. Trump", "The New York Post",
    "CNN", and a description with its name in apposition ("the bureau's director, James B.
    Comey") count; role descriptions whose head is a common noun ("the Florida senator", "a
    campaign spokesman", "a letter to Facebook from …") and joint sources ("Trump and Ryan",
    one speaker cannot match them) do not. Such descriptions are EXCLUDED rather than resolved:
    PolNeAR has no coreference annotation, so the gold gives no link from "the Florida
    senator" to "Marco Rubio", and resolving it with our own heuristics would grade the
    extractor with its own method. How many recalled gold quotes have a description Source,
    and for how many of those the extractor gives some speaker, is printed for transparency.
* Content coverage (per file): share of all gold Content spans (direct and indirect), at
  least half of whose characters lie inside the spans [start, end) of extracted quotes of
  any kind.
* Speed: articles per second of extract_quotes over the split's texts (one pass, this CPU), by wall
  clock and by this process's CPU time (the steadier figure on a shared machine).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from provenance.extract import ExtractedQuote, extract_quotes  # noqa: E402
from provenance.speakers import clean_name, is_named_source, is_proper_name, same_person  # noqa: E402

DEFAULT_DATA = Path("/work/shared/data/polnear")
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass
class Attribution:
    content: list[tuple[int, int]]
    source: str | None
    source_spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Gold:
    quotes: list[tuple[int, int]]                 # gold direct quote segments
    speakers: list[str | None]                    # gold Source text of each (innermost attribution)
    contents: list[list[tuple[int, int]]]         # all Content spans (fragments)


def parse_ann(path: Path) -> list[Attribution]:
    """Attributions of one brat .ann file: Content fragments and Source text."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"T\d+\t", line):
            tid, info, *rest = line.split("\t")
            label, offsets = info.split(" ", 1)
            frags = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            spans[tid] = (label, frags, rest[0] if rest else "")
        elif re.match(r"E\d+\t", line):
            _, args = line.split("\t", 1)
            roles = {}
            for arg in args.split():
                role, _, ref = arg.partition(":")
                roles[role] = ref
            events.append(roles)
    out = []
    for ev in events:
        cref = ev.get("Content")
        if not cref or cref not in spans:
            continue
        sref = ev.get("Source")
        src = spans[sref] if sref in spans else None
        out.append(Attribution(spans[cref][1], src[2] if src else None, src[1] if src else []))
    return out


def quote_segments(text: str) -> list[tuple[int, int]]:
    """Inner spans of double-quoted segments (the eval's own scanner; see module docstring)."""
    marks = re.compile(r"''|[“”\"]")  # '' is a double quote in some archives (NYT)
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    segs: list[tuple[int, int]] = []
    open_at: int | None = None
    for pi, (a, b) in enumerate(paras):
        found = list(marks.finditer(text, a, b))
        if open_at is not None and found and found[0].start() == a + len(text[a:b]) - len(text[a:b].lstrip()):
            found = found[1:]  # continuation paragraph: skip its re-opening mark
        for m in found:
            ch = m.group()
            if open_at is None:
                if ch != "”":
                    open_at = m.end()
            elif ch == "“":
                open_at = m.end()  # unbalanced: restart at the newer opening mark
            else:
                segs.append((open_at, m.start()))
                open_at = None
        if open_at is not None:
            nxt = text[paras[pi + 1][0]:paras[pi + 1][1]].lstrip() if pi + 1 < len(paras) else ""
            if nxt[:1] in ("“", "\"") or nxt[:2] == "''":
                continue  # multi-paragraph quote
            segs.append((open_at, b))
            open_at = None
    return [s for s in segs if s[1] > s[0]]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _coverage(span: tuple[int, int], cover: list[tuple[int, int]], text: str | None = None) -> float:
    """Share of span's characters (alphanumeric only when text is given) inside the cover spans."""
    a, b = span
    if b <= a:
        return 0.0
    mask = bytearray(b - a)
    for c, d in cover:
        lo, hi = max(a, c), min(b, d)
        if hi > lo:
            mask[lo - a:hi - a] = b"\x01" * (hi - lo)
    if text is None:
        return sum(mask) / (b - a)
    idx = [k for k in range(a, b) if text[k].isalnum()]
    if not idx:
        return 0.0
    return sum(mask[k - a] for k in idx) / len(idx)


def build_gold(text: str, attributions: list[Attribution], segments: list[tuple[int, int]]) -> Gold:
    content_frags = [f for at in attributions for f in at.content]
    quotes, speakers = [], []
    for seg in segments:
        if len(_WORDS.findall(text[seg[0]:seg[1]])) < 4:
            continue
        if _coverage(seg, content_frags, text) < 0.5:
            continue
        # innermost attribution covering the segment
        best, best_len = None, None
        for at in attributions:
            if _coverage(seg, at.content, text) >= 0.5:
                size = sum(d - c for c, d in at.content)
                if best_len is None or size < best_len:
                    best, best_len = at, size
        quotes.append(seg)
        speakers.append(best.source if best else None)
    return Gold(quotes, speakers, [at.content for at in attributions])


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    gold: int = 0
    recalled: int = 0
    named: int = 0
    named_right: int = 0
    named_given: int = 0
    new_named: int = 0
    new_right: int = 0
    new_given: int = 0
    described: int = 0
    described_given: int = 0
    contents: int = 0
    covered: int = 0
    errors: list = field(default_factory=list)

    def add(self, other: "Counts") -> None:
        for k in ("tp", "fp", "gold", "recalled", "named", "named_right", "named_given", "new_named", "new_right",
                  "new_given", "described", "described_given", "contents", "covered"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors.extend(other.errors)


def score(text: str, preds: list[ExtractedQuote], gold: Gold, name: str) -> Counts:
    c = Counts()
    scored = [p for p in preds if p.kind in ("direct", "mixed") and len(_WORDS.findall(p.text)) >= 4]
    sizes = [max(1, min(len(p.text), p.end - p.start)) for p in scored]
    spans = [(p.start, p.end) for p in scored]
    # a prediction is "on gold" when half of its quoted size overlaps gold quotes
    on_gold = [sum(_overlap(s, g) for g in gold.quotes) >= 0.5 * size for s, size in zip(spans, sizes)]
    matched_pred = [False] * len(scored)
    c.gold = len(gold.quotes)
    for g, gsrc in zip(gold.quotes, gold.speakers):
        glen = g[1] - g[0]
        hit = None
        for k, s in enumerate(spans):
            if on_gold[k] and _overlap(s, g) >= 0.5 * glen:
                matched_pred[k] = True
                hit = hit if hit is not None else k
        if hit is None:
            c.errors.append(("FN", name, text[g[0]:g[1]][:160], None, gsrc))
            continue
        c.recalled += 1
        if not gsrc:
            continue
        sp = scored[hit].speaker
        right = sp is not None and same_person(sp, clean_name(gsrc))
        if is_proper_name(gsrc):
            c.named += 1
            c.named_given += sp is not None
            c.named_right += right
        if is_named_source(gsrc):
            c.new_named += 1
            c.new_given += sp is not None
            c.new_right += right
            if not right:
                c.errors.append(("SPK", name, text[g[0]:g[1]][:100], sp, gsrc))
        elif is_proper_name(gsrc):
            c.described += 1
            c.described_given += sp is not None
            c.errors.append(("DESC", name, text[g[0]:g[1]][:100], sp, gsrc))
    for k, p in enumerate(scored):
        if matched_pred[k]:
            c.tp += 1
        else:
            c.fp += 1
            c.errors.append(("FP", name, p.text[:160], p.speaker, p.cue))
    all_spans = [(p.start, p.end) for p in preds]
    for frags in gold.contents:
        c.contents += 1
        total = sum(d - a for a, d in frags)
        inside = sum(_coverage(f, all_spans) * (f[1] - f[0]) for f in frags)
        if total and inside / total >= 0.5:
            c.covered += 1
    return c


def _prf(c: Counts) -> tuple[float, float, float]:
    p = c.tp / (c.tp + c.fp) if c.tp + c.fp else 0.0
    r = c.recalled / c.gold if c.gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "train"], default="dev")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--show-errors", type=int, default=0, help="print N errors of each type")
    args = ap.parse_args(argv)
    root = args.data / args.split
    if not (root / "text").is_dir() or not (root / "attributions").is_dir():
        print(f"PolNeAR data not found at {root} (expected text/ and attributions/); nothing to score.")
        return 0

    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((root / "text").glob("*.txt"))}
    anns: dict[str, list[Path]] = defaultdict(list)
    for p in sorted((root / "attributions").glob("*.ann")):
        stem = p.stem.rsplit("_", 1)[0]
        if stem in texts:
            anns[stem].append(p)

    t0, c0 = time.perf_counter(), time.process_time()
    preds = {stem: extract_quotes(text) for stem, text in texts.items()}
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0

    per_file, union = Counts(), Counts()
    for stem, text in texts.items():
        segments = quote_segments(text)
        all_atts: list[Attribution] = []
        for ann in anns.get(stem, []):
            atts = parse_ann(ann)
            all_atts.extend(atts)
            per_file.add(score(text, preds[stem], build_gold(text, atts, segments), ann.name))
        if anns.get(stem):
            u = score(text, preds[stem], build_gold(text, all_atts, segments), stem)
            u.errors = []
            union.add(u)

    n_ann = sum(len(v) for v in anns.values())
    print(f"PolNeAR {args.split}: {len(texts)} articles, {n_ann} annotation files")
    print(f"{'scoring':<22}{'gold':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}{'spk new':>9}{'(of given)':>11}"
          f"{'spk old':>9}{'(of given)':>11}{'coverage':>10}")
    for label, c in (("per annotation file", per_file), ("union of annotators", union)):
        p, r, f = _prf(c)
        new = c.new_right / c.new_named if c.new_named else 0.0
        new_given = c.new_right / c.new_given if c.new_given else 0.0
        acc = c.named_right / c.named if c.named else 0.0
        given = c.named_right / c.named_given if c.named_given else 0.0
        cov = c.covered / c.contents if c.contents else 0.0
        print(f"{label:<22}{c.gold:>7}{c.tp + c.fp:>7}{p:>8.3f}{r:>8.3f}{f:>8.3f}{new:>9.3f}{new_given:>11.3f}"
              f"{acc:>9.3f}{given:>11.3f}{cov:>10.3f}")
    print(f"named-speaker gold quotes (per file): new definition {per_file.new_named}, old {per_file.named}; "
          f"content spans: {per_file.contents}")
    print(f"recalled gold quotes whose Source is a description counted as a name only by the old definition: "
          f"{per_file.described} (a speaker given for {per_file.described_given})")
    # wall time depends on what else the machine runs; CPU time of this process is the steadier figure
    print(f"speed: {len(texts) / elapsed:.0f} articles/s wall clock ({elapsed:.2f} s for {len(texts)} articles), "
          f"{len(texts) / max(cpu, 1e-9):.0f} articles/s CPU time")
    print("anchor (SFU Gender Gap Tracker): quote P/R/F1 0.846/0.827/0.837, speaker accuracy 0.865")
    if args.show_errors:
        by_type: dict[str, list] = defaultdict(list)
        for e in per_file.errors:
            by_type[e[0]].append(e)
        for typ, errs in by_type.items():
            print(f"\n== {typ} ({len(errs)})")
            for e in errs[: args.show_errors]:
                print(" ", e[1][:40], "|", repr(e[2]), "|", e[3], "|", e[4])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
