"""nearwords: the question's words said in other words, by hand-built word vectors (no model loaded)."""

from __future__ import annotations

import numpy as np
import pytest

from service.answering import nearwords as N

VECTORS = {"final": np.array([1.0, 0.0, 0.0]), "last": np.array([0.8, 0.6, 0.0]), "match": np.array([0.0, 1.0, 0.0]),
           "game": np.array([0.0, 0.6, 0.8]), "wales": np.array([0.0, 0.0, 1.0])}


def vector(word):
    return VECTORS.get(word.lower())


def test_a_cosine_is_read_as_a_share_of_a_word():
    assert N.credit(N.NEAR_FLOOR) == 0.0 and N.credit(0.0) == 0.0
    assert N.credit(N.NEAR_FULL) == 1.0 and N.credit(0.99) == 1.0
    assert 0.0 < N.credit((N.NEAR_FLOOR + N.NEAR_FULL) / 2) < 1.0


def test_the_questions_words_are_kept_with_their_stems():
    assert N.question_words("Where will Ireland play their final match?", ["final", "match", "ireland"]) == {
        "ireland": "Ireland", "final": "final", "match": "match"}


def test_words_said_otherwise_count_by_how_near_they_are():
    words, idf = {"final": "final", "match": "match"}, {"final": 1.0, "match": 1.0}
    held = N.near_share(words, idf, {"final", "match"}, [], vector=vector)
    assert held == 1.0  # both held as they are
    near = N.near_share(words, idf, set(), ["last", "game"], vector=vector)  # cosines 0.8 and 0.6: both full
    assert near == pytest.approx(1.0)
    far = N.near_share(words, idf, set(), ["Wales"], vector=vector)
    assert far == 0.0
    assert N.near_share({}, idf, set(), ["last"], vector=vector) == 0.0
