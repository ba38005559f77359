"""The answer path's speed-ups: each cached or vectorised step must give exactly what the plain way gave."""

from __future__ import annotations

import random

from service.answering.candidates import token_range


def _plain_token_range(tokens, start: int, end: int) -> tuple[int, int]:
    """The scan token_range replaced: every token overlapping [start, end)."""
    inside = [i for i, t in enumerate(tokens) if t[0] < end and t[1] > start]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


class _Sentence:
    def __init__(self, tokens):
        self.tokens = tokens


def test_token_range_by_binary_search_equals_the_scan(desk):
    rng = random.Random(0)
    snapshot = desk.snapshot
    checked = 0
    for doc_id, sentences in snapshot.sentences.items():
        for s in sentences:
            sentence = _Sentence(s.tokens)
            length = s.end - s.start
            bounds = {(t[0], t[1]) for t in s.tokens} | {(0, length), (0, 0), (length, length + 3)}
            bounds |= {tuple(sorted(rng.randint(-2, length + 2) for _ in range(2))) for _ in range(20)}
            for start, end in bounds:
                assert token_range(sentence, start, end) == _plain_token_range(s.tokens, start, end), (doc_id, start, end)
                checked += 1
    assert checked > 1000
    assert token_range(_Sentence([]), 0, 5) == (0, 0)
