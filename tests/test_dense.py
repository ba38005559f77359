"""The exact part of dense search: a half-precision scan re-scored in float32 must return what a
float32 exhaustive search returns (rows, order and scores), with and without a row filter."""

import faiss
import numpy as np
import pytest

from index.dense import DenseIndex


def _unit_rows(n: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, 64)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _exact(vectors: np.ndarray, query: np.ndarray, k: int, allowed: np.ndarray | None = None):
    rows = np.arange(len(vectors)) if allowed is None else np.sort(allowed)
    scores = vectors[rows] @ query
    order = np.argsort(-scores, kind="stable")[:k]
    return rows[order], scores[order]


@pytest.mark.parametrize("k", [1, 10, 100])
def test_half_precision_scan_returns_the_float32_search(k):
    vectors = _unit_rows(5000, 1)
    dense = DenseIndex(vectors)
    dense.add_exact(0, 3000)
    dense.add_exact(3000, 5000)
    dense.finish()
    assert dense.ntotal == 5000 and dense.flat.ntotal == 5000 and not dense.approximate
    reference = faiss.IndexFlatIP(64)
    reference.add(vectors)
    for query in _unit_rows(20, 2):
        rows, scores = dense.search(query, k)
        want_rows, want_scores = _exact(vectors, query, k)
        assert rows.tolist() == want_rows.tolist()
        np.testing.assert_allclose(scores, want_scores, rtol=0, atol=1e-6)  # float32 scores, not fp16
        assert rows.tolist() == reference.search(query[None], k)[1][0].tolist()


def test_filtered_scan_keeps_to_the_allowed_rows():
    vectors = _unit_rows(2000, 3)
    dense = DenseIndex(vectors)
    dense.add_exact(0, 2000)
    dense.finish()
    allowed = np.random.default_rng(4).choice(2000, 150, replace=False).astype(np.int64)
    for query in _unit_rows(10, 5):
        rows, scores = dense.search(query, 20, allowed)
        assert set(rows.tolist()) <= set(allowed.tolist())
        assert rows.tolist() == _exact(vectors, query, 20, allowed)[0].tolist()
    rows, _ = dense.search(_unit_rows(1, 6)[0], 20, allowed[:5])  # fewer allowed rows than asked
    assert sorted(rows.tolist()) == sorted(allowed[:5].tolist())


def test_empty_index_finds_nothing():
    dense = DenseIndex(np.zeros((0, 64), np.float32))
    dense.finish()
    rows, scores = dense.search(_unit_rows(1, 7)[0], 5)
    assert len(rows) == len(scores) == 0
