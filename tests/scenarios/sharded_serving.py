"""Sharded serving scenario (issue 13; runs inside a loopback-only namespace, see tests/raycluster.py).

1. starts a 2-node Ray cluster and builds the index on it with `newsdesk index --ray` (seeds + SQuAD
   dev paragraphs, several segments);
2. `newsdesk serve --ray ... --shards 3 --replicas 2`;
3. same results: golden questions and >= 500 SQuAD-open questions give the same /ask answers, and
   /search the same top-20, as the single process over the same index;
4. a write through the cluster's API is served by every shard replica within 2 s (/readyz);
5. node loss under load: requests at concurrency 8 while the second node's raylet is SIGKILLed;
   then Serve's replicas are back (on the surviving node) and no document is lost.

Prints its result as the last JSON line. Options: --load N (requests), --squad N (questions).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.raycluster import LocalRayCluster  # noqa: E402
from tests.scenarios.ray_ingest import ray_ingest, squad_folder  # noqa: E402
from service.processes import free_port  # noqa: E402

SQUAD = ROOT.parent / "shared" / "data" / "squad-v1.1-dev" / "dev-v1.1.json"
SQUAD_ARTICLES = ("Super_Bowl_50", "Normans")  # 99 paragraphs, 922 questions
BATCH = 14  # paragraphs per write: several segments for the shards to split
SHARDS, REPLICAS = 3, 2
CONCURRENCY = 8
COMPARE_CONCURRENCY = 4  # cluster requests in flight while the same-results check answers locally
KILL_AT = 0.35  # share of the load sent before the second node is lost
WRITE_VISIBLE_S = 2.0
RESTORE_TIMEOUT_S = 120
READY_TIMEOUT_S = 300


def build_index(cluster: LocalRayCluster, work: Path, directory: Path):
    """The seeds and the SQuAD articles' paragraphs, ingested on the cluster with `newsdesk index --ray`
    (BATCH documents a segment: several segments for the shards to split); the single-process
    `Newsdesk` to compare with opens the same index."""
    from service import evaluate
    from service.engine import SEED_DIR, Newsdesk

    titles = {t.replace("_", " ") for t in SQUAD_ARTICLES}
    folder = squad_folder(SQUAD, work / "squad", paragraphs=10_000, titles=titles)
    ray_ingest(cluster, [SEED_DIR, folder], directory, encoders=2, segment_documents=BATCH)
    desk = Newsdesk.open(directory, seed_dir=None)
    articles, questions = evaluate.load_squad(SQUAD)
    kept = {a.doc_id for a in articles if a.title in titles}
    return desk, [q for q in questions if q.doc_id in kept]


def wait_ready(http, deadline: float, shards_expected: int) -> dict:
    while time.monotonic() < deadline:
        try:
            ready = http.get("/readyz", timeout=10)
            body = ready.json()
            if ready.status_code == 200 and len(body.get("shards") or []) >= shards_expected:
                return body
        except Exception:
            pass
        time.sleep(0.5)
    raise TimeoutError("the sharded service did not become ready")


def same_results(http, desk, golden: list[dict], squad: list[str]) -> dict:
    """Each question through the cluster (/ask, /search top-20) and in this process: equal. The cluster's
    requests go COMPARE_CONCURRENCY at a time while this process answers the same questions itself
    (one after the other they left both sides idle half the time); every pair is still compared."""
    answers_differ, search_differ = [], []
    asks = [(g["question"], g.get("doc_ids")) for g in golden] + [(q, None) for q in squad]

    def served(question: str, doc_ids: list[str] | None):
        body = {"question": question, **({"doc_ids": doc_ids} if doc_ids else {})}
        return http.post("/ask", json=body, timeout=60), http.post("/search", json={**body, "k": 20}, timeout=60)

    with ThreadPoolExecutor(COMPARE_CONCURRENCY) as pool:
        pending = [pool.submit(served, question, doc_ids) for question, doc_ids in asks]
        for (question, doc_ids), future in zip(asks, pending):
            expected = desk.ask(question, doc_ids=doc_ids).model_dump(mode="json")
            local = [p.chunk_id for p in desk.search(question, k=20, doc_ids=doc_ids)]
            got, found = future.result()
            if got.status_code != 200 or got.json() != expected:
                answers_differ.append(question)
            if found.status_code != 200 or [p["chunk_id"] for p in found.json()["results"]] != local:
                search_differ.append(question)
    return {"golden": len(golden), "squad": len(squad), "answers_differ": len(answers_differ),
            "search_differ": len(search_differ), "examples": (answers_differ + search_differ)[:5]}


def write_visible(http) -> dict:
    before = http.get("/readyz").json()
    t0 = time.monotonic()
    added = http.post("/documents", json={"doc_id": "cluster-write-check", "title": "Harbour reopens",
                                          "text": "The harbour of Velmora reopened on Monday after the storm, "
                                                  "the port authority said. Ferries resume on Tuesday."}, timeout=60)
    acked = time.monotonic() - t0
    target = http.get("/readyz").json()["snapshot"]
    seen_after = None
    while time.monotonic() - t0 < acked + 10:
        shards = http.get("/readyz").json()["shards"]
        if len(shards) >= SHARDS * REPLICAS and all(s["generation"] == int(target) for s in shards):
            seen_after = time.monotonic() - t0 - acked
            break
        time.sleep(0.05)
    answer = http.post("/ask", json={"question": "When did the harbour of Velmora reopen?"}).json()
    return {"status": added.status_code, "generation_before": before["snapshot"], "generation_after": target,
            "every_shard_after_s": None if seen_after is None else round(seen_after, 2),
            "answered_from_new": any(c["doc_id"] == "cluster-write-check" for c in answer["citations"])}


def load_with_node_loss(http, cluster, desk, questions: list[str], total: int) -> dict:
    expected = {q: desk.ask(q).text for q in questions}
    sent = [0]
    lock = threading.Lock()
    killed = threading.Event()
    kill_info: dict = {}
    outcome = {"ok": 0, "failed": 0, "changed": 0}
    latencies: list[float] = []

    def one(i: int) -> None:
        question = questions[i % len(questions)]
        started = time.monotonic()
        try:
            r = http.post("/ask", json={"question": question}, timeout=60)
            status = "ok" if r.status_code == 200 and r.json()["text"] == expected[question] else \
                "changed" if r.status_code == 200 else "failed"
        except Exception:
            status = "failed"
        with lock:
            latencies.append(time.monotonic() - started)
            outcome[status] += 1
            sent[0] += 1
            if sent[0] >= total * KILL_AT and not killed.is_set():
                killed.set()

    def killer() -> None:
        killed.wait()
        kill_info["at_request"] = sent[0]
        cluster.kill_node(1)
        kill_info["at"] = time.monotonic()

    t0 = time.monotonic()
    thread = threading.Thread(target=killer)
    thread.start()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(one, range(total)))
    thread.join()
    elapsed = time.monotonic() - t0
    return {"requests": total, **outcome, "success_rate": round(outcome["ok"] / total, 4),
            "killed_at_request": kill_info.get("at_request"), "seconds": round(elapsed, 1),
            "req_per_s": round(total / elapsed, 1), "p50_ms": round(1000 * sorted(latencies)[len(latencies) // 2]),
            "max_ms": round(1000 * max(latencies))}


def restored(http, head: str) -> dict:
    from service.cluster.deploy import status

    t0 = time.monotonic()
    while time.monotonic() - t0 < RESTORE_TIMEOUT_S:
        states = status(SHARDS)
        shards = http.get("/readyz").json().get("shards") or []
        running = all(s.get("RUNNING", 0) == REPLICAS and len(s) == 1 for s in states.values())
        if running and len(shards) == SHARDS * REPLICAS and all(s["node"] == head[:12] for s in shards):
            return {"restored": True, "after_s": round(time.monotonic() - t0, 1), "states": states}
        time.sleep(1)
    return {"restored": False, "states": status(SHARDS), "shards": http.get("/readyz").json().get("shards")}


def main() -> None:
    import httpx
    import ray

    parser = argparse.ArgumentParser()
    parser.add_argument("--load", type=int, default=2000)
    parser.add_argument("--squad", type=int, default=500)
    args = parser.parse_args()
    result: dict = {}
    work = Path(tempfile.mkdtemp(prefix="sharded-"))
    index_dir = work / "index"
    t0 = time.monotonic()
    golden = [json.loads(line) for line in (ROOT / "tests" / "golden.jsonl").read_text().splitlines() if line.strip()]
    # 2 logical CPUs a node: the ingest's 2 encoder actors hold one each and its CPU tasks need the rest.
    with LocalRayCluster(nodes=2, cpus_per_node=2) as cluster:
        result["cluster_start_s"] = round(time.monotonic() - t0, 1)
        desk, squad_questions = build_index(cluster, work, index_dir)
        step = max(1, len(squad_questions) // args.squad)
        squad = [q.question for q in squad_questions[::step]][:args.squad]
        result["index_s"] = round(time.monotonic() - t0 - result["cluster_start_s"], 1)
        result["segments"] = len(desk.snapshot.segments)
        result["built_with"] = "newsdesk index --ray"
        port = free_port()
        env = dict(os.environ, NEWSDESK_INDEX_DIR=str(index_dir), HF_HUB_OFFLINE="1",
                   PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
        log = open(work / "serve.log", "w")
        server = subprocess.Popen([str(Path(sys.executable).with_name("newsdesk")), "serve", "--ray", cluster.address,
                                   "--shards", str(SHARDS), "--replicas", str(REPLICAS), "--port", str(port)],
                                  env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
            t1 = time.monotonic()
            ready = wait_ready(http, t1 + READY_TIMEOUT_S, SHARDS * REPLICAS)
            result["serve_ready_s"] = round(time.monotonic() - t1, 1)
            result["replica_nodes"] = len({s["node"] for s in ready["shards"]})
            result["shards_on_both_nodes"] = sum(len({s["node"] for s in ready["shards"] if s["shard"] == n}) == 2
                                                 for n in range(SHARDS))
            result["replicas_per_shard"] = {str(n): sum(s["shard"] == n for s in ready["shards"]) for n in range(SHARDS)}
            result["shard_segments"] = [next(s["segments"] for s in ready["shards"] if s["shard"] == n) for n in range(SHARDS)]
            t2 = time.monotonic()
            result["same"] = same_results(http, desk, golden, squad)
            result["same"]["seconds"] = round(time.monotonic() - t2, 1)
            result["write"] = write_visible(http)
            desk.indexer.refresh(force=True)
            documents_before = http.get("/readyz").json()["documents"]
            head = ray.get_runtime_context().get_node_id()
            load_questions = [g["question"] for g in golden if not g.get("doc_ids")][:20] + squad[:20]
            result["load"] = load_with_node_loss(http, cluster, desk, load_questions, args.load)
            result["restore"] = restored(http, head)
            after = http.get("/readyz").json()
            result["documents_before"], result["documents_after"] = documents_before, after["documents"]
            listed = http.get("/documents", params={"limit": 1}).json()
            result["documents_listed"] = listed.get("total")
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
            result["serve_log_tail"] = (work / "serve.log").read_text()[-1500:] if "restore" not in result else ""
            result["shard_call_retries"] = (work / "serve.log").read_text().count("call failed")
    shutil.rmtree(work, ignore_errors=True)
    result["total_s"] = round(time.monotonic() - t0, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
