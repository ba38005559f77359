"""Ingest and query speed-ups (issue 8): each one must give what the slower way gave.

Concurrent one-thread encoder passes, token-budget batches, the overlapped prepare/embed stream, and the linear-time top-k of the keyword scores."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from index.documents import Article
from index.encoders.base import BATCH_TOKENS, Delegating
from index.pipeline import BATCH_DOCUMENTS, embed, prepare, process, stream
from service.retrieve import top_rows
from tests.conftest import SEEDS


def _sentences(n: int) -> list[str]:
    words = "the council voted to extend ferry service across the harbour after a long debate on costs".split()
    return [" ".join(words[: 3 + i % len(words)] * (1 + i % 9)) + f" number {i}." for i in range(n)]


def test_top_rows_is_a_stable_argsort_prefix():
    rng = np.random.default_rng(0)
    for trial in range(2000):
        n = int(rng.integers(1, 300))
        values = rng.integers(0, 4, n).astype(np.float32)  # many ties, many zeros (rows no query word hits)
        if trial % 2:
            values += rng.random(n).astype(np.float32) * (rng.random(n) < 0.3)
        depth = int(rng.integers(1, 120))
        assert np.array_equal(top_rows(values, depth), np.argsort(-values, kind="stable")[:depth]), (n, depth)


def test_batches_cover_every_row_once_within_the_token_budget(desk):
    encoder = desk.embedder
    encodings = encoder._tokenize(_sentences(300) + [" ".join(["word"] * 400)] * 3)
    batches = list(encoder._batches(encodings, 32))
    rows = np.concatenate(batches)
    assert sorted(rows.tolist()) == list(range(len(encodings)))
    for batch in batches:
        longest = max(len(encodings[r].ids) for r in batch)
        assert len(batch) <= 32 and (len(batch) == 1 or len(batch) * longest <= BATCH_TOKENS)
    assert len(batches[0]) < 32 < len(encodings)  # long texts do go in smaller batches


def test_concurrent_one_thread_passes_give_the_same_vectors(desk):
    encoder = desk.embedder
    if encoder.bulk_threads < 2:
        pytest.skip("one core: no concurrent passes")
    texts = _sentences(200)
    parallel = encoder.encode(texts, batch_size=8)
    assert any(t.name.startswith("encode-") for t in threading.enumerate())  # the passes did run on the pool
    one_by_one = Delegating(encoder)
    one_by_one.bulk_threads = 1  # the same batches, one after another, on the multi-thread session
    sequential = one_by_one.encode(texts, batch_size=8)
    # int8 activations are quantised per batch, so only the same batches can be compared this closely
    assert np.min(np.sum(parallel * sequential, axis=1)) > 0.9999


def test_overlapped_stream_equals_the_batches_done_one_by_one(desk):
    from index.load import load_paths

    seeds = load_paths([SEEDS])
    repeated = [Article(f"copy-{i}-{a.doc_id}", a.title, a.text) for i in range(7) for a in seeds]
    articles = (seeds + repeated)[:BATCH_DOCUMENTS + 5]  # two batches: the second parsed while the first encodes
    streamed = [d for documents in stream(articles, desk.embedder) for d in documents]
    assert [d.article.doc_id for d in streamed] == [a.doc_id for a in articles]
    one_by_one = [d for i in range(0, len(articles), BATCH_DOCUMENTS)
                  for d in embed(prepare(articles[i:i + BATCH_DOCUMENTS]), desk.embedder)]
    for got, want in zip(streamed, one_by_one):  # the same batches: the very same vectors
        assert got.article == want.article and got.sentences == want.sentences and got.chunks == want.chunks
        assert np.array_equal(got.chunk_vectors, want.chunk_vectors)
        assert np.array_equal(got.sentence_vectors, want.sentence_vectors)
    assert process([], desk.embedder) == []


def test_a_failing_parse_stops_the_stream_with_its_error(desk, monkeypatch):
    from index import pipeline

    def broken(batch):
        raise ValueError("parser failed")

    monkeypatch.setattr(pipeline, "prepare", broken)
    articles = [Article(f"d{i}", "T", "Some text here.") for i in range(BATCH_DOCUMENTS + 1)]
    with pytest.raises(ValueError, match="parser failed"):
        list(stream(articles, desk.embedder))


def test_published_metadata_in_year_first_form_needs_no_dateparser(monkeypatch):
    import sys

    from index.dates import _parse_published

    monkeypatch.setitem(sys.modules, "dateparser", None)  # importing it now would fail
    assert str(_parse_published("2022/05/06")) == "2022-05-06"
    assert str(_parse_published(" 2021.12.01 ")) == "2021-12-01"
    assert str(_parse_published("2022-05-16T10:00:00")) == "2022-05-16"


def test_a_serving_process_searches_with_one_faiss_thread(seed_index_dir):
    import faiss

    from service.api.state import DeskHolder
    from service.settings import Settings

    before = faiss.omp_get_max_threads()
    try:
        holder = DeskHolder(None)
        holder.load(Settings(index_dir=seed_index_dir))  # what a starting server worker runs
        assert holder.status == "ready" and faiss.omp_get_max_threads() == 1
    finally:
        faiss.omp_set_num_threads(before)


def test_a_request_thread_searches_with_one_faiss_thread_and_keeps_its_own_setting(desk, monkeypatch):
    """OpenMP's thread count belongs to the thread that sets it: a web server's request thread does
    not inherit the main thread's. Each question's search is held to one thread wherever it runs."""
    import faiss

    from service import retrieve

    snapshot = desk.snapshot
    seen = []
    search = snapshot.dense.search

    def recording(*args, **kwargs):
        seen.append(faiss.omp_get_max_threads())
        return search(*args, **kwargs)

    monkeypatch.setattr(snapshot.dense, "search", recording)
    vector = desk.embedder.encode_one("Who mediated the prisoner exchange?")
    after = []

    def request_thread():
        faiss.omp_set_num_threads(2)  # what a fresh thread on a 2-core machine starts with
        retrieve.retrieve(snapshot, "Who mediated the prisoner exchange?", vector, 5)
        after.append(faiss.omp_get_max_threads())

    worker = threading.Thread(target=request_thread)
    worker.start()
    worker.join()
    assert seen == [retrieve.SEARCH_THREADS] and after == [2]
