"""Fit the second stage (second_stage.py) on the tuning parts: the re-ranker's coefficients and the
reader's abstention, written into the reader's card.

The tuning parts only (the reader was fitted on the training parts, so its readings there are
in-sample): SQuAD's tuning titles in gold mode, with 'not stated here' questions asked of another
paragraph (train.NEGATIVE_SHARE), and the news tuning articles through the whole news index. Each
question is asked as `/ask` asks it with the second stage recording (the ranker's order unchanged):
the read candidates' features and texts. A candidate is right when it matches an accepted answer
(SQuAD: F1 ≥ train.GOOD_F1; news: train.news_match). A logistic regression (sklearn, L2, seeded; JSON
coefficients, no pickle) fits P(right | features). The abstention is a second logistic regression,
P(the answer is right | its confidence, its sentence's no-answer margin), over the re-ranked answers
(news answers weigh as much in all as SQuAD's, as train.fit_abstention weighs them); its threshold
maximises train.py's objective (SQuAD share + news_value). It ships only when it raises that value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
import json
import math
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np

from service.answering.reader import DEFAULT_READER
from service.answering.second_stage import (ABSTENTION_SIGNALS, FEATURES, IDENTITY, MAX_SENTENCES, Abstention, Coefficients,
                                            SecondStage, abstention_signals,
                                            from_card)

ABSTAIN_BELOW = np.round(np.arange(0.0, 0.96, 0.01), 2)  # the abstention's thresholds tried (P(right))
CURVE_STEP = 5  # the card keeps the tuning outcome at every 5th threshold tried (and the chosen one)
CANDIDATE_CHOICES = (2, 3, 4, 6, 8)  # how many of the ranker's best are re-ordered: the best on tuning ships
# Read only when the ranker's best leads its runner-up by less than this (ranker score units): the best on
# tuning ships (answer time: most questions read nothing when the ranker is sure).
GATES = (0.25, 0.5, 1.0, 2.0, math.inf)
REGULARISATION = 1.0  # sklearn's C
KEPT_SETTINGS = ("margin_reader", "propose")  # the card's second-stage settings a refit keeps (second_stage.from_card)


def kept_settings(path: Path) -> dict:
    """The KEPT_SETTINGS of the second stage in the card beside the tensors at `path` (set by hand, not
    fitted: a refit keeps them)."""
    card = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
    return {k: v for k, v in (card.get("second_stage") or {}).items() if k in KEPT_SETTINGS}


def _asked(desk, answerer, stage: SecondStage, items, right_of) -> list[dict]:
    """Per question: whether answerable, abstained before the second stage's check, and the read
    candidates' texts, rights and feature rows (empty when none were read)."""
    out = []
    last: dict = {}

    def record(texts, rows, ranks):
        last["texts"], last["rows"], last["ranks"] = texts, rows, ranks

    def record_answer(margin):
        last["answer_margin"] = margin

    stage.record, stage.record_answer = record, record_answer
    previous = desk.answerer
    desk.answerer = answerer
    try:
        for q, doc_id in items:
            last.clear()
            answer = desk.ask(q.question, doc_ids=None if doc_id is None else [doc_id])
            texts = last.get("texts", [])
            out.append({"answerable": bool(q.answers), "abstained": answer.abstained, "texts": texts,
                        "rows": last.get("rows", np.zeros((0, len(FEATURES)))), "ranks": last.get("ranks", []),
                        "answer_margin": last.get("answer_margin"), "confidence": answer.confidence,
                        "right": [right_of(q, t) for t in texts] if q.answers else [0.0] * len(texts)})
    finally:
        desk.answerer = previous
        stage.record = stage.record_answer = None
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


def answer_margin(a: dict, i: int | None) -> float | None:
    """The no-answer margin of the answer's sentence: the chosen read candidate's (`i`), or the answer's
    as recorded when nothing was read (None: the answerer abstained before reading it)."""
    return a["rows"][i][FEATURES.index("no_answer_margin")] if i is not None else a.get("answer_margin")


