"""Merging segments: a size-tiered policy, and the merge itself.

Segments fall into tiers by size (tier t holds segments of MERGE_FACTOR**t to
MERGE_FACTOR**(t+1) - 1 chunks). When a tier holds MERGE_FACTOR segments they are merged into
one of the next tier, so each chunk is rewritten about log_MERGE_FACTOR(N) times over the
life of an index and the number of segments stays logarithmic. A segment that has lost more
than MAX_DELETED_SHARE of its documents to tombstones joins the next merge of its tier.
`newsdesk index --optimize` merges everything into one segment.
"""

from __future__ import annotations

import math

import numpy as np

from index.lexical import Postings
from index.manifest import Manifest
from index.segment import ProcessedDocument, Segment

MERGE_FACTOR = 10
MAX_DELETED_SHARE = 0.5


def tier(chunks: int) -> int:
    return int(math.log(max(chunks, 1), MERGE_FACTOR))


def pick_merge(manifest: Manifest) -> list[str]:
    """Names of the segments to merge now (the smallest full tier), or [] when none is due."""
    tiers: dict[int, list[str]] = {}
    for entry in manifest.segments:
        tiers.setdefault(tier(entry.chunks), []).append(entry.name)
    for level in sorted(tiers):
        names = tiers[level]
        if len(names) >= MERGE_FACTOR:
            return names
    wasted = [e.name for e in manifest.segments if e.documents and
              len(manifest.tombstones(e.name)) > MAX_DELETED_SHARE * e.documents]
    return wasted if wasted else []


def merged_documents(segments: list[Segment], manifest: Manifest) -> tuple[list[ProcessedDocument], Postings]:
    """The live documents of `segments` in order, and their postings merged without re-tokenizing."""
    documents: list[ProcessedDocument] = []
    parts = []
    offset = 0
    for segment in segments:
        dead = manifest.tombstones(segment.name)
        alive = np.array([a.doc_id not in dead for a in segment.articles], dtype=bool)
        chunk_live = alive[segment.chunk_doc] if len(segment.chunks) else np.zeros(0, bool)
        row_map = np.full(len(segment.chunks), -1, dtype=np.int64)
        live_rows = np.flatnonzero(chunk_live)
        row_map[live_rows] = np.arange(offset, offset + len(live_rows))
        offset += len(live_rows)
        parts.append((segment.postings, row_map))
        documents.extend(p for p in segment.documents() if p.article.doc_id not in dead)
    return documents, Postings.merge(parts)
