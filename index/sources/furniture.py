"""Site furniture that survives extraction: subscription prompts, newsletter and app plugs,
copyright and affiliate notices, cookie lines. Generic to web news, not to any site or corpus.

A line is dropped only when it is short: a long paragraph that mentions a newsletter is prose.
Measured on the development pages (README, "Real news in"): precision 0.908 → 0.933 for recall
0.954 → 0.946.
"""

from __future__ import annotations

import re

from index.clean import BOILERPLATE, EMAIL

# Longer lines than this are article prose even when they match.
MAX_FURNITURE_WORDS = 40
# A contact line with an e-mail address is furniture when shorter than this.
MAX_CONTACT_WORDS = 15
FURNITURE = re.compile(r"""
  \b(?:subscribe\ (?:now|today|to)|subscribers?\b.*\blog\ ?in|sign\ up\ (?:to|for|now)|newsletter
     |download\ (?:the|our)\b.*\bapps?\b|follow\ (?:us|the\ \w+)\ on\b|copyright(?:ed)?\b|©|all\ rights\ reserved
     |written\ permission|never\ miss\ the\ latest|cookie|privacy\ policy|terms\ of\ (?:use|service)
     |contact\ us\ at|advertis(?:e|ing)\ with\ us|this\ post\ contains\ (?:references|affiliate)
     |we\ (?:may\ )?(?:earn|receive)\ (?:a\ )?commission|we\ recommend\ the\ best\ products)\b""",
    re.IGNORECASE | re.VERBOSE)


def is_furniture(line: str) -> bool:
    line = line.strip()
    words = len(line.split())
    if BOILERPLATE.match(line) or (EMAIL.search(line) and words < MAX_CONTACT_WORDS):
        return True
    return bool(FURNITURE.search(line)) and words <= MAX_FURNITURE_WORDS


def without_furniture(text: str) -> str:
    """`text` without its furniture lines (one paragraph a line, as trafilatura writes it)."""
    return "\n".join(line for line in text.split("\n") if not is_furniture(line))
