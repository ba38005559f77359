"""`newsdesk train`: fit the learned scorer on SQuAD v1.1 dev's training half.

The split is by article: the distinct titles sorted, titles at even positions (0, 2, …) are for
training and tuning, titles at odd positions are held out and never read here. Within the even
titles, every fifth one (by the same sorted order) is the tuning part: it picks the number of
boosting rounds, fits the confidence calibration and chooses the abstention threshold.

Every candidate span the answerer extracts from the gold paragraph is a training row, labelled
by how well it matches a gold answer (token F1, as SQuAD scores it). Questions asked against
another paragraph of the same article are the "not stated here" cases the abstention threshold
must reject. The model is LightGBM lambdarank, written in LightGBM's text format; nothing is
pickled. Seeded and single-threaded, so a run is reproducible.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.embed import Embedder
from service.answering.answerer import Answerer
from service.answering.features import FEATURES
from service.answering.grouping import GroupingWeights
from service.answering.question import analyse
from service.answering.scorer import DEFAULT_MODEL, LearnedModel
from service.evaluate import QuestionVectors, SquadQuestion, f1_score, load_squad, normalize_answer, open_index
from service.retrieve import retrieve

SEED = 7
TUNE_EVERY = 5  # every 5th training title tunes rounds, calibration and threshold
NEGATIVE_SHARE = 0.25  # 'not stated here' questions per tuning question
ANSWER_DEPTH = 10  # passages read per question, as the engine does
EM_RELEVANCE, GOOD_RELEVANCE, PARTIAL_RELEVANCE = 3, 2, 1
GOOD_F1 = 0.5
TYPE_GATES = (0.0, 0.1, 0.3, 0.5)  # least type fit a candidate needs: the one chosen on tuning questions ships
CANDIDATES = "wide"  # the candidate set the model is trained on and will score (candidates.CANDIDATE_SETS)


@dataclass(frozen=True)
class BoostingParams:
    """LightGBM settings: small trees, slow learning, one thread for reproducible results."""

    learning_rate: float = 0.05
    num_leaves: int = 31
    min_data_in_leaf: int = 40
    feature_fraction: float = 0.8
    lambda_l2: float = 1.0
    max_rounds: int = 400
    early_stopping: int = 40

    def lightgbm(self, seed: int) -> dict:
        return {"objective": "lambdarank", "metric": "ndcg", "eval_at": [1], "learning_rate": self.learning_rate,
                "num_leaves": self.num_leaves, "min_data_in_leaf": self.min_data_in_leaf,
                "feature_fraction": self.feature_fraction, "lambda_l2": self.lambda_l2, "seed": seed,
                "deterministic": True, "force_row_wise": True, "num_threads": 1, "verbose": -1}


class _AllFeatures:
    """A scorer that scores nothing and reads every feature: the answerer's path, for collecting rows."""

    name = "training"
    features = tuple(FEATURES)
    grouping = GroupingWeights()
    min_type_fit = 0.0
    threshold = 0.0

    def __init__(self, candidates: str = CANDIDATES) -> None:
        self.candidates = candidates

    def score(self, features, spans):
        return np.zeros(len(spans))

    def confidence(self, score, span):
        return 0.0


@dataclass
class Rows:
    """Candidate rows of many questions; `groups[i]` rows belong to question i."""

    features: list[np.ndarray] = field(default_factory=list)
    f1: list[np.ndarray] = field(default_factory=list)
    em: list[np.ndarray] = field(default_factory=list)
    questions: int = 0  # including those that produced no candidate

    @property
    def groups(self) -> list[int]:
        return [len(f) for f in self.f1]

    def matrix(self) -> np.ndarray:
        return np.concatenate(self.features) if self.features else np.zeros((0, len(FEATURES)))

    def relevance(self) -> np.ndarray:
        f1, em = np.concatenate(self.f1), np.concatenate(self.em)
        return np.where(em, EM_RELEVANCE, np.where(f1 >= GOOD_F1, GOOD_RELEVANCE, np.where(f1 > 0, PARTIAL_RELEVANCE, 0)))