def outcome(asked: list[dict], coefficients: Coefficients, abstention: Abstention | None = None) -> dict:
    """Right (F1 summed, and F1 ≥ 0.5) and abstained-on-unanswerable, choosing the re-ranker's best
    read candidate and abstaining when `abstention` judges the answer (its confidence and its
    sentence's no-answer margin) below its threshold."""
    f1 = right = abstained = 0.0
    for a in asked:
        i = _chosen(a, coefficients)
        margin = answer_margin(a, i)
        kept = not a["abstained"] and (abstention is None or margin is None
                                       or not abstention.abstains(a.get("confidence", 1.0), margin))
        if a["answerable"]:
            value = (a["right"][i] if i is not None else a.get("top_right", 0.0)) if kept else 0.0
            f1 += value
            right += value >= 0.5
        else:
            abstained += not kept
    answerable = sum(a["answerable"] for a in asked)
    return {"f1": round(f1, 2), "right": int(right), "abstained": int(abstained), "answerable": int(answerable),
            "unanswerable": int(len(asked) - answerable)}


def _given(asked: list[dict], coefficients: Coefficients):
    """(question row, the answer's sentence's no-answer margin, the answer's value 0–1) of each answer the
    answerer gave (and read the sentence of)."""
    for a in asked:
        i = _chosen(a, coefficients)
        margin = answer_margin(a, i)
        if a["abstained"] or margin is None:
            continue
        yield a, margin, (a["right"][i] if i is not None else a.get("top_right", 0.0)) if a["answerable"] else 0.0


def _answered(asked: list[dict], coefficients: Coefficients) -> list[tuple[list[float], bool]]:
    """(ABSTENTION_SIGNALS, right) of each answer the answerer gave (and read the sentence of)."""
    return [(abstention_signals(a.get("confidence", 1.0), margin), value >= 0.5) for a, margin, value in _given(asked, coefficients)]


def margin_separation(asked: list[dict], coefficients: Coefficients) -> dict:
    """How well the answer's sentence's no-answer margin tells answers to drop from answers to keep, over
    the answers the answerer gave (and read the sentence of): ROC AUC of the margin for "not right"
    (wrong, or any answer to an unanswerable question) and for "unanswerable", with the counts. An AUC
    of 0.5 separates nothing; None when a side is empty."""
    from sklearn.metrics import roc_auc_score

    margins, wrong, unanswerable = [], [], []
    for a, margin, value in _given(asked, coefficients):
        margins.append(float(margin))
        wrong.append(value < 0.5)
        unanswerable.append(not a["answerable"])

    def auc(labels: list[bool]) -> float | None:
        return round(float(roc_auc_score(labels, margins)), 4) if 0 < sum(labels) < len(labels) else None

    return {"answers": len(margins), "not_right": int(sum(wrong)), "unanswerable": int(sum(unanswerable)),
            "auc_not_right": auc(wrong), "auc_unanswerable": auc(unanswerable)}


def fit_abstention(squad: list[dict], news: list[dict], coefficients: Coefficients, seed: int) -> tuple[dict, float] | None:
    """The abstention's logistic regression (weights, bias) on the tuning answers, news weighing as much
    in all as SQuAD; None with too few answers of either label."""
    from sklearn.linear_model import LogisticRegression

    squad_rows, news_rows = _answered(squad, coefficients), _answered(news, coefficients)
    rows = squad_rows + news_rows
    labels = [r for _, r in rows]
    if len(set(labels)) < 2:
        return None
    news_weight = len(squad_rows) / max(len(news_rows), 1) if squad_rows else 1.0
    weights = [1.0] * len(squad_rows) + [news_weight] * len(news_rows)
    model = LogisticRegression(C=REGULARISATION, max_iter=1000, random_state=seed).fit(
        np.array([x for x, _ in rows]), np.array(labels, dtype=int), sample_weight=weights)
    return {n: round(float(w), 5) for n, w in zip(ABSTENTION_SIGNALS, model.coef_[0])}, round(float(model.intercept_[0]), 5)


