"""Feed ingest: new items indexed once, updated items replace their older version.

Dedupe by GUID, by canonical URL (one story under two GUIDs) and by content hash (one text under
two URLs). What was seen is kept beside the index in `feeds.json` (written atomically): the
feed's and each page's ETag / Last-Modified, so an unchanged feed costs one 304 and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from index.documents import Article, content_hash
from index.errors import LoadError
from index.sources.feeds import FeedItem, parse_feed
from index.sources.fetch import Fetcher
from index.sources.html import article_from_html
from index.sources.raw import MAX_PAGE_BYTES, read_bytes

STATE_FILE = "feeds.json"


@dataclass
class FeedReport:
    feeds: int = 0
    unchanged_feeds: int = 0  # answered 304: nothing else fetched
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged_items: int = 0
    duplicates: int = 0
    pages_fetched: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.feeds} feeds ({self.unchanged_feeds} unchanged): added {len(self.added)}, replaced "
                f"{len(self.replaced)}, unchanged {self.unchanged_items}, duplicates {self.duplicates} items; "
                f"{self.pages_fetched} pages fetched; {len(self.problems)} problems")


class FeedState:
    def __init__(self, path: Path) -> None:
        self.path = path
        data = json.loads(path.read_text()) if path.exists() else {}
        self.feeds: dict[str, dict] = data.get("feeds", {})
        self.items: dict[str, dict] = data.get("items", {})

    def doc_for_url(self, url: str | None) -> str | None:
        return next((i["doc_id"] for i in self.items.values() if url and i.get("url") == url), None)

    def guid_for_hash(self, digest: str) -> str | None:
        return next((g for g, i in self.items.items() if i.get("hash") == digest), None)

    def save(self) -> None:
        tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}")
        tmp.write_text(json.dumps({"feeds": self.feeds, "items": self.items}, indent=1))
        with tmp.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, self.path)


def _is_url(value: str | None) -> bool:
    return bool(value) and value.lower().startswith(("http://", "https://"))


def ingest_feeds(indexer, feeds: list[str], fetcher: Fetcher | None = None, progress: bool = False) -> FeedReport:
    """Index the new and updated items of `feeds` (URLs or local files) into `indexer`."""
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    state = FeedState(indexer.index_dir / STATE_FILE)
    report = FeedReport()
    articles: dict[str, Article] = {}
    try:
        for feed in feeds:
            report.feeds += 1
            try:
                data = _feed_bytes(feed, state, fetcher)
            except LoadError as exc:
                report.problems.append(str(exc))
                continue
            if data is None:
                report.unchanged_feeds += 1
                continue
            try:
                parsed = parse_feed(data, feed)
            except LoadError as exc:
                report.problems.append(str(exc))
                continue
            for item in parsed.items:
                article = _item_article(item, feed, state, fetcher, report, parsed.title)
                if article is not None:
                    articles[article.doc_id] = article
        if articles:
            ingest = indexer.add(list(articles.values()), progress)
            report.added += ingest.added
            report.replaced += ingest.replaced
            report.unchanged_items += len(ingest.unchanged)
        indexer.index_dir.mkdir(parents=True, exist_ok=True)
        state.save()  # after the index write: a crash in between only means fetching again
    finally:
        if own:
            fetcher.close()
    return report


def _feed_bytes(feed: str, state: FeedState, fetcher: Fetcher) -> bytes | None:
    """The feed's bytes, or None when the server says it has not changed (304)."""
    if not _is_url(feed):
        return read_bytes(Path(feed), MAX_PAGE_BYTES)
    seen = state.feeds.get(feed, {})
    fetched = fetcher.get(feed, seen.get("etag"), seen.get("last_modified"))
    if fetched.status == 304:
        return None
    state.feeds[feed] = {"etag": fetched.etag, "last_modified": fetched.last_modified}
    return fetched.body


def _item_article(item: FeedItem, feed: str, state: FeedState, fetcher: Fetcher, report: FeedReport,
                  feed_title: str | None) -> Article | None:
    known = state.items.get(item.guid)
    version = item.updated or item.published
    if known is not None and known.get("version") == version:
        report.unchanged_items += 1
        return None
    doc_id = known["doc_id"] if known else f"feed-{hashlib.sha1(item.guid.encode()).hexdigest()[:16]}"
    validators: dict = {}
    try:
        if _is_url(item.link):
            fetched = fetcher.get(item.link, (known or {}).get("etag"), (known or {}).get("last_modified"))
            if fetched.status == 304:
                state.items[item.guid] = {**known, "version": version}
                report.unchanged_items += 1
                return None
            report.pages_fetched += 1
            validators = {"etag": fetched.etag, "last_modified": fetched.last_modified}
            article = article_from_html(fetched.body, doc_id, item.link, fetched.url)
        elif item.content.strip():
            article = article_from_html(f"<html><body><article>{item.content}</article></body></html>", doc_id, feed, item.link)
        else:
            raise LoadError(f"{feed}: item {item.guid[:100]!r} has neither a page link nor content")
    except LoadError as exc:
        report.problems.append(str(exc))
        return None
    canonical = article.url or item.link
    if known is None and (same_story := state.doc_for_url(canonical)):
        doc_id = same_story  # one story under a second GUID: it replaces, not duplicates
        article = replace(article, doc_id=doc_id)
    digest = content_hash(article.text)
    twin = state.guid_for_hash(digest)
    if twin is not None and twin != item.guid and state.items[twin]["doc_id"] != doc_id:
        report.duplicates += 1
        return None
    state.items[item.guid] = {"doc_id": doc_id, "url": canonical, "hash": digest, "version": version, **validators}
    return replace(article, title=item.title or article.title, published=item.published or article.published,
                   modified=item.updated if item.updated and item.updated != item.published else article.modified,
                   author=article.author or item.author, keywords=article.keywords or item.tags,
                   site=article.site or feed_title)
