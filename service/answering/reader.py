"""A small span reader of our own: where in this sentence is the answer, if anywhere?

The cross-encoder's machinery (crossencoder.py) with another head: `[CLS] question [SEP] sentence
[SEP]` through MiniLM's first `layers` layers (the embeddings and the lower layers are the package's,
read at start-up; the top `trained` layers and the head were fine-tuned by `newsdesk train-reader`,
reader_train.py, and are the only tensors shipped: `model/reader.safetensors`, float16, beside its card
`model/reader.json`). The head gives every word piece a start and an end logit; the [CLS] piece's pair
is the "no answer here" score (SQuAD 2.0 style: the target was [CLS] when the sentence does not hold
the answer). Word pieces map back to characters of the untouched sentence (the tokenizer's offsets).

At answer time the pass is an int8 ONNX export cached outside git (crossencoder.ensure_export): every
MatMul of the layers with one scale per output channel, dynamic activations, the head float
(`_quantize_per_channel`). On this host's CPU (AVX-512 VNNI) it costs 2.8 ms of CPU per bench pair
against 6.7 ms for the float export (session 12, one process, under load; session 11 measured no gain
from int8 on another host); it moves the best span by a piece or two on ~21 % of the bench's pairs
(one scale per matrix: 48 %), and the second stage's coefficients and abstention were fitted on its
readings. The float export ("onnx-float") and the float32 numpy pass ("numpy") are its references.
The second stage that uses the readings is second_stage.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from service.answering.crossencoder import (HEAD_PREFIX, MAX_QUESTION_TOKENS, Card, NumpyPass, OnnxPass, PairModel,
                                            export_float, merged_tensors, pad)

MODEL_DIR = Path(__file__).resolve().parent / "model"
DEFAULT_READER = MODEL_DIR / "reader.safetensors"
MAX_TOKENS = 64  # word pieces of one training pair, specials included
READ_TOKENS = 48  # word pieces of one pair read at answer time (the card's max_tokens): answer time, see README
MAX_ANSWER_PIECES = 16  # the longest span the reader proposes, in word pieces
EXPORT_PREFIX = "reader"  # the exports' cache names: reader-float-<hash>.onnx, reader-pc-int8-<hash>.onnx (per channel)
NO_ANSWER = 0  # the [CLS] position: "the answer is not in this sentence"
OUTSIDE = -1e4  # the logit of a position that cannot start or end an answer (question, padding, [SEP])


@dataclass
class Encoded:
    """One question-sentence pair as word pieces: `offsets[i]` is the character span in the sentence
    of piece i, or None for the specials and the question's pieces."""

    ids: list[int]
    offsets: list[tuple[int, int] | None]

    def positions(self, start: int, end: int) -> list[int]:
        """The pieces overlapping characters [start, end) of the sentence."""
        return [i for i, o in enumerate(self.offsets) if o is not None and o[0] < end and o[1] > start]


