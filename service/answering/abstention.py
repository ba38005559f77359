"""Step 5b, abstention: when the best span found does not answer the question at all.

Two parts, both chosen by `newsdesk train` on tuning questions only (SQuAD's tuning titles and the
news tuning articles, with their unanswerable questions):

* **A type gate per question kind.** A candidate whose kind fits the question less than its kind's
  gate is not considered. One number for every question let 'When did X sign …' be answered with a
  noun phrase ('an MSP', type fit 0.05) because a 'what' question may well be answered by one. Each
  kind of question (`GATE_KINDS`: the question kinds the scorer has a feature for; the others share
  `OTHER_KINDS`) gets the gate best for its own tuning questions; the choice is additive over
  questions, so each kind's gate is chosen apart.
* **An answerability model** (logistic regression, JSON weights): the probability that the answer
  the answerer settled on is right, from question-level signals of that answer (`SIGNALS`): the
  calibrated confidence of its span, how well its kind fits, whether the question's head noun is tied
  to it ('how many *PCs*' → '575 million' said of phones is not), whether it is tied to the
  question's own event ('when did X *sign*' → a date of another event is not), how many of the question's names
  and rarest words its sentence holds (the topic may be there while the asked attribute is not),
  whether it only repeats the question's words and how far the scorer's runner-up value is behind
  (how many sources state it was tried: nearly every answer has one, it only added noise). Fitted
  on what the answerer answers to the tuning questions — answerable and unanswerable — so it judges
  the answers as `/ask` gives them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from index.lexical import tokenize
from service.answering.features import FEATURES, QUESTION_KINDS

OTHER_KINDS = "other kinds"  # 'how old', 'how far', 'whose', …: kinds without a question-kind feature share one gate
GATE_KINDS = tuple(QUESTION_KINDS) + (OTHER_KINDS,)
KIND_COLUMNS = {kind: f"asks_{kind.replace(' ', '_')}" for kind in QUESTION_KINDS}

RARE_TERMS = 3  # the question's rarest words (IDF) whose presence in the answer's sentence is a signal
GAP_CAP = 5.0  # the runner-up gap when there is no other value (in the scorer's units)
CONFIDENCE_CLIP = 1e-4  # the confidence's log-odds are read within [clip, 1 - clip]


def names_held(span) -> float:
    """Share of the question's names (proper nouns, numbers) the answer's sentence holds; 1 with none."""
    names = {t for name in span.ctx.question.names for t in tokenize(name)}
    if not names:
        return 1.0
    return len(names & set(tokenize(span.s.text))) / len(names)


def rarest(terms: Iterable[str], idf: Mapping[str, float], n: int) -> list[str]:
    """The `n` terms of `terms` with the highest IDF; equal IDFs (common: words of one article each)
    in alphabetical order. Never in the order a set iterates: that changes with PYTHONHASHSEED, so
    one process would answer a question another abstains on."""
    return sorted({t for t in terms if t in idf}, key=lambda t: (-idf[t], t))[:n]


def rare_terms_held(span) -> float:
    """Share of the question's RARE_TERMS rarest words (by the index's IDF) the answer's sentence holds."""
    idf = span.ctx.idf
    rare = rarest(span.ctx.terms, idf, RARE_TERMS)
    if not rare:
        return 1.0
    present = span.ctx.positions(span.s)
    return sum(t in present for t in rare) / len(rare)


def focus_untied(span) -> float:
    """1 when the sentence names the question's head noun but the answer is not tied to it
    ('how many *staff* will lose their jobs' → 'about 6,100' of all the staff it employs)."""
    return float(FEATURES["sentence_has_focus"](span) > 0 and FEATURES["focus_bonus"](span) == 0)


def _logit(p: float) -> float:
    p = min(max(p, CONFIDENCE_CLIP), 1.0 - CONFIDENCE_CLIP)
    return math.log(p / (1.0 - p))


@dataclass
class Answered:
    """What the answerability model reads an answer from: its span (features.Span), its calibrated
    confidence, how far the best other value's score is below it, and the words the asked figure and
    the asked attribute are said of (binding.figure_words, binding.asked_words; empty when the
    question asks for neither), and the question's own event (`event_words`)."""

    span: object
    confidence: float
    gap: float = GAP_CAP
    figure_words: frozenset = frozenset()
    asked_words: frozenset = frozenset()
    event_words: frozenset = frozenset()  # the question's own event: its main verb and action (event_words)


def event_words(question) -> frozenset:
    """Stems of the question's own event, whatever it asks for: its content verb and the action its
    subject undergoes ('when did McLetchie *sign* …', 'how long was she *stranded*'); light verbs say
    nothing of an event. A 'when' or 'who' answer of the right kind about another event is not tied to it."""
    from service.answering.binding import LIGHT_VERBS

    return frozenset(w for w in (question.verb, question.action) if w and w not in LIGHT_VERBS)


def unbound(a: Answered, words: frozenset) -> float:
    """1 when the question names what the answer must be said of and the answer is not tied to it
    grammatically (binding.bound): 'how many *staff* will lose their jobs' → 'about 6,100' employed."""
    from service.answering import binding

    return float(bool(words) and not binding.bound(a.span.c, words))


