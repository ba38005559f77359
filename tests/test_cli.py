"""The `newsdesk` command line, run for real in subprocesses (each start loads the model: few of them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.models import Answer, SearchResponse, Stats

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
QUESTION = "who mediated earlier swaps?"


def _run(index_dir: Path, *args: str, cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "SLACK_"))}
    env["NEWSDESK_INDEX_DIR"] = str(index_dir)
    env["COLUMNS"] = "200"  # typer's error box must not wrap the message
    return subprocess.run([NEWSDESK, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def built(workdir):
    """`newsdesk ask --json` on an empty index dir: builds from seeds/ on first use."""
    index_dir = workdir / "index"
    index_dir.mkdir()
    assert not any(index_dir.iterdir())
    result = _run(index_dir, "ask", QUESTION, "--json", cwd=workdir)
    return index_dir, result


def test_ask_json_builds_from_seeds_and_prints_the_api_object(built, desk):
    index_dir, result = built
    assert result.returncode == 0, result.stderr[-2000:]
    body = json.loads(result.stdout)  # stdout is exactly one JSON object, nothing else
    answer = Answer.model_validate(body)
    assert set(body) == set(Answer.model_fields)
    assert "UAE" in answer.answer or "United Arab Emirates" in answer.answer
    assert answer.citations[0].doc_id.startswith("002_")
    for c in answer.citations:
        assert desk.document(c.doc_id).text[c.start:c.end] == c.quote
    # The same answer the API gives over an index built from the same seeds.
    expected = desk.ask(QUESTION).model_dump()
    assert body["answer"] == expected["answer"] and body["citations"] == expected["citations"]
    assert [p["chunk_id"] for p in body["passages"]] == [p["chunk_id"] for p in expected["passages"]]
    assert (index_dir / "manifest.json").exists()
    assert not (index_dir.parent / "newsdesk_index").exists()  # the env var was honoured


def test_search_json(built, workdir):
    index_dir, _ = built
    result = _run(index_dir, "search", "prisoner swap Istanbul", "--k", "3", "--json", cwd=workdir)
    assert result.returncode == 0, result.stderr[-2000:]
    response = SearchResponse.model_validate(json.loads(result.stdout))
    assert response.question == "prisoner swap Istanbul"
    assert [p.rank for p in response.results] == [1, 2, 3]


@pytest.mark.parametrize("args, message", [
    (["ask", ""], "question must not be empty or blank"),
    (["ask", "   "], "question must not be empty or blank"),
    (["search", "x" * 1001], "at most 1000"),
    (["ask", "what?", "--k", "0"], "Invalid value for '--k'"),
])
def test_bad_questions_exit_non_zero_with_a_message(workdir, tmp_path, args, message):
    result = _run(tmp_path / "unused-index", *args, cwd=workdir, timeout=60)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (tmp_path / "unused-index").exists()  # rejected before touching the index


def test_index_a_jsonl_file_then_stats(built, workdir):
    index_dir, _ = built
    feed = workdir / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in [
        {"doc_id": "wire-1", "title": "Quake shakes Peloria",
         "text": "Quake shakes Peloria\nA magnitude 6.1 earthquake struck Peloria on Sunday, officials said."},
        {"text": "Strike ends\nDock workers in Harborton ended a two-week strike after a pay deal on Thursday."},
    ]) + "\n")
    result = _run(index_dir, "index", str(feed), cwd=workdir)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "added 2" in result.stdout and "7 documents" in result.stdout

    result = _run(index_dir, "stats", cwd=workdir)
    assert result.returncode == 0, result.stderr[-2000:]
    stats = Stats.model_validate(json.loads(result.stdout))
    assert stats.documents == 7 and stats.index_dir == str(index_dir) and stats.chunks > 22


def test_index_reports_bad_files_in_process(tmp_path, monkeypatch, desk):
    """Error paths need no fresh process: typer's runner over the same app, same cached model."""
    from typer.testing import CliRunner

    from service.cli import app

    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"text": "fine"}\n{oops\n')
    monkeypatch.setenv("NEWSDESK_INDEX_DIR", str(tmp_path / "index"))
    result = CliRunner().invoke(app, ["index", str(bad)])
    assert result.exit_code == 2
    assert "broken.jsonl:2: invalid JSON" in result.output
    result = CliRunner().invoke(app, ["index", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "no such file" in result.output
    assert not (tmp_path / "index" / "manifest.json").exists()
