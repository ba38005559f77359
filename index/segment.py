"""An immutable segment: everything the index stores about a batch of documents.

    segments/<name>/segment.json         format, encoder, dimension, counts
                    documents.jsonl      one Article per line, in segment order
                    sentences.jsonl      sentences (with annotations) of every document, in order
                    chunks.jsonl         chunks of every document, in order
                    chunk_vectors.npy    row i = chunk i (normalised float32)
                    sentence_vectors.npy rows follow documents, then sentences
                    terms.json, postings_*.npy   the segment's keyword postings (index/lexical.py)
                    chunk_index.faiss    only in a segment large enough for an approximate index
                                         (index/ann.py); segment.json names its kind

Written once into a temporary directory, fsynced, renamed into place; never modified after.
Deleting a document does not touch its segment (the manifest records a tombstone); a merge
writes a new segment without it. JSON and .npy only: nothing is pickled.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from index import ann
from index.ann import DEFAULT_POLICY, BySize, IndexSpec, SegmentIndex
from index.documents import Article, Chunk, Sentence
from index.lexical import Postings
from index.manifest import FORMAT_VERSION, IndexFormatError, SegmentEntry, fsync_path
from index.stored_sentences import StoredSentences, sentence_from_row, sentence_line, sentence_row

__all__ = ["ProcessedDocument", "Segment", "load_segment", "write_segment", "sentence_from_row", "sentence_row",
           "chunk_from_row", "tmp_owner", "SEGMENT_FILE", "TMP_PREFIX"]

SEGMENT_FILE = "segment.json"
TMP_PREFIX = ".tmp-"


@dataclass
class ProcessedDocument:
    """An article with everything the index stores about it."""

    article: Article
    sentences: list[Sentence]
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray


@dataclass(frozen=True)
class Segment:
    name: str
    articles: list[Article]
    sentences: Mapping[str, Sequence[Sentence]]  # StoredSentences when loaded: parsed on demand
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray
    postings: Postings
    index: SegmentIndex | None = None  # the approximate index of its chunk vectors; None: searched exactly

    @cached_property
    def chunk_texts(self) -> list[str]:
        texts = {a.doc_id: a.text for a in self.articles}
        return [texts[c.doc_id][c.start:c.end] for c in self.chunks]

    @cached_property
    def chunk_doc(self) -> np.ndarray:
        """Row → position of its document in `articles`."""
        position = {a.doc_id: i for i, a in enumerate(self.articles)}
        return np.fromiter((position[c.doc_id] for c in self.chunks), dtype=np.int64, count=len(self.chunks))

    @cached_property
    def sentence_doc(self) -> np.ndarray:
        """Sentence-vector row → position of its document in `articles`."""
        counts = [len(self.sentences[a.doc_id]) for a in self.articles]
        return np.repeat(np.arange(len(self.articles), dtype=np.int64), counts)

    def documents(self) -> list[ProcessedDocument]:
        """The segment's documents as written (used by merges)."""
        out, c_row, s_row = [], 0, 0
        for article in self.articles:
            sentences = self.sentences[article.doc_id]
            n_chunks = 0
            while c_row + n_chunks < len(self.chunks) and self.chunks[c_row + n_chunks].doc_id == article.doc_id:
                n_chunks += 1
            chunks = self.chunks[c_row:c_row + n_chunks]
            out.append(ProcessedDocument(article, sentences, chunks, self.chunk_vectors[c_row:c_row + n_chunks],
                                         self.sentence_vectors[s_row:s_row + len(sentences)]))
            c_row += n_chunks
            s_row += len(sentences)
        return out


