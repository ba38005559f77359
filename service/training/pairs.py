"""What training the pair models (the span reader, service/training/reader.py) needs beside the model:
the sentences of a stored article, where an accepted answer sits in one, the sentence that states it,
the frozen layers' outputs computed once, the one training loop (AdamW, one-cycle, the epoch with the
best tuning loss kept) and the float16 safetensors + JSON card it writes."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from service.answering.crossencoder import HEAD_PREFIX, base_tensors, pad, tokenizer
from service.answering.torch_layers import torch_modules

BATCH = 64
LEARNING_RATE = 1e-4  # the fine-tuned layers
HEAD_LEARNING_RATE = 1e-3
WEIGHT_DECAY = 0.01


def _words(text: str) -> set[str]:
    from index.lexical import tokenize

    return set(tokenize(text))


def _sentences(snapshot, doc_id: str) -> list[str]:
    text = snapshot.documents[doc_id].text
    return [text[s.start:s.end] for s in snapshot.sentences[doc_id]]


def _find(sentence: str, answers: Sequence[str]) -> tuple[int, int] | None:
    """Where an answer occurs in the sentence (case-insensitive), or None."""
    low = sentence.lower()
    for a in answers:
        a = a.strip().lower()
        if a and (i := low.find(a)) >= 0:
            return i, i + len(a)
    return None


def _by_overlap(question: str, sentences: Sequence[str]) -> list[int]:
    """Sentence indices, those sharing most of the question's words first."""
    words = _words(question)
    return sorted(range(len(sentences)), key=lambda i: (-len(words & _words(sentences[i])), i))


def answer_sentence(question: str, sentences: Sequence[str], answers: Sequence[str]) -> tuple[int, list] | None:
    """The sentence stating an accepted answer that shares most of the question's words (its index),
    and every sentence's answer span (None where none is stated); None when no sentence states one."""
    spans = [_find(s, answers) for s in sentences]
    positive = [i for i, at in enumerate(spans) if at is not None]
    if not positive:
        return None
    words = _words(question)
    return max(positive, key=lambda i: len(words & _words(sentences[i]))), spans


def _additive(mask):
    return (1.0 - mask.float()) * -1e4


def _lower_states(embeddings, lower, rows: list[list[int]], sep_id: int, batch: int = 256):
    """The frozen layers' output per row (padded to MAX_TOKENS), float16, and the masks."""
    import torch

    ids, types, mask = pad(rows, sep_id)
    states = torch.zeros((len(rows), ids.shape[1], 384), dtype=torch.float16)
    with torch.inference_mode():
        for i in range(0, len(rows), batch):
            x = embeddings(torch.from_numpy(ids[i:i + batch]), torch.from_numpy(types[i:i + batch]))
            m = _additive(torch.from_numpy(mask[i:i + batch]))
            for layer in lower:
                x = layer(x, m)
            states[i:i + batch] = x.half()
    return states, torch.from_numpy(mask)


def prepare(name: str, layers: int, trained: Sequence[int], outputs: int, train_rows: list[list[int]],
            tune_rows: list[list[int]], progress: Callable[[str], None], init: dict | None = None):
    """The package's first `layers` layers (with `init`'s layer tensors over them: a shipped model's fine-tuned
    layers to start from) split at the first trained one, a fresh head with `outputs` logits, and the frozen
    layers' outputs (states, masks) for the training and tuning rows, computed once."""
    import torch

    sep_id = tokenizer().token_to_id("[SEP]")
    tensors = base_tensors()
    if init:
        tensors = {**tensors, **{k: v for k, v in init.items() if not k.startswith(HEAD_PREFIX)}}
    embeddings, stack = torch_modules(layers, tensors)
    first = min(trained)
    lower, upper = stack[:first], torch.nn.ModuleList(stack[first:])
    head = torch.nn.Linear(384, outputs)
    torch.nn.init.normal_(head.weight, std=0.02)
    torch.nn.init.zeros_(head.bias)
    progress(f"{name}: frozen layers' outputs for {len(train_rows)} training and {len(tune_rows)} tuning pairs")
    return (upper, head, _lower_states(embeddings, lower, train_rows, sep_id),
            _lower_states(embeddings, lower, tune_rows, sep_id))


def upper_states(upper, x, m):
    """The fine-tuned layers over the frozen layers' states `x` (mask `m`)."""
    a = _additive(m)
    h = x.float()
    for layer in upper:
        h = layer(h, a)
    return h


def optimiser_for(upper, head, rows: int, epochs: int):
    """AdamW over the fine-tuned layers and the head (their own rates), one-cycle over every step."""
    import torch

    optimiser = torch.optim.AdamW([{"params": upper.parameters(), "lr": LEARNING_RATE},
                                   {"params": head.parameters(), "lr": HEAD_LEARNING_RATE}], weight_decay=WEIGHT_DECAY)
    steps = epochs * ((rows + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=[LEARNING_RATE, HEAD_LEARNING_RATE],
                                                   total_steps=steps, pct_start=0.1, anneal_strategy="linear")
    return optimiser, schedule


def run_epochs(name: str, upper, head, rows: int, epochs: int, batch_loss: Callable, evaluate: Callable[[], dict],
               rng: np.random.Generator, progress: Callable[[str], None]) -> tuple[dict[str, np.ndarray], dict]:
    """The training loop both models share: `epochs` passes over `rows` training rows in shuffled batches
    (`batch_loss(rows)` → the loss tensor), the tuning metrics after each (`evaluate()`, with a
    "tune_loss"); the tensors of the epoch with the best tuning loss and the per-epoch history."""
    import torch

    optimiser, schedule = optimiser_for(upper, head, rows, epochs)
    history, best, best_state = [], None, None
    for epoch in range(1, epochs + 1):
        upper.train()
        order = rng.permutation(rows)
        started = time.perf_counter()
        for i in range(0, len(order), BATCH):
            loss = batch_loss(torch.from_numpy(order[i:i + BATCH]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        upper.eval()
        metrics = {"epoch": epoch, "seconds": round(time.perf_counter() - started, 1), **evaluate()}
        history.append(metrics)
        progress(f"{name} epoch {epoch}: {metrics}")
        if best is None or metrics["tune_loss"] < best["tune_loss"]:
            best = metrics
            best_state = {k: v for layer in upper for k, v in layer.state().items()}
            best_state[HEAD_PREFIX + "weight"] = head.weight.detach().numpy().copy()
            best_state[HEAD_PREFIX + "bias"] = head.bias.detach().numpy().copy()
    return best_state, {"history": history, "best_epoch": best["epoch"]}


def save(state: dict[str, np.ndarray], card: dict, out: Path) -> None:
    from safetensors.numpy import save_file

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_file({k: np.ascontiguousarray(v, dtype=np.float16) for k, v in sorted(state.items())}, str(out))
    out.with_suffix(".json").write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
