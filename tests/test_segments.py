"""The segmented index: batching does not change results, merges, tombstones, the manifest,
one writer across processes, readers that never fail, and SIGKILL at random moments."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from index import merge, store
from index.lock import IndexBusy, write_lock
from index.encoders import EncoderMismatch
from index.manifest import IndexFormatError, read_manifest
from index.store import IndexStore, load_snapshot
from service.retrieve import retrieve

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = ["When did the Normans conquer England?", "Which university was founded first?",
             "How many people live in the city?", "What did the treaty establish?", "who won the election"]


@pytest.fixture(scope="module")
def corpus(squad_sample_index_dir):
    """The SQuAD sample's documents with their stored vectors: no re-embedding needed."""
    snapshot = load_snapshot(squad_sample_index_dir)
    return [p for segment in snapshot.segments for p in segment.documents()]


def _ranking(snapshot, desk, question, mode="hybrid"):
    vector = desk.embedder.encode_one(question)
    return [(snapshot.chunks[h.row].chunk_id, round(h.score, 5)) for h in retrieve(snapshot, question, vector, 10, mode)]


def _lexical_by_chunk(snapshot, question):
    scores = snapshot.lexical.scores(question)
    return {c.chunk_id: float(s) for c, s in zip(snapshot.chunks, scores)}


def test_one_batch_or_twenty_gives_identical_results(tmp_path, corpus, desk):
    one = IndexStore(tmp_path / "one")
    one.commit(corpus)
    many = IndexStore(tmp_path / "many")
    batches = np.array_split(np.arange(len(corpus)), 20)
    for rows in batches:
        many.commit([corpus[i] for i in rows])
    a, b = one.open(), many.open()
    assert len(a.segments) == 1 and len(b.segments) > 1
    assert read_manifest(tmp_path / "many").generation > len(batches)  # tiered merges ran on the way
    for state in range(3):
        assert sorted(a.documents) == sorted(b.documents) and sorted(a.chunk_texts) == sorted(b.chunk_texts)
        for q in QUESTIONS:
            la, lb = _lexical_by_chunk(a, q), _lexical_by_chunk(b, q)
            assert la.keys() == lb.keys() and all(abs(la[k] - lb[k]) < 1e-5 for k in la)
            for mode in ("hybrid", "bm25", "dense"):
                assert _ranking(a, desk, q, mode) == _ranking(b, desk, q, mode)
        for term in ("normans", "univers", "citi"):
            assert a.lexical.df(term) == b.lexical.df(term) and a.lexical.idf(term) == pytest.approx(b.lexical.idf(term))
        if state == 0:  # deletions count collection-wide too: idf and avgdl drop the deleted chunks
            victims = [p.article.doc_id for p in corpus[3::7]]
            a, _ = one.delete(victims)
            b, _ = many.delete(victims)
            assert not set(victims) & set(b.documents)
        elif state == 1:
            b = many.optimize()
            assert len(b.segments) == 1 and not read_manifest(tmp_path / "many").deleted


def test_merge_policy_is_size_tiered():
    from index.manifest import Manifest, SegmentEntry

    def manifest(sizes):
        return Manifest("m", 4, segments=tuple(SegmentEntry(f"s{i}", 1, n) for i, n in enumerate(sizes)))

    assert merge.pick_merge(manifest([5] * 9)) == []
    assert merge.pick_merge(manifest([500, 40] + [5] * 10)) == [f"s{i}" for i in range(2, 12)]
    assert merge.pick_merge(manifest([500] + [40] * 10 + [5] * 3)) == [f"s{i}" for i in range(1, 11)]
    tomb = Manifest("m", 4, segments=(SegmentEntry("s0", 4, 20), SegmentEntry("s1", 4, 20)), deleted={"s1": ("a", "b", "c")})
    assert merge.pick_merge(tomb) == ["s1"]


def test_encoder_is_recorded_and_never_mixed(tmp_path, corpus):
    IndexStore(tmp_path).commit(corpus[:2], encoder="onnx-int8")
    assert read_manifest(tmp_path).encoder == "onnx-int8" and load_snapshot(tmp_path).encoder == "onnx-int8"
    other = IndexStore(tmp_path, encoder="torch-fp32")
    with pytest.raises(EncoderMismatch, match="built with the onnx-int8 encoder"):
        other.open()
    with pytest.raises(EncoderMismatch):
        other.commit(corpus[2:3])
    with pytest.raises(EncoderMismatch):
        IndexStore(tmp_path).commit(corpus[2:3], encoder="torch-fp32")
    assert sorted(load_snapshot(tmp_path).documents) == sorted(p.article.doc_id for p in corpus[:2])


