"""RSS and Atom feeds (feedparser): the items, with what dedupe and updates need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from index.errors import LoadError


@dataclass(frozen=True)
class FeedItem:
    guid: str  # the item's id, else its link, else its title
    link: str | None
    title: str
    published: str | None  # ISO
    updated: str | None  # ISO; a change means a new version of the item
    content: str  # the feed's own text of the item (content:encoded or summary), HTML allowed
    author: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    title: str | None
    items: list[FeedItem]


def parse_feed(data: bytes, where: str) -> Feed:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        raise LoadError(f"{where}: not an RSS or Atom feed ({str(parsed.get('bozo_exception', 'no items'))[:200]})")
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        guid = entry.get("id") or link or entry.get("title")
        if not guid:
            continue
        content = next((c.get("value") for c in entry.get("content", []) if c.get("value")), None) or entry.get("summary", "")
        items.append(FeedItem(
            guid=str(guid), link=link, title=(entry.get("title") or "").strip(),
            published=_iso(dict.get(entry, "published_parsed")), updated=_iso(dict.get(entry, "updated_parsed")),  # no feedparser fallback to published
            content=content or "", author=entry.get("author"),
            tags=tuple(t.get("term") for t in entry.get("tags", []) if t.get("term")),
        ))
    return Feed(parsed.feed.get("title"), items)


def _iso(parsed) -> str | None:
    if not parsed:
        return None
    return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")
