"""An article from a web page: trafilatura for the body and metadata, htmldate for the dates.

The document's text is trafilatura's plain-text body (one paragraph a line) without the furniture
lines it lets through (index/sources/furniture.py); offsets are into that text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from index.documents import Article
from index.errors import NoArticle
from index.sources.furniture import without_furniture
from index.sources.language import detect, normalise
from index.sources.raw import decode

# Comments under an article are readers' words, not the article's: never indexed.
INCLUDE_COMMENTS = False
# trafilatura's tables hold figures news answers need (results, prices): kept.
INCLUDE_TABLES = True
# Tags longer than this are a page's description stuffed into a keywords field, not keywords.
MAX_KEYWORD_WORDS = 5
# Fewer words than this is a menu, a teaser or an error page, not an article.
MIN_ARTICLE_WORDS = 20
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def page_text(data: bytes | str) -> str:
    """The page as text, decoded with its declared charset when UTF-8 does not fit."""
    if isinstance(data, str):
        return data
    declared = _CHARSET.search(data[:4096])
    return decode(data, declared.group(1).decode("ascii") if declared else None)


def article_from_html(data: bytes | str, doc_id: str, source: str, url: str | None = None,
                      drop_furniture: bool = True) -> Article:
    """The page's article with its metadata; NoArticle when the page holds none (an index page).
    `drop_furniture=False` keeps trafilatura's text as it is (for measuring what the filter adds)."""
    from trafilatura import bare_extraction

    html = page_text(data)
    document = bare_extraction(html, url=url, with_metadata=True, include_comments=INCLUDE_COMMENTS,
                               include_tables=INCLUDE_TABLES)
    text = (document.text or "").strip() if document is not None else ""
    if drop_furniture:
        text = without_furniture(text)
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise NoArticle(f"{source}: no article text found in the page ({len(text.split())} words of text)")
    canonical = document.url or url
    published = document.date
    modified = _modified(html, published)
    site = document.sitename or document.hostname or (urlsplit(canonical).hostname if canonical else None)
    keywords = [k.strip() for k in [*(document.categories or []), *(document.tags or [])]
                if k and k.strip() and len(k.split()) <= MAX_KEYWORD_WORDS]
    return Article(
        doc_id=doc_id, title=(document.title or "").strip() or text.splitlines()[0][:200], text=text,
        published=published, url=canonical, source=source, author=document.author or None, site=site,
        language=normalise(document.language) or detect(text), modified=modified,
        keywords=tuple(dict.fromkeys(keywords)),
    )


def _modified(html: str, published: str | None) -> str | None:
    """The page's last-modified date (htmldate's newest date), when later than `published`."""
    from htmldate import find_date

    try:
        newest = find_date(html, original_date=False, extensive_search=False)
    except Exception:  # htmldate on malformed markup: no modified date rather than no article
        return None
    return newest if newest and (published is None or newest > published) else None
