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
    author: str | None = None
    site: str | None = None  # the publication's name ("Reuters") or, failing that, the URL's host
    language: str | None = None  # ISO 639-1, from the metadata or detected from the text
    modified: str | None = None  # last update (ISO), when the source says
    keywords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.keywords, tuple):  # JSON gives lists
            object.__setattr__(self, "keywords", tuple(self.keywords or ()))

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything stored about the article changes."""
        parts = [self.title, self.text, self.published or "", self.url or ""]
        extras = [self.author or "", self.site or "", self.language or "", self.modified or "", "\x1e".join(self.keywords)]
        if any(extras):  # articles without the newer metadata keep the fingerprint they always had
            parts += extras
        return content_hash("\x1f".join(parts))


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
