"""The in-namespace Ray cluster harness itself (issue 13): two real nodes, one lost by SIGKILL."""
import sys
from pathlib import Path

import pytest

pytest.importorskip("ray", reason="the cluster extra is not installed: pip install -e '.[cluster]'")
from tests.raycluster import last_json_line, run_in_loopback_namespace  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def test_two_node_cluster_survives_losing_a_node():
    done = run_in_loopback_namespace([sys.executable, str(ROOT / "tests/scenarios/cluster_smoke.py")],
                                     timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    result = last_json_line(done.stdout)
    assert result["nodes_used"] == 2
    assert result["alive_after_kill"] == 1
    assert result["ran_after_kill"]
