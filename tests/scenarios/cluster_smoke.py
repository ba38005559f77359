"""Smoke scenario (runs inside the namespace): a 2-node cluster starts, runs tasks on both nodes,
loses its second node to SIGKILL and still runs tasks on the head."""
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.raycluster import LocalRayCluster  # noqa: E402


def main() -> None:
    import ray
    t0 = time.monotonic()
    with LocalRayCluster(nodes=2) as cluster:
        started = time.monotonic() - t0

        @ray.remote(num_cpus=1, scheduling_strategy="SPREAD")
        def where() -> str:
            time.sleep(0.2)
            return ray.get_runtime_context().get_node_id()

        nodes_before = len(set(ray.get([where.remote() for _ in range(8)])))
        cluster.kill_node(1)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and sum(n["Alive"] for n in ray.nodes()) > 1:
            time.sleep(0.5)
        alive_after = sum(n["Alive"] for n in ray.nodes())
        after = ray.get(where.remote(), timeout=60)
    print(json.dumps({"start_s": round(started, 1), "nodes_used": nodes_before,
                      "alive_after_kill": alive_after, "ran_after_kill": bool(after)}))


if __name__ == "__main__":
    main()
