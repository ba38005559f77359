"""Encoder backends (issue 8): the int8 ONNX export against the torch reference, one backend per
index, sentence vectors from the passage pass, several writers and several workers on one index."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient

from index.documents import Article
from index.embed import embed_passages, embed_separately
from index.encoders import EncoderMismatch, load_encoder
from index.encoders.base import Delegating
from index.pipeline import Indexer
from index.store import load_snapshot
from service.loadtest import wait_for_workers
from service.processes import free_port, stop

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "data" / "squad_sample.json"
PARITY_COSINE = 0.98
RETRIEVAL_POINTS = 1.0


@pytest.fixture(scope="module")
def torch_encoder():
    return load_encoder("torch-fp32")


@pytest.fixture(scope="module")
def int8_encoder():
    return load_encoder("onnx-int8")


def _seed_sentences(desk) -> list[str]:
    snapshot = desk.snapshot
    return [snapshot.documents[d].text[s.start:s.end] for d, ss in snapshot.sentences.items() for s in ss]


def test_int8_vectors_match_torch_on_real_sentences(desk, torch_encoder, int8_encoder):
    texts = _seed_sentences(desk) + desk.snapshot.chunk_texts  # short sentences and 150-word passages
    reference, quantised = torch_encoder.encode(texts), int8_encoder.encode(texts)
    cosines = (reference * quantised).sum(axis=1)
    assert cosines.min() >= PARITY_COSINE, texts[int(cosines.argmin())][:200]
    assert np.allclose(np.linalg.norm(quantised, axis=1), 1.0, atol=1e-4)
    question = "Who mediated earlier prisoner swaps between the two countries?"
    assert float(torch_encoder.encode_one(question) @ int8_encoder.encode_one(question)) >= PARITY_COSINE
    # the one-question path and the batch path are the same computation
    assert float(int8_encoder.encode_one(question) @ int8_encoder.encode([question])[0]) > 0.9999


def test_torch_backend_matches_sentence_transformers(desk, torch_encoder):
    from sentence_transformers import SentenceTransformer

    from index.encoders.base import model_dir

    texts = _seed_sentences(desk)[:40]
    reference = SentenceTransformer(str(model_dir()), device="cpu").encode(texts, normalize_embeddings=True)
    assert ((reference * torch_encoder.encode(texts)).sum(axis=1)).min() > 0.9999


def test_int8_retrieval_on_squad_open_is_within_a_point_of_torch(tmp_path, torch_encoder, int8_encoder, squad_sample_index_dir):
    from service import evaluate

    articles, questions = evaluate.load_squad(SAMPLE)
    scores = {}
    for encoder in (torch_encoder, int8_encoder):
        # the int8 index of the sample is the session's (conftest: the same articles, the default onnx-int8 encoder)
        directory = squad_sample_index_dir if encoder.name == "onnx-int8" else tmp_path / encoder.name
        desk, _ = evaluate.open_index(articles, directory, encoder, progress=False)
        assert desk.snapshot.encoder == encoder.name
        desk.embedder = evaluate.QuestionVectors(encoder, [q.question for q in questions])
        scores[encoder.name] = {mode: evaluate.retrieval_scores(desk, questions, mode, progress=False)
                                for mode in ("dense", "hybrid")}
    # What is served (hybrid) within a point either way; dense alone loses at most a point (the
    # int8 model has scored up to 1.0 point *above* torch here: only a loss counts against it).
    torch_scores, int8_scores = scores["torch-fp32"]["hybrid"], scores["onnx-int8"]["hybrid"]
    for metric, points in (("top1", RETRIEVAL_POINTS), ("top5", RETRIEVAL_POINTS), ("mrr@20", RETRIEVAL_POINTS / 100)):
        assert abs(torch_scores[metric] - int8_scores[metric]) <= points, scores
    torch_scores, int8_scores = scores["torch-fp32"]["dense"], scores["onnx-int8"]["dense"]
    for metric, points in (("top1", RETRIEVAL_POINTS), ("top5", RETRIEVAL_POINTS), ("mrr@20", RETRIEVAL_POINTS / 100)):
        assert int8_scores[metric] >= torch_scores[metric] - points, scores


def test_sentence_vectors_come_from_the_passage_pass(int8_encoder):
    text = ("The harbour authority approved a second ferry terminal on Monday. Work starts in March.\n"
            "Officials said the terminal would cost 40 million euros and open in 2028.")
    first_end = text.index("\n")
    passages = [(0, 0, first_end), (0, first_end + 1, len(text))]
    sentences = [(0, 0, 65), (0, 66, first_end), (0, first_end + 1, len(text))]
    calls = []

    class Counting(Delegating):
        def encode(self, texts, batch_size=32, progress=False):
            calls.append(list(texts))
            return super().encode(texts, batch_size, progress)

    counting = Counting(int8_encoder)
    passage_vectors, sentence_vectors = embed_passages(counting, text, passages, sentences)
    assert calls == []  # every sentence sits whole inside a passage: no second encoding
    separate_passages, separate_sentences = embed_separately(int8_encoder, text, passages, sentences)
    assert ((passage_vectors * separate_passages).sum(axis=1)).min() > 0.99  # other batch mates (int8)
    assert np.allclose(np.linalg.norm(sentence_vectors, axis=1), 1.0, atol=1e-4)
    # A sentence pooled in context stays close to the same sentence encoded alone.
    assert ((sentence_vectors * separate_sentences).sum(axis=1)).min() > 0.6
    # The third sentence is the whole second passage: the same tokens (less [CLS] and [SEP]).
    assert float(sentence_vectors[2] @ passage_vectors[1]) > 0.98
    # A sentence no passage holds whole is encoded on its own.
    _, alone = embed_passages(counting, text, passages[:1], sentences)
    # (int8 activations are quantised per batch, so the batch a text is in moves it slightly)
    assert calls == [[text[first_end + 1:]]] and float(alone[2] @ separate_sentences[2]) > 0.99


def _article(doc_id: str, town: str) -> Article:
    return Article(doc_id=doc_id, title=f"Ferry for {town}",
                   text=f"The council of {town} approved a new ferry line on Monday. It will carry 300 passengers a day.")


def test_an_index_refuses_vectors_from_another_backend(tmp_path, torch_encoder, int8_encoder, desk):
    from service.api import create_app
    from service.engine import Newsdesk
    from service.settings import Settings

    Indexer(tmp_path / "index", int8_encoder).add([_article("a", "Varna")])
    assert load_snapshot(tmp_path / "index").encoder == "onnx-int8"
    other = Indexer(tmp_path / "index", torch_encoder)
    with pytest.raises(EncoderMismatch, match="onnx-int8"):
        other.add([_article("b", "Sarno")])
    assert list(load_snapshot(tmp_path / "index").documents) == ["a"]  # nothing lost, nothing mixed

    app = create_app(desk=Newsdesk(tmp_path / "index", embedder=torch_encoder), settings=Settings(index_dir=tmp_path / "s", allow_open_writes=True))
    with TestClient(app) as client:
        response = client.post("/documents", json={"doc_id": "c", "title": "t", "text": "Dock workers ended a strike on Thursday."})
        assert response.status_code == 409 and "onnx-int8" in response.json()["detail"]
        assert client.post("/ask", json={"question": "How many passengers will the ferry carry?"}).status_code == 200


def test_an_index_opens_with_the_backend_that_built_it(tmp_path, torch_encoder):
    Indexer(tmp_path / "index", torch_encoder).add([_article("a", "Varna")])
    assert Indexer(tmp_path / "index").embedder.name == "torch-fp32"


def test_two_writers_on_one_directory_lose_nothing(tmp_path, int8_encoder):
    """Two processes' indexers (two `serve` workers): each writes on top of the other's snapshot."""
    first, second = Indexer(tmp_path / "index", int8_encoder), Indexer(tmp_path / "index", int8_encoder)
    first.add([_article("a", "Varna")])
    second.add([_article("b", "Sarno")])  # its in-memory snapshot predates "a"
    first.add([_article("c", "Harborton")])
    assert sorted(load_snapshot(tmp_path / "index").documents) == ["a", "b", "c"]
    assert second.delete(["a"]) == ["a"]
    assert sorted(load_snapshot(tmp_path / "index").documents) == ["b", "c"]


def _listening_sockets(port: int) -> int:
    """TCP sockets listening on `port` on this machine (Linux /proc/net/tcp, state 0A = LISTEN)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                count += 1
    return count


