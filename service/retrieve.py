"""Hybrid retrieval: BM25 and dense cosine, fused by normalised-score combination."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

from index.store import Snapshot

if TYPE_CHECKING:
    from service.filters import Filters

Mode = Literal["hybrid", "bm25", "dense"]

# Candidates each retriever contributes before fusion; every candidate gets both scores.
CANDIDATES = 100
# Chunks whose vectors are this close are copies of one passage; only the best-ranked one is returned.
DUPLICATE_COSINE = 0.97
# OpenMP threads FAISS may use for one question in a serving process. One: concurrent requests use
# the other cores, and an exact search over 70,000 chunks took 5.8 ms on one thread vs 21.7 ms on two
# with the machine busy (two threads wait on each other whenever another process holds a core).
SEARCH_THREADS = 1


def serve_one_thread_per_query() -> None:
    """Called once when a serving process starts (not on import, not by `newsdesk index`, whose
    index builds may use every core). OpenMP's setting belongs to the thread that makes it: this
    covers the calling thread; a request thread's search is held to SEARCH_THREADS by
    `one_search_thread`."""
    import faiss

    faiss.omp_set_num_threads(SEARCH_THREADS)


@contextmanager
def one_search_thread() -> Iterator[None]:
    """Run one question's FAISS search on SEARCH_THREADS OpenMP threads in whatever thread asks it,
    restoring that thread's own setting after. A thread OpenMP did not start (a web server's request
    thread) does not inherit the main thread's `omp_set_num_threads`: it ran every search as a
    parallel region over all cores although one query's scan is one thread's work (FAISS splits the
    exact scan by query), and under load the idle second thread cost 0.7 ms a search on average
    over the 22 seed chunks (12 µs on one thread). Results are the same either way."""
    import faiss

    before = faiss.omp_get_max_threads()
    if before == SEARCH_THREADS:
        yield
        return
    faiss.omp_set_num_threads(SEARCH_THREADS)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


@dataclass(frozen=True)
class FusionWeights:
    """Weights of the min-max normalised scores. BM25 is the stronger single signal on news
    (names, numbers); the dense score mostly re-orders its candidates and rescues paraphrases."""

    lexical: float = 0.6
    dense: float = 0.4


@dataclass(frozen=True)
class Hit:
    row: int  # index into snapshot.chunks
    score: float
    lexical: float
    dense: float


def _minmax(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.zeros_like(values)


def retrieve(snapshot: Snapshot, question: str, query_vector: np.ndarray, k: int,
             mode: Mode = "hybrid", weights: FusionWeights = FusionWeights(),
             doc_ids: Collection[str] | None = None, mask: np.ndarray | None = None) -> list[Hit]:
    """The k best chunks; with `doc_ids`, only chunks of those documents compete; with `mask`
    (a boolean per chunk row, e.g. from filters), only the rows it allows: BM25 candidates are
    taken among them and FAISS searches them alone (an ID selector), both before fusion."""
    n = len(snapshot.chunks)
    if not n:
        return []
    lexical = snapshot.lexical.scores(question)
    depth = candidate_depth(n, k)
    allowed = np.flatnonzero(mask) if mask is not None else None
    if scores_every_row(doc_ids, allowed, depth):
        rows = every_row(snapshot, doc_ids, mask)
        if not len(rows):
            return []
    elif mode == "dense":
        rows = _dense_rows(snapshot, query_vector, depth, allowed)
    elif mode == "bm25":
        rows = lexical_rows(lexical, depth, mask)
    else:
        rows = np.union1d(_dense_rows(snapshot, query_vector, depth, allowed), lexical_rows(lexical, depth, mask))
    return fuse(snapshot, rows, lexical[rows], query_vector, k, mode, weights)


def candidate_depth(chunks: int, k: int) -> int:
    """Candidates each retriever contributes for a k-passage answer over `chunks` chunks."""
    return min(chunks, max(CANDIDATES, k))


def scores_every_row(doc_ids: Collection[str] | None, allowed: np.ndarray | None | int, depth: int) -> bool:
    """Few enough rows compete (named documents, or a filter allowing at most `depth` rows,
    given as the rows or their count) to score them all: no candidate search needed."""
    count = allowed if isinstance(allowed, int) or allowed is None else len(allowed)
    return doc_ids is not None or (count is not None and count <= depth)


def every_row(snapshot: Snapshot, doc_ids: Collection[str] | None, mask: np.ndarray | None) -> np.ndarray:
    """Every row of `doc_ids` (or every row `mask` allows), in index order, that `mask` allows."""
    rows = np.flatnonzero(mask) if doc_ids is None else np.array(
        [r for d in doc_ids for r in snapshot.chunks_by_doc.get(d, [])], dtype=np.int64)
    if mask is not None and doc_ids is not None:
        rows = rows[mask[rows]]
    return rows


def fuse(snapshot: Snapshot, rows: np.ndarray, lex: np.ndarray, query_vector: np.ndarray, k: int,
         mode: Mode = "hybrid", weights: FusionWeights = FusionWeights()) -> list[Hit]:
    """The k best of the candidate `rows` (with their raw BM25 scores `lex`): dense scores from
    the stored vectors, min-max fusion, copies of an already chosen passage skipped."""
    if not len(rows):
        return []
    dense = snapshot.chunk_vectors[rows] @ query_vector
    if mode == "hybrid":
        fused = weights.lexical * _minmax(lex) + weights.dense * _minmax(dense)
    else:
        fused = dense if mode == "dense" else lex
    hits: list[Hit] = []
    kept_vectors: list[np.ndarray] = []
    for i in np.argsort(-fused, kind="stable"):
        vector = snapshot.chunk_vectors[rows[i]]
        # A syndicated copy or a repeated block adds nothing the reader has not seen: skip it.
        if any(float(vector @ v) >= DUPLICATE_COSINE for v in kept_vectors):
            continue
        hits.append(Hit(int(rows[i]), float(fused[i]), float(lex[i]), float(dense[i])))
        kept_vectors.append(vector)
        if len(hits) == k:
            break
    return hits


class Retriever(Protocol):
    """How a Newsdesk finds the k best chunks of its snapshot: chosen once, at construction."""

    def __call__(self, snapshot: Snapshot, question: str, query_vector: np.ndarray, k: int, mode: Mode,
                 weights: FusionWeights, doc_ids: Collection[str] | None, filters: Filters | None) -> list[Hit]: ...

    def serving(self) -> list[dict] | None:
        """What each shard replica serves (None: this process serves everything)."""


class LocalRetriever:
    """Everything in this process: filters become a row mask over the snapshot, then `retrieve`."""

    def __call__(self, snapshot: Snapshot, question: str, query_vector: np.ndarray, k: int, mode: Mode = "hybrid",
                 weights: FusionWeights = FusionWeights(), doc_ids: Collection[str] | None = None,
                 filters: Filters | None = None) -> list[Hit]:
        from service.filters import chunk_mask  # service.filters imports the answerer, which imports this module

        mask = None
        if filters is not None and filters.active:  # a row mask applied inside BM25 and FAISS search
            mask = chunk_mask(snapshot, filters.doc_ids(snapshot, doc_ids))
            doc_ids = None
        elif doc_ids is not None:
            mask, doc_ids = many_documents_as_mask(snapshot, doc_ids, k)
        return retrieve(snapshot, question, query_vector, k, mode, weights, doc_ids, mask)

    def serving(self) -> list[dict] | None:
        """What serves the shards (None: this process serves everything)."""
        return None


def many_documents_as_mask(snapshot: Snapshot, doc_ids: Collection[str], k: int) -> tuple[np.ndarray | None, Collection[str] | None]:
    """(mask, None) when `doc_ids` hold more rows than a candidate search would score (an `as_of`
    keeping most of a large archive): they then compete through BM25 and FAISS restricted to
    them, as a filter's rows do, instead of every one of their rows being scored and sorted.
    (None, doc_ids) otherwise: a few named documents are scored row by row."""
    rows = every_row(snapshot, doc_ids, None)
    if len(rows) <= candidate_depth(len(snapshot.chunks), k):
        return None, doc_ids
    mask = np.zeros(len(snapshot.chunks), dtype=bool)
    mask[rows] = True
    return mask, None


def lexical_rows(lexical: np.ndarray, depth: int, mask: np.ndarray | None) -> np.ndarray:
    """The `depth` best BM25 rows, among the rows `mask` allows."""
    if mask is None:
        return top_rows(lexical, depth)
    allowed = np.flatnonzero(mask)
    return allowed[top_rows(lexical[allowed], depth)]


def top_rows(values: np.ndarray, depth: int) -> np.ndarray:
    """`np.argsort(-values, kind="stable")[:depth]` (best first, ties in row order) in time linear
    in len(values): a partition finds the depth-th best value, only the rows at or above it are
    sorted. Sorting every row on every query was what grew with the index."""
    if len(values) <= depth:
        return np.argsort(-values, kind="stable")
    threshold = np.partition(values, len(values) - depth)[len(values) - depth]  # the depth-th largest
    above = np.flatnonzero(values > threshold)
    tied = np.flatnonzero(values == threshold)[:depth - len(above)]
    keep = np.union1d(above, tied)  # ascending rows, so the stable sort keeps row order among ties
    return keep[np.argsort(-values[keep], kind="stable")]


def _dense_rows(snapshot: Snapshot, query_vector: np.ndarray, depth: int, allowed: np.ndarray | None) -> np.ndarray:
    """The `depth` nearest rows by FAISS, searching only `allowed` rows when given."""
    return dense_candidates(snapshot, query_vector, depth, allowed)[0]


def dense_candidates(snapshot: Snapshot, query_vector: np.ndarray, depth: int,
                     allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The `depth` nearest rows by FAISS and their inner products (exact, or through a large
    segment's own index: index/dense.py), searching only `allowed` rows when given."""
    with one_search_thread():
        return snapshot.dense.search(query_vector, depth, allowed)
