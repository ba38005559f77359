"""Write costs of the segmented index at scale (issue 9): add one article, delete one, merge all,
open, on an index of >= 40,000 chunks from BBC News + RealTimeQA 2022 (../shared/data).

    python -m service.segbench build /work/tmp/seg40k      # once, slow-ish (no model needed)
    python -m service.segbench measure /work/tmp/seg40k    # real model for the added articles

The bulk of the index is built with the real cleaner and chunker but with a regex sentence
splitter and random unit vectors instead of spaCy and the model: embedding 40k chunks and their
~250k sentences on this machine would take hours, and none of the measured costs depend on the
vector values. The articles added during `measure` go through the full real pipeline (spaCy,
chunker, all-MiniLM-L6-v2) and the real writer.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

from index.chunk import chunk_document
from index.clean import kept_blocks
from index.documents import Article, Sentence
from index.embed import DIMENSION
from index.pipeline import COMMIT_DOCUMENTS
from index.segment import ProcessedDocument
from index.store import IndexStore

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
TARGET_CHUNKS = 40_000
HELD_OUT = 10  # RealTimeQA articles kept out of the bulk, added one by one while measuring
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def articles() -> list[Article]:
    """BBC News then RealTimeQA 2022 articles (distinct urls), with their original texts."""
    out: list[Article] = []
    with gzip.open(DATA / "bbc-news" / "bbc_news_2225.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            out.append(Article(doc_id=f"bbc-{row['id']}", title=row["title"], text=f"{row['title']}\n\n{row['text']}"))
    seen: set[str] = set()
    with gzip.open(DATA / "realtimeqa" / "realtimeqa_gcs_retrieval_2022.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            for result in json.loads(line).get("search_result") or []:
                url, text = result.get("url"), (result.get("text") or "").strip()
                if not url or url in seen or len(text.split()) < 50:
                    continue
                seen.add(url)
                title = (result.get("title") or text.split("\n", 1)[0])[:200]
                out.append(Article(doc_id=f"rtqa-{len(seen):05d}", title=title, text=f"{title}\n\n{text}",
                                   published=(result.get("publish_date") or None) and str(result["publish_date"])[:10]))
    return out


def bulk_document(article: Article, rng: np.random.Generator) -> ProcessedDocument:
    """Real chunks over regex sentences, random unit vectors (see the module docstring)."""
    blocks = kept_blocks(article.text)
    sentences = [Sentence(article.doc_id, b0 + m.start(), b0 + m.end())
                 for b0, b1 in blocks for m in _SENTENCE.finditer(article.text[b0:b1]) if m.group().strip()]
    chunks = chunk_document(article.doc_id, article.text, blocks, sentences)

    def unit(n: int) -> np.ndarray:
        v = rng.standard_normal((n, DIMENSION)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    return ProcessedDocument(article, sentences, chunks, unit(len(chunks)), unit(len(sentences)))


def build(index_dir: Path) -> None:
    corpus = articles()
    rtqa = [a for a in corpus if a.doc_id.startswith("rtqa-")]
    held = {a.doc_id for a in rtqa[-HELD_OUT:]}
    rng = np.random.default_rng(9)
    store = IndexStore(index_dir)
    chunks, commits, batch = 0, [], []
    for article in corpus:
        if article.doc_id in held:
            continue
        document = bulk_document(article, rng)
        if not document.chunks:
            continue
        batch.append(document)
        chunks += len(document.chunks)
        if len(batch) == COMMIT_DOCUMENTS or chunks >= TARGET_CHUNKS:
            started = time.perf_counter()
            snapshot = store.commit(batch)
            commits.append(time.perf_counter() - started)
            print(f"commit {len(commits)}: {len(batch)} docs in {commits[-1]:.2f} s -> {len(snapshot.chunks)} chunks, "
                  f"{len(snapshot.segments)} segments", flush=True)
            batch = []
            if chunks >= TARGET_CHUNKS:
                break
    (index_dir / "held_out.json").write_text(json.dumps(sorted(held)))


def measure(index_dir: Path) -> None:
    from index.embed import load_embedder
    from index.pipeline import Indexer, process

    corpus = {a.doc_id: a for a in articles()}
    held = [corpus[d] for d in json.loads((index_dir / "held_out.json").read_text())]
    started, cpu = time.perf_counter(), time.process_time()
    indexer = Indexer(index_dir)
    opened = f"{time.perf_counter() - started:.2f}/{time.process_time() - cpu:.2f}"
    snapshot = indexer.snapshot
    print(f"open (cold, this process): wall/cpu {opened} s; {len(snapshot.documents)} documents, {len(snapshot.chunks)} chunks, "
          f"{snapshot.sentence_count} sentences, {len(snapshot.segments)} segments")
    embedder = load_embedder()
    process(held[:1], embedder)  # parser and model warm

    class NoEmbedding:
        """Zero vectors: times the annotate and chunk steps of process() without the model."""

        def encode(self, texts):
            return np.zeros((len(texts), DIMENSION), np.float32)

    def add_one(article: Article) -> None:
        """Indexer.add's steps timed apart: annotate+chunk (process() without the model), the
        embedding (process() with it, untimed here), and the write (segment, manifest, merges, new
        snapshot). Wall and CPU seconds: CPU time is less disturbed by the other jobs on this machine."""
        w0, c0 = time.perf_counter(), time.process_time()
        process([article], NoEmbedding())
        w1, c1 = time.perf_counter(), time.process_time()
        processed = process([article], embedder)
        w2, c2 = time.perf_counter(), time.process_time()
        with indexer._lock:
            indexer._publish(indexer.store.commit(processed))
        w3, c3 = time.perf_counter(), time.process_time()
        annotate, write = (w1 - w0, c1 - c0), (w3 - w2, c3 - c2)
        print(f"add {article.doc_id} ({sum(len(p.chunks) for p in processed)} chunks): wall/cpu s: annotate+chunk "
              f"{annotate[0]:.3f}/{annotate[1]:.3f}, write+publish {write[0]:.3f}/{write[1]:.3f}, beyond embedding "
              f"{annotate[0] + write[0]:.3f}/{annotate[1] + write[1]:.3f} (with embedding: {w2 - w1:.3f}/{c2 - c1:.3f}); "
              f"{len(indexer.snapshot.segments)} segments", flush=True)

    def delete_one(doc_id: str) -> None:
        w0, c0 = time.perf_counter(), time.process_time()
        assert indexer.delete([doc_id]) == [doc_id]
        print(f"delete {doc_id}: wall/cpu {time.perf_counter() - w0:.3f}/{time.process_time() - c0:.3f} s", flush=True)

    for article in held[:5]:
        add_one(article)
    for article in held[:5]:
        delete_one(article.doc_id)
    segments = len(indexer.snapshot.segments)
    w0, c0 = time.perf_counter(), time.process_time()
    indexer.optimize()
    print(f"merge of all {segments} segments ({len(indexer.snapshot.chunks)} chunks): wall/cpu "
          f"{time.perf_counter() - w0:.2f}/{time.process_time() - c0:.2f} s", flush=True)
    for article in held[5:8]:
        add_one(article)
    for article in held[5:8]:
        delete_one(article.doc_id)
    started, cpu = time.perf_counter(), time.process_time()
    IndexStore(index_dir).open()
    print(f"open after merge (cold store, warm page cache): wall/cpu {time.perf_counter() - started:.2f}/"
          f"{time.process_time() - cpu:.2f} s")


if __name__ == "__main__":
    {"build": build, "measure": measure}[sys.argv[1]](Path(sys.argv[2]))
