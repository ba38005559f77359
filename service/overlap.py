"""SQuAD's answer normalisation and token-overlap F1 (the official v1.1 script's definitions): what
the evaluation scores answers by (evaluate/scoring.py) and what the second stage compares two spans by
(answering/second_stage.py). A leaf: it imports nothing of ours."""

from __future__ import annotations

import re
import string
from collections import Counter

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = set(string.punctuation)


def normalize_answer(text: str) -> str:
    """Lowercase, drop punctuation and a/an/the, squeeze whitespace — in the official script's order."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def f1_score(prediction: str, truth: str) -> float:
    """Token-overlap F1 of the normalised strings (0 when they share no token, as the official script)."""
    predicted, gold = normalize_answer(prediction).split(), normalize_answer(truth).split()
    same = sum((Counter(predicted) & Counter(gold)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(predicted), same / len(gold)
    return 2 * precision * recall / (precision + recall)
