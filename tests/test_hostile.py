"""Hostile input, each a regression test for a defect found against `newsdesk serve` (issue 10).

Each of these answered 500 (or held the writer, or grew memory without bound) before its fix.
"""

from __future__ import annotations

import inspect
import json
import threading
import time
from datetime import date

import pytest
from fastapi.testclient import TestClient

from index import annotate as annotate_module
from index.clean import kept_lines
from index.dates import resolve
from index.sources.records import TITLE_MAX_CHARS
from service.api import create_app
from service.api import health
from service.api.middleware import DEFAULT_BODY_LIMIT, DOCUMENT_BODY_LIMIT, SLACK_BODY_LIMIT
from service.models import QuestionRequest
from service.settings import Settings

QUESTION = "who mediated earlier swaps?"


@pytest.fixture(scope="module")
def client(desk, tmp_path_factory):
    settings = Settings(index_dir=tmp_path_factory.mktemp("hostile-state"))
    with TestClient(create_app(desk, settings)) as c:
        yield c


@pytest.fixture
def write_client(fresh_desk, tmp_path):
    with TestClient(create_app(fresh_desk, Settings(index_dir=tmp_path / "state", allow_open_writes=True))) as c:
        yield c


# ---------------------------------------------------------------- lone surrogates


@pytest.mark.parametrize("path", ["/ask", "/search"])
def test_a_lone_surrogate_in_a_question_is_422(client, path):
    # Sent as raw JSON: the escapes parse into lone surrogates, which no client library would encode.
    for body in (b'{"question": "Who \\ud800 won?"}', b'{"question": "who won?", "doc_ids": ["a\\udfff"]}'):
        response = client.post(path, content=body, headers={"content-type": "application/json"})
        assert response.status_code == 422, response.text
        assert "lone surrogate" in response.json()["errors"][0]["message"]


