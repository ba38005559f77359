"""The on-disk index: immutable segments listed by an atomically replaced manifest.

Layout of an index directory:

    manifest.json          live segments, tombstones, encoder, generation (index/manifest.py)
    write.lock             fcntl lock held by the one writer (index/lock.py)
    segments/<name>/       one immutable segment each (index/segment.py)

A write (add, delete, merge) takes the lock, reads the latest manifest (never a stale in-memory
copy), writes at most one new segment holding only the new documents, and replaces the
manifest; a delete or a replacement only adds tombstones. So a write costs what it adds, and a
crash at any moment leaves the previous manifest and every segment it names intact.

A reader opens the manifest and the segments it names (cached by name: segments never change)
and composes one `Snapshot`: every live segment's rows, minus tombstoned documents, with
keyword statistics over the whole collection.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import uuid
from pathlib import Path

import numpy as np

from index.ann import DEFAULT_POLICY, BySize
from index.dense import DenseIndex
from index.encoders import DIMENSION, EncoderMismatch, chosen_name
from index.lexical import LexicalIndex
from index.lock import WAIT_SECONDS, IndexBusy, pid_alive, write_lock
from index.memo import Memo
from index.manifest import (FORMAT_VERSION, MANIFEST, SEGMENTS, IndexFormatError, Manifest, SegmentEntry,
                            next_manifest, read_manifest, write_manifest)
from index.merge import merged_documents, pick_merge
from index.segment import TMP_PREFIX, ProcessedDocument, Segment, load_segment, tmp_owner, write_segment

__all__ = ["FORMAT_VERSION", "EncoderMismatch", "IndexFormatError", "IndexStore", "ProcessedDocument", "Snapshot", "load_snapshot"]

log = logging.getLogger(__name__)

# A reader that finds a segment gone (merged away and deleted meanwhile) re-reads the manifest.
OPEN_ATTEMPTS = 5


class StackedRows:
    """Rows of several segments' arrays seen as one array, without copying them.

    Built from (array, local_start, count) runs; row r of the view is row
    local_start + (r - run_start) of its run's array."""

    def __init__(self, runs: list[tuple[np.ndarray, int, int]], dimension: int) -> None:
        self._arrays = [a for a, _, _ in runs]
        self._local = np.array([s for _, s, _ in runs], dtype=np.int64)
        counts = np.array([n for _, _, n in runs], dtype=np.int64)
        self._starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) if len(runs) else counts
        self._len = int(counts.sum())
        self._dimension = dimension

    def __len__(self) -> int:
        return self._len

    @property
    def shape(self) -> tuple[int, int]:
        return self._len, self._dimension

    def __getitem__(self, key):
        if isinstance(key, slice):
            return np.stack([self[r] for r in range(*key.indices(self._len))]) if self._len else \
                np.zeros((0, self._dimension), np.float32)
        r = int(key)
        if r < 0:
            r += self._len
        if not 0 <= r < self._len:
            raise IndexError(r)
        j = int(np.searchsorted(self._starts, r, side="right")) - 1
        return np.asarray(self._arrays[j][self._local[j] + r - self._starts[j]])

    def __array__(self, dtype=None, copy=None):
        return self[:] if dtype is None else self[:].astype(dtype)


class Snapshot:
    """One consistent, read-only state of the index. Readers hold a reference; writers make a new one."""

    def __init__(self, segments: list[Segment], manifest: Manifest | None, dimension: int = DIMENSION) -> None:
        self.name = f"{manifest.generation:08d}" if manifest is not None and manifest.segments else None
        self.manifest = manifest
        self.segments = segments
        self.documents = {}
        self.sentences = {}
        self.segment_of: dict[str, str] = {}
        self.chunks = []
        self.chunk_texts = []
        self.sentence_offset: dict[str, int] = {}
        self.memo = Memo()  # answering's per-sentence derived data, bounded
        vectors, runs, parts, placed = [], [], [], []
        rows = sentence_rows = 0
        for segment in segments:
            dead = manifest.tombstones(segment.name) if manifest is not None else frozenset()
            alive = np.array([a.doc_id not in dead for a in segment.articles], dtype=bool)
            chunk_live = alive[segment.chunk_doc] if len(segment.chunks) else np.zeros(0, bool)
            local = 0
            for article, keep in zip(segment.articles, alive):
                n = len(segment.sentences[article.doc_id])
                if keep:
                    self.documents[article.doc_id] = article
                    self.sentences[article.doc_id] = segment.sentences[article.doc_id]
                    self.segment_of[article.doc_id] = segment.name
                    self.sentence_offset[article.doc_id] = sentence_rows
                    runs.append((segment.sentence_vectors, local, n))
                    sentence_rows += n
                local += n
            live_rows = np.flatnonzero(chunk_live)
            row_map = np.full(len(segment.chunks), -1, dtype=np.int64)
            row_map[live_rows] = np.arange(rows, rows + len(live_rows))
            parts.append((segment.postings, row_map))
            placed.append((segment, rows, live_rows))
            if len(live_rows) == len(segment.chunks):
                self.chunks.extend(segment.chunks)
                self.chunk_texts.extend(segment.chunk_texts)
                vectors.append(segment.chunk_vectors)
            else:
                self.chunks.extend(segment.chunks[i] for i in live_rows)
                self.chunk_texts.extend(segment.chunk_texts[i] for i in live_rows)
                vectors.append(segment.chunk_vectors[live_rows])
            rows += len(live_rows)
        self.chunk_vectors = np.ascontiguousarray(np.concatenate(vectors), np.float32) if vectors else \
            np.zeros((0, dimension), np.float32)
        self.sentence_vectors = StackedRows(runs, dimension)
        self.lexical = LexicalIndex(parts, rows)
        self.dense = DenseIndex(self.chunk_vectors)
        for segment, start, live_rows in placed:
            if segment.index is None:
                self.dense.add_exact(start, start + len(live_rows))
            else:
                self.dense.add_approximate(segment.index, live_rows, start)
        self.dense.finish()
        self.chunks_by_doc: dict[str, list[int]] = {}
        for i, c in enumerate(self.chunks):
            self.chunks_by_doc.setdefault(c.doc_id, []).append(i)
        # the encoder backend that made every vector here (None: empty)
        self.encoder = manifest.encoder if manifest is not None and self.documents else None

    @classmethod
    def empty(cls) -> "Snapshot":
        return cls([], None)

    @property
    def sentence_count(self) -> int:
        return len(self.sentence_vectors)

    def sentence_row(self, doc_id: str, index: int) -> int:
        return self.sentence_offset[doc_id] + index


