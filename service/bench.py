"""`newsdesk bench`: ingest throughput, warm /ask and /search latency, peak memory.

What it measures, in one run on one corpus (default: seeds/; or `--data` a JSONL of articles,
.gz allowed), so every ratio compares runs under the same machine load:

* ingest: words/s and chunks/s of the full pipeline (clean, spaCy annotate, chunk, embed chunks
  with their sentences, BM25 + FAISS + atomic snapshot write) next to the raw encoder rate on the
  very same chunk texts — the gap is what everything besides the model costs;
* the LangChain peer on the same articles (service/peer.py) and the ratio of the two ingest times;
* the raw rate of each encoder backend (torch fp32, int8 ONNX) on the same chunks;
* req/s, p50/p99 at 8 concurrent clients over real HTTP against `newsdesk serve --workers 1`
  and `--workers N` (service/loadtest.py), and the ratio;
* latency: p50/p99 of `/ask` and `/search` through FastAPI's TestClient after a warm-up, over
  questions generated from the corpus itself (templates over the entities each sentence holds,
  nothing written for a particular corpus);
* peak RSS of the process (`resource.getrusage`).

Prints a table and writes JSON (default `eval_results/bench-<corpus>.json`).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import platform
import random
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.documents import Article
from index.embed import Embedder, load_embedder
from index.encoders.base import Delegating
from index.load import load_file, load_paths

DEFAULT_LIMIT = 300
DEFAULT_QUESTIONS = 200
DEFAULT_REQUESTS = 400  # per load-test run (8 concurrent clients)
RAW_SAMPLE = 512  # chunks each encoder backend encodes for the raw-rate comparison
WARMUP = 10


class _TimedEmbedder(Delegating):
    """The shared model, with the time spent inside `encode` added up."""

    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner)
        self.seconds = 0.0
        self.texts = 0

    def encode(self, texts, batch_size: int = 32, progress: bool = False):
        started = time.perf_counter()
        try:
            return super().encode(texts, batch_size, progress)
        finally:
            self.seconds += time.perf_counter() - started
            self.texts += len(texts)

    def token_states(self, texts, batch_size: int = 32):
        started = time.perf_counter()
        try:
            return super().token_states(texts, batch_size)
        finally:
            self.seconds += time.perf_counter() - started
            self.texts += len(texts)


def load_corpus(data: Path | None, limit: int = DEFAULT_LIMIT, workdir: Path | None = None) -> tuple[str, list[Article]]:
    """(name, articles): seeds/ by default, else `limit` articles spread evenly over a JSONL file."""
    if data is None:
        from service.engine import SEED_DIR

        return "seeds", load_paths([SEED_DIR])
    data = Path(data)
    name = data.name.removesuffix(".gz").removesuffix(".jsonl")
    opener = gzip.open if data.suffix == ".gz" else open
    with opener(data, "rt", encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    if limit and len(lines) > limit:
        # evenly spaced, so a file sorted by section still gives a mix of sections
        lines = [lines[int(i * len(lines) / limit)] for i in range(limit)]
    workdir = workdir or Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    plain = workdir / f"{name}.jsonl"
    plain.write_text("".join(lines), encoding="utf-8")
    return name, load_file(plain)


# -- questions -------------------------------------------------------------------------------

_PEOPLE = {"PERSON", "ORG", "NORP"}
_PLACES = {"GPE", "LOC", "FAC"}
_NUMBERS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}


def _tail(words: list[str], n: int = 12) -> str:
    return " ".join(words[:n]).rstrip(".,;:!?\"'”’")


def generate_questions(snapshot, n: int, seed: int = 0) -> list[str]:
    """Questions over the corpus: templates over the entities and noun phrases stored per sentence.

    Templates take turns, so no one kind (say the many noun phrases) swamps the mix.
    """
    kinds: dict[str, list[str]] = {}

    def add(kind: str, question: str) -> None:
        if 3 <= len(question.split()) and len(question) <= 1000:
            kinds.setdefault(kind, []).append(question)

    for doc_id, sentences in snapshot.sentences.items():
        text = snapshot.documents[doc_id].text
        for s in sentences:
            if s.heading:
                continue
            sentence = text[s.start:s.end]
            for e_start, e_end, label in s.entities:
                entity = sentence[e_start:e_end].strip()
                after = sentence[e_end:].split()
                if not entity or len(entity) > 60:
                    continue
                subject = e_start == 0 and len(after) >= 3 and after[0].isalpha() and after[0].islower() \
                    and after[0] not in {"and", "or", "of"}
                if label in _PEOPLE and subject:
                    add("who-did", f"who {_tail(after)}?")  # "X said Y" -> "who said Y?"
                if label in _PEOPLE:
                    add("said", f"what did {entity} say?")
                    add("who-is", f"who is {entity}?" if label == "PERSON" else f"what is {entity}?")
                elif label in _PLACES:
                    add("place", f"what happened in {entity}?")
                    if subject:
                        add("what-did", f"what {_tail(after, 8)}?")
                elif label == "DATE" and any(c.isdigit() or c.isupper() for c in entity):
                    on = "" if entity.lower().startswith(("on ", "in ", "last ", "this ", "next ")) else "on "
                    add("date", f"what happened {on}{entity}?")
                elif label in _NUMBERS and len(after) >= 2:
                    add("how-many", f"how many {_tail(after, 8)}?")
                elif label == "EVENT":
                    add("event", f"when was {entity}?")
            for n_start, n_end in s.noun_phrases:
                phrase = sentence[n_start:n_end]
                if 2 <= len(phrase.split()) <= 6 and phrase[:1].isalpha():
                    add("phrase", f"what about {phrase}?")
    rng = random.Random(seed)
    pools = []
    for kind in sorted(kinds):
        pool = list(dict.fromkeys(kinds[kind]))
        rng.shuffle(pool)
        pools.append(pool)
    mixed, seen = [], set()
    for round_ in range(max((len(p) for p in pools), default=0)):
        for pool in pools:
            if round_ < len(pool) and pool[round_] not in seen:
                seen.add(pool[round_])
                mixed.append(pool[round_])
    if not mixed:
        raise ValueError("the corpus yields no questions (no named entities or noun phrases found)")
    # A small corpus may give fewer distinct questions than asked for: cycle through them.
    return [mixed[i % len(mixed)] for i in range(n)]


# -- measuring -------------------------------------------------------------------------------


@dataclass
class Latency:
    p50_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    requests: int

    @classmethod
    def of(cls, seconds: list[float]) -> "Latency":
        ms = np.asarray(seconds) * 1000
        return cls(round(float(np.percentile(ms, 50)), 2), round(float(np.percentile(ms, 99)), 2),
                   round(float(ms.mean()), 2), round(float(ms.max()), 2), len(ms))


def _time_requests(client, path: str, questions: list[str], k: int) -> tuple[list[float], list[dict]]:
    times, bodies = [], []
    for q in questions:
        started = time.perf_counter()
        response = client.post(path, json={"question": q, "k": k})
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} to {q!r}: {response.text[:300]}")
        bodies.append(response.json())
    return times, bodies


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def encoder_rates(texts: list[str]) -> dict:
    """chunks/s of each encoder backend on the very same texts."""
    from index.encoders import BACKENDS, load_encoder

    rates = {}
    for name in BACKENDS:
        encoder = load_encoder(name)
        encoder.encode(["warm up"])
        started = time.perf_counter()
        encoder.encode(texts)
        seconds = time.perf_counter() - started
        rates[name] = {"seconds": round(seconds, 2), "chunks_per_second": round(len(texts) / seconds, 1)}
    return rates


def serving(index_dir: Path, embedder: Embedder, questions: int, k: int, http: bool, requests: int,
            workers: int | None, state_dir: Path) -> dict:
    """Warm /ask and /search latency in-process, then req/s over real HTTP with 1 and N workers,
    on the index in `index_dir` (questions generated from that index)."""
    from fastapi.testclient import TestClient

    from service.api import create_app
    from service.engine import Newsdesk
    from service.retrieve import serve_one_thread_per_query
    from service.settings import Settings

    desk = Newsdesk(index_dir, embedder=embedder)
    serve_one_thread_per_query()  # as `newsdesk serve` does
    asked = generate_questions(desk.snapshot, questions + WARMUP)
    warmup, asked = asked[:WARMUP], asked[WARMUP:]
    app = create_app(desk=desk, settings=Settings(index_dir=state_dir))
    # One JSON access-log line per request would bury the table; the timing is of the handlers.
    access = logging.getLogger("newsdesk.access")
    access_level, access.level = access.level, logging.WARNING
    with TestClient(app) as client:
        _time_requests(client, "/ask", warmup, k)
        _time_requests(client, "/search", warmup, k)
        ask_times, answers = _time_requests(client, "/ask", asked, k)
        search_times, _ = _time_requests(client, "/search", asked, k)
    access.setLevel(access_level)

    load = []
    if http:
        from index.encoders.base import cpu_count
        from service import loadtest

        for n in dict.fromkeys([1, workers or max(cpu_count(), 2)]):
            load.append(loadtest.run(index_dir, n, asked, requests))
    snapshot = desk.snapshot
    return {
        "index_size": {"documents": len(snapshot.documents), "chunks": len(snapshot.chunks),
                       "sentences": snapshot.sentence_count},
        "http": load,
        "http_scaling": round(load[-1]["requests_per_second"] / load[0]["requests_per_second"], 2) if len(load) > 1 else None,
        "questions": {"count": len(asked), "distinct": len(set(asked)), "k": k, "warmup": WARMUP,
                      "abstained": sum(a["abstained"] for a in answers), "examples": asked[:5]},
        "ask": vars(Latency.of(ask_times)),
        "search": vars(Latency.of(search_times)),
        "peak_rss_server_worker_mb": max((r["peak_rss_per_worker_mb"] or 0 for r in load), default=None) or None,
    }


def _machine(load_start: float) -> dict:
    return {"cpus": _cpus(), "python": platform.python_version(), "platform": platform.platform(),
            "load_average_1m": {"start": load_start, "end": round(os.getloadavg()[0], 2)}}


def _write(result: dict, out: Path | None, name: str, echo) -> dict:
    echo(format_table(result))
    out = Path(out) if out else Path("eval_results") / f"bench-{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    echo(f"\nwritten to {out}")
    result["out"] = str(out)
    return result


def run_serving(index_dir: Path, questions: int = DEFAULT_QUESTIONS, k: int = 5, out: Path | None = None,
                embedder: Embedder | None = None, echo=print, http: bool = True, requests: int = DEFAULT_REQUESTS,
                workers: int | None = None) -> dict:
    """`newsdesk bench --index DIR`: the serving half only, on an index built before (say a whole
    archive indexed with `newsdesk index`), opened with the backend that built it."""
    from index.encoders import ENV_VAR
    from index.manifest import read_manifest

    load_start = round(os.getloadavg()[0], 2)
    index_dir = Path(index_dir)
    started = time.perf_counter()
    manifest = read_manifest(index_dir)
    if manifest is None:
        raise ValueError(f"no index in {index_dir} (no manifest.json)")
    # as `newsdesk serve` chooses: NEWSDESK_ENCODER when set, else the backend that built the index
    base = embedder or load_embedder(os.environ.get(ENV_VAR) or manifest.encoder)
    base.encode(["warm up"])
    startup_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        started = time.perf_counter()
        served = serving(index_dir, base, questions, k, http, requests, workers, Path(tmp) / "state")
        serving_seconds = time.perf_counter() - started
    result = {"corpus": index_dir.name, "index": str(index_dir), "machine": _machine(load_start),
              "startup_seconds": round(startup_seconds, 2), "serving_seconds": round(serving_seconds, 2), **served,
              "peak_rss_mb": peak_rss_mb()}
    return _write(result, out, f"index-{index_dir.name}", echo)


def run(data: Path | None = None, limit: int = DEFAULT_LIMIT, questions: int = DEFAULT_QUESTIONS, k: int = 5,
        out: Path | None = None, embedder: Embedder | None = None, echo=print, peer: bool = True,
        http: bool = True, requests: int = DEFAULT_REQUESTS, workers: int | None = None) -> dict:
    from index.annotate import load_nlp
    from index.pipeline import Indexer

    load_start = round(os.getloadavg()[0], 2)  # other work on the machine skews every number here
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        name, articles = load_corpus(data, limit, tmp)
        load_seconds = time.perf_counter() - started

        # Model loading is start-up cost, not ingest: do it (and one tiny warm-up call) first.
        started = time.perf_counter()
        base = embedder or load_embedder()
        base.encode(["warm up"])
        load_nlp()("Warm up.")
        startup_seconds = time.perf_counter() - started

        timed = _TimedEmbedder(base)
        indexer = Indexer(tmp / "index", timed)
        started = time.perf_counter()
        report = indexer.add(articles)
        ingest_seconds = time.perf_counter() - started
        snapshot = indexer.snapshot
        chunks = len(snapshot.chunks)

        started = time.perf_counter()
        base.encode(snapshot.chunk_texts)
        encode_seconds = time.perf_counter() - started
        words = sum(len(a.text.split()) for a in articles)

        from service import peer as peer_module

        peer_result = peer_module.ingest(articles) if peer and peer_module.available() else None
        rates = encoder_rates(snapshot.chunk_texts[:RAW_SAMPLE])
        served = serving(tmp / "index", base, questions, k, http, requests, workers, tmp / "state")

    result = {
        "corpus": name,
        "data": str(data) if data else "seeds/",
        "machine": _machine(load_start),
        "corpus_size": {"articles": len(articles), "documents": len(snapshot.documents), "chunks": chunks,
                        "sentences": snapshot.sentence_count, "chars": sum(len(a.text) for a in articles)},
        "startup_seconds": round(startup_seconds, 2),
        "load_seconds": round(load_seconds, 3),
        "ingest": {
            "seconds": round(ingest_seconds, 2),
            "words": words,
            "words_per_second": round(words / ingest_seconds, 1),
            "encoder": base.name,
            "chunks_per_second": round(chunks / ingest_seconds, 1),
            "documents_per_second": round(len(report.added) / ingest_seconds, 1),
            "embedding_seconds": round(timed.seconds, 2),
            "embedded_texts": timed.texts,
            "other_seconds": round(ingest_seconds - timed.seconds, 2),
        },
        "raw_encode": {"seconds": round(encode_seconds, 2), "chunks_per_second": round(chunks / encode_seconds, 1)},
        "encoders": {"chunks": len(snapshot.chunk_texts[:RAW_SAMPLE]), **rates},
        "peer": peer_result,
        "peer_ratio": round(peer_result["seconds"] / ingest_seconds, 2) if peer_result else None,
        **served,
        "peak_rss_mb": peak_rss_mb(),
    }
    return _write(result, out, name, echo)


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _ingest_rows(r: dict) -> list[tuple[str, str]]:
    size, ingest, raw = r["corpus_size"], r["ingest"], r["raw_encode"]
    rows = [
        ("corpus", f"{r['corpus']}: {size['articles']} articles, {size['chunks']} chunks, {size['sentences']} sentences"),
        ("ingest, full pipeline", f"{ingest['chunks_per_second']:.1f} chunks/s  ({ingest['seconds']:.2f} s; "
                                  f"{ingest['embedding_seconds']:.2f} s embedding {ingest['embedded_texts']} chunks+sentences, "
                                  f"{ingest['other_seconds']:.2f} s the rest)"),
        ("ingest words/s", f"{ingest['words_per_second']:.0f} words/s  ({ingest['words']} words, encoder {ingest['encoder']})"),
        ("raw encoder (all chunks)", f"{raw['chunks_per_second']:.1f} chunks/s  ({raw['seconds']:.2f} s, same chunk texts)"),
    ]
    for name, rate in r["encoders"].items():
        if isinstance(rate, dict):
            rows.append((f"raw {name}", f"{rate['chunks_per_second']:.1f} chunks/s  (first {r['encoders']['chunks']} chunks)"))
    if r["peer"]:
        p = r["peer"]
        rows.append(("LangChain peer ingest", f"{p['words_per_second']:.0f} words/s, {p['chunks_per_second']:.1f} chunks/s "
                                              f"({p['seconds']:.2f} s, {p['chunks']} chunks); newsdesk is "
                                              f"{r['peer_ratio']:.2f}x its speed"))
    return rows


def format_table(r: dict) -> str:
    rows = _ingest_rows(r) if "ingest" in r else [
        ("index", f"{r['index']}: {r['index_size']['documents']} documents, {r['index_size']['chunks']} chunks, "
                  f"{r['index_size']['sentences']} sentences (serving only; model loaded in {r['startup_seconds']:.1f} s)")]
    for path in ("ask", "search"):
        lat = r[path]
        rows.append((f"/{path} warm latency", f"p50 {lat['p50_ms']:.1f} ms   p99 {lat['p99_ms']:.1f} ms   "
                                              f"mean {lat['mean_ms']:.1f} ms   ({lat['requests']} requests)"))
    q = r["questions"]
    rows.append(("questions", f"{q['count']} generated ({q['distinct']} distinct), k={q['k']}, {q['abstained']} abstained"))
    for run_ in r["http"]:
        rows.append((f"HTTP /ask, {run_['workers']} worker(s)", f"{run_['requests_per_second']:.1f} req/s at {run_['concurrency']} clients, "
                                                                f"p50 {run_['p50_ms']:.0f} ms, p99 {run_['p99_ms']:.0f} ms, "
                                                                f"{run_['errors']} errors ({run_['tool']})"))
    if r["http_scaling"]:
        rows.append(("worker scaling", f"{r['http_scaling']:.2f}x req/s"))
    rows.append(("peak RSS", f"{r['peak_rss_mb']:.0f} MB" + (f" (bench process); one server worker {r['peak_rss_server_worker_mb']:.0f} MB"
                                                            if r["peak_rss_server_worker_mb"] else "")))
    m = r["machine"]
    rows.append(("machine", f"{m['cpus']} CPUs, load average {m['load_average_1m']['start']} at start, "
                            f"{m['load_average_1m']['end']} at end"))
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)
