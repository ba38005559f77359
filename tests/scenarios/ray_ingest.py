"""Helpers for scenarios that need an index built on the cluster (issue 13): `newsdesk index --ray`.

Run inside a loopback-only namespace, with a :class:`tests.raycluster.LocalRayCluster` up:

    from tests.scenarios.ray_ingest import ray_ingest
    done = ray_ingest(cluster, [SEEDS, squad_folder], index_dir)   # the real CLI, as a user runs it
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INGEST_TIMEOUT_S = 600


def cli_env(index_dir: Path) -> dict:
    """The environment `newsdesk` runs with: this checkout first on the path, the index directory set."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return dict(os.environ, PYTHONPATH=path, NEWSDESK_INDEX_DIR=str(index_dir), HF_HUB_OFFLINE="1",
                RAY_USAGE_STATS_ENABLED="0")


def ingest_command(cluster, paths: list[Path], encoders: int = 1, segment_documents: int | None = None,
                   stall_timeout: float | None = None) -> list[str]:
    segments = ["--segment-documents", str(segment_documents)] if segment_documents else []
    segments += ["--stall-timeout", str(stall_timeout)] if stall_timeout else []
    return [str(Path(sys.executable).with_name("newsdesk")), "index", "--ray", cluster.address,
            "--encoders", str(encoders), *segments, *(str(p) for p in paths)]


def start_ray_ingest(cluster, paths: list[Path], index_dir: Path, encoders: int = 1,
                     segment_documents: int | None = None, stall_timeout: float | None = None) -> subprocess.Popen:
    """`newsdesk index --ray` as a child process (to kill a node while it runs)."""
    return subprocess.Popen(ingest_command(cluster, paths, encoders, segment_documents, stall_timeout), env=cli_env(index_dir), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def ray_ingest(cluster, paths: list[Path], index_dir: Path, encoders: int = 1, segment_documents: int | None = None,
               timeout: float = INGEST_TIMEOUT_S) -> subprocess.CompletedProcess:
    """Build (or add to) the index at `index_dir` from `paths` with `newsdesk index --ray` on `cluster`;
    raises with the command's stderr when it fails."""
    done = subprocess.run(ingest_command(cluster, paths, encoders, segment_documents), env=cli_env(index_dir), cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"newsdesk index --ray failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done


def squad_folder(source: Path, target: Path, paragraphs: int, files: int = 4) -> Path:
    """The first `paragraphs` SQuAD paragraphs as a folder of `files` JSONL files (one article a line,
    ids and titles as `service.evaluate.load_squad` makes them)."""
    from service.evaluate import load_squad

    articles, _ = load_squad(source)
    chosen = articles[:paragraphs]
    target.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        with (target / f"squad-{f:02d}.jsonl").open("w", encoding="utf-8") as out:
            for a in chosen[f::files]:
                out.write(json.dumps({"id": a.doc_id, "title": a.title, "text": a.text}, ensure_ascii=False) + "\n")
    return target
