"""Requests per second at 8 concurrent clients over real HTTP, against `newsdesk serve --workers N`.

Starts the server as a subprocess on a free 127.0.0.1 port over an existing index, waits until
every worker has answered /readyz, then drives it with `wrk` (Debian package `wrk`, a Lua script
cycling through the given questions) when installed, else with an asyncio httpx client cycling
through them. (`hey` sends one body over and over: one question, every cache warm — not a load
anyone serves, so it is not used.)
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


WRK_SCRIPT = """
local bodies = {%s}
local sent = 0
request = function()
  sent = sent + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, bodies[(sent - 1) %% #bodies + 1])
end
"""
# wrk runs for a duration, not a count: a load run takes about `requests` / WRK_EXPECTED_RATE
# seconds, at least WRK_MIN_SECONDS (its warm-up, a tenth of that, at least 2 s).
WRK_EXPECTED_RATE = 40
WRK_MIN_SECONDS = 10


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrk(url: str, questions: list[str], seconds: int) -> dict:
    """POSTs for `seconds` from CONCURRENCY connections on one wrk thread, cycling through `questions`."""
    bodies = ", ".join(_lua_string(json.dumps({"question": q})) for q in questions)  # ASCII-only JSON
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % bodies)
    try:
        out = subprocess.run(["wrk", "-t", "1", "-c", str(CONCURRENCY), "-d", f"{seconds}s", "--latency", "--timeout", "30s",
                              "-s", script.name, url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    done = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)

    def latency(p: int) -> float:
        found = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out)
        if not found:
            return float("nan")
        return round(float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)], 1)

    return {"tool": "wrk", "requests": done, "seconds": seconds, "distinct_questions": len(set(questions)),
            "requests_per_second": round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), 1),
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
    return {"tool": "httpx", "requests": requests, "distinct_questions": len(set(questions)), "requests_per_second": round(requests / seconds, 1),
            "p50_ms": round(float(np.percentile(ms, 50)), 1), "p99_ms": round(float(np.percentile(ms, 99)), 1),
            "errors": errors}


def run(index_dir: Path, workers: int, questions: list[str], requests: int, path: str = "/ask",
        seconds: int | None = None) -> dict:
    """Serve `index_dir` with `workers` processes and load it; returns req/s, latency, errors.
    With wrk the run lasts `seconds` (default: from `requests`, see WRK_EXPECTED_RATE)."""
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
            if shutil.which("wrk"):
                seconds = seconds or max(WRK_MIN_SECONDS, round(requests / WRK_EXPECTED_RATE))
                _wrk(url, questions, max(2, seconds // 10))
                result = _wrk(url, questions, seconds)
            else:
                asyncio.run(_httpx(url, questions, warm))
                result = asyncio.run(_httpx(url, questions, requests))
            rss = [r for r in (_peak_rss_mb(pid) for pid in sorted(pids)) if r is not None]
            result["peak_rss_per_worker_mb"] = max(rss) if rss else None
        finally:
            stop(server, 30)
    return {"workers": workers, "concurrency": CONCURRENCY, "path": path, **result}
