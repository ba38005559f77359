"""The second stage after the ranker: the span reader (reader.py) re-orders the ranker's best few.

The ranker's top READ_CANDIDATES candidates are taken; their distinct sentences (at most
MAX_SENTENCES) are read in one batch, each through a window around the candidates it
holds. Per candidate, small named features (FEATURES) of the reading:

* `stage1_gap`: the ranker's score minus its best score of the question (≤ 0);
* `boundary_margin`: the reader's start + end logit at the candidate's boundaries (best over the word
  pieces of its first and its last word) minus the reader's best span score in that sentence;
* `log_share`: log P(start) + log P(end) at those boundaries, softmax over the sentence and [CLS];
* `best_f1`: token F1 between the candidate and the reader's best span of its sentence;
* `no_answer_margin`: the sentence's no-answer score minus its best span score.

Only candidates whose kind fits the question at least as well as the ranker's best are re-ordered.
A logistic regression over them (JSON coefficients in the reader's card, fitted on the tuning parts by
second_stage_train.py) gives each read candidate a value; the read candidates swap their ranker scores
so the ranker's score order follows that value (the scores' scale, which the confidence is calibrated
on, is kept).

Abstention (`Abstention`, the card's `abstention`, fitted on the tuning parts): the probability that
the answer is right from two signals — its calibrated confidence (log-odds) and the reader's
no-answer margin on the answer's own sentence (read as one more pair when the re-ranking did not read
it and the margin can change the verdict); below the card's threshold the answerer abstains. Without
it nothing more is read.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from service.overlap import f1_score

from service.answering.proposal import BELOW, Propose, covered, donor, snap
from service.answering.reader import DEFAULT_READER, DEFAULT_BACKEND, Reader, Reading

READ_CANDIDATES = 6  # the ranker's best N candidates are re-ordered (the card's, chosen on tuning)
# Distinct sentences read (one batch): one — the answer's sentence is read for the abstention anyway,
# and a second pair costs ~3 ms more for 1.3 % of tuning value (README's table)
MAX_SENTENCES = 1
OUT_OF_WINDOW = -20.0  # boundary margin / log share of a candidate the window does not hold
LOG_SHARE_FLOOR = -20.0
SHIPPED = "shipped"


def _token_f1(a: str, b: str) -> float:
    return float(f1_score(a, b)) if a.strip() and b.strip() else 0.0


def word_ends(text: str, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """(first word, last word) of text[start:end], as character spans of `text`."""
    inner = text[start:end]
    stripped = inner.strip()
    if not stripped:
        return (start, end), (start, end)
    lead = start + (len(inner) - len(inner.lstrip()))
    tail = start + len(inner.rstrip())
    first_end = text.find(" ", lead, tail)
    last_start = text.rfind(" ", lead, tail)
    return (lead, tail if first_end < 0 else first_end), (lead if last_start < 0 else last_start + 1, tail)


def stage1_gap(score: float, best: float, *_) -> float:
    return float(score - best)


def boundary_margin(reading: Reading, first: tuple[int, int], last: tuple[int, int], best_score: float) -> float:
    value = reading.boundary(first, last)
    return OUT_OF_WINDOW if value is None else float(value - best_score)


def log_share(reading: Reading, first: tuple[int, int], last: tuple[int, int]) -> float:
    value = reading.log_share(first, last)
    return OUT_OF_WINDOW if value is None else max(float(value), LOG_SHARE_FLOOR)


def no_answer_margin(reading: Reading, best_score: float) -> float:
    return float(reading.null - best_score)


FEATURES = ("stage1_gap", "boundary_margin", "log_share", "best_f1", "no_answer_margin")


@dataclass
class Read:
    """One sentence's reading, with its best span (characters of the sentence, text, score)."""

    reading: Reading
    best_text: str
    best_score: float

    @property
    def margin(self) -> float:
        return no_answer_margin(self.reading, self.best_score)


def features_of(text: str, start: int, end: int, score: float, best_stage1: float, read: Read) -> list[float]:
    """The FEATURES of one candidate (`text[start:end]` of its sentence `text`) given its sentence's reading."""
    first, last = word_ends(text, start, end)
    return [stage1_gap(score, best_stage1), boundary_margin(read.reading, first, last, read.best_score),
            log_share(read.reading, first, last), _token_f1(text[start:end], read.best_text), read.margin]


