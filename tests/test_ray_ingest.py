"""`newsdesk index --ray` (issue 13): a real 2-node Ray cluster in a loopback-only namespace ingests
the seeds and a SQuAD sample; the index equals a single-process one of the same files and answers
the same; a job that loses a node mid-way completes with every document once, or fails and leaves
the index as it was, and a re-run completes it."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import REPO, SEEDS, SQUAD_DEV, SQUAD_SAMPLE

SEARCH_K = 20
SQUAD_QUESTIONS = 60
# the cluster run itself (`ray_run`, `sample_paths`) is a session fixture in conftest.py: tests/test_ray_cluster.py
# reads the cluster harness's checks off the same run
SEEDS_FILES = sorted(SEEDS.glob("*.txt"))


# -- without a cluster: the job's document order is the single-process indexer's -------------------


def test_units_keep_the_single_process_order_and_batches():
    from index.distributed import BATCH_DOCUMENTS, plan_units

    survey = [{"file": 1, "ids": json.dumps([["b", 3], ["a", 5]])},
              {"file": 0, "ids": json.dumps([[f"x{i}", 1] for i in range(40)])},
              {"file": 2, "ids": json.dumps([["c", 2], ["b", 7]])}]
    units, articles, words = plan_units(survey, ["f0", "f1", "f2"], ["g0", "g1", "g2"])
    plan = [tuple(p) for u in units for p in json.loads(u["plan"])]
    assert articles == 43 and words == 40 + 7 + 5 + 2  # "b" once, with its last copy's words
    # files in order, records in order; the repeated "b" keeps its first place and takes the last copy
    assert plan[:2] == [(0, 0, 0), (1, 0, 1)]
    assert plan[40:] == [(40, 2, 1), (41, 1, 1), (42, 2, 0)]
    assert len(units) == 1  # 43 documents fit one unit; units are whole batches
    assert all(len(json.loads(u["plan"])) % BATCH_DOCUMENTS == 0 for u in units[:-1])
    assert json.loads(units[0]["paths"]) == {"0": ["f0", "g0"], "1": ["f1", "g1"], "2": ["f2", "g2"]}


# -- on a cluster -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def single_dir(tmp_path_factory, sample_paths, desk) -> Path:
    """The same files indexed by the single-process pipeline."""
    from index.load import load_paths
    from index.pipeline import Indexer

    directory = tmp_path_factory.mktemp("single") / "index"
    Indexer(directory, embedder=desk.embedder).add(load_paths(sample_paths))
    return directory


def live_ids(index_dir: Path) -> Counter:
    """How often each document id is live in the manifest (every segment's rows minus tombstones)."""
    from index.manifest import read_manifest

    manifest = read_manifest(index_dir)
    seen: Counter = Counter()
    for entry in manifest.segments:
        dead = manifest.tombstones(entry.name)
        for line in (index_dir / "segments" / entry.name / "documents.jsonl").read_text().splitlines():
            doc_id = json.loads(line)["doc_id"]
            if doc_id not in dead:
                seen[doc_id] += 1
    return seen


def test_ray_index_holds_what_the_single_process_pipeline_makes(ray_run, single_dir):
    from index.store import load_snapshot

    result, work = ray_run
    assert "on 2 Ray nodes with 2 encoders" in result["ingest_out"], result["ingest_out"]
    ray_snap, one = load_snapshot(work / "ray"), load_snapshot(single_dir)
    assert len(ray_snap.segments) >= 3  # one per block: several for a sharded server to spread
    assert set(live_ids(work / "ray").values()) == {1}
    assert ray_snap.documents.keys() == one.documents.keys() and len(one.documents) > len(SEEDS_FILES)
    for doc_id, article in one.documents.items():
        assert ray_snap.documents[doc_id] == article, doc_id  # text, metadata, signature
        assert ray_snap.sentences[doc_id] == one.sentences[doc_id], doc_id  # offsets and annotations
        ours = [ray_snap.chunks[i] for i in ray_snap.chunks_by_doc[doc_id]]
        theirs = [one.chunks[i] for i in one.chunks_by_doc[doc_id]]
        assert ours == theirs, doc_id
        np.testing.assert_allclose(ray_snap.chunk_vectors[ray_snap.chunks_by_doc[doc_id]],
                                   one.chunk_vectors[one.chunks_by_doc[doc_id]], atol=1e-5)
        rows = len(one.sentences[doc_id])
        np.testing.assert_allclose(
            np.stack([ray_snap.sentence_vectors[ray_snap.sentence_row(doc_id, i)] for i in range(rows)]),
            np.stack([one.sentence_vectors[one.sentence_row(doc_id, i)] for i in range(rows)]), atol=1e-5)
    # segments hold consecutive documents and are listed in the job's order: rows in the same order
    assert [c.chunk_id for c in ray_snap.chunks] == [c.chunk_id for c in one.chunks]
    assert ray_snap.chunk_texts == one.chunk_texts


def test_ray_index_answers_and_searches_as_the_single_process_one(ray_run, single_dir, desk, sample_paths):
    from index.load import load_paths
    from service.engine import Newsdesk
    from service.evaluate import load_golden, load_squad

    _, work = ray_run
    ours, theirs = Newsdesk(work / "ray", embedder=desk.embedder), Newsdesk(single_dir, embedder=desk.embedder)
    golden = [g["question"] for g in load_golden(REPO / "tests" / "golden.jsonl")]
    indexed = {a.doc_id for a in load_paths(sample_paths)}
    squad = [q.question for q in load_squad(SQUAD_DEV if SQUAD_DEV.is_file() else SQUAD_SAMPLE)[1]
             if q.doc_id in indexed][:SQUAD_QUESTIONS]
    assert len(squad) == SQUAD_QUESTIONS
    for question in golden + squad:
        a, b = ours.ask(question), theirs.ask(question)
        assert (a.answer, a.abstained, a.text) == (b.answer, b.abstained, b.text), question
        assert [(c.doc_id, c.start, c.end) for c in a.citations] == [(c.doc_id, c.start, c.end) for c in b.citations]
        a, b = ours.search(question, k=SEARCH_K), theirs.search(question, k=SEARCH_K)
        assert [h.chunk_id for h in a] == [h.chunk_id for h in b], question
        np.testing.assert_allclose([h.score for h in a], [h.score for h in b], atol=1e-5)


def test_ingest_that_loses_a_node_commits_everything_once_or_nothing(ray_run, sample_paths, seed_index_dir):
    from index.load import load_paths

    result, work = ray_run
    assert result["killed_while_running"], "the job ended before the node could be killed"
    expected = {a.doc_id for a in load_paths(sample_paths)}
    new = f"added {len(expected) - len(SEEDS_FILES)}, replaced 0, unchanged {len(SEEDS_FILES)} "
    if result["killed_rc"] == 0:  # Ray retried the lost tasks and actors: everything once
        assert new in result["killed_out"], result["killed_out"]
        assert f"added 0, replaced 0, unchanged {len(expected)} " in result["rerun_out"]  # nothing twice
    else:  # failed cleanly: a clear message, the manifest as it was
        assert "nothing was committed" in result["killed_err"], result["killed_err"]
        assert result["killed_manifest_unchanged"]
        assert new in result["rerun_out"], result["rerun_out"]
    seen = live_ids(work / "killed")
    assert set(seen) == expected and set(seen.values()) == {1}
    leftovers = [p.name for p in (work / "killed" / "segments").iterdir() if p.name.startswith(".tmp-")]
    assert not leftovers  # staging directories go with the job


def test_ray_option_refuses_what_it_cannot_do(tmp_path):
    """Checked before any cluster is contacted: a clear message and status 2, nothing written."""
    from typer.testing import CliRunner

    from service.cli import app

    env = {"NEWSDESK_INDEX_DIR": str(tmp_path / "index")}
    done = CliRunner().invoke(app, ["index", "--ray", "auto", "--feed", "wire.rss", str(SEEDS)], env=env)
    assert done.exit_code == 2 and "--ray indexes files" in done.output
    pytest.importorskip("ray", reason="the cluster extra is not installed")
    done = CliRunner().invoke(app, ["index", "--ray", "auto", str(tmp_path / "missing")], env=env)
    assert done.exit_code == 2 and "no such file or directory" in done.output
    assert not (tmp_path / "index" / "manifest.json").exists()