def split_titles(titles: Sequence[str]) -> tuple[set[str], set[str]]:
    """(training titles, held-out titles): sorted, even positions train, odd positions held out."""
    ordered = sorted(set(titles))
    return set(ordered[0::2]), set(ordered[1::2])


def _collect(desk, answerer: Answerer, items: Sequence[tuple[SquadQuestion, str]], progress: Callable[[str], None]) -> Rows:
    """Rows for (question, paragraph to answer from) pairs; gold labels only when it is the gold paragraph."""
    rows = Rows()
    snapshot = desk.snapshot
    for n, (q, doc_id) in enumerate(items, 1):
        rows.questions += 1
        vector = desk.embedder.encode_one(q.question)
        hits = retrieve(snapshot, q.question, vector, ANSWER_DEPTH, doc_ids=[doc_id])
        ranking = answerer.rank(snapshot, analyse(q.question), hits, vector)
        if ranking.early is not None or not ranking.spans:
            continue
        texts = [x.c.text for x in ranking.spans]
        gold = q.answers if doc_id == q.doc_id else ()
        golds = [normalize_answer(g) for g in gold]
        rows.features.append(ranking.features)
        rows.f1.append(np.array([max((f1_score(t, g) for g in gold), default=0.0) for t in texts]))
        rows.em.append(np.array([normalize_answer(t) in golds for t in texts]))
        if n % 500 == 0:
            progress(f"  {n}/{len(items)} questions")
    return rows


def _platt(scores: np.ndarray, correct: np.ndarray) -> dict[str, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0).fit(scores.reshape(-1, 1), correct.astype(int))
    return {"a": float(model.coef_[0, 0]), "b": float(model.intercept_[0])}


def _tops(booster, rows: Rows, min_type_fit: float = 0.0) -> tuple[np.ndarray, np.ndarray, int]:
    """Per question with a candidate fitting its kind at least `min_type_fit`: the best candidate's
    model score and its F1; and how many questions had none (the answerer abstains on those)."""
    scores, f1s, none = [], [], 0
    column = list(FEATURES).index("type_fit")
    for features, f1 in zip(rows.features, rows.f1):
        keep = features[:, column] >= min_type_fit
        if not keep.any():
            none += 1
            continue
        predicted = np.where(keep, booster.predict(features, num_threads=1), -np.inf)
        best = int(np.argmax(predicted))
        scores.append(predicted[best])
        f1s.append(f1[best])
    return np.array(scores), np.array(f1s), none


def choose_type_gate(booster, tune: Rows) -> float:
    """The least type fit a candidate needs, chosen for the best F1 of the top candidate on tuning questions."""
    totals = {gate: _tops(booster, tune, gate)[1].sum() for gate in TYPE_GATES}
    return max(TYPE_GATES, key=lambda gate: (round(totals[gate], 6), -gate))


def choose_threshold(confidence_pos: np.ndarray, f1_pos: np.ndarray, confidence_neg: np.ndarray,
                     answered_elsewhere: int = 0) -> float:
    """The confidence below which to abstain that maximises F1 on answerable questions plus one point
    per abstention on unanswerable ones (those the answerer already abstains on count as abstained)."""
    best_t, best_value = 0.0, -1.0
    for t in np.round(np.arange(0.0, 0.96, 0.01), 2):
        value = f1_pos[confidence_pos >= t].sum() + (confidence_neg < t).sum() + answered_elsewhere
        if value > best_value + 1e-9:
            best_t, best_value = float(t), value
    return best_t


