"""Web archives (WARC, WARC.gz, e.g. CC-NEWS): each HTML response becomes an article."""

from __future__ import annotations

import hashlib
from pathlib import Path

from index.documents import Article
from index.errors import LoadError, NoArticle
from index.sources.html import article_from_html
from index.sources.raw import MAX_PAGE_BYTES

HTML_TYPES = ("text/html", "application/xhtml+xml")


def warc_articles(path: Path, doc_id: str) -> list[Article]:
    """Articles of the archive's successful HTML responses; pages without an article, oversized
    ones and other records are skipped (a crawl is mostly not articles)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    articles: list[Article] = []
    try:
        with Path(path).open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if record.http_headers.get_statuscode() != "200":
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                if not content_type.startswith(HTML_TYPES):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                data = record.content_stream().read(MAX_PAGE_BYTES + 1)
                if len(data) > MAX_PAGE_BYTES:
                    continue
                record_id = f"{doc_id}-{hashlib.sha1((url or str(len(articles))).encode()).hexdigest()[:12]}"
                try:
                    articles.append(article_from_html(data, record_id, f"{path}#{url}", url))
                except LoadError:
                    continue
    except ArchiveLoadFailed as exc:
        raise LoadError(f"{path}: not a readable WARC file ({str(exc)[:200]})") from None
    if not articles:
        raise NoArticle(f"{path}: no article in the archive's HTML responses")
    return articles
