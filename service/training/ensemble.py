"""Several LightGBM boosters shipped as one: their average, written as a single LightGBM text model.

A booster's score is the sum of its trees' leaf values, so the mean of N boosters' scores is the sum
of all their trees with every leaf value divided by N: one model file LightGBM reads as it reads any
other, so the scorer, the second stage and every other reader of `answer_ranker.txt` are unchanged.
Boosters fitted with different seeds (bagging, feature sampling) differ by more than most feature
changes gain on the tuning questions; their average is steadier than any one of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

_TREE = re.compile(r"^Tree=\d+\n", re.M)
_END = "end of trees"


def _split(text: str) -> tuple[str, list[str], str]:
    """(header, tree blocks without their 'Tree=k' line, everything from 'end of trees' on)."""
    end = text.index(_END)
    body = text[:end]
    starts = [m.start() for m in _TREE.finditer(body)]
    if not starts:
        raise ValueError("a LightGBM model without trees")
    header = body[:starts[0]]
    blocks = [body[a:b] for a, b in zip(starts, starts[1:] + [len(body)])]
    return header, [_TREE.sub("", b, count=1) for b in blocks], text[end:]


def _scaled(block: str, factor: float) -> str:
    """A tree block with its leaf values (what a prediction sums) multiplied by `factor`."""
    def scale(match: re.Match) -> str:
        values = np.array(match.group(1).split(), dtype=np.float64) * factor
        return "leaf_value=" + " ".join(repr(float(v)) for v in values)

    return re.sub(r"^leaf_value=(.*)$", scale, block, count=1, flags=re.M)


def merge_models(texts: Sequence[str]) -> str:
    """One LightGBM text model whose score is the mean of the given models' scores (same features)."""
    if not texts:
        raise ValueError("no model to merge")
    if len(texts) == 1:
        return texts[0]
    header, _, tail = _split(texts[0])
    header = re.sub(r"^tree_sizes=.*\n", "", header, flags=re.M)  # LightGBM then reads the trees one by one
    factor = 1.0 / len(texts)
    trees = [_scaled(block, factor) for text in texts for block in _split(text)[1]]
    merged = header + "".join(f"Tree={i}\n{block}" for i, block in enumerate(trees)) + tail
    import lightgbm

    return lightgbm.Booster(model_str=merged).model_to_string()  # written again: tree sizes and importances filled in


class Columns:
    """A booster that reads only `columns` of the rows it is given (the model was fitted on those)."""

    def __init__(self, booster, columns: Sequence[int] | None) -> None:
        self.booster, self.columns = booster, None if columns is None else np.asarray(columns)

    def predict(self, features: np.ndarray, num_threads: int = 1) -> np.ndarray:
        features = features if self.columns is None else features[:, self.columns]
        return self.booster.predict(features, num_threads=num_threads)


class Remembered:
    """A booster whose scores of one candidate matrix are worked out once: training scores the same
    tuning rows for every type gate, question kind and threshold it tries. Keyed by the matrix
    object, which the caller must not change."""

    def __init__(self, booster) -> None:
        self.booster, self._scores = booster, {}

    def predict(self, features: np.ndarray, num_threads: int = 1) -> np.ndarray:
        key = id(features)
        found = self._scores.get(key)
        if found is None or found[0] is not features:
            found = self._scores[key] = (features, self.booster.predict(features, num_threads=num_threads))
        return found[1]
