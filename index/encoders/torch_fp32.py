"""The reference backend: the packaged MiniLM in torch, float32. Slower; kept as the fallback and
the yardstick the int8 export is checked against (tests/test_encoders.py)."""

from __future__ import annotations

import numpy as np

from index.encoders.base import Encoder, model_dir

NAME = "torch-fp32"
# torch intra-op threads, set once when the model loads: saving and restoring it per call from
# many request threads races. On 2 busy cores intra-op threads wait on each other (measured here:
# 435 ms with 2 threads vs 32 ms with 1 under load, ~8 ms idle); concurrent requests use every core.
INTRA_OP_THREADS = 1


class TorchEncoder(Encoder):
    name = NAME

    def __init__(self) -> None:
        super().__init__()
        import torch
        import transformers
        from transformers import AutoModel

        transformers.utils.logging.disable_progress_bar()
        torch.set_num_threads(INTRA_OP_THREADS)
        self.model = AutoModel.from_pretrained(str(model_dir()), local_files_only=True).eval()

    def _forward(self, ids: np.ndarray, mask: np.ndarray, single: bool) -> np.ndarray:
        import torch

        with torch.inference_mode():
            hidden = self.model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask),
                                token_type_ids=torch.zeros_like(torch.from_numpy(ids))).last_hidden_state
        return hidden.numpy()
