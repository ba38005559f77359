"""Segments to shards: every replica of every shard computes the same split from the manifest alone."""

from __future__ import annotations

from collections.abc import Sequence

from index.manifest import SegmentEntry


def assign(segments: Sequence[SegmentEntry], shards: int) -> list[list[str]]:
    """Segment names per shard, balanced by chunk count: largest segment first, each to the shard
    holding the fewest chunks so far (the lower shard number on a tie). Deterministic for a
    manifest: it depends on names and sizes only, not on the order segments were listed in."""
    if shards < 1:
        raise ValueError("shards must be at least 1")
    load = [0] * shards
    names: list[list[str]] = [[] for _ in range(shards)]
    for entry in sorted(segments, key=lambda e: (-e.chunks, e.name)):
        target = min(range(shards), key=lambda s: (load[s], s))
        names[target].append(entry.name)
        load[target] += entry.chunks
    return names
