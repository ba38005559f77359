"""Ingest profile and throughput on a fixed sample of articles (issue 8).

Two parts, both on the same N articles spread evenly over a JSONL file (e.g. RealTimeQA 2022
articles as {"id", "title", "text", "published"} records):

* `--steps`: each step run alone over all N articles, one after another (read, clean, spaCy,
  chunking, chunk vectors, sentence vectors, store), wall seconds and share;
* the real pipeline (`Indexer.add`: parsing overlapped with encoding), wall and CPU seconds.

Run it niced; the machine is shared, so compare CPU seconds and runs made in the same job.

    nice -n 10 python benchmarks/ingest_profile.py --data articles.jsonl --limit 100 [--steps]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.annotate import annotate_many, lines_in, load_nlp  # noqa: E402
from index.chunk import chunk_document  # noqa: E402
from index.clean import kept_blocks  # noqa: E402
from index.dates import with_publication_date  # noqa: E402
from index.dedupe import with_signature  # noqa: E402
from index.embed import load_embedder  # noqa: E402
from index.load import load_file  # noqa: E402
from index.pipeline import Indexer  # noqa: E402
from index.store import IndexStore, ProcessedDocument  # noqa: E402


def sample(data: Path, limit: int, workdir: Path) -> Path:
    lines = [line for line in data.read_text(encoding="utf-8").splitlines(keepends=True) if line.strip()]
    if limit and len(lines) > limit:
        lines = [lines[int(i * len(lines) / limit)] for i in range(limit)]
    path = workdir / "sample.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def steps(path: Path, workdir: Path) -> None:
    encoder, nlp = load_embedder(), load_nlp()
    encoder.encode(["warm up"])
    nlp("Warm up.")
    timings: dict[str, float] = {}

    def timed(step: str, work):
        started = time.perf_counter()
        result = work()
        timings[step] = time.perf_counter() - started
        return result

    articles = timed("read", lambda: [with_publication_date(a) for a in load_file(path)])
    words = sum(len(a.text.split()) for a in articles)
    blocks = timed("clean", lambda: [kept_blocks(a.text) for a in articles])
    sentences = timed("spaCy", lambda: annotate_many((a.doc_id, a.text, lines_in(a.text, b)) for a, b in zip(articles, blocks)))
    chunks = timed("chunking", lambda: [chunk_document(a.doc_id, a.text, b, s) for a, b, s in zip(articles, blocks, sentences)])
    chunk_vectors = timed("chunk vectors", lambda: encoder.encode([a.text[c.start:c.end] for a, cs in zip(articles, chunks) for c in cs]))
    sentence_vectors = timed("sentence vectors", lambda: encoder.encode([a.text[s.start:s.end] for a, ss in zip(articles, sentences) for s in ss]))

    def store() -> None:
        documents, c, s = [], 0, 0
        for a, ss, cs in zip(articles, sentences, chunks):
            documents.append(ProcessedDocument(with_signature(a), ss, cs, chunk_vectors[c:c + len(cs)], sentence_vectors[s:s + len(ss)]))
            c, s = c + len(cs), s + len(ss)
        IndexStore(workdir / "steps-index").commit(documents, merge=False, encoder=encoder.name)

    timed("store", store)
    total = sum(timings.values())
    print(f"steps one after another: {len(articles)} articles, {words} words, {len(chunk_vectors)} chunks, "
          f"{len(sentence_vectors)} sentences: {total:.1f} s = {words / total:.0f} words/s")
    print("| step | seconds | share |\n|---|---|---|")
    for step, seconds in timings.items():
        print(f"| {step} | {seconds:.2f} | {100 * seconds / total:.1f} % |")


def pipeline(path: Path, workdir: Path) -> None:
    encoder, nlp = load_embedder(), load_nlp()
    encoder.encode(["warm up"])
    nlp("Warm up.")
    articles = load_file(path)
    words = sum(len(a.text.split()) for a in articles)
    started, cpu = time.perf_counter(), cpu_seconds()
    report = Indexer(workdir / "index", encoder).add(articles)
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(f"pipeline (Indexer.add): {len(report.added)} articles, {words} words, {report.chunks} chunks: "
          f"{wall:.1f} s wall = {words / wall:.0f} words/s, {cpu:.1f} CPU s = {words / cpu:.0f} words per CPU s; "
          f"load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--steps", action="store_true", help="also time each step alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ingest-profile-") as tmp:
        path = sample(args.data, args.limit, Path(tmp))
        if args.steps:
            steps(path, Path(tmp))
        pipeline(path, Path(tmp))


if __name__ == "__main__":
    main()
