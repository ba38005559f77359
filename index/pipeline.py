"""Ingest: load → clean → annotate → chunk → embed → store, as one call."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from index.annotate import annotate_many, lines_in
from index.clean import kept_blocks
from index.dates import with_publication_date
from index.dedupe import with_signature
from index.documents import Article, Chunk, Sentence
from index.embed import Embedder, embed_separately, load_embedder
from index.encoders import ENV_VAR, EncoderMismatch
from index.load import load_paths
from index.manifest import IndexFormatError, manifest_stamp
from index.store import IndexStore, ProcessedDocument, Snapshot

BATCH_DOCUMENTS = 32
# Every sentence encoded on its own (int8 makes that affordable). Pooling sentence vectors from the
# passages' forward pass (index.embed.embed_passages) indexed 1.5x faster but lost 1.2 gold F1 on
# the SQuAD sample (41.9 vs 43.2), over the 0.5-point budget: measured and not taken.
SENTENCE_VECTORS = embed_separately
# Documents written per segment (and per hold of the write lock) by one add.
COMMIT_DOCUMENTS = 256
REFRESH_SECONDS = 2.0

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    chunks: int = 0


@dataclass
class PreparedDocument:
    """An article cleaned, annotated and chunked: everything but its vectors (CPU work only)."""

    article: Article
    sentences: list[Sentence]
    chunks: list[Chunk]


def prepare(articles: Sequence[Article]) -> list[PreparedDocument]:
    """Clean, annotate and chunk `articles`; the article comes back with its signature filled."""
    blocks = [kept_blocks(a.text) for a in articles]
    all_sentences = annotate_many((a.doc_id, a.text, lines_in(a.text, b)) for a, b in zip(articles, blocks))
    from index.chunk import chunk_document  # after spaCy: langchain import is slow and optional for readers

    return [PreparedDocument(with_signature(a), s, chunk_document(a.doc_id, a.text, b, s))
            for a, b, s in zip(articles, blocks, all_sentences)]


def embed(prepared: Sequence[PreparedDocument], embedder: Embedder) -> list[ProcessedDocument]:
    """Chunk and sentence vectors of prepared documents, in one encoder call."""
    chunk_vectors, sentence_vectors = SENTENCE_VECTORS(
        embedder, [p.article.text for p in prepared],
        [(d, c.start, c.end) for d, p in enumerate(prepared) for c in p.chunks],
        [(d, s.start, s.end) for d, p in enumerate(prepared) for s in p.sentences])
    out: list[ProcessedDocument] = []
    c_row = s_row = 0
    for p in prepared:
        out.append(ProcessedDocument(p.article, p.sentences, p.chunks, chunk_vectors[c_row:c_row + len(p.chunks)],
                                     sentence_vectors[s_row:s_row + len(p.sentences)]))
        c_row += len(p.chunks)
        s_row += len(p.sentences)
    return out


def stream(articles: Sequence[Article], embedder: Embedder) -> Iterator[list[ProcessedDocument]]:
    """Everything the index stores about `articles`, BATCH_DOCUMENTS at a time, in order.

    The two steps overlap: a thread runs `prepare` (spaCy holds the GIL) on batch k+1 while the
    caller's thread runs `embed` on batch k (onnxruntime releases it) and stores what it gets.
    One batch of look-ahead bounds memory. Same batches, same vectors as one after the other.
    (`index/distributed.py` runs the same two steps on a Ray cluster.)"""
    batches = [articles[i:i + BATCH_DOCUMENTS] for i in range(0, len(articles), BATCH_DOCUMENTS)]
    if not batches:
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepare") as preparer:
        ahead = preparer.submit(prepare, batches[0])
        try:
            for k in range(len(batches)):
                prepared = ahead.result()
                if k + 1 < len(batches):
                    ahead = preparer.submit(prepare, batches[k + 1])
                yield embed(prepared, embedder)
        finally:
            ahead.cancel()


def process(articles: Sequence[Article], embedder: Embedder, progress: bool = False) -> list[ProcessedDocument]:
    """Everything the index stores about `articles` (see `stream`), with a words/s bar."""
    processed: list[ProcessedDocument] = []
    with tqdm(total=sum(len(a.text.split()) for a in articles), unit="word", unit_scale=True, desc="indexing",
              disable=not progress) as bar:
        for documents in stream(articles, embedder):
            processed.extend(documents)
            bar.update(sum(len(p.article.text.split()) for p in documents))
    return processed


def check_encoder(snapshot: Snapshot, encoder: str) -> None:
    """Vectors of two encoder backends never share an index: cosines across them are not comparable."""
    if snapshot.documents and snapshot.encoder and snapshot.encoder != encoder:
        raise EncoderMismatch(
            f"this index was built with the {snapshot.encoder} encoder and this process encodes with {encoder}; "
            f"set {ENV_VAR}={snapshot.encoder} to add to it, or build a new index directory")


class Indexer:
    """Owns an index directory for this process: writes go through the store's cross-process
    write lock, and readers get the latest published snapshot without restarting."""

    def __init__(self, index_dir: Path, embedder: Embedder | None = None) -> None:
        self.index_dir = Path(index_dir)
        self._embedder = embedder
        self.store = IndexStore(self.index_dir)
        self._lock = threading.Lock()  # one writer thread per process; the file lock orders processes
        self._checked = time.monotonic()
        self._stamp = manifest_stamp(self.index_dir)
        self._cleaner: threading.Thread | None = None
        self.snapshot: Snapshot = self.store.open() or Snapshot.empty()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            # Chosen once: NEWSDESK_ENCODER when set, else the backend that built this index, else the default.
            import os

            self._embedder = load_embedder(os.environ.get(ENV_VAR) or self.snapshot.encoder)
        return self._embedder

    @embedder.setter
    def embedder(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def add(self, articles: Iterable[Article], progress: bool = False) -> IngestReport:
        """Index new articles; an unchanged one is skipped, a changed one replaces the stored copy.

        Embedding happens outside the write lock; every COMMIT_DOCUMENTS documents are written
        as one segment under it, so a long folder import lets other writers in between."""
        report = IngestReport()
        self.refresh(force=True)
        current = self.snapshot
        todo: dict[str, Article] = {}
        for article in articles:
            article = with_publication_date(article)  # before comparing: stored copies carry the filled date
            stored = current.documents.get(article.doc_id)
            if stored is not None and stored.fingerprint == article.fingerprint:
                report.unchanged.append(article.doc_id)
                continue
            if article.doc_id not in todo:
                (report.replaced if stored is not None else report.added).append(article.doc_id)
            todo[article.doc_id] = article  # the last copy of a repeated id wins
        if not todo:
            return report
        encoder = self.embedder.name
        check_encoder(current, encoder)
        pending = list(todo.values())
        bar = tqdm(total=sum(len(a.text.split()) for a in pending), unit="word", unit_scale=True, desc="indexing",
                   disable=not progress)  # shows words/s
        ready: list[ProcessedDocument] = []

        def commit(documents: list[ProcessedDocument]) -> None:
            with self._lock:
                self._publish(self.store.commit(documents, merge=False, encoder=encoder))

        # A segment is written on a thread of its own while the next documents are parsed and
        # encoded (the write is numpy and file I/O; one write in flight, so segments stay in order
        # and at most one segment's worth of documents waits in memory).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="commit") as writer:
            writing = None
            try:
                for documents in stream(pending, self.embedder):  # parsing of the next batch goes on meanwhile
                    ready.extend(documents)
                    bar.update(sum(len(p.article.text.split()) for p in documents))
                    if len(ready) >= COMMIT_DOCUMENTS:
                        if writing is not None:
                            writing.result()
                        report.chunks += sum(len(p.chunks) for p in ready)
                        writing, ready = writer.submit(commit, ready), []
                if writing is not None:
                    writing.result()
                if ready:
                    report.chunks += sum(len(p.chunks) for p in ready)
                    commit(ready)
            finally:
                bar.close()
        return report

    def add_paths(self, paths: Iterable[Path], progress: bool = False) -> IngestReport:
        return self.add(load_paths(paths), progress)

    def delete(self, doc_ids: Iterable[str]) -> list[str]:
        """Remove documents; returns the ids that were there."""
        with self._lock:
            snapshot, present = self.store.delete(list(doc_ids))
            self._publish(snapshot)
            return present

    def optimize(self) -> Snapshot:
        """Merge all segments into one (`newsdesk index --optimize`)."""
        with self._lock:
            self._publish(self.store.optimize())
            return self.snapshot

    def refresh(self, force: bool = False) -> None:
        """Pick up a manifest another process published (the CLI or the Slack bot beside the
        API), at most every few seconds so the hot path pays one stat, not a read. A reader
        never fails for it: if the new state cannot be opened now, the old one keeps serving."""
        now = time.monotonic()
        if not force and now - self._checked < REFRESH_SECONDS:
            return
        self._checked = now
        stamp = manifest_stamp(self.index_dir)
        if stamp == self._stamp or (not force and self._lock.locked()):
            return
        try:
            snapshot = self.store.open()
        except (OSError, ValueError, IndexFormatError) as exc:
            if force:
                raise
            log.warning("keeping the current index: the new manifest could not be opened yet (%s)", exc)
            return
        if snapshot is not None:
            self.snapshot = snapshot
        self._stamp = stamp

    def _publish(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._stamp = manifest_stamp(self.index_dir)
        if self._cleaner is None or not self._cleaner.is_alive():
            # merges and deleting retired segments take seconds at scale: not on an acknowledged write's path
            self._cleaner = threading.Thread(target=self._maintain, name="index-maintenance", daemon=True)
            self._cleaner.start()

    def _maintain(self) -> None:
        try:
            snapshot = self.store.maintain()
        except Exception:  # a failed merge loses nothing (the manifest still names the old segments)
            log.exception("index maintenance failed; the next write retries")
            return
        if snapshot is None:
            return
        with self._lock:  # taken only after the file lock is released: writers take them the other way round
            if snapshot.manifest.generation > getattr(self.snapshot.manifest, "generation", -1):
                self.snapshot = snapshot

    def wait_for_cleanup(self, timeout: float | None = None) -> None:
        """Wait for the background merges and cleanup started by the last write."""
        if self._cleaner is not None:
            self._cleaner.join(timeout)
