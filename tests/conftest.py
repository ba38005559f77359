"""Shared fixtures: one real index over seeds/ (real model, real FAISS, real BM25) per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check values, not speed: on a loaded 2-core machine a single example can take
# longer than hypothesis's 200 ms default deadline, which would fail the test for no reason.
settings.register_profile("newsdesk", deadline=None)
settings.load_profile("newsdesk")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED_DATA = REPO.parent / "shared" / "data"
SQUAD_DEV = SHARED_DATA / "squad-v1.1-dev" / "dev-v1.1.json"
SQUAD_SAMPLE = REPO / "tests" / "data" / "squad_sample.json"
RAY_PARAGRAPHS = 100  # SQuAD paragraphs the Ray ingest run indexes beside the seeds
RAY_SCENARIO_TIMEOUT_S = 900


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory) -> Path:
    """An index built once from seeds/; copy it (see `fresh_index_dir`) before writing to it."""
    from service.engine import Newsdesk

    directory = tmp_path_factory.mktemp("seed-index")
    Newsdesk.open(directory, seed_dir=SEEDS)
    return directory


@pytest.fixture(scope="session")
def desk(seed_index_dir):
    """A read-mostly Newsdesk over the seeds. Tests that add or delete use `fresh_desk`."""
    from service.engine import Newsdesk

    return Newsdesk.open(seed_index_dir)


@pytest.fixture(scope="session")
def squad_sample_index_dir(tmp_path_factory, desk) -> Path:
    """The SQuAD sample's index (62 paragraphs), built once for the eval and training tests."""
    from service import evaluate

    directory = tmp_path_factory.mktemp("squad-sample") / "index"
    articles, _ = evaluate.load_squad(REPO / "tests" / "data" / "squad_sample.json")
    evaluate.open_index(articles, directory, desk.embedder, progress=False)
    return directory


@pytest.fixture(scope="session")
def sample_paths(tmp_path_factory) -> list[Path]:
    """The seeds and a SQuAD sample written as a folder of JSONL files (the Ray ingest run's input)."""
    from tests.scenarios.ray_ingest import squad_folder

    source = SQUAD_DEV if SQUAD_DEV.is_file() else SQUAD_SAMPLE
    folder = squad_folder(source, tmp_path_factory.mktemp("ray-input") / "squad", RAY_PARAGRAPHS)
    return [SEEDS, folder]


@pytest.fixture(scope="session")
def ray_run(tmp_path_factory, seed_index_dir, sample_paths) -> tuple[dict, Path]:
    """One 2-node Ray cluster run in a loopback-only namespace (tests/scenarios/ingest_checks.py): the
    distributed ingest, the ingest that loses a node (tests/test_ray_ingest.py) and the cluster
    harness's own smoke checks (tests/test_ray_cluster.py). (result, its work directory)."""
    pytest.importorskip("ray", reason="the cluster extra is not installed: pip install -e '.[cluster]'")
    import sys

    from tests.raycluster import last_json_line, run_in_loopback_namespace

    work = tmp_path_factory.mktemp("ray-ingest")
    shutil.copytree(seed_index_dir, work / "killed")  # the killed job adds to an index that holds the seeds
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p),
               HF_HUB_OFFLINE="1")
    done = run_in_loopback_namespace([sys.executable, str(REPO / "tests/scenarios/ingest_checks.py"), str(work),
                                      *map(str, sample_paths)], timeout=RAY_SCENARIO_TIMEOUT_S, env=env, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    return last_json_line(done.stdout), work


@pytest.fixture
def fresh_index_dir(seed_index_dir, tmp_path) -> Path:
    target = tmp_path / "index"
    shutil.copytree(seed_index_dir, target)
    return target


@pytest.fixture
def fresh_desk(fresh_index_dir, desk):
    from service.engine import Newsdesk

    return Newsdesk(fresh_index_dir, embedder=desk.embedder)


@pytest.fixture(autouse=True)
def _no_stray_env(monkeypatch):
    """Tests configure the service explicitly; a developer's shell must not leak in."""
    for name in list(os.environ):
        if name.startswith(("NEWSDESK_", "SLACK_")):
            monkeypatch.delenv(name, raising=False)
