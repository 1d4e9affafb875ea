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
    ap.add_argument("--build", type=int, help=argparse.SUPPRESS)  # child: build one store size
    ap.add_argument("--measure", type=int, help=argparse.SUPPRESS)  # child: measure one store size
    ap.add_argument("--mode", choices=["ann", "brute"], default="ann", help=argparse.SUPPRESS)
    ap.add_argument("--ingest-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"bench: {DATA} is absent; the benchmark needs the shared data sets (see README). Nothing run.")
        return 0
    if args.build is not None:
        print(json.dumps(build_size(args.build)))
        return 0
    if args.measure is not None:
        print(json.dumps(measure_size(args.measure, args.queries, args.mode)))
        return 0
    if args.ingest_only:
        print(json.dumps(run_ingest(args.ingest_articles)))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "command": " ".join(["bench/run.py", *sys.argv[1:]]), "ingest": child(["--ingest-only", "--ingest-articles",
                                                       str(args.ingest_articles)]), "sizes": []}
    for n in args.sizes:
        # Build, then measure in fresh processes (as a restarted server would load the store), so each peak
        # RSS is that of the traced store alone; the brute-force baseline runs in its own process too.
        row = {"load_before": load()}
        row.update(child(["--build", str(n)]))
        if "error" not in row:
            ann = child(["--measure", str(n), "--queries", str(args.queries), "--mode", "ann"])
            brute = child(["--measure", str(n), "--queries", str(args.queries), "--mode", "brute"])
            speedups = compare(ann, brute)
            row.update(ann)
            row.update({f"brute_{k}": v for k, v in brute.items()})
            row.update(speedups)
        results["sizes"].append(row)
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
    out[f"{argv[0].lstrip('-').replace('-', '_')}_wall_s"] = round(time.perf_counter() - t, 1)
    return out


def load() -> float:
    """The 1-minute load average (the machine is shared; figures taken under load are not comparable)."""
    return round(os.getloadavg()[0], 2)


