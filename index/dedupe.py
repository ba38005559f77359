"""Near-duplicate documents: MinHash over word shingles, computed once at index time.

A wire story carried by three outlets, lightly edited by each, is one source. Each article's
signature (64 minimum hashes of its 5-word shingles) is stored with it as a hex string — JSON,
no pickle — and two signatures agreeing in a share of positions estimate the Jaccard similarity
of the two shingle sets. Articles at or above `NEAR_DUPLICATE`, or from the same outlet, count
once (`independent_groups`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from urllib.parse import urlsplit

import numpy as np

from index.documents import Article

SHINGLE_WORDS = 5
PERMUTATIONS = 64
NEAR_DUPLICATE = 0.3  # estimated Jaccard of 5-word shingles: a copy with a tenth of its words edited, or
# half of it cut, is ~0.45; two reporters writing up one event share almost no 5-word window (< 0.05)
_rng = np.random.default_rng(20260515)  # fixed: signatures must match across processes and runs
_MASKS = _rng.integers(0, 1 << 63, PERMUTATIONS, dtype=np.uint64) * np.uint64(2)
_MULTIPLIERS = _rng.integers(0, 1 << 62, PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
_EMPTY = np.full(PERMUTATIONS, 0xFFFFFFFF, np.uint32)


def shingles(text: str) -> np.ndarray:
    """64-bit hashes of the article's overlapping 5-word windows (lower-cased words only, so
    punctuation and spacing edits do not count as differences)."""
    words = re.findall(r"\w+", text.lower())
    if not words:
        return np.zeros(0, np.uint64)
    windows = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
    return np.fromiter((int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little") for w in windows),
                       np.uint64, len(windows))


def signature(text: str) -> np.ndarray:
    """The MinHash signature: per permutation, the least multiply-shift hash ((x ^ mask) · odd) >> 32
    (mod 2**64) over the shingle hashes x."""
    x = shingles(text)
    if not len(x):
        return _EMPTY.copy()
    with np.errstate(over="ignore"):
        hashed = ((x[:, None] ^ _MASKS[None, :]) * _MULTIPLIERS[None, :]) >> np.uint64(32)
    return hashed.min(axis=0).astype(np.uint32)


def encode(sig: np.ndarray) -> str:
    return sig.astype(">u4").tobytes().hex()


def decode(stored: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(stored), ">u4").astype(np.uint32)


def with_signature(article: Article) -> Article:
    """`article` with its signature filled, as the index stores it."""
    return replace(article, signature=encode(signature(article.text)))


def signature_of(article: Article) -> np.ndarray:
    """The stored signature, or one computed now for articles indexed before signatures existed."""
    stored = getattr(article, "signature", None)
    return decode(stored) if stored else signature(article.text)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(a == b))


_LOCATION = re.compile(r"[/\\]|:\d+$|\[\d+\]$|^request$")  # where a file loader found it, not who published it


def outlet(article: Article) -> str | None:
    """Who published it: the site name from the page or feed, else the URL's host, else `source`
    when it names an outlet rather than the file the article was loaded from."""
    site = getattr(article, "site", None)
    if site:
        return re.sub(r"\s+", " ", site).strip().lower()
    if article.url:
        host = urlsplit(article.url).hostname or ""
        if host:
            return host.removeprefix("www.")
    if article.source and not _LOCATION.search(article.source):
        return re.sub(r"\s+", " ", article.source).strip().lower()
    return None


def independent_groups(doc_ids: Iterable[str], signature_for: Callable[[str], np.ndarray],
                       outlet_for: Callable[[str], str | None]) -> dict[str, int]:
    """doc_id → group number, where one group is one independent source: near-duplicate
    articles, and articles of one outlet, share a group (transitively)."""
    ids = list(dict.fromkeys(doc_ids))
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if not ids:
        return {}
    signatures = np.stack([signature_for(d) for d in ids])
    outlets = [outlet_for(d) for d in ids]
    # every pair's similarity at once (the same estimate as `similarity`)
    near = (signatures[:, None, :] == signatures[None, :, :]).mean(axis=2) >= NEAR_DUPLICATE
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if near[i, j] or (outlets[i] and outlets[i] == outlets[j]):
                parent[root(j)] = root(i)
    return {d: root(i) for i, d in enumerate(ids)}


def copies(doc_ids: Iterable[str], signature_for: Callable[[str], np.ndarray]) -> list[list[str]]:
    """Groups of two or more near-duplicate articles among `doc_ids` (the wire stories)."""
    groups = independent_groups(doc_ids, signature_for, lambda _: None)
    by_root: dict[int, list[str]] = {}
    for d, g in groups.items():
        by_root.setdefault(g, []).append(d)
    return [members for members in by_root.values() if len(members) > 1]


BANDS = PERMUTATIONS // 2  # LSH: two signature rows per band; a pair at Jaccard 0.3 shares a band with p ≈ 0.95


class CopyIndex:
    """Finds an article's near-duplicates among all indexed articles without comparing it to each:
    articles sharing a band (two consecutive signature rows) are candidates, then checked."""

    def __init__(self, ids: list[str], signatures: np.ndarray) -> None:
        self.ids = ids
        self.row = {d: i for i, d in enumerate(ids)}
        self.signatures = signatures.reshape(len(ids), PERMUTATIONS).astype(np.uint32)
        wide = self.signatures.astype(np.uint64)
        self.keys = (wide[:, 0::2] << np.uint64(32)) | wide[:, 1::2]
        self.order = np.argsort(self.keys, axis=0, kind="stable")
        self.sorted = np.take_along_axis(self.keys, self.order, axis=0)
        self.empty = np.all(self.signatures == _EMPTY, axis=1)

    def copies_of(self, doc_id: str) -> list[str]:
        i = self.row.get(doc_id)
        if i is None or self.empty[i]:
            return []
        found: set[int] = set()
        for band in range(BANDS):
            column, key = self.sorted[:, band], self.keys[i, band]
            found.update(self.order[np.searchsorted(column, key, "left"):np.searchsorted(column, key, "right"), band].tolist())
        found.discard(i)
        return [self.ids[j] for j in sorted(found)
                if not self.empty[j] and similarity(self.signatures[i], self.signatures[j]) >= NEAR_DUPLICATE]
