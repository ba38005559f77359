"""Quotation marks read by the side they stand on, shared by the candidate extractors (which quoted
words a sentence holds) and the sentence step (whether a sentence continues a quotation opened
before it in its paragraph). Text only: no parse."""

from __future__ import annotations

import re

MARK = re.compile(r"[“”\"]")
OPENS_AFTER = " \t\n(:–—-"  # a straight mark after these (or at the start) opens a quotation


def mark_sides(text: str) -> list[tuple[int, str]]:
    """Each quotation mark of the text with the side it stands on: “ opens and ” closes; a straight
    " opens after the start, a space or an opening bracket or dash and before a non-space, and
    closes after a non-space; one between spaces says neither and is left out."""
    sides = []
    for m in MARK.finditer(text):
        at, mark = m.start(), m.group()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if mark == "“" or (mark == '"' and before in OPENS_AFTER and not after.isspace()):
            sides.append((at, "open"))
        elif mark == "”" or (mark == '"' and not before.isspace()):
            sides.append((at, "close"))
    return sides


def left_open(text: str) -> bool:
    """Whether the text's last quotation mark opens one ('Mr Asplin said: "We tried hard. '): what
    follows it in the same paragraph is still quoted."""
    sides = mark_sides(text)
    return bool(sides) and sides[-1][1] == "open"


def continues_quotation(document: str, start: int) -> bool:
    """Whether the sentence starting at `start` of `document` is inside a quotation opened earlier in
    its paragraph (the text since the last line break leaves a quotation open)."""
    paragraph = document.rfind("\n", 0, start) + 1
    return left_open(document[paragraph:start])
