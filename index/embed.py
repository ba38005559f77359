"""Vectors for the index: passages and the sentences inside them.

The encoder backend lives in `index/encoders/` (chosen once at start-up, NEWSDESK_ENCODER).
Two ways to make sentence vectors, compared in the README (issue 8):

* `embed_separately` (what the pipeline uses): every passage and every sentence encoded alone, in
  one length-sorted stream;
* `embed_passages`: a sentence's vector is the mean of its tokens' contextual states from the
  forward pass of a passage that holds it whole — no second encoding, 1.5x faster ingest, but
  1.2 gold F1 lower on the SQuAD sample, so not used.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from index.encoders import DIMENSION, MODEL_NAME, Encoder, load_encoder
from index.encoders.base import normalise

Embedder = Encoder  # the name the rest of the code base uses
load_embedder = load_encoder

__all__ = ["DIMENSION", "MODEL_NAME", "Embedder", "embed_passages", "embed_separately", "load_embedder"]


def embed_passages(encoder: Encoder, text: str | Sequence[str], passages: Sequence[tuple[int, int, int]],
                   sentences: Sequence[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """(passage vectors, sentence vectors) for spans of `text`.

    `text`: one string or one per document; `passages` and `sentences`: (document, start, end)
    character spans. Passages are encoded once; each sentence is pooled from the first passage
    (in order) that holds it whole within the model's window.
    """
    texts = [text] if isinstance(text, str) else list(text)
    passage_vectors, states = encoder.token_states([texts[d][s:e] for d, s, e in passages])
    sentence_vectors = np.zeros((len(sentences), DIMENSION), dtype=np.float32)
    done = np.zeros(len(sentences), dtype=bool)
    by_document: dict[int, list[int]] = {}
    for i, (d, _, _) in enumerate(sentences):
        by_document.setdefault(d, []).append(i)
    for (d, p_start, p_end), state in zip(passages, states):
        if not len(state.offsets):
            continue
        reach = p_start + int(state.offsets[-1, 1]) if state.truncated else p_end  # text the model saw
        for i in by_document.get(d, ()):
            _, s_start, s_end = sentences[i]
            if done[i] or s_start < p_start or s_end > reach:
                continue
            inside = (state.offsets[:, 0] >= s_start - p_start) & (state.offsets[:, 1] <= s_end - p_start)
            if inside.any():
                sentence_vectors[i] = state.states[inside].mean(axis=0)
                done[i] = True
    sentence_vectors[done] = normalise(sentence_vectors[done]) if done.any() else sentence_vectors[done]
    rest = np.flatnonzero(~done)
    if len(rest):
        sentence_vectors[rest] = encoder.encode([texts[sentences[i][0]][sentences[i][1]:sentences[i][2]] for i in rest])
    return passage_vectors, sentence_vectors


def embed_separately(encoder: Encoder, text: str | Sequence[str], passages: Sequence[tuple[int, int, int]],
                     sentences: Sequence[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """The slower reference for `embed_passages`: every passage and every sentence encoded alone."""
    texts = [text] if isinstance(text, str) else list(text)
    vectors = encoder.encode([texts[d][s:e] for d, s, e in list(passages) + list(sentences)])
    return vectors[:len(passages)], vectors[len(passages):]
