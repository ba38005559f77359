"""Fit the second stage (second_stage.py) on the tuning parts: the re-ranker's coefficients and the
no-answer threshold, written into the reader's card.

The tuning parts only (the reader was fitted on the training parts, so its readings there are
in-sample): SQuAD's tuning titles in gold mode, with 'not stated here' questions asked of another
paragraph (train.NEGATIVE_SHARE), and the news tuning articles through the whole news index. Each
question is asked as `/ask` asks it with the second stage recording (the ranker's order unchanged):
the read candidates' features and texts. A candidate is right when it matches an accepted answer
(SQuAD: F1 ≥ train.GOOD_F1; news: train.news_match). A logistic regression (sklearn, L2, seeded; JSON
coefficients, no pickle) fits P(right | features). The threshold on the chosen answer's sentence's
no-answer margin maximises train.py's objective (SQuAD share + news_value) over the re-ranked answers.
"""

from __future__ import annotations

from collections.abc import Callable
import math
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np

from service.answering.reader import DEFAULT_READER
from service.answering.second_stage import (FEATURES, IDENTITY, MAX_SENTENCES, NO_THRESHOLD, Coefficients, SecondStage,
                                            from_card)

MARGIN_GRID = np.round(np.arange(-6.0, 10.01, 0.5), 2)
CANDIDATE_CHOICES = (2, 3, 4, 6, 8)  # how many of the ranker's best are re-ordered: the best on tuning ships
# Read only when the ranker's best leads its runner-up by less than this (ranker score units): the best on
# tuning ships (answer time: most questions read nothing when the ranker is sure).
GATES = (0.25, 0.5, 1.0, 2.0, math.inf)
REGULARISATION = 1.0  # sklearn's C


def _asked(desk, answerer, stage: SecondStage, items, right_of) -> list[dict]:
    """Per question: whether answerable, abstained before the second stage's check, and the read
    candidates' texts, rights and feature rows (empty when none were read)."""
    out = []
    last: dict = {}

    def record(texts, rows, ranks):
        last["texts"], last["rows"], last["ranks"] = texts, rows, ranks

    stage.record = record
    previous = desk.answerer
    desk.answerer = answerer
    try:
        for q, doc_id in items:
            last.clear()
            answer = desk.ask(q.question, doc_ids=None if doc_id is None else [doc_id])
            texts = last.get("texts", [])
            out.append({"answerable": bool(q.answers), "abstained": answer.abstained, "texts": texts,
                        "rows": last.get("rows", np.zeros((0, len(FEATURES)))), "ranks": last.get("ranks", []),
                        "right": [right_of(q, t) for t in texts] if q.answers else [0.0] * len(texts)})
    finally:
        desk.answerer = previous
        stage.record = None
    return out


def first(asked: list[dict], count: int, sentences: int = MAX_SENTENCES, gate: float = math.inf) -> list[dict]:
    """The asked questions as a second stage re-ordering the ranker's first `count` candidates, reading
    `sentences` sentences, only when the ranker's lead is below `gate`, would have seen them."""
    gap = FEATURES.index("stage1_gap")
    out = []
    for a in asked:
        keep = [i for i in range(min(count, len(a["texts"]))) if a["ranks"][i] < sentences]
        if len(a["rows"]) > 1 and -a["rows"][1][gap] >= gate:
            keep = []
        out.append({**a, "texts": [a["texts"][i] for i in keep], "rows": a["rows"][keep], "right": [a["right"][i] for i in keep],
                    "top_right": a["right"][0] if a["right"] else 0.0})
    return out


def _fit(asked: list[dict], seed: int) -> Coefficients:
    from sklearn.linear_model import LogisticRegression

    x = np.concatenate([a["rows"] for a in asked if a["answerable"] and len(a["rows"])])
    y = np.concatenate([np.asarray(a["right"]) >= 0.5 for a in asked if a["answerable"] and len(a["rows"])])
    model = LogisticRegression(C=REGULARISATION, max_iter=1000, random_state=seed).fit(x, y)
    return Coefficients({n: round(float(w), 5) for n, w in zip(FEATURES, model.coef_[0])}, round(float(model.intercept_[0]), 5))


def _chosen(a: dict, coefficients: Coefficients) -> int | None:
    if not len(a["rows"]):
        return None
    return int(np.argmax([coefficients.value(r) for r in a["rows"]]))


def outcome(asked: list[dict], coefficients: Coefficients, threshold: float) -> dict:
    """Right (F1 summed, and F1 ≥ 0.5) and abstained-on-unanswerable, choosing the re-ranker's best
    read candidate and abstaining when its sentence's no-answer margin exceeds `threshold`."""
    margin_column = FEATURES.index("no_answer_margin")
    f1 = right = abstained = 0.0
    for a in asked:
        i = _chosen(a, coefficients)
        kept = not a["abstained"] and (i is None or a["rows"][i][margin_column] <= threshold)
        if a["answerable"]:
            value = (a["right"][i] if i is not None else a.get("top_right", 0.0)) if kept else 0.0
            f1 += value
            right += value >= 0.5
        else:
            abstained += not kept
    answerable = sum(a["answerable"] for a in asked)
    return {"f1": round(f1, 2), "right": int(right), "abstained": int(abstained), "answerable": int(answerable),
            "unanswerable": int(len(asked) - answerable)}


