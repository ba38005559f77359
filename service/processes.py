"""Child processes the service's own tools start (a server for `chaos` and `bench`)."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen, grace: float = 20.0) -> None:
    """SIGTERM, then SIGKILL if it has not exited after `grace` seconds; always reaped."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
