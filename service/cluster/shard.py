"""One shard: the live segments `assign` gives it, and candidate search over them alone.

A shard answers a `ShardQuery` with its keyword and dense candidates and their raw scores. Its
BM25 scores use the statistics the ingress sends (the whole collection's document frequencies,
chunk count and average length), so they equal the single process's scores for the same chunks;
filters are applied here, before candidates are taken, exactly as the single process applies them.

`ShardIndex` is plain Python (tests use it without Ray); `ShardServer` is the body of a Ray
Serve replica: it polls the manifest and reports the generation it serves to the registry.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.lexical import CollectionStats
from index.manifest import IndexFormatError, Manifest, read_manifest
from index.segment import Segment, load_segment
from index.store import Snapshot
from service.cluster.assign import assign
from service.filters import Filters, chunk_mask
from service.retrieve import Mode, dense_candidates, every_row, lexical_rows

log = logging.getLogger("newsdesk.cluster")

# A replica re-reads the manifest this often: a write is served by every shard well within 2 s.
POLL_SECONDS = 0.25
# Recent states kept, so a query naming the generation the ingress answers from is served from it.
STATES_KEPT = 3


@dataclass(frozen=True)
class ShardQuery:
    """What the ingress sends every shard: the question, its vector (embedded once, at the ingress),
    the candidate depth, the restrictions, and the collection-wide keyword statistics."""

    question: str
    vector: np.ndarray
    depth: int
    mode: Mode
    stats: CollectionStats
    generation: int
    doc_ids: tuple[str, ...] | None = None
    filters: Filters | None = None


@dataclass
class ShardCandidates:
    """A shard's candidates: chunk ids with raw BM25 scores; which of them are its dense top list
    (with FAISS inner products) and its keyword top list (best first); rows its filter allows."""

    shard: int
    generation: int
    chunk_ids: list[str] = field(default_factory=list)
    lexical: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    dense_top: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    dense_scores: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    lexical_top: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    allowed: int | None = None


def generation_of(manifest: Manifest | None) -> int:
    return manifest.generation if manifest is not None else 0


class ShardIndex:
    """Shard `shard` of `shards` over the index at `index_dir`: loads only its own segments
    (cached by name: segments never change), re-reading the manifest on `refresh`."""

    def __init__(self, index_dir: Path, shard: int, shards: int) -> None:
        self.index_dir = Path(index_dir)
        self.shard, self.shards = shard, shards
        self._segments: dict[str, Segment] = {}
        self._states: OrderedDict[int, Snapshot] = OrderedDict()
        self._lock = threading.Lock()
        self.refresh()

    @property
    def latest(self) -> Snapshot:
        return next(reversed(self._states.values())) if self._states else Snapshot.empty()

    @property
    def generation(self) -> int:
        return generation_of(self.latest.manifest)

    @property
    def segment_names(self) -> list[str]:
        return [s.name for s in self.latest.segments]

    def refresh(self) -> bool:
        """Serve the live manifest's state of this shard; False when it cannot be read yet (a
        segment was merged away meanwhile): the current state keeps serving."""
        with self._lock:
            manifest = read_manifest(self.index_dir)
            if manifest is None or generation_of(manifest) in self._states:
                return True
            try:
                names = assign(manifest.segments, self.shards)[self.shard]
                segments = [self._segments.get(n) or load_segment(self.index_dir / "segments" / n, manifest.encoder)
                            for n in names]
            except (FileNotFoundError, IndexFormatError) as exc:
                log.warning("shard %d keeps generation %d: %s", self.shard, self.generation, exc)
                return False
            self._segments = {s.name: s for s in segments}
            self._states[generation_of(manifest)] = Snapshot(segments, manifest)
            while len(self._states) > STATES_KEPT:
                self._states.popitem(last=False)
            return True

    def state(self, generation: int) -> Snapshot:
        """The state of manifest `generation` if this shard has it (re-reading the manifest when the
        ingress is ahead), else the latest."""
        if generation not in self._states and generation > self.generation:
            self.refresh()
        return self._states.get(generation) or self.latest

    def candidates(self, query: ShardQuery) -> ShardCandidates:
        snapshot = self.state(query.generation)
        out = ShardCandidates(self.shard, generation_of(snapshot.manifest))
        doc_ids: Collection[str] | None = query.doc_ids
        mask = None
        if query.filters is not None and query.filters.active:  # as LocalRetriever: filters first, as a row mask
            mask = chunk_mask(snapshot, query.filters.doc_ids(snapshot, doc_ids))
            doc_ids = None
            out.allowed = int(mask.sum())
        if not len(snapshot.chunks):
            return out
        lexical = snapshot.lexical.scores(query.question, stats=query.stats)
        allowed = np.flatnonzero(mask) if mask is not None else None
        depth = min(query.depth, len(snapshot.chunks))
        if doc_ids is not None:
            rows = every_row(snapshot, doc_ids, mask)
        else:
            # when the ingress finds few enough allowed rows in all shards together, either list holds all of ours
            nothing = np.zeros(0, np.int64)
            dense_rows, out.dense_scores = dense_candidates(snapshot, query.vector, depth, allowed) \
                if query.mode != "bm25" else (nothing, np.zeros(0, np.float32))
            top_lexical = lexical_rows(lexical, depth, mask) if query.mode != "dense" else nothing
            rows = np.union1d(dense_rows, top_lexical).astype(np.int64)
            out.dense_top = np.searchsorted(rows, dense_rows)
            out.lexical_top = np.searchsorted(rows, top_lexical)
        out.chunk_ids = [snapshot.chunks[r].chunk_id for r in rows]
        out.lexical = lexical[rows]
        return out


class ShardServer:
    """A Ray Serve replica of one shard (see deploy.py). Re-reads the manifest every POLL_SECONDS and
    reports the generation it serves to the registry."""

    def __init__(self, index_dir: str, shard: int, shards: int) -> None:
        import ray
        from ray import serve

        self.index = ShardIndex(Path(index_dir), shard, shards)
        self.replica = serve.get_replica_context().replica_id.unique_id
        self.node = ray.get_runtime_context().get_node_id()
        self._stop = threading.Event()
        self._poller = threading.Thread(target=self._poll, name="manifest-poller", daemon=True)
        self._poller.start()

    def candidates(self, query: ShardQuery) -> ShardCandidates:
        return self.index.candidates(query)

    def status(self) -> dict:
        snapshot = self.index.latest
        return {"shard": self.index.shard, "replica": self.replica, "node": self.node[:12],
                "generation": self.index.generation, "documents": len(snapshot.documents),
                "chunks": len(snapshot.chunks), "segments": len(snapshot.segments)}

    def _poll(self) -> None:
        import ray

        from service.cluster.registry import NAME, NAMESPACE

        registry = None
        while not self._stop.wait(POLL_SECONDS):
            try:
                self.index.refresh()
                registry = registry or ray.get_actor(NAME, namespace=NAMESPACE)
                registry.report.remote(self.status())
            except Exception:  # the registry restarts with the ingress; the next poll reports again
                log.debug("shard %d could not report", self.index.shard, exc_info=True)
                registry = None

    def __del__(self) -> None:
        self._stop.set()