def test_an_old_format_index_gets_a_clear_message(tmp_path):
    (tmp_path / "CURRENT").write_text("00000000000000000001")
    with pytest.raises(IndexFormatError, match="format 1.*rebuild it"):
        load_snapshot(tmp_path)


def test_a_reader_follows_new_manifests_and_survives_segments_vanishing(tmp_path, corpus, monkeypatch):
    writer = IndexStore(tmp_path)
    writer.commit(corpus[:5])
    from index.pipeline import Indexer

    reader = Indexer(tmp_path)
    stale = read_manifest(tmp_path)
    writer.commit(corpus[5:10])
    writer.optimize()
    writer.commit(corpus[10:12])
    writer.optimize()  # the segments `stale` names are deleted now
    assert not (tmp_path / "segments" / stale.segments[0].name).exists()
    reader.refresh(force=True)
    assert len(reader.snapshot.documents) == 12

    # A reader that read the manifest just before the segments it names were deleted retries.
    fresh = IndexStore(tmp_path)
    real = store.read_manifest
    calls = []
    monkeypatch.setattr(store, "read_manifest", lambda d: calls.append(1) or (stale if len(calls) == 1 else real(d)))
    assert len(fresh.open().documents) == 12 and len(calls) == 2


def test_a_second_writer_waits_then_starts_from_the_latest_manifest(tmp_path, corpus):
    first, second = IndexStore(tmp_path), IndexStore(tmp_path, lock_timeout=30)
    first.commit(corpus[:1])
    second.open()  # its cached view is now stale
    held, release = threading.Event(), threading.Event()

    def hold():
        with write_lock(tmp_path):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    impatient = IndexStore(tmp_path, lock_timeout=0.3)
    with pytest.raises(IndexBusy, match=rf"being written by process {os.getpid()}.*gave up after"):
        impatient.commit(corpus[1:2])
    release.set()
    holder.join()
    first.commit(corpus[1:2])
    second.commit(corpus[2:3])
    assert sorted(load_snapshot(tmp_path).documents) == sorted(p.article.doc_id for p in corpus[:3])


