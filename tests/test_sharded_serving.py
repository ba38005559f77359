"""`newsdesk serve --ray` on a real 2-node Ray cluster in a loopback-only namespace (issue 13, part 2):
3 shards x 2 replicas give the single process's answers and top-20, serve a write within 2 s, and
keep answering while the second node is lost under load. One namespace run holds every check."""
import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("ray", reason="the cluster extra is not installed: pip install -e '.[cluster]'")
from tests.raycluster import last_json_line, run_in_loopback_namespace  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SQUAD = ROOT.parent / "shared" / "data" / "squad-v1.1-dev" / "dev-v1.1.json"
REQUESTS, SQUAD_QUESTIONS = 2000, 500


@pytest.fixture(scope="module")
def scenario() -> dict:
    if not SQUAD.is_file():
        pytest.skip(f"SQuAD dev is not at {SQUAD}")
    env = dict(os.environ, HF_HUB_OFFLINE="1",
               PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
    done = run_in_loopback_namespace([sys.executable, str(ROOT / "tests/scenarios/sharded_serving.py"),
                                      "--load", str(REQUESTS), "--squad", str(SQUAD_QUESTIONS)],
                                     timeout=900, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return last_json_line(done.stdout)


def test_replicas_spread_over_both_nodes_each_shard_with_its_own_segments(scenario):
    assert scenario["replica_nodes"] == 2
    assert scenario["replicas_per_shard"] == {"0": 2, "1": 2, "2": 2}
    assert sum(scenario["shard_segments"]) == scenario["segments"] and min(scenario["shard_segments"]) >= 1


def test_same_answers_and_top20_as_the_single_process(scenario):
    same = scenario["same"]
    assert same["golden"] >= 35 and same["squad"] >= SQUAD_QUESTIONS
    assert same["answers_differ"] == 0, same["examples"]
    assert same["search_differ"] == 0, same["examples"]


def test_a_write_is_served_by_every_shard_within_two_seconds(scenario):
    write = scenario["write"]
    assert write["status"] == 201
    assert int(write["generation_after"]) > int(write["generation_before"])
    assert write["every_shard_after_s"] is not None and write["every_shard_after_s"] <= 2.0
    assert write["answered_from_new"]


def test_losing_a_node_under_load(scenario):
    load = scenario["load"]
    assert load["requests"] >= REQUESTS and load["killed_at_request"] < load["requests"] / 2
    assert load["success_rate"] >= 0.995, load
    assert load["changed"] == 0, load  # every answer that came back is the single process's answer
    assert scenario["restore"]["restored"], scenario["restore"]
    assert scenario["documents_after"] == scenario["documents_before"] == scenario["documents_listed"]
