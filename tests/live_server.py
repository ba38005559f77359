"""A real uvicorn serving the app over a copy of the seed index, for contract and client tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from service.processes import free_port, stop

REPO = Path(__file__).resolve().parent.parent


@contextmanager
def live_server(seed_index_dir: Path, workdir: Path, wait_ready: bool = True, **env_overrides: str):
    """Yield the base URL of `uvicorn service.api:create_app` on a free loopback port."""
    index_dir = workdir / "index"
    if not index_dir.exists():
        shutil.copytree(seed_index_dir, index_dir)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "SLACK_"))}
    env.update({"NEWSDESK_INDEX_DIR": str(index_dir), "HF_HUB_OFFLINE": "1",
                "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])), **env_overrides})
    log_path = workdir / f"server-{port}.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "uvicorn", "service.api:create_app", "--factory",
                                   "--host", "127.0.0.1", "--port", str(port)],
                                  cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            wanted = 200 if wait_ready else None
            while time.monotonic() < deadline:
                assert server.poll() is None, log_path.read_text()[-2000:]
                try:
                    status = httpx.get(f"{base}/readyz", timeout=2).status_code
                except httpx.TransportError:
                    status = None
                if status is not None and (wanted is None or status == wanted):
                    break
                time.sleep(0.2)
            else:
                raise AssertionError(log_path.read_text()[-2000:])
            yield base
        finally:
            stop(server, 15)