def test_api_posts_and_cli_index_at_once_lose_nothing(fresh_index_dir, desk, tmp_path):
    from fastapi.testclient import TestClient

    from service.api import create_app
    from service.engine import Newsdesk
    from service.settings import Settings

    folder = tmp_path / "wire"
    folder.mkdir()
    for i in range(12):
        (folder / f"cli-{i}.txt").write_text(f"Port {i} reopens\n\nThe port of Easton-{i} reopened on Tuesday "
                                             f"after {i + 2} days of repairs, officials said.\n")
    env = {**os.environ, "NEWSDESK_INDEX_DIR": str(fresh_index_dir), "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    child = subprocess.Popen([sys.executable, "-c", "from service.cli import app; app()", "index", str(folder)],
                             env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    posted = []
    api_desk = Newsdesk(fresh_index_dir, embedder=desk.embedder)
    with TestClient(create_app(desk=api_desk, settings=Settings(index_dir=fresh_index_dir, allow_open_writes=True))) as client:
        i = 0
        while child.poll() is None or i < 5:
            response = client.post("/documents", json={
                "doc_id": f"api-{i}", "title": f"Bridge {i} closes",
                "text": f"Bridge {i} closes\n\nThe Millbrook bridge number {i} closed on Monday for inspection."})
            assert response.status_code == 201, response.text
            posted.append(f"api-{i}")
            i += 1
    output = child.communicate()[0]
    assert child.returncode == 0, output
    assert "added 12" in output
    final = load_snapshot(fresh_index_dir)
    expected = set(posted) | {f"cli-{i}" for i in range(12)}
    assert expected <= set(final.documents), expected - set(final.documents)
    assert len(final.documents) == 5 + len(expected)


# -- SIGKILL at random moments ------------------------------------------------------------------

CRASH_RUNS = int(os.environ.get("NEWSDESK_CRASH_RUNS", "6"))
MAX_KILL_DELAY = 2.5
_REVISION = re.compile(r"Revision (\d+) ")


def check_integrity(snapshot) -> None:
    """Every document wholly present: text, sentences and their vectors, chunks, their vectors and postings."""
    n = len(snapshot.chunks)
    assert snapshot.dense.ntotal == n == len(snapshot.chunk_vectors) == snapshot.lexical.size == len(snapshot.chunk_texts)
    assert set(snapshot.documents) == set(snapshot.sentences) == set(snapshot.chunks_by_doc)
    assert np.allclose(np.linalg.norm(snapshot.chunk_vectors, axis=1), 1, atol=1e-3)
    for doc_id, article in snapshot.documents.items():
        rows = snapshot.chunks_by_doc[doc_id]
        assert rows and all(snapshot.chunk_texts[r] == article.text[snapshot.chunks[r].start:snapshot.chunks[r].end]
                            for r in rows)
        sentences = snapshot.sentences[doc_id]
        assert sentences
        for i in range(len(sentences)):
            assert abs(float(np.linalg.norm(snapshot.sentence_vectors[snapshot.sentence_row(doc_id, i)])) - 1) < 1e-3
        assert (snapshot.lexical.scores(article.title)[rows] > 0).any()
    assert snapshot.sentence_count == sum(len(s) for s in snapshot.sentences.values())


def _crash_once(zygote, index_dir: Path, run: int, expected: dict[str, int], rng: random.Random) -> int:
    log = index_dir.parent / f"crash-{run}.log"
    zygote.stdin.write(f"run {run} {log}\n")
    zygote.stdin.flush()
    started = zygote.stdout.readline().split()
    assert started[0] == "started", started
    deadline = time.monotonic() + 60
    while not (log.exists() and log.read_text().startswith("ready")) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(rng.uniform(0, MAX_KILL_DELAY))
    os.kill(int(started[1]), signal.SIGKILL)
    exited = zygote.stdout.readline().split()
    assert exited[:2] == ["exited", started[1]], exited
    lines = log.read_text().splitlines()
    assert lines and lines[0] == "ready"
    for line in lines:
        parts = line.split()
        if parts[0] == "acked":
            expected[parts[1]] = int(parts[2])
        elif parts[0] == "deleted":
            expected.pop(parts[1], None)

    snapshot = load_snapshot(index_dir)  # the index opens
    check_integrity(snapshot)
    ours = {d: int(_REVISION.search(a.text).group(1)) for d, a in snapshot.documents.items() if d.startswith("r")}
    # Every acknowledged write is there; only the one write in flight may or may not have landed.
    missing = [d for d in expected if d not in ours]
    older = [d for d in expected if d in ours and ours[d] < expected[d]]
    unexpected = [d for d in ours if d not in expected]
    assert not older and len(missing) + len(unexpected) <= 1, (missing, older, unexpected, lines[-3:])
    expected.clear()
    expected.update(ours)  # the in-flight write's outcome is now known
    return len(lines) - 1


def test_sigkill_at_random_moments_loses_nothing_acknowledged(fresh_index_dir):
    rng = random.Random(int(os.environ.get("NEWSDESK_CRASH_SEED", "9")))
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    zygote = subprocess.Popen([sys.executable, str(REPO / "tests" / "crash_writer.py"), str(fresh_index_dir)], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert zygote.stdout.readline().strip() == "ready"
        expected: dict[str, int] = {}
        writes = [_crash_once(zygote, fresh_index_dir, run, expected, rng) for run in range(CRASH_RUNS)]
    finally:
        zygote.stdin.close()
        zygote.wait(30)
    print(f"{CRASH_RUNS} kills after {writes} acknowledged writes")
    assert sum(w > 0 for w in writes) >= CRASH_RUNS // 2  # most kills hit a writer that was writing
    assert {p.name for p in (fresh_index_dir / "segments").iterdir()} >= \
        {s.name for s in read_manifest(fresh_index_dir).segments}
    seeds = load_snapshot(fresh_index_dir)
    assert sum(not d.startswith("r") for d in seeds.documents) == 5  # nothing already stored was lost


def test_keyword_scores_match_bm25s_on_the_same_chunks(corpus):
    """Our postings give bm25s's scores (its default Lucene variant) over the same tokens."""
    import bm25s

    from index.lexical import LexicalIndex, tokenize

    texts = [p.article.text[c.start:c.end] for p in corpus for c in p.chunks]
    ours = LexicalIndex.build(texts)
    reference = bm25s.BM25()
    reference.index([tokenize(t) or [""] for t in texts], show_progress=False)
    for q in QUESTIONS + ["the the university university of", "zzzz unknown words"]:
        terms = [t for t in tokenize(q) if t in reference.vocab_dict]
        expected = np.asarray(reference.get_scores(terms), np.float32) if terms else np.zeros(len(texts), np.float32)
        got = ours.scores(q)
        assert np.allclose(got, expected, atol=1e-5)
        assert list(np.argsort(-got, kind="stable")[:10]) == list(np.argsort(-expected, kind="stable")[:10])
