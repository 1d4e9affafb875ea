"""Rerunnable benchmark: trace latency (CLI batch path and HTTP) against brute-force search over the same
vectors, ingest throughput (novel articles, reprints), the raw encode rate, and peak memory.

    .venv/bin/python bench/run.py --sizes 10000 100000 1000000

Each store size runs in its own child process, so its peak RSS is its own. Results go to bench/out/
(results.json, results.md) and are printed. Text comes from ../shared/data (see its README).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("PROVENANCE_BENCH_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / "bench" / "out"
WORK = Path(os.environ.get("PROVENANCE_BENCH_WORK", "/tmp/provenance-bench"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--ingest-articles", type=int, default=300)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child: one store size
    ap.add_argument("--ingest-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"bench: {DATA} is absent; the benchmark needs the shared data sets (see README). Nothing run.")
        return 0
    if args.one is not None:
        print(json.dumps(run_size(args.one, args.queries)))
        return 0
    if args.ingest_only:
        print(json.dumps(run_ingest(args.ingest_articles)))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "ingest": child(["--ingest-only", "--ingest-articles",
                                                       str(args.ingest_articles)]), "sizes": []}
    for n in args.sizes:
        results["sizes"].append(child(["--one", str(n), "--queries", str(args.queries)]))
        write(results)
    write(results)
    print((OUT / "results.md").read_text())
    return 0


def child(argv: list[str]) -> dict:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, *argv], capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:], "argv": argv}
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["wall_s"] = round(time.perf_counter() - t, 1)
    return out


def machine() -> dict:
    import platform

    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version()}


def peak_rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# ------------------------------------------------------------------------------------------ real text


def articles() -> list[tuple[str, str]]:
    """(id, text) of real news articles: BBC, PolNeAR, Reuters bodies."""
    out = []
    for p in sorted((DATA / "bbc_news").rglob("*.txt")):
        if p.name.upper() == "README.TXT":
            continue
        out.append((f"bbc/{p.parent.name}/{p.name}", p.read_bytes().decode("utf-8", "replace")))
    for p in sorted((DATA / "polnear").rglob("text/*.txt")):
        out.append((f"polnear/{p.name}", p.read_text("utf-8", "replace")))
    import html
    import re

    for p in sorted((DATA / "reuters21578").glob("*.sgm")):
        raw = p.read_bytes().decode("latin-1")
        for i, m in enumerate(re.finditer(r"<BODY>(.*?)</BODY>", raw, re.S)):
            out.append((f"reuters/{p.name}/{i}", html.unescape(m.group(1)).replace("\x03", "").strip()))
    return out


def sentences_of(texts: list[str]) -> list[list[str]]:
    """Per article, its sentences of 6-60 words (real wordings to stand in for quotes)."""
    from provenance.sentences import split_sentences

    out = []
    for t in texts:
        sents = [" ".join(t[s:e].split()) for s, e in split_sentences(t)]
        out.append([s for s in sents if 6 <= len(s.split()) <= 60])
    return out


def mrpc_stsb() -> list[str]:
    out = []
    for p in (DATA / "mrpc").glob("*.txt"):
        for line in p.read_text("utf-8-sig", "replace").splitlines()[1:]:
            cells = line.split("\t")
            if len(cells) >= 5:
                out += [cells[3], cells[4]]
    for p in (DATA / "stsb").glob("*.csv"):
        for line in p.read_text("utf-8", "replace").splitlines():
            cells = line.split("\t")
            if len(cells) >= 7:
                out += [cells[5], cells[6]]
    return [s for s in dict.fromkeys(out) if 6 <= len(s.split()) <= 60]


# ------------------------------------------------------------------------------------------ ingest


def run_ingest(n_articles: int) -> dict:
    """Novel-article and reprint ingest throughput, beside the raw encode rate on the texts embedded."""
    from sqlalchemy import select

    from provenance.config import settings_from
    from provenance.db import session_scope
    from provenance.extract import extract_quotes
    from provenance.ingest import INGESTED, ingest, traceable
    from provenance.models import TextVector
    from provenance.normalize import text_hash
    from provenance.readers import ArticleIn
    from provenance.textindex import TextIndex
    from provenance.workspace import new_workspace

    import shutil

    shutil.rmtree(WORK / "ingest", ignore_errors=True)
    settings = settings_from({"PROVENANCE_DATABASE_URL": f"sqlite:///{WORK / 'ingest' / 'store.db'}",
                              "PROVENANCE_DATA_DIR": str(WORK / "ingest" / "data")})
    ws = new_workspace(settings)
    ws.index = TextIndex.for_settings(settings)
    arts = [a for a in articles() if a[0].startswith(("bbc", "polnear"))]
    random.Random(1).shuffle(arts)
    arts = arts[:n_articles]
    # warm the models so neither side pays for loading them
    ws.embedder.encode(["warm up the model"])
    if ws.embedder.has_multilingual:
        ws.embedder.encode_multilingual(["warm up the model"])
    list(extract_quotes("He said: \"warm up the extractor now please\"."))

    recs = [ArticleIn(url=f"https://bench.example/{aid}", text=t, title=None) for aid, t in arts]
    t0 = time.perf_counter()
    out = list(ingest(ws, recs))
    novel_s = time.perf_counter() - t0
    assert all(o.status == INGESTED for o in out), [o for o in out if o.status != INGESTED][:3]
    with session_scope(ws.engine) as s:
        n_vec = len(s.scalars(select(TextVector.id)).all())
    # The raw rate: the same wordings, encoded by the models directly (fresh texts: nothing cached).
    wordings = list({text_hash(q.text): q.text for _, t in arts for q in extract_quotes(t) if traceable(q)}.values())
    t0 = time.perf_counter()
    ws.embedder.encode(wordings)
    en_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    if ws.embedder.has_multilingual:
        ws.embedder.encode_multilingual(wordings)
    ml_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    extract_s = sum(_timed(lambda: extract_quotes(t)) for _, t in arts)

    reprints = [ArticleIn(url=f"https://copy.example/{aid}", text=t, title=None) for aid, t in arts]
    t0 = time.perf_counter()
    out = list(ingest(ws, reprints))
    reprint_s = time.perf_counter() - t0
    assert all(o.status == INGESTED for o in out)
    with session_scope(ws.engine) as s:
        assert len(s.scalars(select(TextVector.id)).all()) == n_vec  # no wording embedded twice
    return {
        "articles": len(arts), "wordings_embedded": n_vec, "wordings_in_text": len(wordings),
        "novel_s": round(novel_s, 2), "novel_articles_per_s": round(len(arts) / novel_s, 1),
        "novel_wordings_per_s": round(n_vec / novel_s, 1),
        "raw_encode_en_per_s": round(len(wordings) / en_s, 1),
        "raw_encode_both_per_s": round(len(wordings) / (en_s + ml_s), 1),
        "novel_vs_raw_en": round((n_vec / novel_s) / (len(wordings) / en_s), 3),
        "novel_vs_raw_both": round((n_vec / novel_s) / (len(wordings) / (en_s + ml_s)), 3),
        "extract_s": round(extract_s, 2),
        "reprint_s": round(reprint_s, 2), "reprint_articles_per_s": round(len(arts) / reprint_s, 1),
        "peak_rss_mb": peak_rss_mb(),
    }


def _timed(fn) -> float:  # noqa: ANN001
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# ------------------------------------------------------------------------------------------ stores


def wordings_for(n: int) -> tuple[list[str], list[list[int]]]:
    """n distinct quote wordings from real text, and for each the indices of the real sentences it is made of.

    Real sentences first (BBC, PolNeAR, Reuters, MRPC, STS-B); beyond those, quotes are synthesised as
    windows of two or three consecutive sentences of one article and as trimmed sentences (first or last
    two thirds of the words): the kinds of wording a quote store holds."""
    arts = [t for _, t in articles()]
    per_article = sentences_of(arts)
    base = list(dict.fromkeys([s for sents in per_article for s in sents] + mrpc_stsb()))
    pos = {s: i for i, s in enumerate(base)}
    out: list[str] = []
    parts: list[list[int]] = []
    seen: set[str] = set()

    from provenance.normalize import text_hash

    def push(text: str, idx: list[int]) -> bool:
        key = text_hash(text)  # one TextVector per normalised wording
        if key not in seen:
            seen.add(key)
            out.append(text)
            parts.append(idx)
        return len(out) >= n

    for s in base:
        if push(s, [pos[s]]):
            return out, parts
    for width in (2, 3):
        for sents in per_article:
            for i in range(len(sents) - width + 1):
                if push(" ".join(sents[i:i + width]), [pos[x] for x in sents[i:i + width]]):
                    return out, parts
    for s in base:
        w = s.split()
        k = max(4, 2 * len(w) // 3)
        if push(" ".join(w[:k]), [pos[s]]) or push(" ".join(w[-k:]), [pos[s]]):
            return out, parts
    raise SystemExit(f"only {len(out)} distinct wordings could be made")


def base_vectors(ws, texts: list[str]) -> tuple:  # noqa: ANN001
    """English and multilingual vectors of the real sentences, cached in bench/out/cache (encoding is slow)."""
    import hashlib

    import numpy as np

    cache = OUT / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha1(("\n".join(texts) + ws.embedder.model_name).encode()).hexdigest()[:12]
    path = cache / f"vectors-{len(texts)}-{key}.npz"
    if path.exists():
        with np.load(path) as d:
            return d["en"], d["ml"]
    en = ws.embedder.encode(texts, batch_size=64)
    ml = ws.embedder.encode_multilingual(texts) if ws.embedder.has_multilingual else np.zeros((len(texts), 512),
                                                                                              np.float32)
    np.savez(path, en=en, ml=ml)
    return en, ml


def build_store(ws, n: int) -> dict:  # noqa: ANN001
    """Fill an empty store with n quotes (4 per article), inserted in bulk with precomputed vectors."""
    import numpy as np
    from sqlalchemy import insert

    from provenance.models import Article, Outlet, Quote, Statement, TextVector
    from provenance.normalize import content_hash, text_hash

    texts, parts = wordings_for(n)
    used = sorted({i for p in parts for i in p})
    arts = [t for _, t in articles()]
    base = list(dict.fromkeys([s for sents in sentences_of(arts) for s in sents] + mrpc_stsb()))
    real = [base[i] for i in used]
    t0 = time.perf_counter()
    en_b, ml_b = base_vectors(ws, real)
    encode_s = time.perf_counter() - t0
    where = {i: j for j, i in enumerate(used)}

    def combine(vecs: np.ndarray, idx: list[int]) -> np.ndarray:
        v = vecs[[where[i] for i in idx]].sum(axis=0)
        return (v / np.linalg.norm(v)).astype(np.float32)

    synthetic = sum(1 for t, p in zip(texts, parts) if len(p) > 1 or base[p[0]] != t)
    t0 = time.perf_counter()
    step = 20_000
    with ws.engine.begin() as conn:
        conn.execute(insert(Outlet), [{"id": 1, "name": "Bench Wire", "domain": "bench.example"}])
        for lo in range(0, n, step):
            hi = min(n, lo + step)
            arts_rows, quote_rows, vec_rows, st_rows = [], [], [], []
            for a in range(lo // 4, (hi + 3) // 4):
                body = " ".join(f'"{texts[q]}" an official said.' for q in range(4 * a, min(n, 4 * a + 4)))
                arts_rows.append({"id": a + 1, "url": f"https://bench.example/{a}", "outlet_id": 1, "text": body,
                                  "content_hash": content_hash(body), "date_source": "given",
                                  "published_at": None, "is_demo": False, "ingested_at": None})
            for q in range(lo, hi):
                h = text_hash(texts[q])  # distinct by construction (wordings_for)
                quote_rows.append({"id": q + 1, "article_id": q // 4 + 1, "text": texts[q], "span_start": 0,
                                   "span_end": len(texts[q]), "kind": "direct", "norm_hash": h,
                                   "statement_id": q + 1})
                st_rows.append({"id": q + 1, "canonical_quote_id": q + 1})
                vec_rows.append({"id": q + 1, "norm_hash": h, "language": "en",
                                 "vector": combine(en_b, parts[q]).tobytes(),
                                 "mvector": combine(ml_b, parts[q]).tobytes()})
            from datetime import datetime, timezone

            now = datetime(1987, 3, 1, tzinfo=timezone.utc)
            for r in arts_rows:
                r["published_at"] = r["ingested_at"] = now
            for r in st_rows:
                r["created_at"] = now
            conn.execute(insert(Article), arts_rows)
            conn.execute(insert(Statement), st_rows)
            conn.execute(insert(Quote), quote_rows)
            conn.execute(insert(TextVector), vec_rows)
    return {"texts": texts, "real_sentences": len(real), "synthetic_wordings": synthetic,
            "encode_s": round(encode_s, 1), "insert_s": round(time.perf_counter() - t0, 1)}


class SemanticSearchStore:
    """The brute-force baseline: sentence_transformers.util.semantic_search over the same float32 vectors."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._chunks: list = []
        self._ids: list = []
        self._all = None

    def __len__(self) -> int:
        return sum(len(i) for i in self._ids)

    def add(self, ids, vectors) -> None:  # noqa: ANN001
        import numpy as np
        import torch

        self._chunks.append(torch.from_numpy(np.array(vectors, dtype=np.float32).reshape(-1, self.dim)))
        self._ids.append(np.asarray(ids, dtype=np.int64))
        self._all = None

    def search(self, queries, k: int):  # noqa: ANN001, ANN201
        import numpy as np
        import torch
        from sentence_transformers import util

        if self._all is None:
            self._all = (torch.cat(self._chunks), np.concatenate(self._ids))
        corpus, ids = self._all
        res = util.semantic_search(torch.from_numpy(np.asarray(queries, np.float32).reshape(-1, self.dim)),
                                   corpus, top_k=k, score_function=util.dot_score)
        s = np.full((len(res), k), -np.inf, np.float32)
        i = np.full((len(res), k), -1, np.int64)
        for r, hits in enumerate(res):
            for j, h in enumerate(hits):
                s[r, j], i[r, j] = h["score"], ids[h["corpus_id"]]
        return s, i


