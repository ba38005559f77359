"""Load articles from files: dispatches each file to its reader in `index/sources/`.

Accepted: .txt .md .json .jsonl .html .htm .xml (NITF, NewsML-G2) .warc, each optionally gzipped
(`.html.gz`, `.jsonl.gz`, `.warc.gz`). One bad file never stops a folder: `load_report` returns
the articles of the good files and one message per file it could not use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from index.documents import Article
from index.errors import LoadError, NoArticle
from index.sources.language import detect
from index.sources.raw import MAX_PAGE_BYTES, MAX_RECORDS_BYTES, decode, logical_suffix, read_bytes
from index.sources.records import (article_from_record as _record, first_line_title, json_articles,
                                   jsonl_articles, safe_doc_id, text_article)

__all__ = ["LoadError", "NoArticle", "LoadReport", "SUPPORTED_SUFFIXES", "article_from_record", "first_line_title",
           "iter_files", "load_file", "load_paths", "load_report", "safe_doc_id", "html_main_text"]

SUPPORTED_SUFFIXES = {".txt", ".md", ".json", ".jsonl", ".html", ".htm", ".xml", ".warc"}


@dataclass
class LoadReport:
    """What a load found: the articles, and per unusable file why (no article, too large, invalid)."""

    articles: list[Article] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    no_article: int = 0  # of the problems, pages that held no article


def _supported(path: Path) -> bool:
    return logical_suffix(path) in SUPPORTED_SUFFIXES


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and _supported(p))
        elif path.is_file():
            if not _supported(path):
                raise LoadError(f"{path}: unsupported file type {path.suffix!r} (use {', '.join(sorted(SUPPORTED_SUFFIXES))}, optionally .gz)")
            yield path
        else:
            raise LoadError(f"{path}: no such file or directory")


def load_paths(paths: Iterable[Path]) -> list[Article]:
    """All articles of `paths`; the first unusable file raises LoadError (see `load_report`)."""
    articles: list[Article] = []
    for path in iter_files(paths):
        articles.extend(load_file(path))
    return articles


def load_report(paths: Iterable[Path]) -> LoadReport:
    """All articles of the usable files under `paths`, and a message for each file that is not."""
    report = LoadReport()
    for path in iter_files(paths):
        try:
            report.articles.extend(load_file(path))
        except NoArticle as exc:
            report.problems.append(str(exc))
            report.no_article += 1
        except LoadError as exc:
            report.problems.append(str(exc))
    return report


def doc_id_for(path: Path) -> str:
    """`page.html.gz` → `page`."""
    name = path.name
    suffix = logical_suffix(path)
    stem = name[: name.lower().rindex(suffix)] if suffix and suffix in name.lower() else path.stem
    return safe_doc_id(stem or path.stem)


def load_file(path: Path) -> list[Article]:
    path = Path(path)
    suffix = logical_suffix(path)
    doc_id, source = doc_id_for(path), str(path)
    if suffix == ".warc":
        from index.sources.warc import warc_articles

        return [_with_language(a) for a in warc_articles(path, doc_id)]
    if suffix in {".html", ".htm"}:
        from index.sources.html import article_from_html

        return [article_from_html(read_bytes(path, MAX_PAGE_BYTES), doc_id, source)]
    if suffix == ".xml":
        from index.sources.xml import xml_articles

        return [_with_language(a) for a in xml_articles(read_bytes(path, MAX_PAGE_BYTES), doc_id, source)]
    raw = decode(read_bytes(path, MAX_RECORDS_BYTES))
    if suffix in {".txt", ".md"}:
        articles = [text_article(raw, doc_id, source, markdown=suffix == ".md")]
    elif suffix == ".json":
        articles = json_articles(raw, source, doc_id)
    else:
        articles = jsonl_articles(raw, source)
    return [_with_language(a) for a in articles]


def article_from_record(record: object, where: str, default_id: str | None = None) -> Article:
    """An article from a JSON object (see `index.sources.records`), its language detected when not given."""
    return _with_language(_record(record, where, default_id))


def _with_language(article: Article) -> Article:
    if article.language:
        return article
    from dataclasses import replace

    language = detect(article.text)
    return replace(article, language=language) if language else article


# -- the hand-written extractor newsdesk used before trafilatura: kept only as the baseline that
# service/evaluate_extraction.py compares against (it loses on precision; see README).

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
