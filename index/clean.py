"""Find the parts of an article worth indexing, without changing the text.

Cleaning never rewrites the document: it returns the `[start, end)` spans of the lines to keep,
so every offset computed later still points into the original text.
"""

from __future__ import annotations

import re

# Site furniture that news pages append to articles: comment widgets, sign-offs, contact and
# subscription lines, disclaimers. Generic to web news, not to any corpus.
BOILERPLATE = re.compile(
    r"""^(?:
        (?:no|\d+|recent|leave\ a|post\ a|add\ a|view|show)\s+comments?\b.*
      | comments?\s*(?:\(\d+\))?:?
      | thanks?\ (?:you\ )?for\ (?:viewing|reading|visiting|watching)\b.*
      | disclaimer\b.*
      | (?:need\ to\ )?contact\ us\b.*
      | (?:e-?mail|write\ to|reach)\ us\b.*
      | .*\b(?:subscribe\ to\ our|sign\ up\ for\ our|follow\ us\ on|share\ this|click\ here|all\ rights\ reserved|cookie\ policy)\b.*
      | (?:advertisement|sponsored(?:\ content)?|related(?:\ articles|\ stories|\ posts)?|read\ more|see\ also)\s*:?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
# Boilerplate lines are short. Longer lines are never tested against the patterns above: the
# e-mail pattern backtracks over `[\w.+-]+` from every start, quadratic on a long "a.a.a…" run.
BOILERPLATE_MAX_CHARS = 300
EMAIL_MAX_WORDS = 15
SENTENCE_END = re.compile(r"""[.!?…"”’)\]]\s*$""")


def _lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as spans with surrounding whitespace trimmed."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        if line.strip():
            start = match.start() + len(line) - len(line.lstrip())
            end = match.end() - (len(line) - len(line.rstrip()))
            spans.append((start, end))
    return spans


def _is_boilerplate(line: str) -> bool:
    if len(line) > BOILERPLATE_MAX_CHARS:
        return False
    if BOILERPLATE.match(line):
        return True
    return "@" in line and len(line.split()) < EMAIL_MAX_WORDS and bool(EMAIL.search(line))


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 8 or bool(SENTENCE_END.search(line))


def kept_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines to index: no boilerplate, no repeated lines, no trailing footer."""
    kept: list[tuple[int, int]] = []
    seen: set[str] = set()
    for start, end in _lines(text):
        line = text[start:end]
        key = re.sub(r"\W+", " ", line).strip().lower()
        if _is_boilerplate(line) or key in seen:
            continue
        seen.add(key)
        kept.append((start, end))
    # A page's tail of short, unpunctuated lines (section links, site names, widget titles)
    # comes after the last line of prose.
    while kept and not _is_prose(text[kept[-1][0]:kept[-1][1]]):
        kept.pop()
    return kept


def kept_blocks(text: str) -> list[tuple[int, int]]:
    """Kept lines merged into maximal runs that are contiguous in the original text."""
    blocks: list[tuple[int, int]] = []
    for start, end in kept_lines(text):
        if blocks and not text[blocks[-1][1]:start].strip():
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
    return blocks