def encode(tok, question: str, sentence: str, around: tuple[int, int] | None = None, max_tokens: int = MAX_TOKENS,
           shift: int = 0) -> Encoded:
    """`[CLS] question [SEP] sentence [SEP]`, the question cut to MAX_QUESTION_TOKENS and a long sentence
    to a window centred on `around` (characters; moved `shift` pieces, kept inside the sentence)."""
    q = tok.encode(question, add_special_tokens=False).ids[:MAX_QUESTION_TOKENS]
    e = tok.encode(sentence, add_special_tokens=False)
    room = max(max_tokens - len(q) - 3, 1)
    ids, offsets = list(e.ids), [tuple(o) for o in e.offsets]
    if len(ids) > room:
        centre = len(ids) // 2
        if around is not None:
            inside = [i for i, (s, t) in enumerate(offsets) if s < around[1] and t > around[0]]
            if inside:
                centre = (inside[0] + inside[-1]) // 2
        first = min(max(0, centre + shift - room // 2), len(ids) - room)
        ids, offsets = ids[first:first + room], offsets[first:first + room]
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    return Encoded([cls_id, *q, sep_id, *ids, sep_id], [None] * (len(q) + 2) + offsets + [None])


@dataclass
class Reading:
    """The reader's start and end logits over one sentence's pieces (OUTSIDE where no answer can be)."""

    encoded: Encoded
    start: np.ndarray  # (pieces,)
    end: np.ndarray

    @property
    def null(self) -> float:
        """The no-answer score: start + end logit at [CLS]."""
        return float(self.start[NO_ANSWER] + self.end[NO_ANSWER])

    def best(self) -> tuple[int, int, float]:
        """The best span (first piece, last piece, start + end logit), at most MAX_ANSWER_PIECES long."""
        inside = [i for i, o in enumerate(self.encoded.offsets) if o is not None]
        if not inside:
            return 0, 0, OUTSIDE
        s, e = self.start[inside], self.end[inside]
        n = len(inside)
        table = s[:, None] + e[None, :]
        rows, cols = np.indices((n, n))
        table = np.where((cols >= rows) & (cols - rows < MAX_ANSWER_PIECES), table, -np.inf)
        i, j = np.unravel_index(int(np.argmax(table)), table.shape)
        return inside[i], inside[j], float(table[i, j])

    def best_chars(self) -> tuple[int, int, float]:
        """The best span as characters of the sentence, with its score."""
        i, j, score = self.best()
        if self.encoded.offsets[i] is None:
            return 0, 0, score
        return self.encoded.offsets[i][0], self.encoded.offsets[j][1], score

    def boundary(self, first_word: tuple[int, int], last_word: tuple[int, int]) -> float | None:
        """The best start logit over the pieces of the span's first word plus the best end logit over
        its last word's; None when either word is outside the window read."""
        starts, ends = self.encoded.positions(*first_word), self.encoded.positions(*last_word)
        if not starts or not ends:
            return None
        return float(self.start[starts].max() + self.end[ends].max())

    def log_share(self, first_word: tuple[int, int], last_word: tuple[int, int]) -> float | None:
        """log P(start) + log P(end) at the span's boundaries, each softmax over [CLS] and the sentence's pieces."""
        starts, ends = self.encoded.positions(*first_word), self.encoded.positions(*last_word)
        if not starts or not ends:
            return None
        return float(_log_softmax(self.start)[starts].max() + _log_softmax(self.end)[ends].max())


def _log_softmax(x: np.ndarray) -> np.ndarray:
    top = x.max()
    return x - top - np.log(np.exp(x - top).sum())


def allowed(encoded: Encoded) -> np.ndarray:
    """Where an answer may start or end: [CLS] (no answer) and the sentence's pieces."""
    keep = np.array([o is not None for o in encoded.offsets])
    keep[NO_ANSWER] = True
    return keep


class ReaderNumpyPass(NumpyPass):
    """Start and end logits, (batch, tokens, 2), in float32 numpy: the reference pass."""

    def __init__(self, path: Path, card: Card) -> None:
        super().__init__(path, card)
        _, trained = merged_tensors(path)
        self.head_w = np.asarray(trained[HEAD_PREFIX + "weight"], dtype=np.float32).reshape(2, -1).T.copy()
        self.head_b = np.asarray(trained[HEAD_PREFIX + "bias"], dtype=np.float32).reshape(2)

    def __call__(self, ids: np.ndarray, types: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.states(ids, types, mask) @ self.head_w + self.head_b


def _export_float(path: Path, card: Card, out: Path) -> None:
    export_float(path, card, out, outputs=2, per_token=True)  # start and end logits per word piece


def _quantize_per_channel(source: Path, target: Path, trained) -> None:
    """Every MatMul of the layers int8 with one scale per output channel (signed weights, dynamic
    activations); the head stays float. Per channel moves the reader's best span about half as often as
    one scale per matrix (21 vs 48 % of the bench's pairs, by a piece or two) at the same speed."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source)).graph
    head = [n.name for n in graph.node if n.name.startswith("/head/")]
    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=head)


class ReaderOnnxPass(OnnxPass):
    """Start and end logits from the cached int8 export (per channel), one onnxruntime thread."""

    prefix = EXPORT_PREFIX + "-pc"
    write_float = staticmethod(_export_float)
    quantized = True
    quantize = staticmethod(_quantize_per_channel)


class ReaderFloatPass(ReaderOnnxPass):
    """Start and end logits from the cached float export: the int8 pass's reference, ~2.3× its time."""

    prefix = EXPORT_PREFIX
    quantized = False


BACKENDS = {"onnx": ReaderOnnxPass, "onnx-float": ReaderFloatPass, "numpy": ReaderNumpyPass}
DEFAULT_BACKEND = "onnx"


class Reader(PairModel):
    """Reads a few (question, sentence) pairs in one batch."""

    def __init__(self, path: Path = DEFAULT_READER, backend: str = DEFAULT_BACKEND) -> None:
        super().__init__(path, backend, BACKENDS)

    def read(self, question: str, sentences: Sequence[tuple[str, tuple[int, int] | None]]) -> list[Reading]:
        """One Reading per (sentence, the characters the window should hold), one batch."""
        if not sentences:
            return []
        encoded = [encode(self.tok, question, s, around, self.card.max_tokens) for s, around in sentences]
        logits = np.asarray(self._pass(*pad([e.ids for e in encoded], self.sep_id)), dtype=np.float32)
        out = []
        for row, e in zip(logits, encoded):
            keep = allowed(e)
            n = len(e.ids)
            start = np.where(keep, row[:n, 0], OUTSIDE).astype(np.float32)
            end = np.where(keep, row[:n, 1], OUTSIDE).astype(np.float32)
            out.append(Reading(e, start, end))
        return out

    def best_span(self, question: str, sentence: str) -> tuple[str, float]:
        """The reader's best span of the sentence and its no-answer margin (null − best span score)."""
        reading = self.read(question, [(sentence, None)])[0]
        s, e, score = reading.best_chars()
        return sentence[s:e], reading.null - score