def _http_body(conn: socket.socket) -> bytes:
    """The body of one HTTP/1.1 response with a Content-Length, read from a kept-alive connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(next(line.split(b":", 1)[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += conn.recv(65536)
    return body[:length]


def test_serve_with_two_workers_shares_one_index(seed_index_dir, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(seed_index_dir, index_dir)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "SLACK_"))}
    env["NEWSDESK_INDEX_DIR"] = str(index_dir)
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--port", str(port), "--workers", "2"],
                                  cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        workers = wait_for_workers(base, 2, server, log_path)
        assert len(workers) == 2, log_path.read_text()[-2000:]
        # A burst of kept-alive connections (what `hey -c 8` or a browser opens) reaches both workers:
        # each has its own SO_REUSEPORT socket (one shared socket gave a whole burst to one worker).
        burst = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(32)]
        try:
            for conn in burst:
                conn.sendall(b"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answered = [json.loads(_http_body(conn))["worker"] for conn in burst]
        finally:
            for conn in burst:
                conn.close()
        assert set(answered) == workers, answered
        assert _listening_sockets(port) == 2  # one per worker (uvicorn's own mode shares one among all)

        added = httpx.post(f"{base}/documents", timeout=60, json={
            "doc_id": "ferry-x", "title": "Ferry for Varna",
            "text": "The council of Varna approved a new ferry line on Monday. It will carry 300 passengers a day."})
        assert added.status_code == 201, added.text
        time.sleep(2.5)  # a worker looks for a newer snapshot at most every 2 s
        seen = set()
        for _ in range(12):
            with httpx.Client(timeout=30) as client:
                response = client.post(f"{base}/search", json={"question": "How many passengers will the Varna ferry carry?", "k": 1})
                seen.add(client.get(f"{base}/readyz").json()["worker"])
            assert response.status_code == 200 and response.json()["results"][0]["doc_id"] == "ferry-x"
    finally:
        stop(server, 20)


def test_bulk_encoder_threads_yield_to_the_parser(int8_encoder):
    """Ingest encoder passes run BULK_NICENESS nicer than the process (so spaCy's one thread is
    never the one waiting for a core); the question path (encode_one, on the caller's thread) is not."""
    import os
    import threading

    from index.encoders.base import BULK_NICENESS

    here = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: list[int] = []
    inner = getattr(int8_encoder, "inner", int8_encoder)
    assert inner.bulk_threads > 1
    pool = inner._executor()
    seen = list(pool.map(lambda _: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()), range(8)))
    assert set(seen) == {min(19, here + BULK_NICENESS)}
    int8_encoder.encode_one("who mediated the swap?")
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == here