def train(data: Path, out: Path = DEFAULT_MODEL, index_dir: Path | None = None, embedder: Embedder | None = None,
          limit: int | None = None, seed: int = SEED, params: BoostingParams = BoostingParams(),
          candidates: str = CANDIDATES, echo: Callable[[str], None] = print) -> dict:
    """Train on the even-title half of `data`; write `<out>.txt` and `<out>.json`; return the report."""
    import lightgbm

    started = time.perf_counter()
    articles, questions = load_squad(data)
    title_of = {a.doc_id: a.title for a in articles}
    train_titles, held_out = split_titles(title_of.values())
    ordered = sorted(train_titles)
    tune_titles = set(ordered[TUNE_EVERY - 1::TUNE_EVERY])
    usable = [q for q in questions if title_of[q.doc_id] in train_titles]
    if limit:
        usable = usable[:limit]
    fit_qs = [q for q in usable if title_of[q.doc_id] not in tune_titles]
    tune_qs = [q for q in usable if title_of[q.doc_id] in tune_titles]
    if not fit_qs or not tune_qs:
        raise ValueError("too few questions to train: need some from training and from tuning titles")
    from service.evaluate import default_index_dir

    desk, _ = open_index(articles, index_dir or default_index_dir(data), embedder, progress=False)
    paragraphs = {}
    for a in articles:
        paragraphs.setdefault(a.title, []).append(a.doc_id)
    rng = np.random.default_rng(seed)
    negatives = []
    for q in tune_qs:
        others = [d for d in paragraphs[title_of[q.doc_id]] if d != q.doc_id]
        if others and rng.random() < NEGATIVE_SHARE:
            negatives.append((q, others[int(rng.integers(len(others)))]))
    desk.embedder = QuestionVectors(desk.embedder, [q.question for q in usable])
    answerer = Answerer(scorer=_AllFeatures(candidates))
    echo(f"collecting candidates: {len(fit_qs)} training, {len(tune_qs)} tuning, {len(negatives)} 'not stated here' questions")
    fit = _collect(desk, answerer, [(q, q.doc_id) for q in fit_qs], echo)
    tune = _collect(desk, answerer, [(q, q.doc_id) for q in tune_qs], echo)
    neg = _collect(desk, answerer, negatives, echo)
    recall = {
        "questions": fit.questions,
        "exact_answer_among_candidates": round(100 * sum(bool(e.any()) for e in fit.em) / fit.questions, 1),
        "oracle_f1": round(100 * sum(float(f.max()) for f in fit.f1) / fit.questions, 1),
        "candidates_per_question": round(float(np.mean(fit.groups)), 1),
    }
    echo(f"candidate recall (training questions): {recall}")
    names = list(FEATURES)
    train_set = lightgbm.Dataset(fit.matrix(), fit.relevance(), group=fit.groups, feature_name=names, free_raw_data=False)
    tune_set = lightgbm.Dataset(tune.matrix(), tune.relevance(), group=tune.groups, reference=train_set)
    booster = lightgbm.train(params.lightgbm(seed), train_set, num_boost_round=params.max_rounds, valid_sets=[tune_set],
                             callbacks=[lightgbm.early_stopping(params.early_stopping, verbose=False)])
    rounds = booster.best_iteration or params.max_rounds
    model_text = booster.model_to_string(num_iteration=rounds)
    booster = lightgbm.Booster(model_str=model_text)
    gate = choose_type_gate(booster, tune)
    scores_pos, f1_pos, _ = _tops(booster, tune, gate)
    scores_neg, _, neg_without = _tops(booster, neg, gate)
    calibration = _platt(np.concatenate([scores_pos, scores_neg]),
                         np.concatenate([f1_pos >= GOOD_F1, np.zeros(len(scores_neg), bool)]))

    def calibrated(s: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(calibration["a"] * s + calibration["b"])))

    threshold = choose_threshold(calibrated(scores_pos), f1_pos, calibrated(scores_neg),
                                 answered_elsewhere=neg.questions - len(neg.f1) + neg_without)
    tune_f1 = 100 * float(f1_pos[calibrated(scores_pos) >= threshold].sum()) / max(tune.questions, 1)
    report = {
        "data": str(data), "seed": seed, "split": "titles sorted; even positions train (every 5th of them tunes), odd held out",
        "training_titles": len(train_titles), "held_out_titles": len(held_out), "tuning_titles": len(tune_titles),
        "questions": {"fit": fit.questions, "tune": tune.questions, "not_stated_here": neg.questions},
        "rows": int(sum(fit.groups)), "rounds": rounds, "candidate_recall": recall,
        "tune_f1_at_threshold": round(tune_f1, 1), "seconds": round(time.perf_counter() - started, 1),
        "params": params.lightgbm(seed), "candidates": candidates, "min_type_fit": gate,
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".txt").write_text(model_text, encoding="utf-8")
    LearnedModel(features=names, calibration=calibration, threshold=threshold, candidates=candidates,
                 min_type_fit=gate, training=report).write(out.with_suffix(".json"))
    echo(f"rounds {rounds}; type gate {gate}; calibration {calibration}; abstain below {threshold:.2f}; tuning F1 {tune_f1:.1f}")
    echo(f"written {out.with_suffix('.txt')} and {out.with_suffix('.json')} in {report['seconds']:.0f} s")
    return report


