"""The HTTP API through FastAPI's TestClient over the real index, and once through a real uvicorn."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.models import Answer, Document, DocumentList, SearchResponse
from service.processes import free_port, stop
from service.settings import Settings

QUESTION = "who mediated earlier swaps?"
PASSAGE_FIELDS = {"rank", "chunk_id", "doc_id", "title", "score", "text", "start", "end"}


@pytest.fixture(scope="module")
def client(desk, tmp_path_factory):
    """Read-only client over the session desk (settings point elsewhere: nothing is written beside the index)."""
    settings = Settings(index_dir=tmp_path_factory.mktemp("api-state"), allow_open_writes=True)
    with TestClient(create_app(desk=desk, settings=settings)) as c:
        yield c


@pytest.fixture
def write_client(fresh_desk, tmp_path):
    settings = Settings(index_dir=tmp_path / "state", allow_open_writes=True)
    with TestClient(create_app(desk=fresh_desk, settings=settings)) as c:
        yield c


def _document_text(client, doc_id: str, cache: dict | None = None) -> str:
    response = client.get(f"/documents/{doc_id}")
    assert response.status_code == 200, response.text
    return response.json()["text"]


# -- answering ---------------------------------------------------------------------------------


def test_ask_returns_a_cited_short_answer(client):
    response = client.post("/ask", json={"question": QUESTION})
    assert response.status_code == 200, response.text
    body = response.json()
    answer = Answer.model_validate(body)
    assert set(body) >= {"question", "answer", "text", "abstained", "reason", "confidence", "citations", "passages"}
    assert answer.question == QUESTION
    assert not answer.abstained and answer.answer
    assert "UAE" in answer.answer or "United Arab Emirates" in answer.answer
    assert len(answer.answer.split()) <= 8  # a span, not a paragraph
    assert 0.0 <= answer.confidence <= 1.0
    assert answer.citations and "[1]" in answer.text
    assert answer.citations[0].doc_id.startswith("002_")
    texts: dict[str, str] = {}
    for citation in answer.citations:
        text = texts.setdefault(citation.doc_id, _document_text(client, citation.doc_id))
        assert text[citation.start:citation.end] == citation.quote
        assert f"[{citation.n}]" in answer.text
    for passage in answer.passages:
        text = texts.setdefault(passage.doc_id, _document_text(client, passage.doc_id))
        assert text[passage.start:passage.end] == passage.text


@pytest.mark.parametrize("question", [
    "how many prisoners did each side agree to exchange?",
    "where did the delegations meet?",
    "what is the population of Mars colony seven?",
])
def test_every_quote_is_verbatim(client, question):
    body = client.post("/ask", json={"question": question, "k": 3}).json()
    answer = Answer.model_validate(body)
    assert answer.abstained == (answer.answer is None)
    if answer.abstained:
        assert answer.reason
    for citation in answer.citations:
        assert _document_text(client, citation.doc_id)[citation.start:citation.end] == citation.quote
    cited = {c.chunk_id for c in answer.citations}
    assert all(p.rank <= 3 or p.chunk_id in cited for p in answer.passages)


@pytest.mark.parametrize("k", [1, 3, 12])
def test_search_respects_k_and_fields(client, k):
    response = client.post("/search", json={"question": "prisoner swap in Istanbul", "k": k})
    assert response.status_code == 200, response.text
    body = response.json()
    SearchResponse.model_validate(body)
    assert body["question"] == "prisoner swap in Istanbul"
    results = body["results"]
    assert len(results) == k
    assert [r["rank"] for r in results] == list(range(1, k + 1))
    assert all(set(r) == PASSAGE_FIELDS for r in results)
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert len({r["chunk_id"] for r in results}) == k
    for r in results:
        assert _document_text(client, r["doc_id"])[r["start"]:r["end"]] == r["text"]


def test_search_default_k_is_five(client):
    assert len(client.post("/search", json={"question": "ceasefire"}).json()["results"]) == 5


# -- documents ---------------------------------------------------------------------------------


def test_list_and_get_documents(client):
    listing = DocumentList.model_validate(client.get("/documents").json())
    assert listing.count == len(listing.documents) == 5
    for summary in listing.documents:
        document = Document.model_validate(client.get(f"/documents/{summary.doc_id}").json())
        assert document.doc_id == summary.doc_id and len(document.text) == summary.chars and summary.chunks > 0


def test_unknown_document_is_404(client):
    for method in ("get", "delete"):
        response = getattr(client, method)("/documents/no-such-doc")
        assert response.status_code == 404
        assert "no-such-doc" in response.json()["detail"]


ARTICLE = {
    "doc_id": "harbor-strike",
    "title": "Dock strike ends in Harborton",
    "text": "Dock strike ends in Harborton\n"
            "Dock workers in Harborton ended a two-week strike on Thursday after union leader Mirela Vance "
            "signed a pay deal with the port authority. The agreement raises wages by 6 percent over two years.\n",
    "published": "2024-06-13",
}


def test_add_ask_delete_document(write_client):
    count = write_client.get("/documents").json()["count"]
    response = write_client.post("/documents", json=ARTICLE)
    assert response.status_code == 201, response.text
    assert response.json()["added"] == ["harbor-strike"] and response.json()["chunks"] >= 1
    assert write_client.get("/documents").json()["count"] == count + 1
    again = write_client.post("/documents", json=ARTICLE).json()
    assert again["unchanged"] == ["harbor-strike"] and again["added"] == []

    answer = write_client.post("/ask", json={"question": "who signed the pay deal with the port authority?"}).json()
    assert not answer["abstained"] and "Mirela Vance" in answer["answer"]
    assert answer["citations"][0]["doc_id"] == "harbor-strike"
    text = write_client.get("/documents/harbor-strike").json()["text"]
    assert text == ARTICLE["text"]
    for c in answer["citations"]:
        assert text[c["start"]:c["end"]] == c["quote"]

    assert write_client.delete("/documents/harbor-strike").json() == {"deleted": "harbor-strike"}
    assert write_client.get("/documents/harbor-strike").status_code == 404
    assert write_client.delete("/documents/harbor-strike").status_code == 404
    assert write_client.get("/documents").json()["count"] == count
    after = write_client.post("/search", json={"question": "Harborton dock strike pay deal", "k": 50}).json()
    assert all(r["doc_id"] != "harbor-strike" for r in after["results"])


def test_post_document_without_id_gets_a_content_id(write_client):
    body = {"text": "Quake shakes Peloria\nA magnitude 6.1 earthquake struck Peloria on Sunday, officials said."}
    first = write_client.post("/documents", json=body).json()
    [doc_id] = first["added"]
    assert doc_id.startswith("doc-")
    assert write_client.get(f"/documents/{doc_id}").json()["title"] == "Quake shakes Peloria"
    assert write_client.post("/documents", json=body).json()["unchanged"] == [doc_id]


# -- health and docs ---------------------------------------------------------------------------


def test_health_docs_and_openapi(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready" and ready.json()["documents"] == 5
    assert client.get("/docs").status_code == 200 and "swagger" in client.get("/docs").text.lower()
    schema = client.get("/openapi.json").json()
    for path in ("/ask", "/search", "/documents", "/documents/{doc_id}", "/healthz", "/readyz"):
        assert path in schema["paths"]
    assert {"Answer", "Citation", "Passage"} <= set(schema["components"]["schemas"])


def test_readyz_is_503_until_the_background_load_finishes(fresh_index_dir, desk):
    app = create_app(settings=Settings(index_dir=fresh_index_dir))
    # Without entering the context the lifespan (and so the loader) has not run: not ready yet.
    idle = TestClient(app)
    response = idle.get("/readyz")
    assert response.status_code == 503 and response.json()["status"] == "loading"
    assert idle.get("/healthz").status_code == 200
    busy = idle.post("/ask", json={"question": QUESTION})
    assert busy.status_code == 503 and "loading" in busy.json()["detail"]
    with TestClient(app) as client:
        deadline = time.monotonic() + 60
        while (response := client.get("/readyz")).status_code != 200 and time.monotonic() < deadline:
            assert response.status_code == 503
            time.sleep(0.1)
        assert response.status_code == 200 and response.json()["documents"] == 5
        answer = client.post("/ask", json={"question": QUESTION}).json()
        assert answer["citations"][0]["doc_id"].startswith("002_")


def test_readyz_reports_a_failed_load(tmp_path):
    index_dir = tmp_path / "broken"
    index_dir.mkdir()
    (index_dir / "manifest.json").write_text(json.dumps({  # names a segment that is not there
        "format": 2, "encoder": "onnx-int8", "dimension": 384, "generation": 3,
        "segments": [{"name": "00000003-missing", "documents": 1, "chunks": 1}], "deleted": {}, "retired": []}))
    with TestClient(create_app(settings=Settings(index_dir=index_dir))) as client:
        deadline = time.monotonic() + 30
        while (response := client.get("/readyz")).json()["status"] == "loading" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert response.status_code == 503 and response.json()["status"] == "failed"
        # The reason is in the server log, not in the answer: no exception text or paths leak out.
        assert "manifest" not in response.text and "Error" not in response.text and str(tmp_path) not in response.text
        assert client.post("/ask", json={"question": QUESTION}).status_code == 503


# -- bad input ---------------------------------------------------------------------------------

LONG = "why " * 250 + "x"  # 1,001 characters
HUGE = "w" * 100_000


@pytest.mark.parametrize("path", ["/ask", "/search"])
@pytest.mark.parametrize("body, status, message", [
    ({"question": ""}, 422, "question must not be empty or blank"),
    ({"question": " \n\t "}, 422, "question must not be empty or blank"),
    ({"question": LONG}, 422, "at most 1000"),
    ({"question": HUGE}, 422, "at most 1000"),
    ({"question": QUESTION, "k": 0}, 422, "k must be between 1 and 50"),
    ({"question": QUESTION, "k": 51}, 422, "k must be between 1 and 50"),
    ({"question": QUESTION, "k": "abc"}, 422, "valid integer"),
    ({"k": 3}, 422, "Field required"),
    ({"question": 42}, 422, "valid string"),
    ([QUESTION], 422, "valid dictionary"),
])
def test_bad_questions_are_4xx_with_a_clear_message(client, path, body, status, message):
    response = client.post(path, json=body)
    assert response.status_code == status, response.text
    assert message in response.text
    assert len(response.content) < 1000
    if isinstance(body, dict) and isinstance(body.get("question"), str) and len(body["question"]) > 100:
        assert body["question"][:50] not in response.text


@pytest.mark.parametrize("path", ["/ask", "/search", "/documents"])
@pytest.mark.parametrize("raw", [b'{"question": "who', b"not json at all", b'{"question": "x",}', b"\xff\xfe{"])
def test_malformed_json_is_400(client, path, raw):
    response = client.post(path, content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    if raw.startswith(b"\xff"):  # not even text: FastAPI's own 400
        assert "error parsing the body" in response.json()["detail"]
    else:
        assert response.json() == {"detail": "malformed JSON body", "errors": []}


@pytest.mark.parametrize("path", ["/ask", "/search", "/documents"])
def test_empty_body_is_422(client, path):
    response = client.post(path, content=b"", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {"detail": "invalid request: body: Field required",
                               "errors": [{"field": "body", "message": "Field required"}]}


def test_bad_documents_are_rejected_and_nothing_is_lost(write_client):
    before = write_client.get("/documents").json()
    cases = [
        ({"text": ""}, "text"),
        ({"text": "   \n  "}, "text must not be blank"),
        ({"title": "no text"}, "Field required"),
        ({"doc_id": "../etc/passwd", "text": "Some article text."}, "doc_id"),
        ({"doc_id": "has space", "text": "Some article text."}, "doc_id"),
        ({"doc_id": "x" * 201, "text": "Some article text."}, "doc_id"),
        ({"text": ["not", "a", "string"]}, "text"),
    ]
    for body, message in cases:
        response = write_client.post("/documents", json=body)
        assert response.status_code == 422, (body, response.text)
        assert message in response.text
        assert len(response.content) < 1000
    for bad in ("/ask", "/search"):
        write_client.post(bad, json={"question": HUGE})
        write_client.post(bad, content=b"{", headers={"content-type": "application/json"})
    assert write_client.get("/documents").json() == before
    answer = write_client.post("/ask", json={"question": QUESTION}).json()
    assert answer["citations"][0]["doc_id"].startswith("002_")


# -- a real server -----------------------------------------------------------------------------


def test_real_uvicorn_end_to_end(seed_index_dir, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(seed_index_dir, index_dir)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "SLACK_"))}
    env["NEWSDESK_INDEX_DIR"] = str(index_dir)
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "service.api:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        status = None
        while time.monotonic() < deadline:
            assert server.poll() is None, (tmp_path / "server.log").read_text()[-2000:]
            try:
                status = httpx.get(f"{base}/readyz", timeout=2).status_code
            except httpx.TransportError:
                status = None
            if status == 200:
                break
            time.sleep(0.25)
        assert status == 200, (tmp_path / "server.log").read_text()[-2000:]

        response = httpx.post(f"{base}/ask", json={"question": QUESTION}, timeout=30)
        assert response.status_code == 200, response.text
        answer = response.json()
        assert "UAE" in answer["answer"] or "United Arab Emirates" in answer["answer"]
        assert answer["citations"] and answer["citations"][0]["doc_id"].startswith("002_")
        for c in answer["citations"]:
            text = httpx.get(f"{base}/documents/{c['doc_id']}", timeout=10).json()["text"]
            assert text[c["start"]:c["end"]] == c["quote"]
        bad = httpx.post(f"{base}/ask", json={"question": HUGE}, timeout=10)
        assert bad.status_code == 422 and HUGE[:50] not in bad.text
    finally:
        stop(server, 15)
        log.close()


def test_ask_as_of_a_date(client):
    response = client.post("/ask", json={"question": QUESTION, "as_of": "2030-01-01"})
    assert response.status_code == 200 and not response.json()["abstained"], response.text
    # The one seed with a date (23 May 2025); articles without one are never excluded.
    dated = ["004_d9990e0c69552160"]
    early = client.post("/ask", json={"question": QUESTION, "as_of": "2025-05-22", "doc_ids": dated}).json()
    assert early["abstained"] and "2025-05-22" in early["reason"]
    same_day = client.post("/ask", json={"question": QUESTION, "as_of": "2025-05-23", "doc_ids": dated}).json()
    assert "published on or before" not in (same_day["reason"] or "")
    bad = client.post("/ask", json={"question": QUESTION, "as_of": "next Tuesday" * 50})
    assert bad.status_code == 422
    assert "next Tuesday" not in bad.text and "as_of" in bad.text