class IndexStore:
    """Reads and writes one index directory. Segments are cached by name (they never change),
    so opening a new manifest loads only the segments it adds."""

    def __init__(self, index_dir: Path, encoder: str | None = None, dimension: int = DIMENSION,
                 lock_timeout: float = WAIT_SECONDS, policy: BySize = DEFAULT_POLICY) -> None:
        """`encoder`: the backend this process embeds with; reads then refuse an index of another
        one. None: read whatever the manifest holds (writers name theirs per commit).
        `policy`: the FAISS index type of each segment this store writes, by its size (index/ann.py)."""
        self.index_dir = Path(index_dir)
        self.encoder = encoder
        self.dimension = dimension
        self.lock_timeout = lock_timeout
        self.policy = policy
        self._cache: dict[str, Segment] = {}
        self._cache_lock = threading.Lock()
        self._last: Snapshot | None = None  # the state last composed, reused while the manifest is the same

    @property
    def segments_dir(self) -> Path:
        return self.index_dir / SEGMENTS

    # -- reading ------------------------------------------------------------------------------

    def open(self) -> Snapshot | None:
        """The live index, or None when the directory holds none yet."""
        manifest = None
        for _ in range(OPEN_ATTEMPTS):
            manifest = read_manifest(self.index_dir)
            if manifest is None:
                return None
            try:
                return self._compose(manifest)
            except FileNotFoundError:
                continue  # a segment was merged away and deleted meanwhile: the next manifest lists its successor
        raise IndexFormatError(f"{self.index_dir}: segments named by manifest generation "
                               f"{manifest.generation if manifest else '?'} are missing")

    def _compose(self, manifest: Manifest) -> Snapshot:
        if self.encoder is not None:
            manifest.check_encoder(self.encoder)
        last = self._last
        if last is not None and last.manifest == manifest:
            return last
        with self._cache_lock:
            segments = []
            for entry in manifest.segments:
                segment = self._cache.get(entry.name)
                if segment is None:
                    segment = load_segment(self.segments_dir / entry.name, manifest.encoder)
                segments.append(segment)
            self._cache = {s.name: s for s in segments}
        self._last = Snapshot(segments, manifest, self.dimension)
        return self._last

    # -- writing ------------------------------------------------------------------------------

    def commit(self, added: list[ProcessedDocument], removed: set[str] = frozenset(), merge: bool = True,
               encoder: str | None = None) -> Snapshot:
        """Add `added` (replacing stored copies of the same ids) and delete `removed`, as one
        atomic write under the index's write lock; then, with `merge`, merge segments as the policy
        says (the Indexer leaves that to `maintain` in the background instead)."""
        encoder = encoder or self.encoder or chosen_name()
        with write_lock(self.index_dir, self.lock_timeout):
            manifest = self._latest(encoder if added else None)
            snapshot = self._compose(manifest)
            self._clean_tmp()
            deleted = {name: set(ids) for name, ids in manifest.deleted.items()}
            for doc_id in set(removed) | {p.article.doc_id for p in added}:
                home = snapshot.segment_of.get(doc_id)
                if home is not None:
                    deleted.setdefault(home, set()).add(doc_id)
            segments = list(manifest.segments)
            if added:
                segments.append(write_segment(self.segments_dir, self._new_name(manifest), added, manifest.encoder,
                                              self.dimension, policy=self.policy))
            manifest = next_manifest(manifest, segments, deleted, retired=[])
            write_manifest(self.index_dir, manifest)
            while merge and (names := pick_merge(manifest)):
                manifest = self._merge(manifest, names)
            return self._compose(manifest)

    def delete(self, doc_ids: list[str]) -> tuple[Snapshot, list[str]]:
        """Tombstone the documents that are there; returns the new state and their ids."""
        with write_lock(self.index_dir, self.lock_timeout):
            manifest = self._latest()
            snapshot = self._compose(manifest)
            present = list(dict.fromkeys(d for d in doc_ids if d in snapshot.documents))
            if not present:
                return snapshot, []
            deleted = {name: set(ids) for name, ids in manifest.deleted.items()}
            for doc_id in present:
                deleted.setdefault(snapshot.segment_of[doc_id], set()).add(doc_id)
            manifest = next_manifest(manifest, list(manifest.segments), deleted, retired=[])
            write_manifest(self.index_dir, manifest)
            return self._compose(manifest), present

    def optimize(self) -> Snapshot:
        """Merge every segment into one, dropping deleted documents for good."""
        with write_lock(self.index_dir, self.lock_timeout):
            manifest = self._latest()
            self._clean(manifest)
            if len(manifest.segments) > 1 or manifest.deleted:
                manifest = self._merge(manifest, [s.name for s in manifest.segments])
            return self._compose(manifest)

    def maintain(self, wait: float = 0.0) -> Snapshot | None:
        """Run the merges the policy asks for, then delete what no manifest needs any more.
        Writers run it in the background after acknowledging a write; skipped (None) when another
        writer holds the lock longer than `wait` seconds: the next write tries again. Returns the
        state after the merges."""
        try:
            with write_lock(self.index_dir, wait, create=False):
                manifest = read_manifest(self.index_dir)
                if manifest is None or not manifest.segments:
                    return None
                while names := pick_merge(manifest):
                    manifest = self._merge(manifest, names)
                self._clean(manifest)
                return self._compose(manifest)
        except (IndexBusy, FileNotFoundError):  # busy, or the index directory is being removed
            return None

    def _latest(self, encoder: str | None = None) -> Manifest:
        """The live manifest (under the lock). `encoder`: the writer's, for a write that adds
        vectors: an empty index takes it, a non-empty one must already hold it."""
        manifest = read_manifest(self.index_dir)
        if manifest is None or not manifest.segments:
            return Manifest(encoder=encoder or self.encoder or chosen_name(), dimension=self.dimension,
                            generation=manifest.generation if manifest else 0)
        if encoder is not None:
            manifest.check_encoder(encoder)
        return manifest

    def _new_name(self, manifest: Manifest) -> str:
        return f"{manifest.generation + 1:08d}-{uuid.uuid4().hex[:8]}"

    def _merge(self, manifest: Manifest, names: list[str]) -> Manifest:
        """Replace segments `names` by one holding their live documents (called under the lock)."""
        chosen = set(names)
        snapshot = self._compose(manifest)
        by_name = {s.name: s for s in snapshot.segments}
        documents, postings = merged_documents([by_name[n] for n in names], manifest)
        segments: list[SegmentEntry] = []
        merged = None
        for entry in manifest.segments:
            if entry.name not in chosen:
                segments.append(entry)
            elif merged is None:  # the merged segment takes the place of the first one it replaces
                merged = write_segment(self.segments_dir, self._new_name(manifest), documents, manifest.encoder,
                                       self.dimension, postings, policy=self.policy)
                if merged.documents:
                    segments.append(merged)
        deleted = {k: set(v) for k, v in manifest.deleted.items() if k not in chosen}
        new = next_manifest(manifest, segments, deleted, retired=sorted(chosen))
        write_manifest(self.index_dir, new)
        if merged is not None and not merged.documents:
            shutil.rmtree(self.segments_dir / merged.name, ignore_errors=True)
        return new

    def _clean(self, manifest: Manifest) -> None:
        """Remove what no manifest needs any more (called under the lock, so no writer is live):
        temporary files of dead writers, segments retired two writes ago, and segments a crashed
        writer wrote but never listed."""
        self._clean_tmp()
        keep = {s.name for s in manifest.segments} | set(manifest.retired)
        if self.segments_dir.is_dir():
            for path in self.segments_dir.iterdir():
                if not path.name.startswith(TMP_PREFIX) and path.name not in keep:
                    shutil.rmtree(path, ignore_errors=True)

    def _clean_tmp(self) -> None:
        """Temporary segment directories and manifests whose writer is dead (by the pid in their
        name; under the lock, so the only live writer is us)."""
        if self.segments_dir.is_dir():
            for path in self.segments_dir.iterdir():
                if path.name.startswith(TMP_PREFIX):
                    owner = tmp_owner(path)
                    if owner is None or owner == os.getpid() or not pid_alive(owner):
                        shutil.rmtree(path, ignore_errors=True)
        for path in self.index_dir.glob(f".{MANIFEST}.*.tmp"):
            owner = path.name.split(".")[3] if path.name.count(".") >= 4 else ""
            if not owner.isdigit() or int(owner) == os.getpid() or not pid_alive(int(owner)):
                path.unlink(missing_ok=True)


def load_snapshot(index_dir: Path, encoder: str | None = None) -> Snapshot | None:
    """The live index at `index_dir`, or None when there is none yet."""
    return IndexStore(index_dir, encoder).open()

