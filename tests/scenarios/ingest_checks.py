"""Distributed ingest scenario (issue 13), run inside a loopback-only namespace by tests/test_ray_ingest.py.

    ingest_checks.py WORKDIR PATH...

On a 2-node cluster: (1) `newsdesk index --ray` of PATHs into WORKDIR/ray; (2) the same into
WORKDIR/killed (an index the caller made, holding some of the documents) while node 1 is
SIGKILLed mid-job, then a re-run on the remaining node. Also the cluster harness's smoke checks
(tests/scenarios/cluster_smoke.py: tasks on both nodes, the lost node seen dead, tasks after it). Prints one JSON line with what happened; the
pytest side compares the indexes with a single-process one.
"""
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.raycluster import LocalRayCluster  # noqa: E402
from tests.scenarios.cluster_smoke import alive_after_loss, nodes_used, spread_task  # noqa: E402
from tests.scenarios.ray_ingest import ray_ingest, start_ray_ingest  # noqa: E402

ENCODERS = 2
CPUS_PER_NODE = 2  # logical: two encoders and the CPU stages fit beside each other
SEGMENT_DOCUMENTS = 16  # several segments from a small sample (sharded serving assigns segments)
KILL_AFTER_S = 60  # the latest moment to kill the node if no segment has been staged by then
STALL_S = 120  # the killed job gives up (and must leave the index as it was) after this long without progress
JOB_TIMEOUT_S = 420


def manifest_text(index_dir: Path) -> str | None:
    path = index_dir / "manifest.json"
    return path.read_text() if path.is_file() else None


def staged_segments(index_dir: Path) -> int:
    """Segments the running job has written into its staging directory so far."""
    return sum(1 for job in (index_dir / "segments").glob(".tmp-*-ray-*") for s in job.iterdir()
               if not s.name.startswith(".tmp-"))


def main() -> None:
    import ray

    work, paths = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
    result: dict = {}
    t0 = time.monotonic()
    with LocalRayCluster(nodes=2, cpus_per_node=CPUS_PER_NODE) as cluster:
        result["start_s"] = round(time.monotonic() - t0, 1)
        where = spread_task(CPUS_PER_NODE)  # the harness's own smoke checks (tests/test_ray_cluster.py), on this cluster
        result["nodes_used"] = nodes_used(where)
        t = time.monotonic()
        done = ray_ingest(cluster, paths, work / "ray", encoders=ENCODERS, segment_documents=SEGMENT_DOCUMENTS)
        result["ingest_s"] = round(time.monotonic() - t, 1)
        result["ingest_out"] = done.stdout.strip()

        # the killed job: WORKDIR/killed already holds some documents; node 1 dies while the job runs
        killed = work / "killed"
        before = manifest_text(killed)
        job = start_ray_ingest(cluster, paths, killed, encoders=ENCODERS, segment_documents=SEGMENT_DOCUMENTS,
                               stall_timeout=STALL_S)
        deadline = time.monotonic() + KILL_AFTER_S
        while time.monotonic() < deadline and job.poll() is None and staged_segments(killed) == 0:
            time.sleep(0.2)
        result["killed_while_running"] = job.poll() is None
        result["staged_before_kill"] = staged_segments(killed)
        cluster.kill_node(1)
        t = time.monotonic()
        try:
            out, err = job.communicate(timeout=JOB_TIMEOUT_S)
        except subprocess.TimeoutExpired:  # a hang is a failure of the test, reported as such
            job.kill()
            out, err = job.communicate()
            err += f"\nHUNG: killed after {JOB_TIMEOUT_S} s"
        result["killed_job_s"] = round(time.monotonic() - t, 1)
        result["killed_rc"] = job.returncode
        result["killed_out"] = out.strip()
        result["killed_err"] = err.strip()[-2000:]
        result["killed_manifest_unchanged"] = manifest_text(killed) == before
        result["alive_after_kill"] = alive_after_loss()
        # a re-run completes what a failed job did not, and adds nothing twice after a completed one
        rerun = ray_ingest(cluster, paths, killed, encoders=1, segment_documents=SEGMENT_DOCUMENTS)
        result["rerun_out"] = rerun.stdout.strip()
        result["ran_after_kill"] = bool(ray.get(where.remote(), timeout=60))
    result["total_s"] = round(time.monotonic() - t0, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
