"""Step 4, scoring: a number per candidate span, higher is better, and when to abstain.

Two strategies, picked once when the Answerer is built:

* `learned` (default): a LightGBM lambdarank model over the features (`model/answer_ranker.txt`,
  LightGBM's own text format), with a Platt-scaled confidence and an abstention threshold chosen
  on training questions only (`model/answer_ranker.json`). Trained by `newsdesk train`.
* `rules`: the hand-set weights below — the baseline the learned model is compared with and stacks on.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from service.answering.abstention import Answerability, TypeGates
from service.answering.features import FEATURES, Span, matrix
from service.answering.grouping import GroupingWeights
from service.answering.kinds import QUOTE

MODEL_DIR = Path(__file__).resolve().parent / "model"
DEFAULT_MODEL = MODEL_DIR / "answer_ranker"  # .txt (LightGBM) + .json (features, calibration, threshold)
STRATEGIES = ("learned", "rules")
DEFAULT_STRATEGY = "learned"  # as good as the rules on golden and clusters dev, better on BBC dev and SQuAD (README)


class Scorer(Protocol):
    name: str
    features: tuple[str, ...]
    grouping: GroupingWeights
    min_type_fit: float  # candidates whose kind fits the question less are not considered
    threshold: float  # abstain below this confidence
    candidates: str  # which candidate set it scores: a key of candidates.CANDIDATE_SETS
    stacked: bool  # reads STACKED_FEATURES (the rules' view of each span) after `features`
    shortlist: int | None  # scores only the rules' best this many candidates (None: all)

    def score(self, features: np.ndarray, spans: list[Span]) -> np.ndarray: ...

    def confidence(self, score: float, span: Span) -> float: ...


# -- rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpanWeights:
    """Hand-set weights of the rules scorer for every kind but quotations."""

    sentence_score: float = 1.5
    type_fit: float = 0.8
    proximity: float = 0.5
    syntax: float = 0.25
    focus_bonus: float = 0.15
    informative: float = 0.15
    overlap: float = -0.4
    length_excess: float = -0.05
    heading: float = -0.3


@dataclass(frozen=True)
class QuoteWeights:
    """A quotation is chosen by who said it (the words near it), less by its own sentence."""

    sentence_score: float = 0.5
    type_fit: float = 0.8
    proximity: float = 1.5


@dataclass(frozen=True)
class ConfidenceWeights:
    """The rules' confidence: a blend of how well the sentence matches and how well the kind fits."""

    base: float = 0.1
    sentence_coverage: float = 0.45
    sentence_similarity: float = 0.3
    type_fit: float = 0.25


@dataclass(frozen=True)
class RuleWeights:
    span: SpanWeights = SpanWeights()
    quote: QuoteWeights = QuoteWeights()
    confidence: ConfidenceWeights = ConfidenceWeights()
    min_type_fit: float = 0.6
    threshold: float = 0.35


def _weights_of(weights) -> dict[str, float]:
    return {name: getattr(weights, name) for name in weights.__dataclass_fields__}


class RulesScorer:
    name = "rules"
    candidates = "base"
    stacked = False
    shortlist = None

    def __init__(self, weights: RuleWeights = RuleWeights()) -> None:
        self.weights = weights
        span, quote = _weights_of(weights.span), _weights_of(weights.quote)
        self.features = tuple(dict.fromkeys([*span, *quote]))
        self._span = np.array([span.get(n, 0.0) for n in self.features])
        self._quote = np.array([quote.get(n, 0.0) for n in self.features])
        self.grouping = GroupingWeights()
        self.min_type_fit = weights.min_type_fit
        self.threshold = weights.threshold

    def score(self, features: np.ndarray, spans: list[Span]) -> np.ndarray:
        is_quote = np.array([x.c.label == QUOTE for x in spans], dtype=bool)
        return np.where(is_quote, features @ self._quote, features @ self._span)

    def confidence(self, score: float, span: Span) -> float:
        w = self.weights.confidence
        s = span.s
        value = (w.base + w.sentence_coverage * s.coverage + w.sentence_similarity * max(s.similarity, 0.0)
                 + w.type_fit * span.c.type_fit)
        return float(min(max(value, 0.0), 1.0))


# -- stacking ----------------------------------------------------------------------------------

# What the learned model reads of the rules scorer beside the features: its score of the span,
# the span's rank by that score among the question's candidates (0 = the rules' answer) and how far
# below the rules' best it is. The hand weights encode knowledge the training questions cannot teach.
STACKED_FEATURES = ("rule_score", "rule_rank", "rule_gap")
MAX_RULE_RANK = 20  # ranks beyond read as this


