"""Distributed ingest against the single-process pipeline, in one run (issue 13, docs/scale.md).

    PYTHONPATH=$PWD HF_HUB_OFFLINE=1 nice -n 10 .venv/bin/python benchmarks/ray_ingest.py --paragraphs 400

Re-runs itself inside a loopback-only namespace (`tests/raycluster.py`): a Ray cluster is never
started on the machine's interface. On the same SQuAD paragraphs (a folder of JSONL files), it
times (1) the single-process pipeline (`Indexer.add`, the encoder loaded beforehand), (2)
`index --ray` on a 1-node cluster with 1 encoder, (3) on a 2-node cluster with 2 encoders (one per
node), each into a fresh index, and prints words/s, the ratios to (1) and the per-encoder rate:
chunks (with their sentence vectors) per second of an encoder actor's busy time. The nodes share
this machine's cores, so (3) shows Ray's overhead, not a speed-up.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

INSIDE = "NEWSDESK_BENCH_IN_NAMESPACE"
SQUAD_DEV = ROOT.parent / "shared" / "data" / "squad-v1.1-dev" / "dev-v1.1.json"
CPUS_PER_NODE = 2
FILES = 8


def single_process(paths: list[Path], index_dir: Path) -> dict:
    from index.embed import load_embedder
    from index.load import load_paths
    from index.pipeline import Indexer

    embedder = load_embedder()
    embedder.encode(["warm up"])
    articles = load_paths(paths)
    started = time.monotonic()
    report = Indexer(index_dir, embedder=embedder).add(articles)
    seconds = time.monotonic() - started
    words = sum(len(a.text.split()) for a in articles)
    return {"articles": len(articles), "words": words, "chunks": report.chunks, "seconds": round(seconds, 2),
            "words_per_s": round(words / seconds, 1)}


def on_ray(paths: list[Path], index_dir: Path, nodes: int, encoders: int) -> dict:
    from index.distributed import ingest
    from tests.raycluster import LocalRayCluster

    with LocalRayCluster(nodes=nodes, cpus_per_node=CPUS_PER_NODE) as cluster:
        report = ingest(cluster.address, paths, index_dir, encoders=encoders)
    return {"nodes": report.nodes, "encoders": encoders, "articles": len(report.added), "words": report.words,
            "chunks": report.chunks, "segments": report.segments, "seconds": round(report.seconds, 2),
            "pipeline_seconds": round(report.pipeline_seconds, 2),
            "words_per_s": round(report.words / report.seconds, 1),
            "pipeline_words_per_s": round(report.words / report.pipeline_seconds, 1),
            "encoder_busy_seconds": round(report.encoder_seconds, 2),
            "chunks_per_encoder_s": round(report.chunks / report.encoder_seconds, 1),
            "words_per_encoder_s": round(report.words / report.encoder_seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=400)
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON result here")
    parser.add_argument("--two-nodes-first", action="store_true", help="run the 2-node cluster before the 1-node one "
                        "(to see what the order, warm caches and workers, is worth)")
    args = parser.parse_args()
    if os.environ.get(INSIDE) != "1":
        from tests.raycluster import last_json_line, run_in_loopback_namespace

        done = run_in_loopback_namespace([sys.executable, __file__, *sys.argv[1:]], timeout=3600,
                                         env=dict(os.environ, **{INSIDE: "1"}), cwd=ROOT)
        if done.returncode != 0:
            sys.exit(done.stderr[-3000:])
        result = last_json_line(done.stdout)
        print(json.dumps(result, indent=1))
        if args.out:
            args.out.write_text(json.dumps(result, indent=1) + "\n")
        return
    from tests.scenarios.ray_ingest import squad_folder

    with tempfile.TemporaryDirectory(prefix="ray-ingest-bench-") as tmp:
        work = Path(tmp)
        folder = squad_folder(SQUAD_DEV, work / "squad", args.paragraphs, files=FILES)
        single = single_process([folder], work / "single")
        if args.two_nodes_first:
            two = on_ray([folder], work / "ray2", nodes=2, encoders=2)
            one = on_ray([folder], work / "ray1", nodes=1, encoders=1)
        else:
            one = on_ray([folder], work / "ray1", nodes=1, encoders=1)
            two = on_ray([folder], work / "ray2", nodes=2, encoders=2)
    for run in (one, two):
        run["vs_single"] = round(run["words_per_s"] / single["words_per_s"], 2)
        run["pipeline_vs_single"] = round(run["pipeline_words_per_s"] / single["words_per_s"], 2)
    print(json.dumps({"paragraphs": args.paragraphs, "files": FILES, "two_nodes_first": args.two_nodes_first, "cores": os.cpu_count(), "single": single,
                      "ray_1_node": one, "ray_2_nodes": two}))


if __name__ == "__main__":
    main()
