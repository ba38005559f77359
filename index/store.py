"""The on-disk index: immutable snapshots swapped in atomically.

Layout of an index directory:

    CURRENT                 name of the live snapshot (replaced atomically)
    snapshots/<name>/       manifest.json, documents.jsonl, sentences.jsonl, chunks.jsonl,
                            chunks.faiss (normalised vectors, inner product),
                            sentence_vectors.npy, bm25/ (bm25s arrays + JSON vocab)

A write builds a complete new snapshot beside the live one, flushes it, and only then points
CURRENT at it, so a crash at any moment leaves the previous index loadable. Nothing is pickled.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np

from index.documents import Article, Chunk, Sentence
from index.embed import DIMENSION, MODEL_NAME
from index.lexical import LexicalIndex

FORMAT_VERSION = 1
KEEP_SNAPSHOTS = 2
# Indexes written before the manifest named its encoder were all made by torch fp32.
LEGACY_ENCODER = "torch-fp32"


@dataclass
class ProcessedDocument:
    """An article with everything the index stores about it."""

    article: Article
    sentences: list[Sentence]
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray


@dataclass
class Snapshot:
    """One consistent, read-only state of the index. Readers hold a reference; writers make a new one."""

    documents: dict[str, Article]
    sentences: dict[str, list[Sentence]]
    sentence_vectors: np.ndarray  # rows follow documents order, then sentence order
    chunks: list[Chunk]
    chunk_vectors: np.ndarray  # row i is chunks[i]
    lexical: LexicalIndex
    name: str | None = None
    encoder: str | None = None  # the encoder backend that made every vector here (None: empty)
    sentence_offset: dict[str, int] = field(init=False)
    dense: faiss.Index = field(init=False)
    chunk_texts: list[str] = field(init=False)
    chunks_by_doc: dict[str, list[int]] = field(init=False)
    memo: dict = field(init=False, default_factory=dict)  # answering's per-sentence derived data

    def __post_init__(self) -> None:
        self.sentence_offset, row = {}, 0
        for doc_id in self.documents:
            self.sentence_offset[doc_id] = row
            row += len(self.sentences[doc_id])
        self.dense = faiss.IndexFlatIP(DIMENSION)
        if len(self.chunk_vectors):
            self.dense.add(self.chunk_vectors)
        self.chunk_texts = [self.documents[c.doc_id].text[c.start:c.end] for c in self.chunks]
        self.chunks_by_doc = {}
        for i, c in enumerate(self.chunks):
            self.chunks_by_doc.setdefault(c.doc_id, []).append(i)

    @classmethod
    def empty(cls) -> "Snapshot":
        return cls({}, {}, np.zeros((0, DIMENSION), np.float32), [], np.zeros((0, DIMENSION), np.float32), LexicalIndex.build([]))

    @property
    def sentence_count(self) -> int:
        return len(self.sentence_vectors)

    def sentence_row(self, doc_id: str, index: int) -> int:
        return self.sentence_offset[doc_id] + index

    def changed(self, added: list[ProcessedDocument], removed: set[str], encoder: str | None = None) -> "Snapshot":
        """A new snapshot without `removed` (and the documents `added` replace), plus `added`.

        Kept documents reuse their stored vectors: nothing already indexed is embedded again.
        """
        gone = removed | {p.article.doc_id for p in added}
        keep_docs = [d for d in self.documents if d not in gone]
        documents = {d: self.documents[d] for d in keep_docs}
        sentences = {d: self.sentences[d] for d in keep_docs}
        sentence_rows = [np.arange(self.sentence_offset[d], self.sentence_offset[d] + len(self.sentences[d])) for d in keep_docs]
        keep_chunks = [i for i, c in enumerate(self.chunks) if c.doc_id not in gone]
        chunks = [self.chunks[i] for i in keep_chunks]
        sentence_vectors = [self.sentence_vectors[np.concatenate(sentence_rows)] if sentence_rows else self.sentence_vectors[:0]]
        chunk_vectors = [self.chunk_vectors[keep_chunks]]
        for p in added:
            documents[p.article.doc_id] = p.article
            sentences[p.article.doc_id] = p.sentences
            chunks.extend(p.chunks)
            sentence_vectors.append(p.sentence_vectors)
            chunk_vectors.append(p.chunk_vectors)
        texts = [documents[c.doc_id].text[c.start:c.end] for c in chunks]
        return Snapshot(documents, sentences, np.concatenate(sentence_vectors), chunks, np.concatenate(chunk_vectors),
                        LexicalIndex.build(texts), encoder=(encoder or self.encoder) if documents else None)


def _write_jsonl(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _fsync_tree(directory: Path) -> None:
    for path in sorted(directory.rglob("*"), reverse=True):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save_snapshot(index_dir: Path, snapshot: Snapshot) -> str:
    """Write `snapshot` as a new snapshot directory and make it the live one; returns its name."""
    snapshots = index_dir / "snapshots"
    snapshots.mkdir(parents=True, exist_ok=True)
    tmp = snapshots / f".tmp-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        _write_jsonl(tmp / "documents.jsonl", (asdict(a) for a in snapshot.documents.values()))
        _write_jsonl(tmp / "sentences.jsonl", (
            {"doc_id": s.doc_id, "start": s.start, "end": s.end, "heading": s.heading,
             "entities": s.entities, "noun_phrases": s.noun_phrases, "tokens": s.tokens}
            for doc_id in snapshot.documents for s in snapshot.sentences[doc_id]
        ))
        _write_jsonl(tmp / "chunks.jsonl", (asdict(c) for c in snapshot.chunks))
        faiss.write_index(snapshot.dense, str(tmp / "chunks.faiss"))
        np.save(tmp / "sentence_vectors.npy", snapshot.sentence_vectors, allow_pickle=False)
        (tmp / "bm25").mkdir()
        snapshot.lexical.save(tmp / "bm25")
        manifest = {
            "format": FORMAT_VERSION, "model": MODEL_NAME, "encoder": snapshot.encoder, "dimension": DIMENSION,
            "created": time.time(),
            "documents": len(snapshot.documents), "chunks": len(snapshot.chunks), "sentences": snapshot.sentence_count,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2))
        _fsync_tree(tmp)
        name = f"{time.time_ns():020d}"  # sortable: pruning keeps the newest
        tmp.rename(snapshots / name)
        pointer = index_dir / f".CURRENT.{uuid.uuid4().hex}"
        pointer.write_text(name)
        with pointer.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(pointer, index_dir / "CURRENT")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    snapshot.name = name
    _prune(snapshots, keep=name)
    return name


def _prune(snapshots: Path, keep: str) -> None:
    """Drop old snapshots and leftovers of interrupted writes, keeping the newest few."""
    names = sorted((p for p in snapshots.iterdir() if p.is_dir()), key=lambda p: p.name)
    finished = [p for p in names if not p.name.startswith(".tmp-")]
    for p in [p for p in names if p.name.startswith(".tmp-")] + finished[:-KEEP_SNAPSHOTS]:
        if p.name != keep:
            shutil.rmtree(p, ignore_errors=True)


class IndexFormatError(RuntimeError):
    pass


def current_snapshot_name(index_dir: Path) -> str | None:
    try:
        return (index_dir / "CURRENT").read_text().strip() or None
    except FileNotFoundError:
        return None


def load_snapshot(index_dir: Path) -> Snapshot | None:
    """The live snapshot, or None when the directory holds no index yet."""
    name = current_snapshot_name(index_dir)
    if name is None:
        return None
    directory = index_dir / "snapshots" / name
    manifest = json.loads((directory / "manifest.json").read_text())
    if manifest.get("format") != FORMAT_VERSION or manifest.get("model") != MODEL_NAME:
        raise IndexFormatError(f"{directory}: built by another version or model; rebuild it with `newsdesk index`")
    documents = {row["doc_id"]: Article(**row) for row in _read_jsonl(directory / "documents.jsonl")}
    sentences: dict[str, list[Sentence]] = {doc_id: [] for doc_id in documents}
    for row in _read_jsonl(directory / "sentences.jsonl"):
        sentences[row["doc_id"]].append(Sentence(
            doc_id=row["doc_id"], start=row["start"], end=row["end"], heading=row["heading"],
            entities=[tuple(e) for e in row["entities"]], noun_phrases=[tuple(n) for n in row["noun_phrases"]],
            tokens=[tuple(t) for t in row["tokens"]],
        ))
    chunks = [Chunk(r["chunk_id"], r["doc_id"], r["start"], r["end"], tuple(r["sentences"])) for r in _read_jsonl(directory / "chunks.jsonl")]
    dense = faiss.read_index(str(directory / "chunks.faiss"))
    chunk_vectors = dense.reconstruct_n(0, dense.ntotal) if dense.ntotal else np.zeros((0, DIMENSION), np.float32)
    sentence_vectors = np.load(directory / "sentence_vectors.npy", allow_pickle=False)
    lexical = LexicalIndex.load(directory / "bm25", len(chunks))
    encoder = manifest.get("encoder", LEGACY_ENCODER) if documents else None
    return Snapshot(documents, sentences, sentence_vectors, chunks, np.asarray(chunk_vectors, np.float32), lexical,
                    name=name, encoder=encoder)
