"""NITF (News Industry Text Format): headline, byline, body paragraphs, dates, keywords."""

from __future__ import annotations

from index.documents import Article
from index.errors import NoArticle
from index.sources.language import normalise
from index.sources.xmltree import attribute, first, local, paragraphs, texts
from index.sources.records import safe_doc_id


def nitf_date(value: str | None) -> str | None:
    """NITF's ISO 8601 basic form `20240305T143000Z` → `2024-03-05T14:30:00Z`; others as given."""
    if not value:
        return None
    value = value.strip()
    if len(value) >= 8 and value[:8].isdigit():
        day = f"{value[:4]}-{value[4:6]}-{value[6:8]}"
        rest = value[8:]
        if rest.startswith("T") and len(rest) >= 7 and rest[1:7].isdigit():
            return f"{day}T{rest[1:3]}:{rest[3:5]}:{rest[5:7]}{rest[7:]}"
        return day
    return value


def nitf_article(root, doc_id: str, source: str) -> Article:
    bodies = [e for e in root.iter() if local(e) == "body.content"]
    text = "\n".join(paragraphs(b) for b in bodies).strip()
    if not text:
        raise NoArticle(f"{source}: NITF without body text")
    headline = first(root, "hedline/hl1") or first(root, "head/title") or text.splitlines()[0]
    byline = first(root, "byline/person") or first(root, "byline")
    if byline and byline.lower().startswith("by "):
        byline = byline[3:].strip()
    keywords = [k for k in (e.get("key") for e in root.iter() if local(e) == "keyword") if k]
    keywords += [t for t in texts(root, "key-list/keyword") if t]
    stated_id = attribute(root, "docdata/doc-id", "id-string")
    return Article(
        doc_id=safe_doc_id(stated_id) if stated_id else doc_id,
        title=headline, text=text, source=source, author=byline or None,
        published=nitf_date(attribute(root, "docdata/date.issue", "norm") or attribute(root, "pubdata", "date.publication")),
        modified=nitf_date(attribute(root, "docdata/date.release", "norm")),
        url=attribute(root, "pubdata", "ex-ref"), site=attribute(root, "pubdata", "name") or attribute(root, "doc.copyright", "holder"),
        language=normalise(root.get("{http://www.w3.org/XML/1998/namespace}lang") or attribute(root, "head", "lang")),
        keywords=tuple(dict.fromkeys(keywords)),
    )
