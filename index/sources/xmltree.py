"""Reading newsroom XML: the safe parser and the element lookups the NITF and NewsML-G2 readers share."""

from __future__ import annotations

from lxml import etree

# No network, no entity expansion: wire XML is data, not a program.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def local(element) -> str:
    """Tag name without its namespace."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def texts(root, path: str) -> list[str]:
    """Whitespace-collapsed text of each element matching `path` (local names, `//a/b`)."""
    steps = "/".join(f"*[local-name()='{name}']" for name in path.strip("/").split("/"))
    return [" ".join("".join(e.itertext()).split()) for e in root.xpath(f".//{steps}")]


def first(root, path: str) -> str | None:
    return next((t for t in texts(root, path) if t), None)


def attribute(root, path: str, name: str) -> str | None:
    steps = "/".join(f"*[local-name()='{step}']" for step in path.strip("/").split("/"))
    found = root.xpath(f".//{steps}/@{name}")
    return str(found[0]) if found else None


def paragraphs(body) -> str:
    """Block elements of a body as lines: headings and paragraphs keep their order."""
    blocks = [" ".join("".join(e.itertext()).split())
              for e in body.iter() if local(e) in {"p", "hl2", "h1", "h2", "h3", "li", "blockquote", "td"}]
    return "\n".join(b for b in blocks if b)