def _write_jsonl(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _write_sentences(path: Path, documents: list[ProcessedDocument]) -> None:
    """Stored lines are copied as they are (a merge); fresh sentences are serialised."""
    with path.open("wb") as f:
        for p in documents:
            raw = getattr(p.sentences, "raw_lines", None)
            f.writelines(raw() if raw is not None else (sentence_line(s) for s in p.sentences))


def chunk_from_row(row: dict) -> Chunk:
    return Chunk(row["chunk_id"], row["doc_id"], row["start"], row["end"], tuple(row["sentences"]))


def tmp_owner(path: Path) -> int | None:
    """The pid that created a temporary segment directory (`.tmp-<pid>-<random>`)."""
    try:
        return int(path.name[len(TMP_PREFIX):].split("-", 1)[0])
    except ValueError:
        return None


def write_segment(segments_dir: Path, name: str, documents: list[ProcessedDocument], encoder: str, dimension: int,
                  postings: Postings | None = None, policy: BySize = DEFAULT_POLICY) -> SegmentEntry:
    """Write `documents` as segment `name`, durably; `postings` when already built (merges);
    `policy` chooses the index of its chunk vectors by their number."""
    segments_dir.mkdir(parents=True, exist_ok=True)
    tmp = segments_dir / f"{TMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        articles = [p.article for p in documents]
        chunks = [c for p in documents for c in p.chunks]
        _write_jsonl(tmp / "documents.jsonl", (asdict(a) for a in articles))
        _write_sentences(tmp / "sentences.jsonl", documents)
        _write_jsonl(tmp / "chunks.jsonl", (asdict(c) for c in chunks))
        empty = np.zeros((0, dimension), np.float32)
        chunk_vectors = np.concatenate([p.chunk_vectors for p in documents]) if documents else empty
        sentence_vectors = np.concatenate([p.sentence_vectors for p in documents]) if documents else empty
        np.save(tmp / "chunk_vectors.npy", np.ascontiguousarray(chunk_vectors, np.float32), allow_pickle=False)
        np.save(tmp / "sentence_vectors.npy", np.ascontiguousarray(sentence_vectors, np.float32), allow_pickle=False)
        if postings is None:
            texts = {a.doc_id: a.text for a in articles}
            postings = Postings.build([texts[c.doc_id][c.start:c.end] for c in chunks])
        postings.save(tmp)
        spec = policy.choose(len(chunks))
        approximate = ann.build(spec, chunk_vectors)
        if approximate is not None:
            ann.save(approximate, tmp)
        entry = SegmentEntry(name=name, documents=len(articles), chunks=len(chunks))
        (tmp / SEGMENT_FILE).write_text(json.dumps({
            "format": FORMAT_VERSION, "encoder": encoder, "dimension": dimension, **asdict(entry),
            "sentences": len(sentence_vectors), "index": spec.to_json(),
        }, indent=1))
        for path in tmp.iterdir():
            fsync_path(path)
        fsync_path(tmp)
        tmp.rename(segments_dir / name)
        fsync_path(segments_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return entry


def load_segment(directory: Path, encoder: str) -> Segment:
    meta = json.loads((directory / SEGMENT_FILE).read_text())
    if meta.get("format") != FORMAT_VERSION:
        raise IndexFormatError(f"{directory}: segment format {meta.get('format')}, expected {FORMAT_VERSION}")
    if meta.get("encoder") != encoder:
        raise IndexFormatError(f"{directory}: segment embedded with {meta.get('encoder')!r}, index uses {encoder!r}")
    articles = [Article(**row) for row in _read_jsonl(directory / "documents.jsonl")]
    try:
        sentences = StoredSentences(directory / "sentences.jsonl", [a.doc_id for a in articles])
    except ValueError as e:
        raise IndexFormatError(str(e)) from e
    chunks = [chunk_from_row(r) for r in _read_jsonl(directory / "chunks.jsonl")]
    # chunk vectors are read into memory (every query scans them); sentence vectors stay mapped
    chunk_vectors = np.load(directory / "chunk_vectors.npy", allow_pickle=False)
    sentence_vectors = np.asarray(np.load(directory / "sentence_vectors.npy", mmap_mode="r", allow_pickle=False))
    postings = Postings.load(directory)
    if not (len(chunk_vectors) == len(chunks) == postings.size == meta["chunks"] and len(articles) == meta["documents"]
            and len(sentence_vectors) == sentences.count):
        raise IndexFormatError(f"{directory}: segment files disagree on their counts")
    try:
        spec = IndexSpec.from_json(meta.get("index"))
        approximate = ann.load(directory, spec, len(chunks))
    except (ValueError, RuntimeError) as e:  # an unknown kind, or a file FAISS cannot read
        raise IndexFormatError(f"{directory}: chunk index unreadable: {e}") from e
    index = SegmentIndex(spec, approximate, chunk_vectors) if approximate is not None else None
    return Segment(directory.name, articles, sentences, chunks, chunk_vectors, sentence_vectors, postings, index)