def fits_as_well(candidate, best) -> bool:
    """The reader re-orders only candidates whose kind fits the question at least as well as the
    ranker's best's (type_fit, features.py): it reads words, not kinds — 'who said X' is not answered
    by 'An earlier version of our report' over the person it names."""
    return candidate.c.type_fit >= best.c.type_fit


def read_sentences(spans: Sequence, sentences: int) -> list:
    """The distinct sentences of `spans` (best first) the re-ranking reads: the first `sentences` of them."""
    out: dict[int, object] = {}
    for x in spans:
        if len(out) >= sentences:
            break
        out.setdefault(id(x.c.sentence), x.c.sentence)
    return list(out.values())


def can_reorder(top: Sequence, sentences: int) -> bool:
    """Whether reading can change the order of `top` (the ranker's best first): only candidates in a
    sentence read and fitting the question as well as the best are re-ordered, so fewer than two of
    them leave the order as it is — then nothing is read for it (answer time: with one sentence read,
    the runner-up is most often in another sentence)."""
    read = {id(s) for s in read_sentences(top, sentences)}
    return sum(id(x.c.sentence) in read and fits_as_well(x, top[0]) for x in top) >= 2


@dataclass(frozen=True)
class Coefficients:
    """The re-ranker: logistic regression over FEATURES (names → weights), from the reader's card."""

    weights: dict
    bias: float

    def value(self, row: Sequence[float]) -> float:
        return float(self.bias + sum(self.weights.get(n, 0.0) * v for n, v in zip(FEATURES, row)))


IDENTITY = Coefficients({"stage1_gap": 1.0}, 0.0)  # the ranker's order unchanged (recording)

ABSTENTION_SIGNALS = ("confidence", "no_answer_margin")
# The no-answer margin is read within ±MARGIN_CAP (near its 5th / 95th percentiles on the tuning answers,
# -6.8 / 7.7): when even a margin at either cap cannot change the verdict the sentence is not read (answer
# time; a cap of 10 needed twice the reads on the tuning answers for 0.006 more tuning value).
MARGIN_CAP = 6.0


def abstention_signals(confidence: float, margin: float) -> list[float]:
    """ABSTENTION_SIGNALS of an answer: its confidence's log-odds, its sentence's no-answer margin (capped)."""
    from service.answering.abstention import _logit

    return [_logit(confidence), min(max(float(margin), -MARGIN_CAP), MARGIN_CAP)]


@dataclass(frozen=True)
class Abstention:
    """P(the answer is right) = 1 / (1 + exp(-(bias + Σ weight × signal))) over ABSTENTION_SIGNALS;
    the answerer abstains below `threshold`."""

    weights: dict
    bias: float
    threshold: float

    def probability(self, confidence: float, margin: float) -> float:
        z = self.bias + sum(self.weights.get(n, 0.0) * v for n, v in zip(ABSTENTION_SIGNALS, abstention_signals(confidence, margin)))
        return 1.0 / (1.0 + math.exp(-z))

    def abstains(self, confidence: float, margin: float) -> bool:
        return self.probability(confidence, margin) < self.threshold

    def decided(self, confidence: float) -> bool | None:
        """Whether to abstain when no margin could change it (the same verdict at both caps), else None."""
        low, high = self.abstains(confidence, -MARGIN_CAP), self.abstains(confidence, MARGIN_CAP)
        return low if low == high else None

    def to_json(self) -> dict:
        return {"weights": dict(self.weights), "bias": self.bias, "threshold": self.threshold}

    @classmethod
    def read(cls, data: dict | None) -> "Abstention | None":
        if not data:
            return None
        unknown = set(data["weights"]) - set(ABSTENTION_SIGNALS)
        if unknown:
            raise ValueError(f"the reader's abstention reads signals this code does not have: {', '.join(sorted(unknown))}")
        return cls(dict(data["weights"]), float(data["bias"]), float(data["threshold"]))


