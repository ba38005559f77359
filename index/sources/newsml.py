"""IPTC NewsML-G2 news items: headline, byline, body (inline XHTML or NITF), dates, keywords.

A `newsMessage` may carry several items; each text item becomes an article, others are skipped.
"""

from __future__ import annotations

from index.documents import Article
from index.errors import NoArticle
from index.sources.language import normalise
from index.sources.records import safe_doc_id
from index.sources.xmltree import attribute, first, local, paragraphs, texts


def newsml_articles(root, doc_id: str, source: str) -> list[Article]:
    items = [root] if local(root) == "newsItem" else [e for e in root.iter() if local(e) == "newsItem"]
    articles = []
    for i, item in enumerate(items):
        article = _item(item, doc_id if len(items) == 1 else f"{doc_id}-{i + 1}", source)
        if article is not None:
            articles.append(article)
    if not articles:
        raise NoArticle(f"{source}: NewsML-G2 without a text item")
    return articles


def _item(item, doc_id: str, source: str) -> Article | None:
    bodies = [e for e in item.iter() if local(e) == "inlineXML"]
    text = "\n".join(paragraphs(b) for b in bodies).strip()
    if not text:
        return None
    guid = item.get("guid")
    meta = next((e for e in item if local(e) == "contentMeta"), item)
    keywords = texts(meta, "keyword") + texts(meta, "subject/name")
    language = next((e.get("tag") for e in meta.iter() if local(e) == "language"), None) or item.get(
        "{http://www.w3.org/XML/1998/namespace}lang")
    return Article(
        doc_id=safe_doc_id(guid.rsplit(":", 1)[-1]) if guid else doc_id,
        title=first(meta, "headline") or text.splitlines()[0], text=text, source=source,
        author=first(meta, "by") or first(meta, "creator/name") or None,
        published=first(meta, "contentCreated") or first(item, "firstCreated") or first(item, "versionCreated"),
        modified=first(meta, "contentModified") or first(item, "versionCreated"),
        site=first(item, "provider/name") or attribute(item, "provider", "literal") or attribute(item, "provider", "qcode"),
        language=normalise(language), keywords=tuple(dict.fromkeys(k for k in keywords if k)),
    )
