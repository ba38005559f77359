"""The default backend: an int8 ONNX export of the packaged MiniLM, run by onnxruntime.

The export is made locally from the packaged weights (torch → ONNX → onnxruntime dynamic int8
quantisation) on first use, or by `newsdesk index`, and cached outside the repository in
NEWSDESK_CACHE or ~/.cache/newsdesk/encoders. The FFN output projections stay float: quantising
them is what costs accuracy (cosine to torch drops below 0.98 on long passages); the rest is int8.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

from index.encoders.base import Encoder, cpu_count, model_dir

NAME = "onnx-int8"
RECIPE = 1  # bump when the export or quantisation steps change: a new cache file is made
OPSET = 17
CACHE_ENV = "NEWSDESK_CACHE"
_KEEP_FLOAT = "/output/dense/MatMul"  # FFN output projection (not attention/output)


def cache_dir() -> Path:
    root = os.environ.get(CACHE_ENV)
    return (Path(root) if root else Path.home() / ".cache" / "newsdesk") / "encoders"


def export_path() -> Path:
    """Named after what it was made from, so a new model package or onnxruntime makes a new one."""
    import onnxruntime

    weights = model_dir() / "model.safetensors"
    stat = weights.stat()
    key = hashlib.sha1(f"{weights}:{stat.st_size}:{stat.st_mtime_ns}:{onnxruntime.__version__}:{RECIPE}".encode()).hexdigest()[:12]
    return cache_dir() / f"all-MiniLM-L6-v2-int8-{key}.onnx"


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_export(echo=_stderr) -> Path:
    """The cached int8 model, made now when missing. Safe with several processes starting at once
    (a file lock; the file appears by atomic rename, never half-written)."""
    target = export_path()
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / ".export.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_file():
            return target
        if echo:
            echo(f"exporting the int8 encoder to {target} (once)")
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as tmp:
            float_path, int8_path = Path(tmp) / "float.onnx", Path(tmp) / "int8.onnx"
            with warnings.catch_warnings():  # tracer chatter about the model's Python control flow
                warnings.simplefilter("ignore")
                _export_float(float_path)
            quiet = logging.getLogger().level
            logging.getLogger().setLevel(logging.ERROR)  # "consider pre-processing" advice from the quantiser
            try:
                _quantize(float_path, int8_path)
            finally:
                logging.getLogger().setLevel(quiet)
            os.replace(int8_path, target)
    return target


def _export_float(path: Path) -> None:
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir()), local_files_only=True).eval()

    class Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=torch.zeros_like(input_ids)).last_hidden_state

    ids = torch.ones((2, 8), dtype=torch.int64)
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "last_hidden_state": {0: "batch", 1: "tokens"}}
    with torch.inference_mode():
        torch.onnx.export(Hidden(), (ids, torch.ones_like(ids)), str(path), input_names=["input_ids", "attention_mask"],
                          output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=OPSET, dynamo=False)


def _quantize(source: Path, target: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source)).graph
    keep_float = [n.name for n in graph.node if n.op_type == "MatMul" and n.name.endswith(_KEEP_FLOAT)
                  and "/attention/" not in n.name]
    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, nodes_to_exclude=keep_float)


class OnnxInt8Encoder(Encoder):
    name = NAME

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        import onnxruntime

        self.path = Path(path) if path else ensure_export()

        def session(threads: int):
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
            return onnxruntime.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])

        self._single = session(1)  # one question per request, or one of bulk_threads concurrent batches
        self._bulk = session(cpu_count())  # one batch on every core (bulk_threads = 1)
        self.bulk_threads = cpu_count()

    def _forward(self, ids: np.ndarray, mask: np.ndarray, single: bool) -> np.ndarray:
        session = self._single if single else self._bulk
        return session.run(None, {"input_ids": ids, "attention_mask": mask})[0]

