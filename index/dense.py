"""Dense search over a snapshot's live chunk rows.

Rows of segments searched exactly (every segment below the size threshold of index/ann.py) sit in
one IndexFlatIP, as they always did; each larger segment is searched through its own approximate
index, its tombstoned rows excluded by a selector. The parts' results are merged by score.
When every segment is exact (all ordinary indexes) the flat index holds every row in snapshot
order and a search is exactly the single IndexFlatIP search it was before.
"""

from __future__ import annotations

from dataclasses import dataclass

import faiss
import numpy as np

from index.ann import SegmentIndex


@dataclass(frozen=True)
class ApproximatePart:
    """One segment with its own index: its live local rows occupy snapshot rows start.. in order."""

    index: SegmentIndex
    start: int
    live: np.ndarray  # local row numbers of its live rows, ascending
    live_mask: np.ndarray | None  # a boolean per local row; None when every row is live


class DenseIndex:
    def __init__(self, dimension: int) -> None:
        self.flat = faiss.IndexFlatIP(dimension)
        self._flat_rows: list[np.ndarray] = []  # snapshot rows of the flat index's rows, in order
        self.parts: list[ApproximatePart] = []
        self._rows = 0

    def add_exact(self, vectors: np.ndarray, start: int) -> None:
        """Rows start..start+len(vectors) of the snapshot, searched exactly."""
        if len(vectors):
            self.flat.add(np.ascontiguousarray(vectors, np.float32))
            self._flat_rows.append(np.arange(start, start + len(vectors), dtype=np.int64))
        self._rows = max(self._rows, start + len(vectors))

    def add_approximate(self, index: SegmentIndex, live: np.ndarray, start: int) -> None:
        """A segment with its own index; `live`: its local rows that are live (snapshot rows start..)."""
        mask = None
        if len(live) < index.ntotal:
            mask = np.zeros(index.ntotal, bool)
            mask[live] = True
        self.parts.append(ApproximatePart(index, start, live.astype(np.int64), mask))
        self._rows = max(self._rows, start + len(live))

    def finish(self) -> None:
        flat_rows = np.concatenate(self._flat_rows) if self._flat_rows else np.zeros(0, np.int64)
        # None: the flat index is the whole snapshot in order (no approximate part): no mapping
        self._flat_map = None if not self.parts else flat_rows
        self._flat_pos = None
        if self.parts:
            self._flat_pos = np.full(self._rows, -1, dtype=np.int64)
            self._flat_pos[flat_rows] = np.arange(len(flat_rows))

    @property
    def ntotal(self) -> int:
        return self._rows

    @property
    def approximate(self) -> bool:
        return bool(self.parts)

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(snapshot rows, inner products) of the (at most) `k` nearest chunks, best first;
        `allowed`: snapshot row numbers, only those compete."""
        query = np.ascontiguousarray(query, np.float32).reshape(1, -1)
        if not self.parts:
            return self._search_flat(query, k, allowed)
        scores, rows = [], []
        if self.flat.ntotal:
            flat_allowed = None
            if allowed is not None:
                flat_allowed = self._flat_pos[allowed]
                flat_allowed = flat_allowed[flat_allowed >= 0]
            if flat_allowed is None or len(flat_allowed):
                params = None if flat_allowed is None else \
                    faiss.SearchParameters(sel=faiss.IDSelectorBatch(flat_allowed))
                d, found = self.flat.search(query, min(k, self.flat.ntotal), params=params)
                keep = found[0] >= 0
                scores.append(d[0][keep])
                rows.append(self._flat_map[found[0][keep]])
        for part in self.parts:
            mask = part.live_mask
            if allowed is not None:
                inside = allowed[(allowed >= part.start) & (allowed < part.start + len(part.live))]
                mask = np.zeros(part.index.ntotal, bool)
                mask[part.live[inside - part.start]] = True
                if not mask.any():
                    continue
            d, local = part.index.search(query[0], k, mask)
            scores.append(d)
            rows.append(part.start + np.searchsorted(part.live, local))
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        scores, rows = np.concatenate(scores), np.concatenate(rows)
        order = np.argsort(-scores, kind="stable")[:k]
        return rows[order], scores[order]

    def _search_flat(self, query: np.ndarray, k: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if not self.flat.ntotal:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        params = None
        if allowed is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed.astype(np.int64)))
        scores, found = self.flat.search(query, k, params=params)
        keep = found[0] >= 0
        return found[0][keep], scores[0][keep]