def fit_second_stage(path: Path = DEFAULT_READER, data: Path | None = None, news_dir: Path | None = None,
                     limit: int | None = None, news_limit: int | None = None, use: str = "off", seed: int = 7,
                     sentences: int = MAX_SENTENCES, window: int | None = None, gates: Sequence[float] = GATES,
                     index_dir: Path | None = None, news_index_dir: Path | None = None, embedder=None,
                     echo: Callable[[str], None] = print, abstain: bool = True) -> dict:
    """`abstain` False: the abstention is fitted and reported but not shipped (the stage only re-orders:
    fewer reads at answer time, see second_stage.py)."""
    from service.answering.answerer import Answerer
    from service.training.reader import update_card
    from service.training.ranker import (NEGATIVE_SHARE, NEWS_DIR, SEED as TRAIN_SEED, TUNE_EVERY, UNANSWERABLE_SHARE,
                                         news_match, news_value, open_news, split_titles)
    from service.evaluate import default_index_dir, load_squad, open_index
    from service.evaluate.scoring import f1_score

    if window is not None:  # the reader's window at answer time (word pieces of a pair)
        update_card(path, max_tokens=int(window))
    stage = from_card(path)
    stage.coefficients, stage.abstention = IDENTITY, None
    # recorded at the most; fewer candidates or a gate are the first rows of each question
    stage.candidates, stage.sentences, stage.gate = max(CANDIDATE_CHOICES), sentences, math.inf
    answerer = Answerer(reader=stage)
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

    def value(c: Coefficients, abstention: Abstention | None, squad_part: list[dict], news_part: list[dict]) -> tuple[float, dict]:
        total, row = 0.0, {}
        if squad_part:
            s = outcome(squad_part, c, abstention)
            best = s["answerable"] + weight * s["unanswerable"]
            row["squad"] = {**s, "share": round((s["f1"] + weight * s["abstained"]) / max(best, 1e-9), 4)}
            total += row["squad"]["share"]
        if news_part:
            n = outcome(news_part, c, abstention)
            row["news"] = n
            total += news_value(n["right"] / max(n["answerable"], 1), n["abstained"] / max(n["unanswerable"], 1))
        return total, row

    by_choice = {}
    for count in CANDIDATE_CHOICES:
        c = _fit(first(squad_rows, count, sentences) + first(news_rows, count, sentences), seed)
        for gate in gates:
            squad_part, news_part = first(squad_rows, count, sentences, gate), first(news_rows, count, sentences, gate)
            by_choice[(count, gate)] = (value(c, None, squad_part, news_part)[0], c, squad_part, news_part)
            echo(f"reader stage: {count} candidates re-ordered, {sentences} sentences read, gate {gate}: "
                 f"{by_choice[(count, gate)][0]:.4f}")
    (candidates, gate) = max(by_choice, key=lambda k: (round(by_choice[k][0], 4), -k[1], -k[0]))  # ties: read less
    _, coefficients, squad_rows, news_rows = by_choice[(candidates, gate)]
    stage.candidates, stage.sentences = candidates, sentences
    on_chosen = partial(value, squad_part=squad_rows, news_part=news_rows)

    _, base = on_chosen(IDENTITY, None)
    reranked_value, reranked = on_chosen(coefficients, None)
    abstention, curve, best_key = None, {}, None
    fitted = fit_abstention(squad_rows, news_rows, coefficients, seed)
    if fitted is not None:
        curve = {f"{t:.2f}": on_chosen(coefficients, Abstention(*fitted, float(t))) for t in ABSTAIN_BELOW}
        best = max(v[0] for v in curve.values())
        tied = [k for k, v in curve.items() if v[0] >= best - 1e-9]
        best_key = tied[len(tied) // 2]  # the middle of a tie, as train.py chooses its thresholds
        if abstain and curve[best_key][0] > reranked_value + 1e-9:
            abstention = Abstention(*fitted, float(best_key))
    separation = {name: margin_separation(part, coefficients) for name, part in (("squad", squad_rows), ("news", news_rows)) if part}
    stage_card = {"weights": coefficients.weights, "bias": coefficients.bias, "features": list(FEATURES),
                  "candidates": stage.candidates, "sentences": stage.sentences,
                  "abstention": None if abstention is None else abstention.to_json(),
                  "gate": None if math.isinf(gate) else gate,
                  "fitted_on": "tuning parts: SQuAD tuning titles (gold mode, with 'not stated here' questions), "
                               "news tuning articles (whole news index)",
                  "chosen_on_tuning": {f"{n} candidates, gate {g}": round(v[0], 4) for (n, g), v in by_choice.items()},
                  "tuning": {"ranker_order": base, "reranked": reranked, "margin_separation": separation,
                             "abstention_curve": {k: v[1] for k, v in curve.items() if k == best_key or round(float(k) * 100) % CURVE_STEP == 0},
                             "abstention_fitted": None if fitted is None else {"weights": fitted[0], "bias": fitted[1]}}}
    card = update_card(path, use=use, second_stage={**stage_card, **kept_settings(path)})
    echo(f"reader stage: coefficients {coefficients}; abstention {abstention}")
    echo(f"reader stage: ranker order {base}")
    echo(f"reader stage: the answer's no-answer margin separates {separation}")
    echo(f"reader stage: re-ranked    {reranked}")
    if best_key is not None:
        echo(f"reader stage: + abstention below {best_key}{'' if abstention else ' (not kept)'}: {curve[best_key][1]}")
    return card


