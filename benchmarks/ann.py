"""Segment index types at scale: recall@20 against exact, memory, build and query time.

    nice -n 10 python benchmarks/ann.py --vectors /tmp/bbc-vectors.npz [--rows 1000000] [--out ann.json]

Real vectors (made once, cached in --vectors, an .npz of plain arrays): BBC News (../shared/data)
through the real cleaner and chunker (service/segbench.py's bulk documents: regex sentences)
and the real encoder (all-MiniLM-L6-v2, NEWSDESK_ENCODER's backend): every chunk of the first
articles is the base; HELD_OUT_ARTICLES articles are kept out and --queries of their sentences
are the queries (a sentence about the news, the nearest thing to a question we can embed
without tuning on questions).

Scale set: --rows vectors drawn to resemble the real chunks: row i = normalise(a + MIX·b +
NOISE·g/√d) with a, b two real chunk vectors picked at random and g standard normal: each
synthetic vector sits near a real one, leaning towards another topic, so the set keeps the real
vectors' uneven topical density while having 1 M distinct points. The same held-out real
queries are searched in it.

For each set and each index type (index/ann.py, the product's own build and search code, with
its exact re-rank), over search-parameter values: recall@20 against exact IndexFlatIP, the
p50/p99 single-query time (one thread, the way a request runs), build time and the index's
bytes (faiss.serialize_index) per million vectors. The exact flat search is timed in the same
run as the peer figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index import ann  # noqa: E402
from index.ann import HNSW, IVF_SQ8, BySize, SegmentIndex  # noqa: E402

K = 20
HELD_OUT_ARTICLES = 100
MIN_QUERY_WORDS = 6
MIX = 0.35
NOISE = 0.25
SEED = 7
# search-time parameters swept per type (the build is done once per type)
EF_SEARCH = (96, 256, 512, 1024)
NPROBE = (48, 128, 256, 512)


def real_vectors(cache: Path, queries: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(BBC chunk vectors, query sentence vectors), encoded once and cached."""
    if cache.exists():
        with np.load(cache, allow_pickle=False) as data:
            return data["chunks"], data["queries"][:queries]
    from index.encoders import load_encoder
    from service.segbench import articles, bulk_document

    bbc = [a for a in articles() if a.doc_id.startswith("bbc-")]
    base, held = bbc[:-HELD_OUT_ARTICLES], bbc[-HELD_OUT_ARTICLES:]
    docs = [bulk_document(a, rng) for a in base]
    chunk_texts = [d.article.text[c.start:c.end] for d in docs for c in d.chunks]
    sentence_texts = [d.article.text[s.start:s.end] for d in (bulk_document(a, rng) for a in held)
                      for s in d.sentences if len(d.article.text[s.start:s.end].split()) >= MIN_QUERY_WORDS]
    picked = [sentence_texts[i] for i in sorted(rng.choice(len(sentence_texts), min(queries, len(sentence_texts)),
                                                          replace=False))]
    encoder = load_encoder()
    start = time.perf_counter()
    chunks = encoder.encode(chunk_texts)
    print(f"encoded {len(chunk_texts):,} chunks in {time.perf_counter() - start:.0f} s", flush=True)
    query_vectors = encoder.encode(picked)
    np.savez(cache, chunks=chunks, queries=query_vectors)
    return chunks, query_vectors


def normalise(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def synthetic(base: np.ndarray, rows: int, rng: np.random.Generator, batch: int = 100_000) -> np.ndarray:
    out = np.empty((rows, base.shape[1]), np.float32)
    for start in range(0, rows, batch):
        n = min(batch, rows - start)
        a = base[rng.integers(0, len(base), n)]
        b = base[rng.integers(0, len(base), n)]
        g = rng.standard_normal(a.shape).astype(np.float32) / np.sqrt(base.shape[1])
        out[start:start + n] = normalise(a + MIX * b + NOISE * g)
    return out


def exact_truth(base: np.ndarray, queries: np.ndarray) -> tuple[np.ndarray, list[float]]:
    flat = faiss.IndexFlatIP(base.shape[1])
    flat.add(base)
    _, truth = flat.search(queries, K)
    times = []
    for q in queries[:50]:  # the exact search a request would run, one query at a time
        t = time.perf_counter()
        flat.search(q.reshape(1, -1), K)
        times.append(time.perf_counter() - t)
    return truth, times


def measure(index: SegmentIndex, queries: np.ndarray, truth: np.ndarray) -> dict:
    found, times = 0, []
    for q, t in zip(queries, truth):
        start = time.perf_counter()
        _, rows = index.search(q, K)
        times.append(time.perf_counter() - start)
        found += len(set(rows.tolist()) & set(t.tolist()))
    return {"recall_at_20": round(found / truth.size, 4), **_ms(times)}


def _ms(times: list[float]) -> dict:
    return {"p50_ms": round(1000 * float(np.percentile(times, 50)), 3),
            "p99_ms": round(1000 * float(np.percentile(times, 99)), 3)}


def run_set(name: str, base: np.ndarray, queries: np.ndarray, kinds: list[str], build_threads: int) -> dict:
    print(f"[{name}] {len(base):,} vectors, {len(queries)} queries", flush=True)
    faiss.omp_set_num_threads(1)
    truth, exact_times = exact_truth(base, queries)
    result = {"vectors": len(base), "queries": len(queries),
              "exact": {"bytes_per_million": 4 * base.shape[1] * 1_000_000, **_ms(exact_times)}, "types": []}
    print(f"  exact: {result['exact']}", flush=True)
    for kind in kinds:
        spec = BySize(exact_max_rows=1, kind=kind).choose(len(base))
        faiss.omp_set_num_threads(build_threads)
        start = time.perf_counter()
        built = ann.build(spec, base)
        build_s = time.perf_counter() - start
        faiss.omp_set_num_threads(1)
        size = len(faiss.serialize_index(built))
        row = {"kind": kind, "factory": spec.factory, "build_s": round(build_s, 1),
               "index_bytes_per_million": int(size * 1_000_000 / len(base)), "search": []}
        sweep = [replace(spec, ef_search=v) for v in EF_SEARCH] if kind == HNSW else \
            [replace(spec, nprobe=v) for v in NPROBE]
        for s in sweep:
            m = measure(SegmentIndex(s, built, base), queries, truth)
            m.update({"ef_search": s.ef_search} if kind == HNSW else {"nprobe": s.nprobe})
            row["search"].append(m)
            print(f"  {kind} {s.factory} build {build_s:.0f}s {row['index_bytes_per_million'] / 1e6:.0f} MB/M: {m}",
                  flush=True)
        result["types"].append(row)
        del built
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vectors", type=Path, required=True, help="cache of the real vectors (.npz)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="size of the scale set")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--kinds", default=f"{HNSW},{IVF_SQ8}")
    parser.add_argument("--build-threads", type=int, default=2)
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    real, queries = real_vectors(args.vectors, args.queries, rng)
    kinds = args.kinds.split(",")
    report = {"source": {"real_chunks": len(real), "queries": len(queries), "mix": MIX, "noise": NOISE,
                         "seed": SEED}, "sets": {}}
    if not args.skip_real:
        report["sets"]["real"] = run_set("real", real, queries, kinds, args.build_threads)
    scale = synthetic(real, args.rows, rng)
    report["sets"]["scale"] = run_set("scale", scale, queries, kinds, args.build_threads)
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
