"""Newsroom XML: recognise the format by its root element and hand it to its reader."""

from __future__ import annotations

from lxml import etree

from index.documents import Article
from index.errors import LoadError
from index.sources.newsml import newsml_articles
from index.sources.nitf import nitf_article
from index.sources.xmltree import PARSER, local


def xml_articles(data: bytes, doc_id: str, source: str) -> list[Article]:
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        raise LoadError(f"{source}: invalid XML ({exc})") from None
    kind = local(root)
    if kind == "nitf":
        return [nitf_article(root, doc_id, source)]
    if kind in {"newsItem", "newsMessage", "packageItem"}:
        return newsml_articles(root, doc_id, source)
    raise LoadError(f"{source}: XML with root <{kind}> is neither NITF nor NewsML-G2")