def machine() -> dict:
    import platform

    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)}


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

    # The raw rate: the same models on the same distinct wordings that ingest has to embed, batched as
    # ingest batches them (64), timed alone; the median of three runs, before and after ingest.
    wordings = list({text_hash(q.text): q.text for _, t in arts for q in extract_quotes(t) if traceable(q)}.values())

    def raw() -> tuple[float, float]:
        en_s = _timed(lambda: ws.embedder.encode(wordings))
        ml_s = _timed(lambda: ws.embedder.encode_multilingual(wordings)) if ws.embedder.has_multilingual else 0.0
        return en_s, ml_s

    load_start = load()
    raws = [raw() for _ in range(3)]
    recs = [ArticleIn(url=f"https://bench.example/{aid}", text=t, title=None) for aid, t in arts]
    t0 = time.perf_counter()
    out = list(ingest(ws, recs))
    novel_s = time.perf_counter() - t0
    assert all(o.status == INGESTED for o in out), [o for o in out if o.status != INGESTED][:3]
    with session_scope(ws.engine) as s:
        n_vec = len(s.scalars(select(TextVector.id)).all())
    raws += [raw() for _ in range(3)]
    en_s = sorted(r[0] for r in raws)[len(raws) // 2]
    both_s = sorted(r[0] + r[1] for r in raws)[len(raws) // 2]
    extract_s = sum(_timed(lambda: extract_quotes(t)) for _, t in arts)

    # Reprints: byte-identical copies under new URLs, then near-identical ones (a line added: the full
    # path, extracting again, but every quote's wording is already stored, so nothing is embedded).
    reprints = [ArticleIn(url=f"https://copy.example/{aid}", text=t, title=None) for aid, t in arts]
    t0 = time.perf_counter()
    out = list(ingest(ws, reprints))
    reprint_s = time.perf_counter() - t0
    assert all(o.status == INGESTED for o in out)
    near = [ArticleIn(url=f"https://near.example/{aid}", text=f"Republished with permission.\n\n{t}", title=None)
            for aid, t in arts]
    t0 = time.perf_counter()
    out = list(ingest(ws, near))
    near_s = time.perf_counter() - t0
    assert all(o.status == INGESTED for o in out)
    with session_scope(ws.engine) as s:
        assert len(s.scalars(select(TextVector.id)).all()) == n_vec  # no wording embedded twice
    return {
        "articles": len(arts), "wordings_embedded": n_vec, "wordings_in_text": len(wordings),
        "load_at_start": load_start, "load_at_end": load(),
        "novel_s": round(novel_s, 2), "novel_articles_per_s": round(len(arts) / novel_s, 1),
        "novel_wordings_per_s": round(n_vec / novel_s, 1),
        "raw_encode_en_per_s": round(len(wordings) / en_s, 1),
        "raw_encode_both_per_s": round(len(wordings) / both_s, 1),
        "raw_runs_s": [[round(a, 2), round(b, 2)] for a, b in raws],
        "novel_vs_raw_both": round((n_vec / novel_s) / (len(wordings) / both_s), 3),
        "novel_vs_raw_en": round((n_vec / novel_s) / (len(wordings) / en_s), 3),
        "extract_s": round(extract_s, 2),
        "reprint_identical_articles_per_s": round(len(arts) / reprint_s, 1),
        "reprint_near_identical_articles_per_s": round(len(arts) / near_s, 1),
        "peak_rss_mb": peak_rss_mb(),
    }


def _timed(fn) -> float:  # noqa: ANN001
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# ------------------------------------------------------------------------------------------ stores


def base_sentences() -> tuple[list[list[str]], list[str]]:
    """Per article its sentences, and every distinct real sentence (articles, then MRPC and STS-B)."""
    per_article = sentences_of([t for _, t in articles()])
    return per_article, list(dict.fromkeys([s for sents in per_article for s in sents] + mrpc_stsb()))


def wordings_for(n: int) -> tuple[list[str], list[list[int]], list[int]]:
    """n distinct quote wordings from real text: for each, the indices of the real sentences it is made of
    and how many of their words it keeps (0: all).

    Real sentences first (BBC, PolNeAR, Reuters, MRPC, STS-B); beyond those, quotes are synthesised as
    windows of 2-10 consecutive sentences of one article and as trimmed sentences (the first or last two
    thirds, half, three quarters or a third of the words): the kinds of wording a quote store holds."""
    from provenance.normalize import text_hash

    per_article, base = base_sentences()
    pos = {s: i for i, s in enumerate(base)}
    out: list[str] = []
    parts: list[list[int]] = []
    trims: list[int] = []
    seen: set[str] = set()

    def push(text: str, idx: list[int], trim: int = 0) -> bool:
        key = text_hash(text)  # one TextVector per normalised wording
        if key not in seen:
            seen.add(key)
            out.append(text)
            parts.append(idx)
            trims.append(trim)
        return len(out) >= n

    for s in base:
        if push(s, [pos[s]]):
            return out, parts, trims
    for width in range(2, 11):
        for sents in per_article:
            for i in range(len(sents) - width + 1):
                if push(" ".join(sents[i:i + width]), [pos[x] for x in sents[i:i + width]]):
                    return out, parts, trims
    for num, den in ((2, 3), (1, 2), (3, 4), (1, 3)):
        for s in base:
            w = s.split()
            k = max(4, num * len(w) // den)
            if push(" ".join(w[:k]), [pos[s]], k) or push(" ".join(w[-k:]), [pos[s]], -k):
                return out, parts, trims
    raise SystemExit(f"only {len(out)} distinct wordings could be made")


def base_vectors(ws, texts: list[str]) -> tuple:  # noqa: ANN001
    """English and multilingual vectors of all the real sentences, cached in bench/out/cache (encoding 80k
    sentences takes minutes)."""
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
    """Fill an empty store with n quotes (4 per article, with their sentences), inserted in bulk.

    Real sentences carry their own vectors. A window of sentences gets the normalised sum of its sentences'
    vectors, and a trimmed sentence its sentence's vector nudged by a small deterministic offset (encoding a
    million texts would take hours here): close to what the model gives, and distinct, as stored wordings
    are."""
    from datetime import datetime, timezone

    import numpy as np
    from sqlalchemy import insert

    from provenance.models import Article, Outlet, Quote, Sentence, Statement, TextVector
    from provenance.normalize import content_hash, text_hash
    from provenance.sentences import sentence_rows

    texts, parts, trims = wordings_for(n)
    _, base = base_sentences()
    t0 = time.perf_counter()
    en_b, ml_b = base_vectors(ws, base)
    encode_s = time.perf_counter() - t0

    def combine(vecs: np.ndarray, idx: list[int], trim: int, q: int) -> np.ndarray:
        v = vecs[idx].sum(axis=0)
        if trim:
            noise = np.random.default_rng(q).normal(size=v.shape).astype(np.float32)
            v = v / np.linalg.norm(v) + 0.15 * noise / np.linalg.norm(noise)
        return (v / np.linalg.norm(v)).astype(np.float32)

    synthetic = sum(1 for p, tr in zip(parts, trims) if len(p) > 1 or tr)
    t0 = time.perf_counter()
    step = 20_000
    now = datetime(1987, 3, 1, tzinfo=timezone.utc)
    sentence_id = 0
    with ws.engine.begin() as conn:
        conn.execute(insert(Outlet), [{"id": 1, "name": "Bench Wire", "domain": "bench.example"}])
        for lo in range(0, n, step):
            hi = min(n, lo + step)
            arts_rows, quote_rows, vec_rows, st_rows, sent_rows = [], [], [], [], []
            spans: dict[int, tuple[int, int]] = {}
            for a in range(lo // 4, (hi + 3) // 4):
                body = ""
                for q in range(4 * a, min(n, 4 * a + 4)):
                    start = len(body) + 1
                    body += f'"{texts[q]}" an official said. '
                    spans[q] = (start, start + len(texts[q]))
                body = body.strip()
                arts_rows.append({"id": a + 1, "url": f"https://bench.example/{a}", "outlet_id": 1, "text": body,
                                  "content_hash": content_hash(body), "date_source": "given",
                                  "published_at": now, "ingested_at": now, "is_demo": False})
                for r in sentence_rows(a + 1, body):
                    sentence_id += 1
                    sent_rows.append({"id": sentence_id, **r})
            for q in range(lo, hi):
                h = text_hash(texts[q])  # distinct by construction (wordings_for)
                quote_rows.append({"id": q + 1, "article_id": q // 4 + 1, "text": texts[q], "span_start": spans[q][0],
                                   "span_end": spans[q][1], "kind": "direct", "norm_hash": h,
                                   "statement_id": q + 1})
                st_rows.append({"id": q + 1, "canonical_quote_id": q + 1, "created_at": now})
                vec_rows.append({"id": q + 1, "norm_hash": h, "language": "en",
                                 "vector": combine(en_b, parts[q], trims[q], q).tobytes(),
                                 "mvector": combine(ml_b, parts[q], trims[q], q).tobytes()})
            conn.execute(insert(Article), arts_rows)
            conn.execute(insert(Statement), st_rows)
            conn.execute(insert(Quote), quote_rows)
            conn.execute(insert(TextVector), vec_rows)
            conn.execute(insert(Sentence), sent_rows)
    return {"texts": texts, "real_sentences": len(base), "synthetic_wordings": synthetic,
            "sentences": sentence_id, "encode_s": round(encode_s, 1), "insert_s": round(time.perf_counter() - t0, 1)}


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
    stored = set(texts)
    unseen = [s for s in mrpc_stsb()[-3000:] if s not in stored]
    for i in range(len(out) // 5):
        out[rng.randrange(len(out))] = unseen[i % len(unseen)]
    return out


def pct(values: list[float], p: float) -> float:
    import numpy as np

    return round(float(np.percentile(values, p)) * 1000, 2)


def _settings(n: int):  # noqa: ANN202
    from provenance.config import settings_from

    root = WORK / f"store-{n}"
    return root, settings_from({"PROVENANCE_DATABASE_URL": f"sqlite:///{root / 'store.db'}",
                                "PROVENANCE_DATA_DIR": str(root / "data")})


def build_size(n: int) -> dict:
    """Build a store of n quotes and its saved index; write the benchmark queries beside it."""
    import shutil

    from provenance.db import session_scope
    from provenance.textindex import TextIndex
    from provenance.workspace import new_workspace

    root, settings = _settings(n)
    shutil.rmtree(root, ignore_errors=True)
    ws = new_workspace(settings)
    built = build_store(ws, n)
    texts = built.pop("texts")
    (root / "queries.json").write_text(json.dumps(queries_for(texts, 1000)))
    del texts
    ws.engine.dispose()
    ws.index = TextIndex.for_settings(settings)
    t0 = time.perf_counter()
    with session_scope(ws.engine) as s:
        ws.index.refresh(s)
        t1 = time.perf_counter()
        ws.index.refresh_sentences(s)
    ws.index.save()
    return {"quotes": n, **built, "index_build_s": round(t1 - t0, 1),
            "sentence_index_build_s": round(time.perf_counter() - t1, 1),
            "index_files_mb": round(sum(p.stat().st_size for p in (root / "data" / "index").glob("*")) / 2**20, 1),
            "build_peak_rss_mb": peak_rss_mb()}


def measure_size(n: int, n_queries: int, mode: str) -> dict:
    """In a fresh process: load the store, then time traces (per query, batch, HTTP) and search alone.

    mode "ann" uses the saved index as the application does; mode "brute" swaps in brute-force
    `sentence_transformers.util.semantic_search` over the same float32 vectors, on the same trace path."""
    import numpy as np

    from provenance.db import session_scope
    from provenance.textindex import TextIndex
    from provenance.trace import trace_many
    from provenance.workspace import new_workspace

    root, settings = _settings(n)
    queries = json.loads((root / "queries.json").read_text())[:n_queries]
    ws = new_workspace(settings)
    if mode == "brute":
        ws.index = TextIndex(make_store=SemanticSearchStore)
    t0 = time.perf_counter()
    with session_scope(ws.engine) as s:
        read = ws.index.refresh(s)
        ws.index.refresh_sentences(s)
    if mode == "ann":
        assert read == 0, "the saved index should have been loaded, not rebuilt"
    load_s = time.perf_counter() - t0
    rss_loaded = peak_rss_mb()

    trace_many(ws, [(queries[0], None)])  # warm-up: models, caches
    load_at_start = load()
    per_query = []
    for q in queries:
        t0 = time.perf_counter()
        trace_many(ws, [(q, None)])
        per_query.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    trace_many(ws, [(q, None) for q in queries])
    batch_s = time.perf_counter() - t0

    # Search alone, on the query vectors.
    qv = ws.embedder.encode(queries)
    qm = ws.embedder.encode_multilingual(queries) if ws.embedder.has_multilingual else None
    search = [_timed(lambda i=i: ws.index.neighbours(qv[i], qm[i] if qm is not None else None))
              for i in range(len(queries))]
    scores, ids = ws.index.english.search(qv, 10)
    out = {"load_s": round(load_s, 2), "rss_loaded_mb": rss_loaded,
           "trace_p50_ms": pct(per_query, 50), "trace_p95_ms": pct(per_query, 95),
           "trace_batch_ms_per_query": round(batch_s / len(queries) * 1000, 2),
           "search_p50_ms": pct(search, 50), "search_p95_ms": pct(search, 95),
           "top10_ids": ids.tolist(), "top10_scores": np.round(scores, 5).tolist()}
    if mode == "ann":
        # The query encode alone, one sentence at a time (part of every trace, whichever search).
        enc = [_timed(lambda q=q: (ws.embedder.encode([q]), ws.embedder.encode_multilingual([q])))
               for q in queries[:100]]
        out.update({"encode_one_p50_ms": pct(enc, 50), "encode_one_p95_ms": pct(enc, 95)})
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
        out.update({"http_p50_ms": pct(http, 50), "http_p95_ms": pct(http, 95)})
    out.update({"peak_rss_mb": peak_rss_mb(), "load_at_start": load_at_start, "load_at_end": load()})
    return out


def compare(ann: dict, brute: dict) -> dict:
    """Speed-ups, and recall@10 of the index against exact search (the brute-force top 10)."""
    import numpy as np

    if "error" in ann or "error" in brute:
        return {}
    a_ids = np.array(ann.pop("top10_ids"))
    b_ids = np.array(brute.pop("top10_ids"))
    ann.pop("top10_scores")
    brute.pop("top10_scores")
    recall = float(np.mean([len(set(a_ids[r]) & set(b_ids[r])) / 10 for r in range(len(a_ids))]))
    return {"recall_at_10": round(recall, 3), "same_top1": round(float(np.mean(a_ids[:, 0] == b_ids[:, 0])), 3),
            "trace_speedup_p50": round(brute["trace_p50_ms"] / ann["trace_p50_ms"], 1),
            "trace_speedup_p95": round(brute["trace_p95_ms"] / ann["trace_p95_ms"], 1),
            "search_speedup_p95": round(brute["search_p95_ms"] / max(ann["search_p95_ms"], 1e-3), 1)}


def write(results: dict) -> None:
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    m = results["machine"]
    lines = [f"Machine: {m['cpu']}, {m['cores']} cores, {m.get('memory_gb')} GB, Python {m['python']}",
             f"Command: {results.get('command', '')}", ""]
    ing = results.get("ingest", {})
    if "error" not in ing:
        lines += ["| ingest | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in ing.items()] + [""]
    else:
        lines += [f"ingest failed: {ing['error']}", ""]
    cols = ["quotes", "load_at_start", "trace_p50_ms", "trace_p95_ms", "encode_one_p50_ms", "http_p50_ms",
            "http_p95_ms", "brute_trace_p50_ms", "brute_trace_p95_ms", "trace_speedup_p95", "search_p95_ms",
            "brute_search_p95_ms", "search_speedup_p95", "recall_at_10", "same_top1", "index_build_s",
            "load_s", "peak_rss_mb", "brute_peak_rss_mb", "build_peak_rss_mb", "synthetic_wordings", "build_wall_s"]
    lines += ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in results["sizes"]:
        if "error" in r:
            lines.append(f"| error: {r['error'][-300:]!r} |")
        else:
            lines.append("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")
    (OUT / "results.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
