"""Load with faults (`newsdesk chaos`): concurrent askers against a real server while a client adds
and deletes documents and a separate `newsdesk index --url` process uploads articles.

Reports errors, latency percentiles, the server's RSS before and after, and lost documents: every
acknowledged add that is not deleted must be there at the end, every acknowledged delete gone.
"""

from __future__ import annotations

import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from service.client import Client, NewsdeskError
from service.processes import free_port, stop

ASKERS = 8
QUESTION_WORDS = 6
WH_WORDS = ("who", "what", "when", "where", "how many", "why")
WRITER_PAUSE = 0.2  # seconds between the writer's add/delete steps
START_TIMEOUT = 300
RSS_SAMPLE_QUESTIONS = 1000  # the server's RSS is sampled after every this many questions


@dataclass
class ChaosReport:
    seconds: float
    questions: int
    errors: int
    error_samples: list[str] = field(default_factory=list)
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    rss_before_mb: float = 0.0
    rss_after_mb: float = 0.0
    rss_samples_mb: list[float] = field(default_factory=list)  # one per RSS_SAMPLE_QUESTIONS questions
    documents_after: int = 0
    writes: int = 0
    lost_documents: int = 0
    index_process_status: int | None = None

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.lost_documents == 0 and self.index_process_status == 0


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _vocabulary(client: Client, limit: int = 5000) -> list[str]:
    words: set[str] = set()
    for summary in client.documents().documents:
        words.update(re.findall(r"[A-Za-z]{3,}", client.document(summary.doc_id).text))
        if len(words) >= limit:
            break
    return sorted(words) or ["news"]


def run_chaos(index_dir: Path, seconds: float = 30.0, questions: int | None = None, askers: int = ASKERS,
              upload: Path | None = None, seed: int = 0) -> ChaosReport:
    """Copy `index_dir`, serve it, and hammer it for `seconds` (or until `questions` are answered)."""
    work = Path(tempfile.mkdtemp(prefix="newsdesk-chaos-"))
    shutil.copytree(index_dir, work / "index")
    key, port = secrets.token_hex(16), free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "SLACK_"))}
    env.update(NEWSDESK_INDEX_DIR=str(work / "index"), NEWSDESK_WRITE_KEY=key)
    log = (work / "server.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "service.api:create_app", "--factory", "--host",
                               "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                              env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        with Client(base, key, retries=0) as probe:
            while True:
                if server.poll() is not None:
                    raise RuntimeError("the server exited: see " + str(work / "server.log"))
                try:
                    if probe.ready():
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not get ready")
                time.sleep(0.2)
            vocabulary = _vocabulary(probe)
        return _hammer(base, key, server.pid, vocabulary, seconds, questions, askers, upload, seed, env)
    finally:
        stop(server, 20)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def _hammer(base: str, key: str, pid: int, vocabulary: list[str], seconds: float, questions: int | None,
            askers: int, upload: Path | None, seed: int, env: dict) -> ChaosReport:
    stop = threading.Event()
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    counter = {"asked": 0}
    present: set[str] = set()
    deleted: set[str] = set()

    def fail(message: str) -> None:
        with lock:
            errors.append(message[:300])

    def asker(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        with Client(base, timeout=120, retries=0) as client:
            while not stop.is_set():
                with lock:
                    if questions is not None and counter["asked"] >= questions:
                        stop.set()
                        return
                    counter["asked"] += 1
                question = f"{rng.choice(WH_WORDS)} {' '.join(rng.choices(vocabulary, k=QUESTION_WORDS))}?"
                started = time.perf_counter()
                try:
                    client.ask(question, k=rng.randint(1, 10))
                except (NewsdeskError, httpx.HTTPError) as exc:
                    fail(f"ask: {type(exc).__name__}: {exc}")
                    continue
                with lock:
                    latencies.append(time.perf_counter() - started)

    def writer() -> None:
        rng = random.Random(seed)
        with Client(base, key, timeout=120, retries=0) as client:
            n = 0
            while not stop.is_set():
                n += 1
                doc_id = f"chaos-{seed}-{n}"
                text = f"Chaos report {n}\n" + " ".join(rng.choices(vocabulary, k=60)) + ", officials said.\n"
                try:
                    client.add({"doc_id": doc_id, "text": text, "published": "2024-01-01"})
                    with lock:
                        present.add(doc_id)
                    if n % 2 == 0:
                        victim = f"chaos-{seed}-{n - 1}"
                        client.delete(victim)
                        with lock:
                            present.discard(victim)
                            deleted.add(victim)
                except (NewsdeskError, httpx.HTTPError) as exc:
                    fail(f"write: {type(exc).__name__}: {exc}")
                stop.wait(WRITER_PAUSE)

    with Client(base, retries=0) as probe:
        probe.ask("warm up?")
    rss_before = _rss_mb(pid)
    started = time.monotonic()
    threads = [threading.Thread(target=asker, args=(n,), daemon=True) for n in range(askers)]
    threads.append(threading.Thread(target=writer, daemon=True))
    for t in threads:
        t.start()
    uploader = subprocess.Popen([sys.executable, "-m", "service.cli", "index", "--url", base, "--key", key,
                                 *([str(upload)] if upload else [])], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
    limit = None if questions is not None else started + seconds
    rss_samples: list[float] = []
    while not stop.is_set() and (limit is None or time.monotonic() < limit):
        stop.wait(0.2)
        if counter["asked"] // RSS_SAMPLE_QUESTIONS > len(rss_samples):
            rss_samples.append(round(_rss_mb(pid), 1))
    stop.set()
    for t in threads:
        t.join(timeout=180)
    output, _ = uploader.communicate(timeout=600)
    if uploader.returncode != 0:
        fail("newsdesk index --url: " + output.decode(errors="replace")[-300:])
    elapsed = time.monotonic() - started
    rss_after = _rss_mb(pid)

    with Client(base, key) as client:
        listed = {d.doc_id for d in client.all_documents()}
    lost = len(present - listed) + len(deleted & listed)
    ordered = sorted(latencies)

    def percentile(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1) if ordered else 0.0

    return ChaosReport(seconds=round(elapsed, 1), questions=len(latencies) + sum("ask:" in e for e in errors),
                       errors=len(errors), error_samples=errors[:5], p50_ms=percentile(0.5), p99_ms=percentile(0.99),
                       rss_before_mb=round(rss_before, 1), rss_after_mb=round(rss_after, 1),
                       rss_samples_mb=rss_samples, documents_after=len(listed),
                       writes=len(present) + 2 * len(deleted), lost_documents=lost,
                       index_process_status=uploader.returncode)
