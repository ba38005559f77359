"""Requests per second at 8 concurrent clients over real HTTP, against `newsdesk serve --workers N`.

Starts the server as a subprocess on a free 127.0.0.1 port over an existing index, waits until
every worker has answered /readyz, then drives it with `hey` (Debian package `hey`) when
installed, else with an asyncio httpx client, cycling through the given questions.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from service.processes import free_port, stop

CONCURRENCY = 8
READY_SECONDS = 300


def _peak_rss_mb(pid: int) -> float | None:
    """VmHWM of a live process: the most memory it has held resident."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def wait_for_workers(base: str, workers: int, server: subprocess.Popen, log: Path) -> set[int]:
    """The worker ids of a `serve --workers N` server once all N answer /readyz (new connection each try)."""
    import httpx

    seen: set[int] = set()
    deadline = time.monotonic() + READY_SECONDS
    while len(seen) < workers:
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"server did not get ready: {log.read_text()[-1500:]}")
        try:
            with httpx.Client(timeout=5) as client:  # a new connection: any worker may take it
                response = client.get(f"{base}/readyz")
            if response.status_code == 200:
                seen.add(response.json()["worker"])
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    return seen


def _hey(url: str, question: str, requests: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as body:
        json.dump({"question": question}, body)
    try:
        out = subprocess.run(["hey", "-n", str(requests), "-c", str(CONCURRENCY), "-m", "POST", "-T", "application/json",
                              "-D", body.name, url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(body.name)
    codes = {int(c): int(n) for c, n in re.findall(r"\[(\d+)\]\s+(\d+) responses", out)}
    errors = sum(n for c, n in codes.items() if c != 200) + len(re.findall(r"Error distribution", out))

    def latency(p: int) -> float:
        found = re.search(rf"\s{p}% in ([\d.]+) secs", out)
        return round(1000 * float(found.group(1)), 1) if found else float("nan")

    return {"tool": "hey", "requests": requests, "requests_per_second": round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), 1),
            "p50_ms": latency(50), "p99_ms": latency(99), "errors": errors}


async def _httpx(url: str, questions: list[str], requests: int) -> dict:
    import httpx

    times: list[float] = []
    errors = 0
    counter = iter(range(requests))

    async def client_loop(client) -> None:
        nonlocal errors
        for i in counter:
            started = time.perf_counter()
            response = await client.post(url, json={"question": questions[i % len(questions)]})
            times.append(time.perf_counter() - started)
            errors += response.status_code != 200

    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=60) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(CONCURRENCY)))
    seconds = time.perf_counter() - started
    ms = np.asarray(times) * 1000
    return {"tool": "httpx", "requests": requests, "requests_per_second": round(requests / seconds, 1),
            "p50_ms": round(float(np.percentile(ms, 50)), 1), "p99_ms": round(float(np.percentile(ms, 99)), 1),
            "errors": errors}


def run(index_dir: Path, workers: int, questions: list[str], requests: int, path: str = "/ask") -> dict:
    """Serve `index_dir` with `workers` processes and load it; returns req/s, latency, errors."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env["NEWSDESK_INDEX_DIR"] = str(index_dir)
    for name in ("NEWSDESK_API_KEY", "NEWSDESK_READ_KEY"):
        env.pop(name, None)
    with tempfile.TemporaryDirectory(prefix="newsdesk-load-") as tmp:
        log = Path(tmp) / "server.log"
        with log.open("wb") as handle:
            server = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--port", str(port),
                                       "--workers", str(workers)], env=env, stdout=handle, stderr=subprocess.STDOUT,
                                      cwd=Path(__file__).resolve().parent.parent)
        base = f"http://127.0.0.1:{port}"
        try:
            pids = wait_for_workers(base, workers, server, log)
            url = base + path
            warm = max(CONCURRENCY * 2, requests // 10)
            if shutil.which("hey"):
                _hey(url, questions[0], warm)
                result = _hey(url, questions[0], requests)
            else:
                asyncio.run(_httpx(url, questions, warm))
                result = asyncio.run(_httpx(url, questions, requests))
            rss = [r for r in (_peak_rss_mb(pid) for pid in sorted(pids)) if r is not None]
            result["peak_rss_per_worker_mb"] = max(rss) if rss else None
        finally:
            stop(server, 30)
    return {"workers": workers, "concurrency": CONCURRENCY, "path": path, **result}