def rule_columns(spans: list[Span], rules: "RulesScorer | None" = None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """STACKED_FEATURES of one question's candidates, one row per span, and the rules' own feature
    columns (name → values, so they are not computed twice); sets each candidate's `rule_rank`."""
    rules = rules or _RULES
    if not spans:
        return np.zeros((0, len(STACKED_FEATURES))), {n: np.zeros(0) for n in rules.features}
    own = matrix(spans, rules.features)
    score = rules.score(own, spans)
    order = np.argsort(-score, kind="stable")
    rank = np.empty(len(score))
    rank[order] = np.minimum(np.arange(len(score)), MAX_RULE_RANK)
    for x, r in zip(spans, rank):
        x.c.rule_rank = float(r)
    return np.column_stack([score, rank, score.max() - score]), {n: own[:, i] for i, n in enumerate(rules.features)}


# -- learned -----------------------------------------------------------------------------------


@dataclass
class LearnedModel:
    """What `newsdesk train` writes beside the LightGBM text model."""

    features: list[str]
    # confidence = 1 / (1 + exp(-(a * score + b + Σ w_f * f))) over the top span's CONFIDENCE_INPUTS f
    calibration: dict[str, float]
    threshold: float
    group_bonus: float = 0.1
    conflict_margin: float = 1.0
    candidates: str = "base"
    min_type_fit: float = 0.0  # candidates fitting the question's kind less are not considered (chosen in training)
    type_gates: dict[str, float] = field(default_factory=dict)  # the same per question kind (abstention.GATE_KINDS)
    # the answerability model over the chosen answer's signals (abstention.SIGNALS): {"weights", "bias"};
    # when set, its probability is the confidence `threshold` applies to
    answerability: dict = field(default_factory=dict)
    stacked: list[str] = field(default_factory=list)  # STACKED_FEATURES the model reads after `features`
    shortlist: int | None = None  # only the rules' best this many candidates are scored (the rest may still corroborate)
    training: dict = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> "LearnedModel":
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))

    def write(self, path: Path) -> None:
        Path(path).write_text(json.dumps(self.__dict__, indent=2) + "\n", encoding="utf-8")


# Besides the model's score, what the calibrated confidence reads of the top span: the model ranks
# spans within one question, these say how well the question is met at all.
def agreement(rule_rank: float) -> float:
    """1 when the rules scorer also ranks the span first, 1/2 when second, …: two scorers built
    differently agreeing is evidence the answer is right where the question shares few words with it."""
    return 1.0 / (1.0 + rule_rank)


CONFIDENCE_INPUTS = {
    "coverage": lambda x: x.s.coverage,
    "similarity": lambda x: x.s.similarity,
    "type_fit": lambda x: x.c.type_fit,
    "rules_agree": lambda x: agreement(x.c.rule_rank),
}
# The feature column each input is read from in training, and how it is turned into the input.
CONFIDENCE_COLUMNS = {"coverage": "sentence_coverage", "similarity": "sentence_similarity", "type_fit": "type_fit",
                      "rules_agree": "rule_rank"}
CONFIDENCE_TRANSFORMS = {"rules_agree": agreement}


class LearnedScorer:
    name = "learned"

    def __init__(self, model: Path = DEFAULT_MODEL) -> None:
        import lightgbm

        model = Path(model)
        self.meta = LearnedModel.read(model.with_suffix(".json"))
        unknown = [n for n in self.meta.features if n not in FEATURES]
        if unknown:
            raise ValueError(f"{model}: trained on features this code does not have: {', '.join(unknown)}")
        self.features = tuple(self.meta.features)
        if self.meta.stacked and list(self.meta.stacked) != list(STACKED_FEATURES):
            raise ValueError(f"{model}: stacked on {self.meta.stacked}, this code stacks {list(STACKED_FEATURES)}")
        self.booster = lightgbm.Booster(model_file=str(model.with_suffix(".txt")))
        expected = len(self.features) + len(self.meta.stacked)
        if self.booster.num_feature() != expected:
            raise ValueError(f"{model}: the model reads {self.booster.num_feature()} features, its JSON names {expected}")
        self.threshold = self.meta.threshold
        self.stacked = bool(self.meta.stacked)
        self.shortlist = self.meta.shortlist
        self.candidates = self.meta.candidates
        self.min_type_fit = self.meta.min_type_fit
        self.type_gates = TypeGates(self.meta.min_type_fit, dict(self.meta.type_gates))
        self._inputs = [(name, read) for name, read in CONFIDENCE_INPUTS.items() if name in self.meta.calibration]
        self.answerability = Answerability.read(self.meta.answerability) if self.meta.answerability else None
        self.grouping = GroupingWeights(per_extra_source=self.meta.group_bonus, conflict_margin=self.meta.conflict_margin)

    def score(self, features: np.ndarray, spans: list[Span]) -> np.ndarray:
        return self.booster.predict(features, num_threads=1)

    def confidence(self, score: float, span: Span) -> float:
        c = self.meta.calibration
        z = c["a"] * score + c["b"] + sum(c[name] * read(span) for name, read in self._inputs)
        return 1.0 / (1.0 + math.exp(-z))


_RULES = RulesScorer()


def make_scorer(strategy: str = DEFAULT_STRATEGY, model: Path | None = None) -> Scorer:
    if strategy == "rules":
        return RulesScorer()
    if strategy == "learned":
        return LearnedScorer(model or DEFAULT_MODEL)
    raise ValueError(f"unknown answering strategy {strategy!r}; choose from {', '.join(STRATEGIES)}")
