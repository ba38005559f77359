"""One writer at a time per index directory, across processes (`serve --workers N`, the Slack bot,
`newsdesk index`): an advisory fcntl lock on a file beside the snapshots. The lock is released
by the kernel when its holder dies, so a kill -9 never leaves the index locked."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".write.lock"


@contextmanager
def exclusive(index_dir: Path) -> Iterator[None]:
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK_FILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
