"""One writer per index directory across processes: an fcntl lock on `<index>/write.lock`.

The OS drops the lock when its holder dies (even by SIGKILL), so a crashed writer never blocks
the next one. The holder's pid is written into the file, for the waiting writer's message only.
Readers never take it.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

LOCK_FILE = "write.lock"
WAIT_SECONDS = 120.0
POLL_SECONDS = 0.05


class IndexBusy(TimeoutError):
    """Another process kept the index's write lock for longer than we were willing to wait."""


def _holder(handle) -> str:
    try:
        handle.seek(0)
        pid = handle.read().strip()
        return f"process {pid}" if pid else "another process"
    except OSError:
        return "another process"


@contextmanager
def write_lock(index_dir: Path, timeout: float = WAIT_SECONDS, create: bool = True) -> Iterator[None]:
    """Hold the index's write lock for the block; wait up to `timeout` seconds for it. With
    `create=False` (background maintenance) a missing directory or lock file raises
    FileNotFoundError instead of being created: nothing to maintain, and a directory being
    removed is not brought back."""
    index_dir = Path(index_dir)
    if create:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / LOCK_FILE, "a+")
    else:
        handle = os.fdopen(os.open(index_dir / LOCK_FILE, os.O_RDWR | os.O_APPEND), "a+")
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"the index at {index_dir} is being written by {_holder(handle)}; "
                                    f"gave up after {timeout:.0f} s, retry later") from None
                time.sleep(POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
