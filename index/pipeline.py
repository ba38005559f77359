"""Ingest: load → clean → annotate → chunk → embed → store, as one call."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from index.annotate import annotate_many, lines_in
from index.clean import kept_blocks
from index.dates import with_publication_date
from index.dedupe import with_signature
from index.documents import Article
from index.embed import Embedder, embed_passages, load_embedder
from index.encoders import ENV_VAR, EncoderMismatch
from index.load import load_paths
from index.store import ProcessedDocument, Snapshot, current_snapshot_name, load_snapshot, save_snapshot
from index.writelock import exclusive

BATCH_DOCUMENTS = 32
REFRESH_SECONDS = 2.0


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    chunks: int = 0


def process(articles: Sequence[Article], embedder: Embedder, progress: bool = False) -> list[ProcessedDocument]:
    """Everything the index stores about `articles`, in batches so the progress bar moves."""
    processed: list[ProcessedDocument] = []
    bar = tqdm(total=sum(len(a.text.split()) for a in articles), unit="word", unit_scale=True, desc="indexing",
               disable=not progress)  # shows words/s
    for i in range(0, len(articles), BATCH_DOCUMENTS):
        batch = articles[i:i + BATCH_DOCUMENTS]
        blocks = [kept_blocks(a.text) for a in batch]
        all_sentences = annotate_many((a.doc_id, a.text, lines_in(a.text, b)) for a, b in zip(batch, blocks))
        from index.chunk import chunk_document  # after spaCy: langchain import is slow and optional for readers

        all_chunks = [chunk_document(a.doc_id, a.text, b, s) for a, b, s in zip(batch, blocks, all_sentences)]
        chunk_vectors, sentence_vectors = embed_passages(
            embedder, [a.text for a in batch],
            [(d, c.start, c.end) for d, cs in enumerate(all_chunks) for c in cs],
            [(d, s.start, s.end) for d, ss in enumerate(all_sentences) for s in ss])
        c_row = s_row = 0
        for article, sentences, chunks in zip(batch, all_sentences, all_chunks):
            processed.append(ProcessedDocument(
                with_signature(article), sentences, chunks,
                chunk_vectors[c_row:c_row + len(chunks)], sentence_vectors[s_row:s_row + len(sentences)],
            ))
            c_row += len(chunks)
            s_row += len(sentences)
        bar.update(sum(len(a.text.split()) for a in batch))
        bar.set_postfix(docs=len(processed), refresh=False)
    bar.close()
    return processed


def check_encoder(snapshot: Snapshot, encoder: str) -> None:
    """Vectors of two encoder backends never share an index: cosines across them are not comparable."""
    if snapshot.documents and snapshot.encoder and snapshot.encoder != encoder:
        raise EncoderMismatch(
            f"this index was built with the {snapshot.encoder} encoder and this process encodes with {encoder}; "
            f"set {ENV_VAR}={snapshot.encoder} to add to it, or build a new index directory")


class Indexer:
    """Owns an index directory: serialises writes, publishes each new snapshot to readers."""

    def __init__(self, index_dir: Path, embedder: Embedder | None = None) -> None:
        self.index_dir = Path(index_dir)
        self._embedder = embedder
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        self.snapshot: Snapshot = load_snapshot(self.index_dir) or Snapshot.empty()

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
        """Index new articles; an unchanged one is skipped, a changed one replaces the stored copy."""
        report = IngestReport()
        with self._lock, exclusive(self.index_dir):
            current = self._latest()
            todo: dict[str, Article] = {}
            for article in articles:
                article = with_publication_date(article)  # before comparing: stored copies carry the filled date
                stored = current.documents.get(article.doc_id)
                if stored is not None and stored.fingerprint == article.fingerprint:
                    report.unchanged.append(article.doc_id)
                    continue
                (report.replaced if stored is not None else report.added).append(article.doc_id)
                todo[article.doc_id] = article  # the last copy of a repeated id wins
            if todo:
                check_encoder(current, self.embedder.name)
                processed = process(list(todo.values()), self.embedder, progress)
                report.chunks = sum(len(p.chunks) for p in processed)
                self._publish(current.changed(processed, removed=set(), encoder=self.embedder.name))
        return report

    def add_paths(self, paths: Iterable[Path], progress: bool = False) -> IngestReport:
        return self.add(load_paths(paths), progress)

    def delete(self, doc_ids: Iterable[str]) -> list[str]:
        """Remove documents; returns the ids that were there."""
        with self._lock, exclusive(self.index_dir):
            current = self._latest()
            present = [d for d in doc_ids if d in current.documents]
            if present:
                self._publish(current.changed([], removed=set(present)))
            return present

    def _latest(self) -> Snapshot:
        """Under the write lock: the live snapshot, even when another process published it since
        our last refresh, so a write never drops documents another worker just added."""
        live = current_snapshot_name(self.index_dir)
        if live and live != self.snapshot.name:
            self.snapshot = load_snapshot(self.index_dir) or self.snapshot
        return self.snapshot

    def refresh(self) -> None:
        """Pick up a snapshot another process published (the Slack bot beside the API), at most
        every few seconds so the hot path pays one stat, not a read."""
        now = time.monotonic()
        if now - self._checked < REFRESH_SECONDS:
            return
        self._checked = now
        live = current_snapshot_name(self.index_dir)
        if live and live != self.snapshot.name and not self._lock.locked():
            with self._lock:
                try:
                    if current_snapshot_name(self.index_dir) != self.snapshot.name:
                        self.snapshot = load_snapshot(self.index_dir) or self.snapshot
                except OSError:
                    pass  # pruned by a newer write while we read: the next check loads that one

    def _publish(self, snapshot: Snapshot) -> None:
        save_snapshot(self.index_dir, snapshot)
        self.snapshot = snapshot
