"""Static word vectors for paraphrase features: MiniLM's own input word-piece embeddings.

A word's vector is the mean of its word pieces' rows of the encoder's input embedding table (the
table centred on its mean, each row unit length), looked up once per word and cached. No network
runs and no model is executed: it is one table read from the packaged weights (index/encoders),
loaded at the first question. Related words lie closer than unrelated ones ('charts' / 'chart'
0.79, 'french' / 'france' 0.70, 'director' / 'filmmaker' 0.44, 'car' / 'banana' 0.09), which lets
a feature see a question word the sentence says differently.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

WORDS_CACHED = 100_000  # distinct words whose vectors stay cached


class WordVectors:
    """word → unit vector (float32), from a word-piece tokenizer and an embedding table."""

    def __init__(self, table: np.ndarray, tokenizer) -> None:
        centred = table.astype(np.float32) - table.astype(np.float32).mean(axis=0)
        centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-9)
        self.table = centred.astype(np.float16)  # half the memory; each looked-up vector is widened again
        self.tokenizer = tokenizer
        self.dimension = table.shape[1]
        self.vector = lru_cache(maxsize=WORDS_CACHED)(self._vector)

    def _vector(self, word: str) -> np.ndarray:
        ids = self.tokenizer.encode(word.lower(), add_special_tokens=False).ids
        if not ids:
            return np.zeros(self.dimension, dtype=np.float32)
        v = self.table[ids].astype(np.float32).mean(axis=0)
        return v / max(float(np.linalg.norm(v)), 1e-9)


@lru_cache(maxsize=1)
def minilm_word_vectors() -> WordVectors:
    """The packaged MiniLM's input embeddings and tokenizer, read once per process."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    from index.encoders.base import model_dir

    directory = model_dir()
    weights = load_file(str(directory / "model.safetensors"))
    table = next(v for k, v in weights.items() if k.endswith("embeddings.word_embeddings.weight"))
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return WordVectors(table, tokenizer)