class SecondStage:
    """Reads the ranker's best candidates' sentences and re-orders them (see the module's doc)."""

    def __init__(self, reader: Reader, coefficients: Coefficients = IDENTITY, abstention: Abstention | None = None,
                 candidates: int = READ_CANDIDATES, sentences: int = MAX_SENTENCES,
                 record: Callable[[list[str], np.ndarray, list[int]], None] | None = None,
                 gate: float = math.inf, propose: Propose | None = None, margin_reader: Reader | None = None) -> None:
        self.reader, self.coefficients = reader, coefficients
        # the reader whose no-answer margin on the answer's sentence the abstention checks read (answer_read);
        # None: the re-ordering's own. Another reader keeps the margin those checks were fitted on.
        self.margin_reader = margin_reader
        self.propose = propose  # the reader's best span may become a candidate (proposal.py); None: off
        self.abstention = abstention
        self.candidates, self.sentences = candidates, sentences
        self.gate = gate  # read only when the ranker's best leads its runner-up by less than this
        self.record = record  # training: called with the read candidates' texts, feature rows and sentence ranks
        self.record_answer: Callable[[float], None] | None = None  # training: called with the answer's sentence's margin

    def read(self, question: str, spans: Sequence) -> dict[int, Read]:
        """The distinct sentences of `spans` (best first, at most `sentences`), read in one batch, by id."""
        windows: dict[int, tuple[object, int, int]] = {}
        for x in spans:
            s = x.c.sentence
            if id(s) in windows:
                _, lo, hi = windows[id(s)]
                windows[id(s)] = (s, min(lo, x.c.start), max(hi, x.c.end))
            elif len(windows) < self.sentences:
                windows[id(s)] = (s, x.c.start, x.c.end)
        readings = self.reader.read(question, [(s.text, (lo, hi)) for s, lo, hi in windows.values()])
        out = {}
        for key, (s, _, _), reading in zip(windows, windows.values(), readings):
            a, b, score = reading.best_chars()
            out[key] = Read(reading, s.text[a:b], score)
        return out

    def rerank(self, question: str, scored: list) -> tuple[list, dict[int, Read]]:
        """`scored` (best first) with its first `candidates` re-ordered; the readings by sentence id."""
        top = scored[:self.candidates]
        if len(top) < 1 or (len(top) > 1 and top[0].c.score - top[1].c.score >= self.gate):
            return scored, {}
        proposing = self.propose is not None and self.record is None
        if self.record is None and not proposing and not can_reorder(top, self.sentences):
            return scored, {}  # nothing to re-order: the abstention reads the answer's sentence if it needs it
        reads = self.read(question, top)
        best = top[0].c.score
        rows, kept = [], []
        for x in top:
            read = reads.get(id(x.c.sentence))
            if read is None or not fits_as_well(x, top[0]):
                continue
            rows.append(features_of(x.c.sentence.text, x.c.start, x.c.end, x.c.score, best, read))
            kept.append(x)
        if self.record is not None:
            ranks = {key: rank for rank, key in enumerate(reads)}
            self.record([x.c.text for x in kept], np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES)),
                        [ranks[id(x.c.sentence)] for x in kept])
        if proposing and (made := self.proposed(reads.get(id(top[0].c.sentence)), top[0], scored)) is not None:
            x, row = made
            if fits_as_well(x, top[0]):
                kept.append(x)
                rows.append(row)
                scored = [*scored, x]
        if len(kept) < 2:
            return scored, reads
        values = [self.coefficients.value(r) for r in rows]
        scores = sorted((x.c.score for x in kept), reverse=True)
        order = sorted(range(len(kept)), key=lambda i: -values[i])
        for rank, i in enumerate(order):
            kept[i].c.score = scores[rank]
        return sorted(scored, key=lambda x: -x.c.score), reads

    def proposed(self, read: Read | None, best, scored: Sequence) -> tuple[object, list[float]] | None:
        """The reader's best span of the ranker's best's sentence as a new candidate (a features.Span) with
        its FEATURES row, when `propose` lets it (proposal.py); None otherwise."""
        if read is None or self.propose is None or read.margin > self.propose.max_margin:
            return None
        sentence = best.c.sentence
        a, b, _ = read.reading.best_chars()
        if (at := snap(sentence.text, a, b)) is None:
            return None
        first, last = word_ends(sentence.text, *at)
        share = read.reading.log_share(first, last)
        if share is None or share < self.propose.min_log_share:
            return None
        same = [x for x in scored if x.c.sentence is sentence]
        if covered(sentence.text, *at, [(x.c.start, x.c.end) for x in same]):
            return None
        giver = same[donor(at, [(x.c.start, x.c.end) for x in same])] if same else best
        x = _span_of(giver, *at)
        return x, features_of(sentence.text, *at, x.c.score, best.c.score, read)

    def answer_read(self, question: str, reads: dict[int, Read], span) -> Read:
        """The reading of the answer's own sentence (`span`: the answer's candidate): the re-ranking's
        when it read that sentence, else one pair read now around the answer (by the margin reader when
        there is one: always a pair of its own)."""
        read = reads.get(id(span.sentence)) if self.margin_reader is None else None
        if read is None:
            (reading,) = (self.margin_reader or self.reader).read(question, [(span.sentence.text, (span.start, span.end))])
            a, b, score = reading.best_chars()
            read = Read(reading, span.sentence.text[a:b], score)
        return read

    def answer_margin(self, question: str, reads: dict[int, Read], span) -> float:
        """The no-answer margin of the answer's own sentence (answer_read)."""
        return self.answer_read(question, reads, span).margin

    def abstains(self, question: str, reads: dict[int, Read], span, confidence: float) -> float | None:
        """P(right) of the answer (`span`: its candidate) when it is below the abstention's threshold
        (abstain), else None. Without an abstention nothing more is read (unless recording for training)."""
        if self.abstention is None and self.record_answer is None:
            return None
        if self.record_answer is None and (decided := self.abstention.decided(confidence)) is not None:
            return self.abstention.probability(confidence, MARGIN_CAP) if decided else None  # nothing to read
        margin = self.answer_margin(question, reads, span)
        if self.record_answer is not None:
            self.record_answer(margin)
        if self.abstention is None or not self.abstention.abstains(confidence, margin):
            return None
        return self.abstention.probability(confidence, margin)


