"""The records that flow through ingest and are stored in the index.

Every span is `[start, end)` in characters of the original document text, so any quote the
service shows can be checked with `document.text[start:end]`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One article as loaded from a file or the API, before any processing."""

    doc_id: str
    title: str
    text: str
    published: str | None = None
    url: str | None = None
    source: str | None = None
    signature: str | None = None  # MinHash of its word shingles (index/dedupe.py), filled at index time

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything stored about the article changes."""
        return content_hash("\x1f".join([self.title, self.text, self.published or "", self.url or ""]))


@dataclass
class Sentence:
    """A sentence with what answering needs, computed once at index time.

    `tokens` rows are `[start, end, lemma, pos, dep, head]` with offsets relative to the
    sentence start and `head` an index into `tokens`; entity and noun-phrase spans are
    relative too, which keeps the stored JSON small.
    """

    doc_id: str
    start: int
    end: int
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    noun_phrases: list[tuple[int, int]] = field(default_factory=list)
    tokens: list[tuple[int, int, str, str, str, int]] = field(default_factory=list)
    heading: bool = False


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage; `sentences` is the `[first, last)` range of its document's sentences."""

    chunk_id: str
    doc_id: str
    start: int
    end: int
    sentences: tuple[int, int]
