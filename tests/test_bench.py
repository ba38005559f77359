"""Smoke test of `newsdesk bench` (a tiny run; the real numbers come from running the command)."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest
from typer.testing import CliRunner

from service.bench import generate_questions
from service.models import QuestionRequest


def test_questions_come_from_the_corpus(desk):
    questions = generate_questions(desk.snapshot, 250)
    assert len(questions) == 250
    assert len(set(questions)) >= 50
    for q in questions:
        assert QuestionRequest(question=q).question == q
    assert any(q.startswith("who ") for q in questions) and any(q.startswith("what ") for q in questions)


def test_bench_command_runs_on_a_gzipped_jsonl(tmp_path, desk):
    from service.cli import app

    data = tmp_path / "wire.jsonl.gz"
    rows = [
        {"id": "world/001", "title": "Quake shakes Peloria",
         "text": "A magnitude 6.1 earthquake struck Peloria on Sunday, officials said. Mayor Ana Ruiz said "
                 "40 homes were damaged in the town of Sarno."},
        {"id": "world/002", "title": "Strike ends",
         "text": "Dock workers in Harborton ended a two-week strike on Thursday. Union leader Mirela Vance "
                 "signed a pay deal with the Harborton Port Authority."},
        {"id": "world/003", "title": "Left out by --limit", "text": "This article is never read. " * 5},
    ]
    with gzip.open(data, "wt", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(app, ["bench", "--data", str(data), "--limit", "2", "--questions", "4", "--out", str(out),
                                      "--no-http"])
    assert result.exit_code == 0, result.output
    assert "chunks/s" in result.output and "p99" in result.output
    report = json.loads(out.read_text())
    assert report["corpus"] == "wire" and report["corpus_size"]["articles"] == 2
    assert report["ingest"]["chunks_per_second"] > 0 and report["raw_encode"]["chunks_per_second"] > 0
    assert report["ask"]["requests"] == report["search"]["requests"] == 4
    assert report["ask"]["p50_ms"] <= report["ask"]["p99_ms"]
    assert report["peak_rss_mb"] > 100
    assert report["ingest"]["words"] == 46 and report["ingest"]["words_per_second"] > 0
    assert report["encoders"]["onnx-int8"]["chunks_per_second"] > 0 and report["encoders"]["torch-fp32"]["chunks_per_second"] > 0
    # the LangChain peer indexed the same two articles (one chunk each at 1,000 characters)
    assert report["peer"]["vectors"] == report["peer"]["chunks"] == 2 and report["peer_ratio"] > 0
    assert "LangChain peer" in result.output


def test_bench_index_measures_serving_on_an_existing_index(tmp_path, seed_index_dir):
    """`bench --index DIR`: latency (and, with --http, req/s) on an index built before — how the
    whole-archive figures are taken without indexing it again inside the bench."""
    from service.cli import app

    out = tmp_path / "serving.json"
    result = CliRunner().invoke(app, ["bench", "--index", str(seed_index_dir), "--questions", "4", "--out", str(out),
                                      "--no-http"])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert "ingest" not in report and "peer" not in report  # nothing indexed, no peer
    assert report["index_size"]["documents"] == 5 and report["index_size"]["chunks"] > 5
    assert report["ask"]["requests"] == report["search"]["requests"] == 4
    assert "serving only" in result.output and "/ask warm latency" in result.output

    missing = CliRunner().invoke(app, ["bench", "--index", str(tmp_path / "nothing-here")])
    assert missing.exit_code == 2 and "no manifest.json" in missing.output


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk (Debian package) is not installed; .ci/run installs it")
def test_wrk_load_cycles_through_every_question():
    """The HTTP load sends the bench's distinct questions in turn (not one body over and over, whose
    answers would all come from warm caches), and its counts agree with what the server received."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from service import loadtest

    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(json.loads(body)["question"])
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    questions = ['who said "no"?', "what is 50% of a \\ back-slash?", "où est la frontière ?"]
    try:
        result = loadtest._wrk(f"http://127.0.0.1:{server.server_port}/ask", questions, 2)
    finally:
        server.shutdown()
    assert set(received) == set(questions)
    assert result["tool"] == "wrk" and result["errors"] == 0 and result["distinct_questions"] == 3
    assert abs(result["requests"] - len(received)) <= loadtest.CONCURRENCY  # wrk stops with some in flight
    assert result["requests_per_second"] > 0 and result["p50_ms"] == result["p50_ms"]  # not NaN