def feature_importance(model: Path = DEFAULT_MODEL, top: int = 15) -> list[tuple[str, float]]:
    import lightgbm

    booster = lightgbm.Booster(model_file=str(Path(model).with_suffix(".txt")))
    names = json.loads(Path(model).with_suffix(".json").read_text())["features"]
    gains = booster.feature_importance("gain")
    return sorted(zip(names, gains.tolist()), key=lambda p: -p[1])[:top]


def attribute_fit_table(data: Path, index_dir: Path | None = None, embedder: Embedder | None = None,
                        limit: int | None = None, misfits: list | None = None) -> dict[str, dict]:
    """Per asked attribute (service/attributes.py), on the training half of `data` in gold mode:
    questions asking it, those with a candidate matching a gold answer exactly, and the share of
    those where such a candidate fits the attribute. This is what `ATTRIBUTE_GOLD_FIT` records:
    an attribute whose gold answers often do not fit is not checked."""
    from service.attributes import asked_attribute, fits
    from service.evaluate import default_index_dir

    articles, questions = load_squad(data)
    title_of = {a.doc_id: a.title for a in articles}
    train_titles, _ = split_titles(title_of.values())
    usable = [q for q in questions if title_of[q.doc_id] in train_titles][:limit]
    desk, _ = open_index(articles, index_dir or default_index_dir(data), embedder, progress=False)
    answerer = Answerer(scorer=_AllFeatures())
    table: dict[str, dict] = {}
    for q in usable:
        question = analyse(q.question)
        attribute = asked_attribute(q.question, question.kind)
        if attribute is None:
            continue
        row = table.setdefault(attribute.noun, {"questions": 0, "gold_among_candidates": 0, "gold_fits": 0})
        row["questions"] += 1
        vector = desk.embedder.encode_one(q.question)
        hits = retrieve(desk.snapshot, q.question, vector, ANSWER_DEPTH, doc_ids=[q.doc_id])
        ranking = answerer.rank(desk.snapshot, question, hits, vector)
        golds = {normalize_answer(g) for g in q.answers}
        matching = [x.c for x in ranking.spans if normalize_answer(x.c.text) in golds]
        if matching:
            row["gold_among_candidates"] += 1
            fit = any(fits(attribute, c.text, c.label) for c in matching)
            row["gold_fits"] += fit
            if not fit and misfits is not None:
                misfits.append((attribute.noun, q.question, [(c.text, c.label) for c in matching]))
    for row in table.values():
        row["share"] = round(row["gold_fits"] / row["gold_among_candidates"], 3) if row["gold_among_candidates"] else None
    return dict(sorted(table.items()))
