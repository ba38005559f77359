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
