"""Sharded retrieval without Ray (issue 13): shards over a real multi-segment index, scattered to in
process, give exactly the single process's hits — the same code the Ray Serve replicas run."""
from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from index.manifest import SegmentEntry, read_manifest
from service.cluster.assign import assign
from service.cluster.retriever import ShardedRetriever
from service.cluster.shard import ShardIndex
from service.engine import Newsdesk
from service.filters import Filters
from service.retrieve import LocalRetriever
from tests.conftest import REPO

SHARDS = 3


@pytest.fixture(scope="module")
def sharded_index(tmp_path_factory, seed_index_dir, desk):
    """The seeds plus the SQuAD sample in several segments, one document deleted."""
    import shutil

    from service import evaluate

    directory = tmp_path_factory.mktemp("sharded") / "index"
    shutil.copytree(seed_index_dir, directory)
    writer = Newsdesk(directory, embedder=desk.embedder)
    articles, questions = evaluate.load_squad(REPO / "tests" / "data" / "squad_sample.json")
    for i in range(0, len(articles), 16):
        writer.add(articles[i:i + 16])
    writer.delete(articles[3].doc_id)
    writer.indexer.wait_for_cleanup()
    return directory, writer, [q.question for q in questions]


def _scatter(index_dir, shards=SHARDS):
    parts = [ShardIndex(index_dir, s, shards) for s in range(shards)]
    return parts, ShardedRetriever(lambda query: [p.candidates(query) for p in parts], shards=shards)


def _ids(snapshot, hits):
    return [(snapshot.chunks[h.row].chunk_id, h.score, h.lexical, h.dense) for h in hits]


def test_assignment_is_deterministic_and_balanced():
    segments = [SegmentEntry(f"{i:08d}-x", 1, chunks) for i, chunks in enumerate([50, 40, 30, 20, 10, 10, 5])]
    split = assign(segments, 3)
    assert split == assign(list(reversed(segments)), 3)  # not the listing order: names and sizes
    assert sorted(n for names in split for n in names) == sorted(s.name for s in segments)
    size = {s.name: s.chunks for s in segments}
    loads = [sum(size[n] for n in names) for names in split]
    assert max(loads) - min(loads) <= 10, loads
    with pytest.raises(ValueError):
        assign(segments, 0)


def test_every_shard_loads_only_its_own_segments(sharded_index):
    directory, _, _ = sharded_index
    manifest = read_manifest(directory)
    assert len(manifest.segments) >= SHARDS, "the fixture must give each shard a segment"
    parts, _ = _scatter(directory)
    names = [set(p.segment_names) for p in parts]
    assert all(names) and set().union(*names) == {s.name for s in manifest.segments}
    assert sum(len(n) for n in names) == len(manifest.segments)  # no segment served twice
    assert {p.generation for p in parts} == {manifest.generation}


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_sharded_hits_equal_the_single_process(sharded_index, mode):
    directory, writer, questions = sharded_index
    snapshot = writer.snapshot
    _, sharded = _scatter(directory)
    local = LocalRetriever()
    for question in questions[:60] + ["What did the ministry announce?", "zzzz qqqq"]:
        vector = writer.embedder.encode_one(question)
        for k in (5, 20):
            expected = _ids(snapshot, local(snapshot, question, vector, k, mode))
            assert _ids(snapshot, sharded(snapshot, question, vector, k, mode)) == expected, (question, mode, k)


def test_filters_and_named_documents_are_applied_inside_the_shards(sharded_index):
    directory, writer, questions = sharded_index
    snapshot = writer.snapshot
    _, sharded = _scatter(directory)
    local = LocalRetriever()
    seed_ids = [d for d in snapshot.documents if not d.startswith("s0")]
    cases = [dict(filters=Filters.of(since=date(2025, 5, 1))), dict(filters=Filters.of(language="en")),
             dict(filters=Filters.of(until=date(1990, 1, 1))), dict(doc_ids=seed_ids[:3]),
             dict(doc_ids=seed_ids[:5], filters=Filters.of(language="en"))]
    for case in cases:
        for question in questions[:10]:
            vector = writer.embedder.encode_one(question)
            expected = _ids(snapshot, local(snapshot, question, vector, 10, "hybrid", **_args(case)))
            assert _ids(snapshot, sharded(snapshot, question, vector, 10, "hybrid", **_args(case))) == expected, case


def _args(case):
    from service.retrieve import FusionWeights

    return dict(weights=FusionWeights(), doc_ids=case.get("doc_ids"), filters=case.get("filters"))


def test_answers_through_shards_equal_the_single_process(sharded_index):
    directory, writer, questions = sharded_index
    _, sharded = _scatter(directory)
    cluster = Newsdesk(directory, embedder=writer.embedder, retriever=sharded)
    for question in questions[:25]:
        assert cluster.ask(question).model_dump() == writer.ask(question).model_dump(), question
        assert cluster.search(question, k=20) == writer.search(question, k=20)


def test_a_shard_serves_a_new_write_and_the_generation_asked_for(sharded_index, tmp_path):
    import shutil

    directory, writer, _ = sharded_index
    copy = tmp_path / "index"
    shutil.copytree(directory, copy)
    other = Newsdesk(copy, embedder=writer.embedder)
    parts, sharded = _scatter(copy)
    before = other.snapshot
    other.add_record({"doc_id": "cluster-new", "title": "Harbour reopens",
                      "text": "The harbour of Velmora reopened on Monday after the storm, the port authority said."})
    after = other.snapshot
    assert after.manifest.generation > before.manifest.generation
    vector = other.embedder.encode_one("When did the harbour of Velmora reopen?")
    hits = sharded(after, "When did the harbour of Velmora reopen?", vector, 5)  # shards catch up on demand
    assert after.chunks[hits[0].row].doc_id == "cluster-new"
    assert {p.generation for p in parts} == {after.manifest.generation}
    old = sharded(before, "When did the harbour of Velmora reopen?", vector, 5)  # an ingress one write behind
    assert all(before.chunks[h.row].doc_id != "cluster-new" for h in old)
    assert json.dumps([h.row for h in old])
    assert np.isfinite([h.score for h in old]).all()