def fit_second_stage(path: Path = DEFAULT_READER, data: Path | None = None, news_dir: Path | None = None,
                     limit: int | None = None, news_limit: int | None = None, use: str = "off", seed: int = 7,
                     sentences: int = MAX_SENTENCES,
                     index_dir: Path | None = None, news_index_dir: Path | None = None, embedder=None,
                     echo: Callable[[str], None] = print) -> dict:
    from service.answering.answerer import Answerer
    from service.answering.reader_train import update_card
    from service.answering.train import (NEGATIVE_SHARE, NEWS_DIR, SEED as TRAIN_SEED, TUNE_EVERY, UNANSWERABLE_SHARE,
                                         news_match, news_value, open_news, split_titles)
    from service.evaluate import default_index_dir, load_squad, open_index
    from service.evaluate.scoring import f1_score

    stage = from_card(path)
    stage.coefficients, stage.no_answer_threshold = IDENTITY, NO_THRESHOLD
    # recorded at the most; fewer candidates, sentences or a gate are the first rows of each question
    stage.candidates, stage.sentences, stage.gate = max(CANDIDATE_CHOICES), max(sentences, MAX_SENTENCES), math.inf
    answerer = Answerer(xenc=None, reader=stage)
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
        squad_right = lambda q, t: max((f1_score(t, g) for g in q.answers), default=0.0)  # noqa: E731
        squad_rows = _asked(desk, answerer, stage, [(q, q.doc_id) for q in tune_qs] + negatives, squad_right)
        weight = UNANSWERABLE_SHARE / (1 - UNANSWERABLE_SHARE) * len(tune_qs) / max(len(negatives), 1)
        embedder = desk.embedder
        echo(f"reader stage: SQuAD tuning {len(tune_qs)} questions + {len(negatives)} not stated here")
    news = open_news(Path(news_dir or NEWS_DIR), embedder, news_index_dir)
    news_rows = []
    if news is not None:
        news_right = lambda q, t: float(news_match(t, q.answers))  # noqa: E731
        news_rows = _asked(news.desk, answerer, stage, [(q, None) for q in news.tune[:news_limit]], news_right)
        echo(f"reader stage: news tuning {len(news_rows)} questions")

    def value(c: Coefficients, threshold: float, squad_part: list[dict], news_part: list[dict]) -> tuple[float, dict]:
        total, row = 0.0, {}
        if squad_part:
            s = outcome(squad_part, c, threshold)
            best = s["answerable"] + weight * s["unanswerable"]
            row["squad"] = {**s, "share": round((s["f1"] + weight * s["abstained"]) / max(best, 1e-9), 4)}
            total += row["squad"]["share"]
        if news_part:
            n = outcome(news_part, c, threshold)
            row["news"] = n
            total += news_value(n["right"] / max(n["answerable"], 1), n["abstained"] / max(n["unanswerable"], 1))
        return total, row

    by_choice = {}
    for count in CANDIDATE_CHOICES:
        for gate in GATES:
            squad_part, news_part = first(squad_rows, count, sentences, gate), first(news_rows, count, sentences, gate)
            c = _fit(first(squad_rows, count, sentences) + first(news_rows, count, sentences), seed)
            by_choice[(count, gate)] = (value(c, NO_THRESHOLD, squad_part, news_part)[0], c, squad_part, news_part)
            echo(f"reader stage: {count} candidates re-ordered, {sentences} sentences read, gate {gate}: "
                 f"{by_choice[(count, gate)][0]:.4f}")
    (candidates, gate) = max(by_choice, key=lambda k: (round(by_choice[k][0], 4), -k[1], -k[0]))  # ties: read less
    _, coefficients, squad_rows, news_rows = by_choice[(candidates, gate)]
    stage.candidates, stage.sentences = candidates, sentences
    on_chosen = partial(value, squad_part=squad_rows, news_part=news_rows)

    _, base = on_chosen(IDENTITY, NO_THRESHOLD)
    reranked_value, reranked = on_chosen(coefficients, NO_THRESHOLD)
    curve = {f"{t:.1f}": on_chosen(coefficients, float(t)) for t in MARGIN_GRID}
    best_key = max(curve, key=lambda k: (curve[k][0], float(k)))  # ties: the higher threshold (fewer abstentions)
    threshold = float(best_key) if curve[best_key][0] > reranked_value + 1e-9 else None
    stage_card = {"weights": coefficients.weights, "bias": coefficients.bias, "features": list(FEATURES),
                  "candidates": stage.candidates, "sentences": stage.sentences, "no_answer_threshold": threshold,
                  "gate": None if math.isinf(gate) else gate,
                  "fitted_on": "tuning parts: SQuAD tuning titles (gold mode, with 'not stated here' questions), "
                               "news tuning articles (whole news index)",
                  "chosen_on_tuning": {f"{n} candidates, gate {g}": round(v[0], 4) for (n, g), v in by_choice.items()},
                  "tuning": {"ranker_order": base, "reranked": reranked,
                             "margin_curve": {k: v[1] for k, v in curve.items()}}}
    card = update_card(path, use=use, second_stage=stage_card)
    echo(f"reader stage: coefficients {coefficients}; threshold {threshold}")
    echo(f"reader stage: ranker order {base}")
    echo(f"reader stage: re-ranked    {reranked}")
    if threshold is not None:
        echo(f"reader stage: + threshold  {curve[best_key][1]}")
    return card


