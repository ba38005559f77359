"""The ingress's retrieval strategy over shards: scatter one question, gather, fuse as one process does.

The single process (service/retrieve.py) takes the top-`depth` dense rows and the top-`depth` BM25
rows of the whole index, scores every candidate both ways, fuses min-max normalised scores and skips
copies. Every shard returns its own top-`depth` of each list with raw scores; the whole index's top
`depth` of a list is the top `depth` of the shards' lists merged, so the ingress rebuilds exactly the
single process's candidate rows (ties broken by row, as a stable sort does) and calls the same
`fuse`. BM25 scores match because shards score with the statistics sent from here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import numpy as np

from index.store import Snapshot
from service.cluster.shard import ShardCandidates, ShardQuery, generation_of
from service.filters import Filters
from service.retrieve import FusionWeights, Hit, Mode, candidate_depth, every_row, fuse, scores_every_row

Scatter = Callable[[ShardQuery], Sequence[ShardCandidates]]

CHUNK_ROWS = "cluster.chunk_rows"  # snapshot.memo key: chunk id -> row, built once per snapshot


class ShardedRetriever:
    """`scatter` sends one query to every shard and returns their candidates (deploy.py does it
    through Ray Serve handles); `serving` lists what each shard replica serves, for /readyz."""

    def __init__(self, scatter: Scatter, serving: Callable[[], list[dict]] | None = None, shards: int = 0) -> None:
        self.scatter = scatter
        self._serving = serving
        self.shards = shards

    def serving(self) -> list[dict] | None:
        return self._serving() if self._serving is not None else []

    def __call__(self, snapshot: Snapshot, question: str, query_vector: np.ndarray, k: int, mode: Mode = "hybrid",
                 weights: FusionWeights = FusionWeights(), doc_ids: Collection[str] | None = None,
                 filters: Filters | None = None) -> list[Hit]:
        n = len(snapshot.chunks)
        if not n:
            return []
        depth = candidate_depth(n, k)
        filtered = filters is not None and filters.active
        query = ShardQuery(question=question, vector=np.asarray(query_vector, np.float32), depth=depth, mode=mode,
                           stats=snapshot.lexical.statistics(question), generation=generation_of(snapshot.manifest),
                           doc_ids=tuple(doc_ids) if doc_ids is not None else None,
                           filters=filters if filtered else None)
        found = self.scatter(query)
        rows_of = _chunk_rows(snapshot)
        lexical: dict[int, float] = {}
        dense: list[tuple[int, float]] = []
        keyword: list[tuple[int, float]] = []
        for part in found:
            rows = np.array([rows_of.get(c, -1) for c in part.chunk_ids], dtype=np.int64)
            for row, score in zip(rows, part.lexical):
                if row >= 0:  # a chunk the ingress's state does not hold (a write in between) cannot compete
                    lexical[int(row)] = score
            dense.extend((int(rows[i]), s) for i, s in zip(part.dense_top, part.dense_scores) if rows[i] >= 0)
            keyword.extend((int(rows[i]), part.lexical[i]) for i in part.lexical_top if rows[i] >= 0)
        allowed = sum(p.allowed or 0 for p in found) if filtered else None
        if doc_ids is not None and not filtered:  # the named documents' rows, in the order the single process takes them
            chosen = np.array([r for r in every_row(snapshot, doc_ids, None) if int(r) in lexical], dtype=np.int64)
        elif scores_every_row(None, allowed, depth):  # every row the filters allow, in index order
            chosen = np.array(sorted(lexical), dtype=np.int64)
        elif mode == "dense":
            chosen = _best(dense, depth)
        elif mode == "bm25":
            chosen = _best(keyword, depth)
        else:
            chosen = np.union1d(_best(dense, depth), _best(keyword, depth))
        if not len(chosen):
            return []
        lex = np.array([lexical[int(r)] for r in chosen], dtype=np.float32)
        return fuse(snapshot, chosen, lex, query_vector, k, mode, weights)


def _best(scored: list[tuple[int, float]], depth: int) -> np.ndarray:
    """The `depth` best rows by score, the lower row first on a tie (as a stable sort over rows)."""
    if not scored:
        return np.zeros(0, np.int64)
    rows = np.array([r for r, _ in scored], dtype=np.int64)
    scores = np.array([s for _, s in scored], dtype=np.float32)
    return rows[np.lexsort((rows, -scores))[:depth]]


def _chunk_rows(snapshot: Snapshot) -> dict[str, int]:
    rows = snapshot.memo.get(CHUNK_ROWS)
    if rows is None:
        rows = snapshot.memo[CHUNK_ROWS] = {c.chunk_id: i for i, c in enumerate(snapshot.chunks)}
    return rows