SIGNALS: dict[str, Callable[[Answered], float]] = {
    "confidence": lambda a: _logit(a.confidence),
    "type_fit": lambda a: float(a.span.c.type_fit),
    "focus_tied": lambda a: float(FEATURES["focus_bonus"](a.span)),
    "focus_untied": lambda a: focus_untied(a.span),
    "figure_unbound": lambda a: unbound(a, a.figure_words),
    "asked_unbound": lambda a: unbound(a, a.asked_words),
    "event_unbound": lambda a: unbound(a, a.event_words),
    "names_held": lambda a: names_held(a.span),
    "rare_terms_held": lambda a: rare_terms_held(a.span),
    "repeats_question": lambda a: float(FEATURES["overlap"](a.span)),
    "runner_up_gap": lambda a: min(max(a.gap, 0.0), GAP_CAP),
}


def signals(answered: Answered) -> dict[str, float]:
    """SIGNALS of one answer."""
    return {name: read(answered) for name, read in SIGNALS.items()}


def runner_up_gap(ranked) -> float:
    """How far below the best-scored candidate the best one of another value is (GAP_CAP with none)."""
    if not ranked:
        return GAP_CAP
    top = ranked[0].c
    value = " ".join(tokenize(top.text))
    other = next((x.c for x in ranked[1:] if " ".join(tokenize(x.c.text)) != value), None)
    return GAP_CAP if other is None else top.score - other.score


@dataclass(frozen=True)
class Answerability:
    """P(the answer is right) = 1 / (1 + exp(-(bias + Σ weight × signal))) over SIGNALS."""

    weights: Mapping[str, float]
    bias: float

    @classmethod
    def read(cls, data: Mapping) -> "Answerability":
        unknown = set(data["weights"]) - set(SIGNALS)
        if unknown:
            raise ValueError(f"the answerability model reads signals this code does not have: {', '.join(sorted(unknown))}")
        return cls(dict(data["weights"]), float(data["bias"]))

    def to_json(self) -> dict:
        return {"weights": dict(self.weights), "bias": self.bias}

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.bias + sum(w * values[name] for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-z))


def fit_answerability(values: Sequence[Mapping[str, float]], right: Sequence[bool],
                      weights: Sequence[float] | None = None, regularisation: float = 1.0) -> Answerability:
    """Logistic regression of `right` on SIGNALS (rows of `values`), each row weighted by `weights`."""
    from sklearn.linear_model import LogisticRegression

    names = list(SIGNALS)
    x = np.array([[v[n] for n in names] for v in values], dtype=float).reshape(len(values), len(names))
    model = LogisticRegression(C=regularisation, max_iter=1000).fit(x, np.asarray(right, dtype=int), sample_weight=weights)
    return Answerability({n: float(w) for n, w in zip(names, model.coef_[0])}, float(model.intercept_[0]))


def gate_kind(kind: str) -> str:
    """The gate a question of this kind ('when', 'how old', …) is held to."""
    return kind if kind in KIND_COLUMNS else OTHER_KINDS


def row_kind(row: np.ndarray, names: Sequence[str]) -> str:
    """The gate kind of the question a candidate row belongs to, read from its asks_* columns."""
    for kind, column in KIND_COLUMNS.items():
        if column in names and row[list(names).index(column)] > 0.5:
            return kind
    return OTHER_KINDS


@dataclass(frozen=True)
class TypeGates:
    """The least type fit a candidate needs, per question kind (`default` for a kind not listed)."""

    default: float
    per_kind: Mapping[str, float] = field(default_factory=dict)

    def of(self, kind: str) -> float:
        return float(self.per_kind.get(gate_kind(kind), self.default))


def type_gate(scorer, kind: str) -> float:
    """The gate `scorer` holds a question of `kind` to: its per-kind gates when it has them."""
    gates = getattr(scorer, "type_gates", None)
    return gates.of(kind) if gates is not None else scorer.min_type_fit


MIN_KIND_QUESTIONS = 60  # tuning questions of a kind needed before its gate may differ from the one gate


def choose_kind_gates(value: Callable[[str, float], float], gates: Sequence[float], default: float,
                      kinds: Sequence[str] = GATE_KINDS, counts: Mapping[str, int] | None = None,
                      min_questions: int = 0) -> dict[str, float]:
    """Per kind, the gate of `gates` with the highest `value(kind, gate)` (that kind's questions'
    share of the tuning value). A kind with fewer than `min_questions` tuning questions (`counts`)
    keeps `default`: a few questions would choose a gate that fits them only ('how long' at 0.7 drops
    'around 14 miles', a length the duration test does not know). So does a kind whose value does not
    change with the gate; of gates that tie, the one nearest `default`, then the stricter."""
    chosen = {}
    for kind in kinds:
        if counts is not None and counts.get(kind, 0) < min_questions:
            chosen[kind] = default
            continue
        values = {g: round(value(kind, g), 9) for g in gates}
        if len(set(values.values())) <= 1:
            chosen[kind] = default
            continue
        best = max(values.values())
        tied = [g for g in gates if values[g] >= best]
        chosen[kind] = min(tied, key=lambda g: (abs(g - default), -g))
    return chosen
