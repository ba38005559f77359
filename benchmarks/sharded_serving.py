"""The cost of scatter-gather: /ask through `newsdesk serve --ray` (3 shards) against the single process.

Runs itself inside a loopback-only namespace (tests/raycluster.py) with a 2-node Ray cluster; the
index is the seeds, one segment per article (so every shard holds some). In one run:

* latency: the golden questions without doc_ids, sent one at a time, alternating between the single
  process (`newsdesk serve --workers 1`) and the cluster's ingress (1 replica per shard), both up
  at once — p50/p99 of each and the difference;
* throughput: req/s at concurrency 8 against the single process and the cluster with 1, then 2
  replicas per shard.

    python benchmarks/sharded_serving.py [--rounds 5] [--requests 600] [--out result.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARDS = 3
CONCURRENCY = 8
INSIDE = "--inside"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([str(Path(sys.executable).with_name("newsdesk")), "serve", *args], env=env,
                            stdout=open(log, "w"), stderr=subprocess.STDOUT)


def wait_ready(http, shards: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            r = http.get("/readyz", timeout=10)
            if r.status_code == 200 and (not shards or len(r.json().get("shards") or []) >= shards):
                return
        except Exception:
            pass
        time.sleep(0.5)
    raise TimeoutError("server not ready")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()


def throughput(http, questions: list[str], requests: int) -> dict:
    def one(i: int) -> bool:
        return http.post("/ask", json={"question": questions[i % len(questions)]}, timeout=60).status_code == 200

    list(ThreadPoolExecutor(CONCURRENCY).map(one, range(CONCURRENCY * 2)))  # warm the connections
    t0 = time.monotonic()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        ok = sum(pool.map(one, range(requests)))
    elapsed = time.monotonic() - t0
    return {"requests": requests, "ok": ok, "req_per_s": round(requests / elapsed, 1)}


def inside(args) -> dict:
    import httpx

    from service.engine import SEED_DIR, Newsdesk
    from tests.raycluster import LocalRayCluster

    work = Path(tempfile.mkdtemp(prefix="sharded-bench-"))
    index_dir = work / "index"
    desk = Newsdesk(index_dir)
    for path in sorted(SEED_DIR.iterdir()):
        desk.add_paths([path])  # one segment per seed article
    desk.indexer.wait_for_cleanup()
    segments = len(desk.snapshot.segments)
    del desk
    golden = [json.loads(line) for line in (ROOT / "tests" / "golden.jsonl").read_text().splitlines() if line.strip()]
    questions = [g["question"] for g in golden if not g.get("doc_ids")]
    env = dict(os.environ, NEWSDESK_INDEX_DIR=str(index_dir), HF_HUB_OFFLINE="1",
               PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
    result: dict = {"segments": segments, "questions": len(questions), "rounds": args.rounds,
                    "cpus": os.cpu_count()}
    with LocalRayCluster(nodes=2) as cluster:
        single = start(["--workers", "1", "--port", "18201"], env, work / "single.log")
        sharded = start(["--ray", cluster.address, "--shards", str(SHARDS), "--replicas", "1", "--port", "18202"], env,
                        work / "cluster1.log")
        one = httpx.Client(base_url="http://127.0.0.1:18201")
        many = httpx.Client(base_url="http://127.0.0.1:18202")
        try:
            wait_ready(one, 0)
            wait_ready(many, SHARDS)
            for q in questions:  # warm both
                one.post("/ask", json={"question": q}, timeout=60)
                many.post("/ask", json={"question": q}, timeout=60)
            latency = {"single": [], "cluster": []}
            for _ in range(args.rounds):
                for q in questions:  # alternate, so both see the same machine load
                    for name, http in (("single", one), ("cluster", many)):
                        t0 = time.perf_counter()
                        assert http.post("/ask", json={"question": q}, timeout=60).status_code == 200
                        latency[name].append(1000 * (time.perf_counter() - t0))
            for name, values in latency.items():
                result[f"{name}_p50_ms"] = round(percentile(values, 0.5), 1)
                result[f"{name}_p99_ms"] = round(percentile(values, 0.99), 1)
            result["p50_difference_ms"] = round(result["cluster_p50_ms"] - result["single_p50_ms"], 1)
            result["single_conc8"] = throughput(one, questions, args.requests)
            result["cluster_1_replica_conc8"] = throughput(many, questions, args.requests)
        finally:
            stop(sharded)
        sharded = start(["--ray", cluster.address, "--shards", str(SHARDS), "--replicas", "2", "--port", "18203"], env,
                        work / "cluster2.log")
        two = httpx.Client(base_url="http://127.0.0.1:18203")
        try:
            wait_ready(two, SHARDS * 2)
            throughput(two, questions, CONCURRENCY * 4)
            result["cluster_2_replicas_conc8"] = throughput(two, questions, args.requests)
            result["single_conc8_again"] = throughput(one, questions, args.requests)
        finally:
            stop(sharded)
            stop(single)
    shutil.rmtree(work, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--out", type=Path)
    parser.add_argument(INSIDE, action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        print(json.dumps(inside(args)))
        return
    from tests.raycluster import last_json_line, run_in_loopback_namespace

    done = run_in_loopback_namespace([sys.executable, __file__, INSIDE, "--rounds", str(args.rounds),
                                      "--requests", str(args.requests)], timeout=3600, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(done.stderr[-3000:])
    result = last_json_line(done.stdout)
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
