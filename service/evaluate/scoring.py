"""Answer scoring: the official SQuAD v1.1 normalisation, EM and token F1, and the value match the
hand-written sets judge by (the same numbers, token F1 >= MATCH_F1)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from service.overlap import f1_score, normalize_answer

MATCH_F1 = 0.6  # token F1 at or above which an answer counts as matching an accepted span
CURRENCY_GLUED = re.compile(r"([£€¥₹])(?=\d)")  # '$' is punctuation to normalize_answer already
# An amount's scale abbreviated or glued on ('£1.8m', '€52million', '$2bn') is the scale's word.
MONEY_SCALE = re.compile(r"([£€$¥₹]\s*\d[\d,.]*)\s*(million|billion|thousand|mn|m|bn|k)\b", re.IGNORECASE)
SCALES = {"m": "million", "mn": "million", "bn": "billion", "k": "thousand"}

def exact_match(prediction: str, truth: str) -> bool:
    return normalize_answer(prediction) == normalize_answer(truth)


def score(prediction: str | None, truths: Sequence[str]) -> tuple[float, float]:
    """(EM, F1) on a 0-100 scale, each the max over the gold answers; an abstention scores 0."""
    if prediction is None:
        return 0.0, 0.0
    em = max(exact_match(prediction, t) for t in truths)
    f1 = max(f1_score(prediction, t) for t in truths)
    return 100.0 * em, 100.0 * f1


# -- value match (BBC and cluster sets) -------------------------------------------------------


def _digits(text: str) -> list[str]:
    return sorted(token for token in normalize_answer(text).split() if any(ch.isdigit() for ch in token))


def figures(text: str) -> list[str]:
    """The answer's numbers, normalised and sorted: two values of one figure share them."""
    return _digits(text)


def _scale(match: re.Match) -> str:
    word = match.group(2).lower()
    return f"{match.group(1)} {SCALES.get(word, word)}"


def value_matches(prediction: str | None, truth: str) -> bool:
    """Normalised exact match, or token F1 >= 0.6 with the same numbers ("81 per cent" is not "76 per cent");
    a currency sign is a word of its own ("€38 million" is "38 million", as "$38 million" already was),
    and an amount's scale its word ("£1.8m" is "£1.8 million")."""
    if not prediction:
        return False
    prediction, truth = (CURRENCY_GLUED.sub(r"\1 ", MONEY_SCALE.sub(_scale, t)) for t in (prediction, truth))
    if exact_match(prediction, truth):
        return True
    return f1_score(prediction, truth) >= MATCH_F1 and _digits(prediction) == _digits(truth)


def matches_any(prediction: str | None, truths: Iterable[str]) -> bool:
    return any(value_matches(prediction, t) for t in truths)
