"""The span reader's own answer as one more candidate (second_stage.py, the card's `propose`).

The candidate extractors (candidates.py) decide which spans the ranker may choose; when the answer's
words are none of them (a clause cut short, a title and a name the extractors split), re-ordering
cannot reach it. With `propose` on, the reader's best span in the sentence it read becomes a candidate
when no extracted candidate of that sentence covers it (holds its characters, or token F1 ≥ COVER_F1)
and the reader is sure of it: its start and end probabilities (log P(start) + log P(end), softmax over
the sentence and [CLS]) at least `min_log_share`, the sentence's no-answer margin at most `max_margin`.

The span is the sentence's own characters: the reader's pieces widened to whole words (up to the
spaces around them), then punctuation stripped from both ends (`snap`). It borrows the kind of the
extracted candidate it overlaps most (else of the ranker's best in that sentence) and that candidate's
score, and joins the re-ordering with its own second-stage features.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from service.overlap import f1_score

COVER_F1 = 0.8  # an extracted candidate this close (token F1) to the reader's span already offers it
EDGE = " \t\n,.;:!?()[]{}“”\"‘'’–—-"  # stripped from a proposal's ends (never inside it)
BELOW = 1e-6  # the proposal's score sits this far below the candidate it borrows from (no tie in the order)


@dataclass(frozen=True)
class Propose:
    """When the reader's best span is proposed (see the module's doc)."""

    min_log_share: float
    max_margin: float

    def to_json(self) -> dict:
        return {"min_log_share": self.min_log_share, "max_margin": self.max_margin}

    @classmethod
    def read(cls, data: dict | None) -> "Propose | None":
        if not data:
            return None
        return cls(float(data["min_log_share"]), float(data["max_margin"]))


def snap(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) widened to whole words (to the whitespace around them), then punctuation stripped
    from both ends; None when it holds punctuation only."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if not text[start:end].strip(EDGE):  # punctuation alone names nothing
        return None
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return (start, end) if end > start else None


def _f1(a: str, b: str) -> float:
    return float(f1_score(a, b)) if a.strip() and b.strip() else 0.0


def covered(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether an extracted candidate (character spans of the same sentence) offers text[start:end]: it
    holds those characters (a name's surname is no better than the whole name the extractors found) or
    nearly the same words."""
    words = text[start:end]
    return any((s <= start and e >= end) or _f1(text[s:e], words) >= COVER_F1 for s, e in spans)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def donor(at: tuple[int, int], spans: Sequence[tuple[int, int]]) -> int:
    """The index of the candidate overlapping `at` most (the first, best-scored, on ties and when none does)."""
    best, most = 0, 0
    for i, s in enumerate(spans):
        if (o := overlap(at, s)) > most:
            best, most = i, o
    return best
