"""The package's MiniLM layers as torch modules, weights from a tensors dict: what training fine-tunes
(service/training/pairs.py) and what the float ONNX export (crossencoder.export_float) traces. The
numpy pass in crossencoder.py computes the same thing without torch."""

from __future__ import annotations

import numpy as np

from service.answering.crossencoder import HEADS, LAYER_NORM_EPS



def torch_modules(layers: int, tensors: dict[str, np.ndarray]):
    """(embeddings, [layer modules]) in torch, weights from `tensors` (the package's, trained ones over them)."""
    import torch
    from torch import nn

    def t(name):
        return torch.tensor(np.asarray(tensors[name], dtype=np.float32))

    class Embeddings(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.words = nn.Parameter(t("embeddings.word_embeddings.weight"), requires_grad=False)
            self.positions = nn.Parameter(t("embeddings.position_embeddings.weight"), requires_grad=False)
            self.types = nn.Parameter(t("embeddings.token_type_embeddings.weight"), requires_grad=False)
            self.norm = nn.LayerNorm(384, eps=LAYER_NORM_EPS)
            self.norm.weight.data, self.norm.bias.data = t("embeddings.LayerNorm.weight"), t("embeddings.LayerNorm.bias")

        def forward(self, ids, types):
            x = self.words[ids] + self.positions[: ids.shape[1]].unsqueeze(0) + self.types[types]
            return self.norm(x)

    class Layer(nn.Module):
        def __init__(self, i: int) -> None:
            super().__init__()
            p = f"encoder.layer.{i}."
            self.prefix = p

            def linear(name, n_in, n_out):
                m = nn.Linear(n_in, n_out)
                m.weight.data, m.bias.data = t(p + name + ".weight"), t(p + name + ".bias")
                return m

            def norm(name):
                m = nn.LayerNorm(384, eps=LAYER_NORM_EPS)
                m.weight.data, m.bias.data = t(p + name + ".weight"), t(p + name + ".bias")
                return m

            self.query = linear("attention.self.query", 384, 384)
            self.key = linear("attention.self.key", 384, 384)
            self.value = linear("attention.self.value", 384, 384)
            self.out = linear("attention.output.dense", 384, 384)
            self.norm1 = norm("attention.output.LayerNorm")
            self.up = linear("intermediate.dense", 384, 1536)
            self.down = linear("output.dense", 1536, 384)
            self.norm2 = norm("output.LayerNorm")

        def forward(self, x, additive):
            b, n, w = x.shape
            size = w // HEADS

            def heads(y):
                return y.view(b, n, HEADS, size).transpose(1, 2)

            q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
            scores = (q @ k.transpose(-1, -2)) / (size ** 0.5) + additive[:, None, None, :]
            context = (torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(b, n, w)
            x = self.norm1(x + self.out(context))
            return self.norm2(x + self.down(torch.nn.functional.gelu(self.up(x))))

        def state(self) -> dict[str, np.ndarray]:
            """The layer's tensors under the package's names."""
            names = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
                     "out": "attention.output.dense", "norm1": "attention.output.LayerNorm", "up": "intermediate.dense",
                     "down": "output.dense", "norm2": "output.LayerNorm"}
            out = {}
            for attr, name in names.items():
                m = getattr(self, attr)
                out[self.prefix + name + ".weight"] = m.weight.detach().numpy().copy()
                out[self.prefix + name + ".bias"] = m.bias.detach().numpy().copy()
            return out

    return Embeddings(), [Layer(i) for i in range(layers)]
