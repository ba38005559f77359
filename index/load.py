"""Load articles from .txt, .md, .json, .jsonl and .html files."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from index.documents import Article, content_hash

SUPPORTED_SUFFIXES = {".txt", ".md", ".json", ".jsonl", ".html", ".htm"}

TITLE_MAX_CHARS = 200


class LoadError(ValueError):
    """A file or record that cannot become an article; the message says which and why."""


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise LoadError(f"{path}: unsupported file type {path.suffix!r} (use {', '.join(sorted(SUPPORTED_SUFFIXES))})")
            yield path
        else:
            raise LoadError(f"{path}: no such file or directory")


def load_paths(paths: Iterable[Path]) -> list[Article]:
    articles: list[Article] = []
    for path in iter_files(paths):
        articles.extend(load_file(path))
    return articles


def load_file(path: Path) -> list[Article]:
    suffix = path.suffix.lower()
    raw = path.read_text(encoding="utf-8", errors="replace")
    if suffix in {".txt", ".md"}:
        return [Article(doc_id=path.stem, title=first_line_title(raw, markdown=suffix == ".md"), text=raw, source=str(path))]
    if suffix in {".html", ".htm"}:
        title, text, published = html_main_text(raw)
        return [Article(doc_id=path.stem, title=title or first_line_title(text), text=text, published=published, source=str(path))]
    if suffix == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise LoadError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
        records = data if isinstance(data, list) else [data]
        single = len(records) == 1
        return [article_from_record(r, f"{path}[{i}]", default_id=path.stem if single else None) for i, r in enumerate(records)]
    # .jsonl: one article per line
    articles = []
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LoadError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from None
        articles.append(article_from_record(record, f"{path}:{lineno}"))
    return articles


def article_from_record(record: object, where: str, default_id: str | None = None) -> Article:
    """An article from a JSON object with `text` and optional `doc_id`, `title`, `published`, `url`.

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
    return Article(
        doc_id=safe_doc_id(str(doc_id)),
        title=str(title).strip(),
        text=text,
        published=_optional_str(record.get("published") or record.get("publish_date")),
        url=_optional_str(record.get("url")),
        source=where,
    )


def safe_doc_id(doc_id: str) -> str:
    """Ids end up in URLs (`/documents/{doc_id}`): keep them to a URL-safe alphabet."""
    cleaned = re.sub(r"[^A-Za-z0-9_.:-]+", "_", doc_id.strip()).strip("_")
    if not cleaned:
        raise LoadError(f"doc_id {doc_id[:50]!r} has no usable characters")
    return cleaned[:200]


def first_line_title(text: str, markdown: bool = False) -> str:
    """The first non-blank line, cut to TITLE_MAX_CHARS (a title is repeated in every passage)."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            title = line.lstrip("#").strip() if markdown else line
            return title if len(title) <= TITLE_MAX_CHARS else title[: TITLE_MAX_CHARS - 1].rstrip() + "…"
    return ""


def _optional_str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


class _MainText(HTMLParser):
    """Collects the readable blocks of a page, preferring <article> or <main> over the rest."""

    SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg", "button", "iframe"}
    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "section", "article", "main", "br", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.main_depth = 0
        self.title = ""
        self.published: str | None = None
        self._in_title = False
        self.all_blocks: list[str] = []
        self.main_blocks: list[str] = []
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag in {"article", "main"}:
            self._flush()
            self.main_depth += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "meta" and attrs.get("property") in {"article:published_time", "og:published_time"}:
            self.published = attrs.get("content")
        elif tag == "time" and attrs.get("datetime") and not self.published:
            self.published = attrs.get("datetime")
        if tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "title":
            self._in_title = False
        if tag in self.BLOCKS:
            self._flush()
        if tag in {"article", "main"}:
            self.main_depth = max(0, self.main_depth - 1)

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self.skip_depth:
            self._buffer.append(data)

    def _flush(self) -> None:
        block = re.sub(r"\s+", " ", "".join(self._buffer)).strip()
        self._buffer = []
        if block:
            self.all_blocks.append(block)
            if self.main_depth:
                self.main_blocks.append(block)


def html_main_text(html: str) -> tuple[str, str, str | None]:
    """(title, text, published) of a page; the text is the page's readable blocks, one per line."""
    parser = _MainText()
    parser.feed(html)
    parser.close()
    parser._flush()
    blocks = parser.main_blocks or parser.all_blocks
    return parser.title.strip(), "\n".join(blocks), parser.published
