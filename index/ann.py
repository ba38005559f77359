"""The FAISS index of a segment's chunk vectors, chosen by the segment's size.

A segment of fewer than `exact_max_rows` chunks gets no index file: the snapshot searches its
vectors exactly (one IndexFlatIP over the live rows of every such segment, as it always did), so
ordinary indexes are unchanged. A larger segment gets an approximate index, built once when the
segment is written (a commit or a merge), saved beside its vectors with `faiss.write_index`
(FAISS's own binary format: nothing is pickled) inside the segment's temporary directory, so it
is renamed into place, durably, with the rest of the segment. `segment.json` records what was
built ("index": {"kind", "factory", search parameters}); a segment without the key is exact.

Every approximate search re-ranks its candidates by the exact cosine from the segment's float
vectors (`RERANK_FACTOR` times the asked-for depth), so what it returns is in exact order and
only recall is approximate. Filters (a boolean per row: tombstones, a request's filters) go to
FAISS as an `IDSelectorBitmap` (HNSW and IVF both honour `sel`); a filter that leaves few rows
(`FILTER_EXACT_SHARE` of the segment or fewer) is scored exactly over those rows instead,
because a graph or a few inverted lists then hold too few allowed rows to find the best ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

# Kinds of segment index; one vocabulary, used in segment.json and the benchmark.
EXACT = "exact"
HNSW = "hnsw"
IVF_SQ8 = "ivf-sq8"
KINDS = (EXACT, HNSW, IVF_SQ8)

ANN_FILE = "chunk_index.faiss"

# Below this many chunks a segment is searched exactly. Exact search costs ~6 ms per 100 k rows
# per query on one thread here (60 ms at 1 M: docs/scale.md, "Segment index types"); at 200 k rows
# a segment still answers in ~12 ms, and every index built from the test data sets stays exact.
EXACT_MAX_ROWS = 200_000

# HNSW (graph): links per node, build and search beam widths (efSearch 1024: recall@20 0.970 on
# the 1 M-vector benchmark set; 96 gave 0.80).
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 1024

# IVF: about IVF_LISTS_PER_SQRT * sqrt(rows) inverted lists (rounded to a power of two),
# IVF_NPROBE of them scanned per query (recall@20 0.992 at 1 M vectors, 4,096 lists),
# k-means trained on IVF_TRAIN_PER_LIST rows per list.
IVF_LISTS_PER_SQRT = 4
IVF_MIN_LISTS = 16
IVF_NPROBE = 48
IVF_TRAIN_PER_LIST = 64

# Candidates fetched per result before the exact re-rank.
RERANK_FACTOR = 2
# A filter leaving at most this share of a segment's rows is scored exactly over those rows.
FILTER_EXACT_SHARE = 0.05
# Seed of the k-means training sample: the same vectors always give the same index.
TRAIN_SEED = 13


@dataclass(frozen=True)
class IndexSpec:
    """What a segment's chunk index is: recorded in segment.json."""

    kind: str = EXACT
    factory: str = ""  # FAISS index_factory string ("" for exact)
    ef_search: int = 0  # HNSW
    nprobe: int = 0  # IVF
    rerank: int = RERANK_FACTOR

    def to_json(self) -> dict:
        if self.kind == EXACT:
            return {"kind": EXACT}
        return {"kind": self.kind, "factory": self.factory, "ef_search": self.ef_search, "nprobe": self.nprobe,
                "rerank": self.rerank}

    @classmethod
    def from_json(cls, data: dict | None) -> "IndexSpec":
        if not data or data.get("kind", EXACT) == EXACT:
            return cls()
        if data["kind"] not in KINDS:
            raise ValueError(f"unknown segment index kind {data['kind']!r}; this version knows {', '.join(KINDS)}")
        return cls(kind=data["kind"], factory=data["factory"], ef_search=int(data.get("ef_search", 0)),
                   nprobe=int(data.get("nprobe", 0)), rerank=int(data.get("rerank", RERANK_FACTOR)))


def ivf_lists(rows: int) -> int:
    """Inverted lists for a segment of `rows` vectors: a power of two near 4·sqrt(rows), and few
    enough that every list gets IVF_TRAIN_PER_LIST training rows."""
    target = max(IVF_MIN_LISTS, IVF_LISTS_PER_SQRT * math.sqrt(max(rows, 1)))
    lists = 2 ** round(math.log2(target))
    while lists > IVF_MIN_LISTS and lists * IVF_TRAIN_PER_LIST > rows:
        lists //= 2
    return lists


