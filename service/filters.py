"""What a newsroom limits a question to: a publication period, sources, a language.

A `Filters` value turns into the set of documents allowed, then into a row mask over chunks that
retrieval applies inside BM25 and FAISS search, before fusion (service/retrieve.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import numpy as np

from index.dates import published
from index.sources.language import normalise
from index.store import Snapshot


@dataclass(frozen=True)
class Filters:
    since: date | None = None  # published on or after
    until: date | None = None  # published on or before
    sources: tuple[str, ...] = ()  # site names or web hosts ("Reuters", "bbc.co.uk")
    language: str | None = None  # ISO 639-1

    @classmethod
    def of(cls, since: date | None = None, until: date | None = None, sources: Iterable[str] | None = None,
           language: str | None = None) -> "Filters":
        wanted = tuple(dict.fromkeys(s.strip().lower() for s in sources or () if s and s.strip()))
        return cls(since, until, wanted, normalise(language) if language else None)

    @property
    def active(self) -> bool:
        return bool(self.since or self.until or self.sources or self.language)

    def matches(self, snapshot: Snapshot, doc_id: str) -> bool:
        article = snapshot.documents[doc_id]
        if self.language and article.language != self.language:
            return False
        if self.sources and not (source_names(article.site, article.url) & set(self.sources)):
            return False
        if self.since or self.until:
            day = published(snapshot, doc_id)
            if day is None or (self.since and day < self.since) or (self.until and day > self.until):
                return False
        return True

    def doc_ids(self, snapshot: Snapshot, among: Collection[str] | None = None) -> list[str]:
        pool = snapshot.documents if among is None else [d for d in among if d in snapshot.documents]
        return [d for d in pool if self.matches(snapshot, d)]

    def describe(self) -> str:
        parts = []
        if self.since and self.until:
            parts.append(f"published between {self.since.isoformat()} and {self.until.isoformat()}")
        elif self.since:
            parts.append(f"published on or after {self.since.isoformat()}")
        elif self.until:
            parts.append(f"published on or before {self.until.isoformat()}")
        if self.sources:
            parts.append(f"from {', '.join(self.sources)}")
        if self.language:
            parts.append(f"in language {self.language!r}")
        return " ".join(parts)


def source_names(site: str | None, url: str | None) -> set[str]:
    """Names a document answers to as a source: its site name and its web host, with and without
    `www.`, and every parent domain of the host (`news.bbc.co.uk` answers to `bbc.co.uk`)."""
    names = {site.strip().lower()} if site else set()
    host = (urlsplit(url).hostname or "") if url else ""
    labels = host.lower().removeprefix("www.").split(".") if host else []
    names.update(".".join(labels[i:]) for i in range(len(labels) - 1))
    return names


def why_nothing(snapshot: Snapshot, filters: Filters) -> str:
    """Why no document passes: says when the period lies after (or before) everything indexed."""
    dates = [d for d in (published(snapshot, doc_id) for doc_id in snapshot.documents) if d is not None]
    if filters.since and dates and filters.since > max(dates):
        return (f"no indexed article was published on or after {filters.since.isoformat()} "
                f"(the newest is from {max(dates).isoformat()})")
    if filters.until and dates and filters.until < min(dates):
        return (f"no indexed article was published on or before {filters.until.isoformat()} "
                f"(the oldest is from {min(dates).isoformat()})")
    return f"no indexed article matches the filters ({filters.describe()})"


def chunk_mask(snapshot: Snapshot, doc_ids: Iterable[str]) -> np.ndarray:
    """Boolean mask over `snapshot.chunks`: True for chunks of `doc_ids`."""
    mask = np.zeros(len(snapshot.chunks), dtype=bool)
    for doc_id in doc_ids:
        mask[snapshot.chunks_by_doc.get(doc_id, [])] = True
    return mask


_FILTER_WORD = re.compile(r"(?<!\S)(since|until|source|lang|language):(\S+)", re.IGNORECASE)


def filters_in_text(text: str) -> tuple[str, Filters]:
    """A chat message's filter words taken out: `since:2025-05-01 until:2025-05-31 source:reuters.com
    lang:en What did the ministry say?` → (the question, its Filters). ValueError on a bad date."""
    found: dict[str, list[str]] = {}
    for name, value in _FILTER_WORD.findall(text):
        found.setdefault(name.lower().replace("language", "lang"), []).append(value)
    question = " ".join(_FILTER_WORD.sub(" ", text).split())

    def day(name: str) -> date | None:
        if name not in found:
            return None
        try:
            return date.fromisoformat(found[name][-1])
        except ValueError:
            raise ValueError(f"{name}: needs a date like 2025-05-31") from None

    since, until = day("since"), day("until")
    if since and until and since > until:
        raise ValueError("since must not be after until")
    return question, Filters.of(since, until, found.get("source"), (found.get("lang") or [None])[-1])
