"""The in-namespace Ray cluster harness itself (issue 13): two real nodes, one lost by SIGKILL.

Its checks (tests/scenarios/cluster_smoke.py) run on the Ray ingest run's cluster (conftest's
`ray_run`, tests/scenarios/ingest_checks.py), which starts two nodes, SIGKILLs the second mid-job and
goes on using the head: one cluster start for both files."""
import pytest

pytest.importorskip("ray", reason="the cluster extra is not installed: pip install -e '.[cluster]'")


def test_two_node_cluster_survives_losing_a_node(ray_run):
    result, _ = ray_run
    assert result["nodes_used"] == 2
    assert result["alive_after_kill"] == 1
    assert result["ran_after_kill"]