@dataclass(frozen=True)
class BySize:
    """The index-type strategy: exact below `exact_max_rows` chunks, `kind` from there up.
    IVF-SQ8 by default: at 1 M vectors it beat HNSW on recall at a quarter of the memory
    (docs/scale.md, "Segment index types")."""

    exact_max_rows: int = EXACT_MAX_ROWS
    kind: str = IVF_SQ8
    hnsw_m: int = HNSW_M
    ef_search: int = HNSW_EF_SEARCH
    nprobe: int = IVF_NPROBE

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown segment index kind {self.kind!r}; choose one of {', '.join(KINDS)}")

    def choose(self, rows: int) -> IndexSpec:
        if rows < self.exact_max_rows or self.kind == EXACT:
            return IndexSpec()
        if self.kind == HNSW:
            return IndexSpec(HNSW, f"HNSW{self.hnsw_m}", ef_search=self.ef_search)
        lists = ivf_lists(rows)
        return IndexSpec(IVF_SQ8, f"IVF{lists},SQ8", nprobe=min(self.nprobe, lists))


DEFAULT_POLICY = BySize()


def build(spec: IndexSpec, vectors: np.ndarray) -> faiss.Index | None:
    """The approximate index of `vectors` (normalised float32 rows) as `spec` says; None for exact."""
    if spec.kind == EXACT:
        return None
    vectors = np.ascontiguousarray(vectors, np.float32)
    index = faiss.index_factory(vectors.shape[1], spec.factory, faiss.METRIC_INNER_PRODUCT)
    if spec.kind == HNSW:
        faiss.downcast_index(index).hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    if not index.is_trained:
        lists = faiss.extract_index_ivf(index).nlist
        rng = np.random.default_rng(TRAIN_SEED)
        sample = min(len(vectors), lists * IVF_TRAIN_PER_LIST)
        rows = np.sort(rng.choice(len(vectors), sample, replace=False))
        index.train(vectors[rows])
    index.add(vectors)
    return index


def save(index: faiss.Index, directory: Path) -> None:
    faiss.write_index(index, str(directory / ANN_FILE))


def load(directory: Path, spec: IndexSpec, rows: int) -> faiss.Index | None:
    if spec.kind == EXACT:
        return None
    path = directory / ANN_FILE
    if not path.exists():  # the segment was deleted meanwhile (merged away): the reader re-reads the manifest
        raise FileNotFoundError(path)
    index = faiss.read_index(str(path))
    if index.ntotal != rows:
        raise ValueError(f"{directory / ANN_FILE}: {index.ntotal} vectors, the segment has {rows}")
    return index


class SegmentIndex:
    """Approximate search over one segment's rows, re-ranked exactly from its float vectors."""

    def __init__(self, spec: IndexSpec, index: faiss.Index, vectors: np.ndarray) -> None:
        self.spec = spec
        self.index = index
        self.vectors = vectors

    @property
    def ntotal(self) -> int:
        return int(self.index.ntotal)

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The `k` best rows (local to the segment) for one `query`, best first, with their exact
        cosines; `allowed`: a boolean per row, only those compete."""
        query = np.ascontiguousarray(query, np.float32).reshape(-1)
        n = self.ntotal
        if allowed is not None:
            rows = np.flatnonzero(allowed)
            if len(rows) <= max(k, FILTER_EXACT_SHARE * n):
                return _top(self.vectors[rows] @ query, rows, k)
        fetch = min(n, k * max(self.spec.rerank, 1))
        bits = None
        selector = None
        if allowed is not None:
            bits = np.packbits(allowed.astype(bool), bitorder="little")
            selector = faiss.IDSelectorBitmap(n, faiss.swig_ptr(bits))
        if self.spec.kind == HNSW:
            params = faiss.SearchParametersHNSW(efSearch=max(self.spec.ef_search, fetch), sel=selector)
        else:
            params = faiss.SearchParametersIVF(nprobe=self.spec.nprobe, sel=selector)
        _, found = self.index.search(query.reshape(1, -1), fetch, params=params)
        del bits  # the selector reads it during the search only
        found = found[0][found[0] >= 0]
        return _top(np.asarray(self.vectors[found]) @ query, found, k)


def _top(scores: np.ndarray, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(-scores, kind="stable")[:k]
    return scores[order].astype(np.float32), rows[order].astype(np.int64)