def queries_for(texts: list[str], n: int) -> list[str]:
    """What journalists paste: stored quotes trimmed or lightly edited, and some wordings never stored."""
    rng = random.Random(7)
    out = []
    for _ in range(n):
        t = texts[rng.randrange(len(texts))].split()
        kind = rng.random()
        if kind < 0.4 and len(t) > 8:
            t = t[2:-1]  # trimmed at both ends
        elif kind < 0.7:
            t = [w.lower() for w in t]
            if len(t) > 6:
                del t[len(t) // 2]  # a dropped word
        out.append(" ".join(t))
    unseen = [s for s in mrpc_stsb()[-3000:] if s not in set(texts)]
    for i in range(len(out) // 5):
        out[rng.randrange(len(out))] = unseen[i % len(unseen)]
    return out


def pct(values: list[float], p: float) -> float:
    import numpy as np

    return round(float(np.percentile(values, p)) * 1000, 2)


def run_size(n: int, n_queries: int) -> dict:
    import shutil

    import numpy as np

    from provenance.config import settings_from
    from provenance.db import session_scope
    from provenance.textindex import TextIndex
    from provenance.trace import trace_many
    from provenance.workspace import new_workspace

    root = WORK / f"store-{n}"
    shutil.rmtree(root, ignore_errors=True)
    settings = settings_from({"PROVENANCE_DATABASE_URL": f"sqlite:///{root / 'store.db'}",
                              "PROVENANCE_DATA_DIR": str(root / "data")})
    ws = new_workspace(settings)
    built = build_store(ws, n)
    texts = built.pop("texts")
    ws.engine.dispose()

    # The ANN index: built from the table, saved, then loaded as a restarted process would.
    ws.index = TextIndex.for_settings(settings)
    t0 = time.perf_counter()
    with session_scope(ws.engine) as s:
        ws.index.refresh(s)
    ws.index.save()
    index_build_s = time.perf_counter() - t0
    ws.index = TextIndex.for_settings(settings)
    t0 = time.perf_counter()
    with session_scope(ws.engine) as s:
        assert ws.index.refresh(s) == 0
    index_load_s = time.perf_counter() - t0
    rss_after_index = peak_rss_mb()

    queries = queries_for(texts, n_queries)
    trace_many(ws, [(queries[0], None)])  # warm-up: models, caches
    ann = []
    for q in queries:
        t0 = time.perf_counter()
        trace_many(ws, [(q, None)])
        ann.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    trace_many(ws, [(q, None) for q in queries])
    batch_s = time.perf_counter() - t0

    from fastapi.testclient import TestClient

    from web.app import create_app

    http = []
    with TestClient(create_app(ws)) as client:
        client.post("/api/v1/trace", json={"text": queries[0]})
        for q in queries:
            t0 = time.perf_counter()
            r = client.post("/api/v1/trace", json={"text": q})
            http.append(time.perf_counter() - t0)
            assert r.status_code == 200, r.text
    rss_ann = peak_rss_mb()

    # Search only, and its recall against exact search, on the query vectors.
    qv = ws.embedder.encode(queries)
    qm = ws.embedder.encode_multilingual(queries) if ws.embedder.has_multilingual else None
    ann_search = [_timed(lambda i=i: ws.index.neighbours(qv[i], qm[i] if qm is not None else None))
                  for i in range(len(queries))]
    a_ids = ws.index.english.search(qv, 10)[1]

    brute = TextIndex(make_store=SemanticSearchStore)
    ann_index, ws.index = ws.index, brute
    with session_scope(ws.engine) as s:
        brute.refresh(s)
    trace_many(ws, [(queries[0], None)])
    bf = []
    for q in queries:
        t0 = time.perf_counter()
        trace_many(ws, [(q, None)])
        bf.append(time.perf_counter() - t0)
    bf_search = [_timed(lambda i=i: brute.neighbours(qv[i], qm[i] if qm is not None else None))
                 for i in range(len(queries))]
    e_ids = brute.english.search(qv, 10)[1]
    recall = float(np.mean([len(set(a_ids[r]) & set(e_ids[r])) / 10 for r in range(len(queries))]))
    top1 = float(np.mean(a_ids[:, 0] == e_ids[:, 0]))
    ws.index = ann_index
    return {
        "quotes": n, **built, "index_build_s": round(index_build_s, 1), "index_load_s": round(index_load_s, 2),
        "index_files_mb": round(sum(p.stat().st_size for p in (root / "data" / "index").glob("*")) / 2**20, 1),
        "queries": len(queries),
        "trace_p50_ms": pct(ann, 50), "trace_p95_ms": pct(ann, 95),
        "trace_batch_ms_per_query": round(batch_s / len(queries) * 1000, 2),
        "http_p50_ms": pct(http, 50), "http_p95_ms": pct(http, 95),
        "brute_trace_p50_ms": pct(bf, 50), "brute_trace_p95_ms": pct(bf, 95),
        "trace_speedup_p95": round(pct(bf, 95) / pct(ann, 95), 1),
        "search_p50_ms": pct(ann_search, 50), "search_p95_ms": pct(ann_search, 95),
        "brute_search_p50_ms": pct(bf_search, 50), "brute_search_p95_ms": pct(bf_search, 95),
        "search_speedup_p95": round(pct(bf_search, 95) / max(pct(ann_search, 95), 1e-3), 1),
        "recall_at_10": round(recall, 3), "same_top1": round(top1, 3),
        "peak_rss_ann_mb": rss_ann, "rss_after_index_mb": rss_after_index, "peak_rss_total_mb": peak_rss_mb(),
    }


def write(results: dict) -> None:
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    lines = [f"Machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, "
             f"Python {results['machine']['python']}", ""]
    ing = results.get("ingest", {})
    if "error" not in ing:
        lines += ["| ingest | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in ing.items()] + [""]
    else:
        lines += [f"ingest failed: {ing['error']}", ""]
    cols = ["quotes", "trace_p50_ms", "trace_p95_ms", "http_p50_ms", "http_p95_ms", "brute_trace_p50_ms",
            "brute_trace_p95_ms", "trace_speedup_p95", "search_p95_ms", "brute_search_p95_ms",
            "search_speedup_p95", "recall_at_10", "same_top1", "index_build_s", "index_load_s",
            "peak_rss_ann_mb", "peak_rss_total_mb", "synthetic_wordings"]
    lines += ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in results["sizes"]:
        if "error" in r:
            lines.append(f"| error: {r['error'][-300:]!r} |")
        else:
            lines.append("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")
    (OUT / "results.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
