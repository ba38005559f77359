"""Plain records: .txt and .md files, JSON objects (.json) and JSON lines (.jsonl)."""

from __future__ import annotations

import json
import re

from index.documents import Article, content_hash
from index.errors import LoadError
from index.sources.language import normalise

# Keys a JSON record may use for each field, first match wins.
RECORD_FIELDS = {
    "published": ("published", "publish_date", "date"),
    "author": ("author", "byline"),
    "site": ("site", "sitename", "source_name"),
    "modified": ("modified", "updated"),
}


def text_article(raw: str, doc_id: str, source: str, markdown: bool = False) -> Article:
    if not raw.strip():
        raise LoadError(f"{source}: empty file")
    return Article(doc_id=doc_id, title=first_line_title(raw, markdown=markdown), text=raw, source=source)


def json_articles(raw: str, where: str, default_id: str) -> list[Article]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LoadError(f"{where}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    records = data if isinstance(data, list) else [data]
    single = len(records) == 1
    return [article_from_record(r, f"{where}[{i}]", default_id=default_id if single else None) for i, r in enumerate(records)]


def jsonl_articles(raw: str, where: str) -> list[Article]:
    articles = []
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LoadError(f"{where}:{lineno}: invalid JSON ({exc.msg})") from None
        articles.append(article_from_record(record, f"{where}:{lineno}"))
    return articles


def article_from_record(record: object, where: str, default_id: str | None = None) -> Article:
    """An article from a JSON object with `text` and optional `doc_id`, `title`, `published`, `url`,
    `author`, `site`, `language`, `modified`, `keywords`.

    Without a `doc_id` the id is derived from the text, so loading the same content twice
    yields the same id and no duplicate.
    """
    if not isinstance(record, dict):
        raise LoadError(f"{where}: expected a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise LoadError(f"{where}: 'text' must be a non-empty string")
    doc_id = record.get("doc_id") or record.get("id") or default_id or f"doc-{content_hash(text)[:16]}"
    title = record.get("title") or first_line_title(text)
    keywords = record.get("keywords") or ()
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",")]
    values = {name: _optional_str(next((record.get(k) for k in keys if record.get(k)), None))
              for name, keys in RECORD_FIELDS.items()}
    return Article(
        doc_id=safe_doc_id(str(doc_id)),
        title=str(title).strip(),
        text=text,
        url=_optional_str(record.get("url")),
        source=where,
        language=normalise(_optional_str(record.get("language"))),
        keywords=tuple(str(k) for k in keywords if str(k).strip()) if isinstance(keywords, (list, tuple)) else (),
        **values,
    )


def safe_doc_id(doc_id: str) -> str:
    """Ids end up in URLs (`/documents/{doc_id}`): keep them to a URL-safe alphabet."""
    cleaned = re.sub(r"[^A-Za-z0-9_.:-]+", "_", doc_id.strip()).strip("_")
    if not cleaned:
        raise LoadError(f"doc_id {doc_id[:50]!r} has no usable characters")
    return cleaned[:200]


def first_line_title(text: str, markdown: bool = False) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line.lstrip("#").strip() if markdown else line
    return ""


def _optional_str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