def _span_of(giver, start: int, end: int):
    """A features.Span over characters [start, end) of `giver`'s sentence, of its kind, scored just below it."""
    from service.answering.candidates import Candidate
    from service.answering.features import Span, type_fit

    sentence = giver.c.sentence
    c = Candidate(sentence.text[start:end], giver.c.label, sentence, start, end, score=giver.c.score - BELOW)
    x = Span(c, giver.ctx)
    c.type_fit = type_fit(x)
    return x


def from_card(path: Path = DEFAULT_READER, backend: str = DEFAULT_BACKEND) -> SecondStage:
    """The second stage the reader's card describes (its coefficients and abstention)."""
    reader = Reader(path, backend)
    stage = reader.card.extra.get("second_stage") or {}
    coefficients = Coefficients(dict(stage.get("weights", IDENTITY.weights)), float(stage.get("bias", 0.0)))
    gate = stage.get("gate")
    margin = stage.get("margin_reader")  # a tensors file beside this one (with its card), or None
    return SecondStage(reader, coefficients, Abstention.read(stage.get("abstention")),
                       int(stage.get("candidates", READ_CANDIDATES)), int(stage.get("sentences", MAX_SENTENCES)),
                       gate=math.inf if gate is None else float(gate), propose=Propose.read(stage.get("propose")),
                       margin_reader=None if not margin else Reader(Path(path).parent / margin, backend))


def shipped_reader_on(path: Path = DEFAULT_READER) -> bool:
    """Whether the shipped reader's file is there and its card turns the second stage on ("rerank")."""
    from service.answering.crossencoder import Card

    path = Path(path)
    return path.is_file() and path.with_suffix(".json").is_file() and Card.read(path.with_suffix(".json")).use == "rerank"


def shipped_reader_abstains(path: Path = DEFAULT_READER) -> bool:
    """Whether the shipped second stage is on and abstains on its own (its card has an abstention)."""
    import json

    path = Path(path)
    return shipped_reader_on(path) and bool((json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
                                             .get("second_stage") or {}).get("abstention"))


def shipped_stage(path: Path = DEFAULT_READER) -> SecondStage | None:
    """The shipped second stage when the reader's file is there and its card turns it on ("rerank"); else None."""
    return from_card(path) if shipped_reader_on(path) else None
