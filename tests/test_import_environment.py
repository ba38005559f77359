"""Importing newsdesk changes no environment: the huggingface libraries are held offline only when a
model is first read (index.encoders.base.hold_offline)."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODULES = ["index.embed", "index.encoders", "service.engine", "service.api", "service.cli",
           "service.answering.reader", "service.answering.crossencoder"]


def test_importing_newsdesk_changes_no_environment():
    script = ("import json, os, sys; before = dict(os.environ)\n"
              f"for m in {MODULES!r}: __import__(m)\n"
              "after = dict(os.environ)\n"
              "print(json.dumps(sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))))")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_", "TOKENIZERS_"))}
    env["PYTHONPATH"] = str(REPO)
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_reading_the_model_holds_the_hub_offline(monkeypatch):
    from index.encoders import base

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("TOKENIZERS_PARALLELISM", "true")  # a caller's own choice stays
    assert base.model_dir().is_dir()
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert os.environ["TOKENIZERS_PARALLELISM"] == "true"
