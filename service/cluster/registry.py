"""Where shard replicas say which manifest generation they serve; the ingress's /readyz reads it.

A plain class: deploy.py makes it a named Ray actor pinned to the ingress's node."""

from __future__ import annotations

import time

NAME = "newsdesk-shard-registry"
NAMESPACE = "newsdesk"
# A replica reports every poll; one silent this long is gone (its node was lost, or it was replaced).
STALE_SECONDS = 3.0


class Registry:
    def __init__(self) -> None:
        self._seen: dict[str, dict] = {}

    def report(self, status: dict) -> None:
        self._seen[status["replica"]] = {**status, "at": time.time()}

    def live(self) -> list[dict]:
        """Replicas heard from in the last STALE_SECONDS, by shard then replica."""
        now = time.time()
        alive = [{k: v for k, v in s.items() if k != "at"} for s in self._seen.values() if now - s["at"] < STALE_SECONDS]
        return sorted(alive, key=lambda s: (s["shard"], s["replica"]))
