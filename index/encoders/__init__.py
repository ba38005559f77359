"""Sentence encoders: one backend chosen once, at start-up, by NEWSDESK_ENCODER.

    onnx-int8   (default) int8 ONNX export of the packaged MiniLM, made locally and cached
    torch-fp32  the same model in torch, float32: the fallback and the reference
"""

from __future__ import annotations

import os
import threading

from index.encoders.base import DIMENSION, MODEL_NAME, Encoder, EncoderMismatch, TokenStates

ENV_VAR = "NEWSDESK_ENCODER"
DEFAULT = "onnx-int8"
BACKENDS = ("onnx-int8", "torch-fp32")

_loaded: dict[str, Encoder] = {}
_lock = threading.Lock()


def chosen_name(name: str | None = None) -> str:
    name = name or os.environ.get(ENV_VAR) or DEFAULT
    if name not in BACKENDS:
        raise ValueError(f"unknown encoder {name!r} ({ENV_VAR}); choose from {', '.join(BACKENDS)}")
    return name


def load_encoder(name: str | None = None) -> Encoder:
    """The process's encoder for `name` (default: NEWSDESK_ENCODER, else onnx-int8), loaded once."""
    name = chosen_name(name)
    with _lock:
        if name not in _loaded:
            if name == "onnx-int8":
                from index.encoders.onnx_int8 import OnnxInt8Encoder

                _loaded[name] = OnnxInt8Encoder()
            else:
                from index.encoders.torch_fp32 import TorchEncoder

                _loaded[name] = TorchEncoder()
        return _loaded[name]


__all__ = ["BACKENDS", "DEFAULT", "DIMENSION", "ENV_VAR", "MODEL_NAME", "Encoder", "EncoderMismatch", "TokenStates",
           "chosen_name", "load_encoder"]
