"""Smoke scenario (runs inside the namespace): a 2-node cluster starts, runs tasks on both nodes,
loses its second node to SIGKILL and still runs tasks on the head. The pytest run reads these checks
off the ingest scenario's cluster (tests/scenarios/ingest_checks.py calls the functions below), which
starts, loses and keeps using a 2-node cluster anyway; `python tests/scenarios/cluster_smoke.py` in a
namespace runs them alone."""
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.raycluster import LocalRayCluster  # noqa: E402


def spread_task(cpus: int = 1):
    """A task that sleeps briefly and says which node ran it, spread over the nodes. `cpus`: a node's
    CPUs, so that one task fills a node and the next must go to another (2-CPU nodes ran all 8 on the head)."""
    import ray

    @ray.remote(num_cpus=cpus, scheduling_strategy="SPREAD")
    def where() -> str:
        time.sleep(0.2)
        return ray.get_runtime_context().get_node_id()

    return where


def nodes_used(where) -> int:
    """How many nodes ran 8 spread tasks."""
    import ray
    return len(set(ray.get([where.remote() for _ in range(8)])))


def alive_after_loss(timeout: float = 60) -> int:
    """Alive nodes once the cluster has noticed a lost node (or after `timeout`)."""
    import ray
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and sum(n["Alive"] for n in ray.nodes()) > 1:
        time.sleep(0.5)
    return sum(n["Alive"] for n in ray.nodes())


def main() -> None:
    import ray
    t0 = time.monotonic()
    with LocalRayCluster(nodes=2) as cluster:
        started = time.monotonic() - t0
        where = spread_task()
        nodes_before = nodes_used(where)
        cluster.kill_node(1)
        alive_after = alive_after_loss()
        after = ray.get(where.remote(), timeout=60)
    print(json.dumps({"start_s": round(started, 1), "nodes_used": nodes_before,
                      "alive_after_kill": alive_after, "ran_after_kill": bool(after)}))


if __name__ == "__main__":
    main()
