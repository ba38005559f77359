"""Segment index types (index/ann.py): exact below the size threshold, approximate above it with
recall@20 ≥ 0.97 against exact, filters and tombstones honoured, written with the segment."""

from __future__ import annotations

import json

import numpy as np
import pytest

from index import ann
from index.ann import ANN_FILE, EXACT, HNSW, IVF_SQ8, BySize, IndexSpec, SegmentIndex
from index.store import IndexStore
from service.filters import chunk_mask
from service.retrieve import retrieve

RECALL_TARGET = 0.97
K = 20
QUESTIONS = ["When did the Normans conquer England?", "Which university was founded first?",
             "How many people live in the city?", "What did the treaty establish?", "who won the election"]


def clustered(rows: int, dimension: int = 384, centers: int = 150, spread: float = 0.6, seed: int = 0) -> np.ndarray:
    """Normalised vectors around random topics: a stand-in for sentence embeddings."""
    rng = np.random.default_rng(seed)
    middle = rng.standard_normal((centers, dimension)).astype(np.float32)
    middle /= np.linalg.norm(middle, axis=1, keepdims=True)
    x = middle[rng.integers(0, centers, rows)] + spread * rng.standard_normal((rows, dimension)).astype(np.float32) \
        / np.sqrt(dimension)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def exact_top(vectors: np.ndarray, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> np.ndarray:
    rows = np.arange(len(vectors)) if allowed is None else np.flatnonzero(allowed)
    scores = vectors[rows] @ query
    return rows[np.argsort(-scores, kind="stable")[:k]]


def recall(index: SegmentIndex, vectors, queries, allowed=None) -> float:
    found = 0
    for q in queries:
        truth = set(exact_top(vectors, q, K, allowed).tolist())
        _, got = index.search(q, K, allowed)
        if allowed is not None:
            assert allowed[got].all()
        found += len(truth & set(got.tolist()))
    return found / (K * len(queries))


@pytest.fixture(scope="module")
def data():
    vectors = clustered(12_000)
    rng = np.random.default_rng(1)
    picks = vectors[rng.choice(len(vectors), 100, replace=False)]
    queries = picks + 0.3 * rng.standard_normal(picks.shape).astype(np.float32) / np.sqrt(picks.shape[1])
    return vectors, queries / np.linalg.norm(queries, axis=1, keepdims=True)


def test_the_policy_is_exact_below_the_threshold_and_approximate_above():
    policy = BySize()
    assert policy.choose(ann.EXACT_MAX_ROWS - 1) == IndexSpec() and policy.choose(0).kind == EXACT
    assert policy.choose(ann.EXACT_MAX_ROWS).kind == policy.kind != EXACT
    assert BySize(kind=IVF_SQ8).choose(1_000_000).factory == "IVF4096,SQ8"
    assert ann.ivf_lists(10_000) * ann.IVF_TRAIN_PER_LIST <= 10_000 and ann.ivf_lists(10) == ann.IVF_MIN_LISTS
    assert IndexSpec.from_json(None) == IndexSpec() == IndexSpec.from_json({"kind": "exact"})
    spec = BySize(kind=HNSW, exact_max_rows=1).choose(5)
    assert IndexSpec.from_json(json.loads(json.dumps(spec.to_json()))) == spec
    with pytest.raises(ValueError, match="unknown segment index kind"):
        BySize(kind="lsh")
    with pytest.raises(ValueError, match="unknown segment index kind"):
        IndexSpec.from_json({"kind": "lsh", "factory": "LSH"})


@pytest.mark.parametrize("kind", [BySize().kind, IVF_SQ8] if BySize().kind != IVF_SQ8 else [IVF_SQ8, HNSW])
def test_above_the_threshold_recall_at_20_reaches_the_target_with_and_without_filters(data, kind):
    vectors, queries = data
    spec = BySize(exact_max_rows=10_000, kind=kind).choose(len(vectors))
    assert spec.kind == kind
    index = SegmentIndex(spec, ann.build(spec, vectors), vectors)
    assert recall(index, vectors, queries) >= RECALL_TARGET
    rng = np.random.default_rng(2)
    half = rng.random(len(vectors)) < 0.5  # e.g. a date filter, or half the documents deleted
    assert recall(index, vectors, queries, half) >= RECALL_TARGET
    few = rng.random(len(vectors)) < 0.01  # a narrow filter: scored exactly over its rows
    for q in queries[:10]:
        _, got = index.search(q, K, few)
        assert got.tolist() == exact_top(vectors, q, K, few).tolist()
    none = np.zeros(len(vectors), bool)
    assert len(index.search(queries[0], K, none)[1]) == 0


@pytest.fixture(scope="module")
def corpus(squad_sample_index_dir):
    from index.store import load_snapshot

    snapshot = load_snapshot(squad_sample_index_dir)
    return [p for segment in snapshot.segments for p in segment.documents()]


def _dense(snapshot, desk, question, mask=None, k=10):
    vector = desk.embedder.encode_one(question)
    return [snapshot.chunks[h.row].chunk_id for h in retrieve(snapshot, question, vector, k, "dense", mask=mask)]


def test_small_segments_stay_exact_and_write_no_index_file(tmp_path, corpus):
    snapshot = IndexStore(tmp_path).commit(corpus)
    (segment,) = snapshot.segments
    assert segment.index is None and not snapshot.dense.approximate
    assert not (tmp_path / "segments" / segment.name / ANN_FILE).exists()
    assert json.loads((tmp_path / "segments" / segment.name / "segment.json").read_text())["index"] == {"kind": EXACT}


def test_a_large_segment_is_written_with_its_index_and_searched_through_it(tmp_path, corpus, desk):
    exact = IndexStore(tmp_path / "exact").commit(corpus)
    policy = BySize(exact_max_rows=len(exact.chunks) // 2, kind=HNSW)
    store = IndexStore(tmp_path / "ann", policy=policy)
    snapshot = store.commit(corpus[:-3])
    (segment,) = snapshot.segments
    directory = tmp_path / "ann" / "segments" / segment.name
    meta = json.loads((directory / "segment.json").read_text())
    assert meta["index"]["kind"] == HNSW and meta["index"]["factory"] == f"HNSW{ann.HNSW_M}"
    assert (directory / ANN_FILE).stat().st_size > 0 and not list((tmp_path / "ann" / "segments").glob(".tmp-*"))
    # a small second commit stays exact: one approximate and one exact part, merged by score
    snapshot = store.commit(corpus[-3:], merge=False)
    assert [s.index is not None for s in snapshot.segments] == [True, False] and snapshot.dense.approximate
    reopened = IndexStore(tmp_path / "ann").open()  # read back from disk
    assert reopened.segments[0].index.spec == segment.index.spec
    for q in QUESTIONS:
        assert _dense(reopened, desk, q) == _dense(exact, desk, q)
    # filters: only allowed rows, the same as exact over them
    allowed = sorted(exact.documents)[::3]
    doc_of = {c.chunk_id: c.doc_id for c in exact.chunks}
    for q in QUESTIONS:
        got = _dense(reopened, desk, q, chunk_mask(reopened, allowed))
        assert got == _dense(exact, desk, q, chunk_mask(exact, allowed))
        assert {doc_of[c] for c in got} <= set(allowed)
    # tombstones: deleted documents' rows never come back from the approximate index
    victims = [p.article.doc_id for p in corpus[:-3][::2]]
    after, _ = store.delete(victims)
    exact_after, _ = IndexStore(tmp_path / "exact").delete(victims)
    assert after.dense.ntotal == len(after.chunks)
    for q in QUESTIONS:
        got = _dense(after, desk, q, k=30)
        assert not {doc_of[c] for c in got} & set(victims)
        assert got == _dense(exact_after, desk, q, k=30)


def test_an_unknown_index_kind_on_disk_is_a_clear_format_error(tmp_path, corpus):
    from index.manifest import IndexFormatError

    store = IndexStore(tmp_path, policy=BySize(exact_max_rows=1, kind=HNSW))
    segment = store.commit(corpus[:5]).segments[0]
    meta_path = tmp_path / "segments" / segment.name / "segment.json"
    meta = json.loads(meta_path.read_text())
    meta["index"]["kind"] = "lsh"
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(IndexFormatError, match="unknown segment index kind"):
        IndexStore(tmp_path).open()