def test_a_lone_surrogate_in_a_document_is_422_and_nothing_is_stored(write_client):
    count = write_client.get("/documents").json()["count"]
    for field in ("text", "title", "published"):
        body = json.dumps({"text": "The ferry sailed on Monday.", field: "A ferry \udc80 sailed."})  # ASCII escapes
        response = write_client.post("/documents", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field
    assert write_client.get("/documents").json()["count"] == count


# ---------------------------------------------------------------- dates out of range


@pytest.mark.parametrize("expression, anchor", [
    ("5000 years ago", date(2024, 5, 1)),
    ("1000000 days ago", date(2024, 5, 1)),
    ("yesterday", date(1, 1, 1)),
    ("last Monday", date(1, 1, 1)),
    ("next year", date(9999, 6, 1)),
    ("20000 weeks later", date(9999, 1, 1)),
    ("three months ago", date(1, 1, 1)),
])
def test_dates_beyond_the_calendar_resolve_to_nothing(expression, anchor):
    assert resolve(expression, anchor) is None


def test_null_publication_date_and_huge_relative_dates_still_answer(write_client):
    article = {
        "doc_id": "null-dated",
        "published": "0001-01-01T00:00:00Z",
        "text": "Quarry flooded in Velmora\nThe old quarry at Velmora flooded 5000 years ago, geologists said. "
                "The lake beside it formed 1000000 days ago, and the quarry reopened yesterday.\n",
    }
    assert write_client.post("/documents", json=article).status_code == 201
    for question in ("When did the quarry at Velmora flood?", "When did the lake beside the Velmora quarry form?",
                     "When did the Velmora quarry reopen?"):
        response = write_client.post("/ask", json={"question": question, "doc_ids": ["null-dated"]})
        assert response.status_code == 200, response.text
    assert write_client.post("/ask", json={"question": "When did the quarry flood?", "as_of": "0001-01-01"}).status_code == 200


# ---------------------------------------------------------------- long lines


def test_pieces_cover_a_line_exactly_and_cut_at_spaces():
    text = "x" * 7 + ("word " * 3000) + "y" * 2500 + " tail"
    spans = annotate_module.pieces(text, 7, len(text), limit=1000)
    assert spans[0][0] == 7 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(end - start <= 1000 for start, end in spans)
    assert text[spans[0][1] - 1] == " "  # cut after a space where there is one
    assert any(end - start == 1000 for start, end in spans)  # the unbroken run is cut hard


def test_a_line_longer_than_spacys_limit_is_annotated_in_pieces(desk, monkeypatch):
    nlp = annotate_module.load_nlp()
    line = "The council met on Monday and approved the budget. " * 60  # 3,060 characters
    text = "Header\n" + line
    monkeypatch.setattr(nlp, "max_length", 1500)
    monkeypatch.setattr(annotate_module, "PIECE_MAX_CHARS", 1000)
    [sentences] = annotate_module.annotate_many([("long", text, [(7, len(text))])], nlp)
    assert len(sentences) >= 55
    for s in sentences:
        assert text[s.start:s.end].strip() and s.start >= 7 and s.end <= len(text)
        assert text[s.start:s.end] in line


@pytest.mark.slow
def test_a_line_over_a_million_characters_is_indexed(write_client):
    line = "The harbour reopened on Tuesday after repairs, officials said. " * 17_000  # 1.07 M characters
    response = write_client.post("/documents", json={"doc_id": "long-line", "text": line})
    assert response.status_code == 201, response.text[:300]
    assert write_client.get("/documents/long-line").json()["chars"] == len(line)


def test_a_pathological_long_line_is_kept_not_matched_as_an_email():
    line = "a." * 20_000
    text = "Title\n" + line + "\nThe end of the article is here.\n"
    kept = [text[s:e] for s, e in kept_lines(text)]
    assert line in kept  # benchmarks/long_line.py measures that the time grows linearly


def test_titles_from_a_first_line_are_cut(write_client):
    first_line = "Storm " * 2000
    body = {"doc_id": "long-title", "text": first_line + "\nThe storm closed three roads on Friday, police said.\n"}
    assert write_client.post("/documents", json=body).status_code == 201
    title = write_client.get("/documents/long-title").json()["title"]
    assert len(title) <= TITLE_MAX_CHARS and title.startswith("Storm Storm")


# ---------------------------------------------------------------- body size


def test_a_body_over_the_limit_is_413_by_content_length(client):
    big = b'{"question": "' + b"w" * (DEFAULT_BODY_LIMIT + 10) + b'"}'
    response = client.post("/ask", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413 and "too large" in response.json()["detail"]
    assert len(response.content) < 300


@pytest.mark.parametrize("path, limit", [("/ask", DEFAULT_BODY_LIMIT), ("/slack/events", SLACK_BODY_LIMIT),
                                         ("/documents", DOCUMENT_BODY_LIMIT)])
def test_a_chunked_body_over_the_limit_is_413(desk, tmp_path, path, limit):
    def chunks():
        for _ in range(limit // 65536 + 4):
            yield b"x" * 65536

    settings = Settings(index_dir=tmp_path, allow_open_writes=True, slack_bot_token="xoxb-unused",
                        slack_signing_secret="unused-secret", slack_api_url="http://127.0.0.1:9/api/")
    headers = {"content-type": "application/json", "x-slack-request-timestamp": str(int(time.time()))}
    with TestClient(create_app(desk, settings)) as client:
        response = client.post(path, content=chunks(), headers=headers)
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert response.status_code == 413, response.text[:300]
    assert response.json()["errors"] == []


def test_a_bad_content_length_is_413_not_500(client):
    response = client.post("/ask", content=b"{}", headers={"content-type": "application/json", "content-length": "x"})
    assert 400 <= response.status_code < 500


# ---------------------------------------------------------------- metrics, probes


def test_unknown_methods_share_one_metrics_label(client):
    for method in ("FOOBAR", "X" * 30, "BREW"):
        assert client.request(method, "/ask").status_code == 405
    metrics = client.get("/metrics").text
    assert 'method="other"' in metrics
    assert "FOOBAR" not in metrics and "BREW" not in metrics


def test_healthz_runs_on_the_event_loop_not_the_thread_pool():
    assert inspect.iscoroutinefunction(health.healthz)


def test_method_not_allowed_lists_every_method_served(client):
    for path, methods in (("/documents", {"GET", "POST"}), ("/documents/x", {"GET", "DELETE"}), ("/ask", {"POST"})):
        response = client.request("OPTIONS", path)
        assert response.status_code == 405
        assert methods <= {m.strip() for m in response.headers["allow"].split(",")}, response.headers["allow"]
        assert response.json()["errors"] == []


# ---------------------------------------------------------------- request shape


def test_duplicate_doc_ids_are_removed():
    request = QuestionRequest(question="who?", doc_ids=["b", "a", "b", "a", "c"])
    assert request.doc_ids == ["b", "a", "c"]


def test_over_long_doc_ids_are_422(client):
    response = client.post("/ask", json={"question": QUESTION, "doc_ids": ["x" * 201]})
    assert response.status_code == 422 and response.json()["errors"][0]["field"].startswith("doc_ids")


# ---------------------------------------------------------------- concurrency in the encoder


def test_questions_and_ingest_batches_share_the_encoder_safely(desk):
    embedder = desk.embedder
    errors: list[BaseException] = []
    texts = [("ceasefire talks " * n).strip() for n in range(1, 40)]

    def ingest():
        try:
            for _ in range(3):
                embedder.encode(texts, batch_size=8)
        except BaseException as exc:  # noqa: BLE001 - any error fails the test
            errors.append(exc)

    def ask(seed: int):
        try:
            for i in range(25):
                assert embedder.encode_one(f"who mediated swap number {seed * 100 + i}?").shape == (384,)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=ingest)] + [threading.Thread(target=ask, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_the_torch_encoder_sets_its_threads_once_not_per_question(monkeypatch):
    import torch

    from index.encoders.torch_fp32 import INTRA_OP_THREADS, TorchEncoder

    calls: list[int] = []
    monkeypatch.setattr(torch, "set_num_threads", lambda n: calls.append(n))
    encoder = TorchEncoder()
    assert calls == [INTRA_OP_THREADS]
    encoder.encode_one("who mediated earlier swaps?")
    encoder.encode(["one passage", "another, longer passage about swaps"])
    assert calls == [INTRA_OP_THREADS]
