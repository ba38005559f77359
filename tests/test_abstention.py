"""Abstention (service/answering/abstention.py): type gates per question kind, chosen per kind, and the
answerability model's inputs — on hand-built inputs, no model loaded."""

from __future__ import annotations

import numpy as np
import pytest

from service.answering.abstention import (GAP_CAP, Answered, event_words, unbound, GATE_KINDS, KIND_COLUMNS, OTHER_KINDS, SIGNALS, Answerability,
                                          TypeGates, choose_kind_gates, fit_answerability, focus_untied, gate_kind,
                                          names_held, rare_terms_held, row_kind, runner_up_gap, signals, type_gate)
from service.answering.candidates import Candidate
from service.answering.features import FEATURES, Context, Span
from service.answering.question import analyse
from service.answering.scorer import LearnedModel, RulesScorer
from service.answering.sentences import SentenceView
from service.training import ranker as training


@pytest.mark.parametrize("kind, gate", [("when", "when"), ("how many", "how many"), ("who", "who"),
                                        ("how old", OTHER_KINDS), ("whose", OTHER_KINDS), ("yes-no", OTHER_KINDS)])
def test_kinds_without_their_own_feature_share_one_gate(kind, gate):
    assert gate_kind(kind) == gate


def test_a_rows_kind_is_read_from_its_question_kind_column():
    names = ["type_fit", *KIND_COLUMNS.values()]
    row = np.zeros(len(names))
    assert row_kind(row, names) == OTHER_KINDS  # 'how old' sets no asks_* column
    row[names.index("asks_when")] = 1.0
    assert row_kind(row, names) == "when"


def test_type_gates_fall_back_to_the_default():
    gates = TypeGates(0.05, {"when": 0.1, OTHER_KINDS: 0.3})
    assert gates.of("when") == 0.1 and gates.of("what") == 0.05 and gates.of("how old") == 0.3


def test_a_scorer_without_per_kind_gates_uses_its_one_gate():
    rules = RulesScorer()
    assert type_gate(rules, "when") == rules.min_type_fit

    class Gated:
        min_type_fit = 0.05
        type_gates = TypeGates(0.05, {"when": 0.1})

    assert type_gate(Gated(), "when") == 0.1 and type_gate(Gated(), "who") == 0.05


def test_each_kind_gets_the_gate_best_for_its_own_questions():
    # 'when': a noun phrase (fit 0.05) is never right, so the gate rises above it; 'what': noun
    # phrases are its answers, a gate above 0.05 loses them; 'why': no tuning question, keeps the default.
    value = {"when": {0.0: 0.2, 0.05: 0.2, 0.1: 0.35, 0.3: 0.35}, "what": {0.0: 0.5, 0.05: 0.5, 0.1: 0.3, 0.3: 0.1}}

    def value_of(kind, gate):
        return value.get(kind, {}).get(gate, 0.0)

    chosen = choose_kind_gates(value_of, (0.0, 0.05, 0.1, 0.3), default=0.05, kinds=("when", "what", "why"))
    assert chosen == {"when": 0.1, "what": 0.05, "why": 0.05}  # ties: nearest the default
    few = choose_kind_gates(value_of, (0.0, 0.05, 0.1, 0.3), default=0.05, kinds=("when", "what"),
                            counts={"when": 12, "what": 500}, min_questions=60)
    assert few == {"when": 0.05, "what": 0.05}  # 12 'when' questions are too few to move off the one gate


def test_every_gate_kind_is_a_question_kind_or_the_shared_one():
    assert set(GATE_KINDS) == set(KIND_COLUMNS) | {OTHER_KINDS}
    assert all(column in FEATURES for column in KIND_COLUMNS.values())


def test_a_model_file_without_per_kind_gates_still_reads():
    meta = LearnedModel(features=["type_fit"], calibration={"a": 1.0, "b": 0.0}, threshold=0.1)
    assert meta.type_gates == {}
    assert TypeGates(meta.min_type_fit, meta.type_gates).of("when") == meta.min_type_fit


# -- the answerability model's signals, on the hand-built sentence of test_answering ------------

from tests.test_answering import MEDIATED, context, question as make_question  # noqa: E402
from service.answering.kinds import CARDINAL, GPE, NOUN_PHRASE  # noqa: E402


def _span(text: str, label: str, q, idf=None) -> Span:
    start = MEDIATED.text.index(text)
    ctx = context(q) if idf is None else Context(q, idf, context(q).snapshot)
    return Span(Candidate(text, label, MEDIATED, start, start + len(text)), ctx)


def test_names_held_is_the_share_of_the_questions_names_in_the_answers_sentence():
    q = make_question(terms=("mediated", "swap"))
    q.names = ["UAE", "Qatar"]
    assert names_held(_span("390", CARDINAL, q)) == 0.5
    q.names = []
    assert names_held(_span("390", CARDINAL, q)) == 1.0  # nothing to hold


def test_rare_terms_held_reads_the_questions_rarest_words():
    q = make_question(terms=("mediated", "swap", "qatar", "border"))
    # the three rarest: qatar, border (absent), mediated (present); 'swap' is common
    idf = {"mediated": 2.0, "swap": 0.5, "qatar": 3.0, "border": 2.5}
    assert rare_terms_held(_span("390", CARDINAL, q, idf)) == pytest.approx(1 / 3)
    idf = {"mediated": 2.0, "swap": 1.5, "qatar": 0.1, "border": 0.2}  # now mediated and swap are rare, both held
    assert rare_terms_held(_span("390", CARDINAL, q, idf)) == pytest.approx(2 / 3)


def test_a_figure_not_tied_to_the_asked_noun_named_in_its_sentence_is_untied():
    how_many = make_question(kind="how many", expected=(CARDINAL,), terms=("prisoners", "freed"), focus="prisoners")
    assert focus_untied(_span("390", CARDINAL, how_many)) == 0.0  # '390 prisoners'
    assert focus_untied(_span("July 2024", "DATE", how_many)) == 1.0  # the sentence names prisoners, not of July
    other = make_question(kind="how many", expected=(CARDINAL,), terms=("jobs",), focus="jobs")
    assert focus_untied(_span("390", CARDINAL, other)) == 0.0  # no 'jobs' in the sentence: nothing to tie


def test_signals_of_an_answer():
    q = make_question(kind="who", terms=("mediated", "swap"))
    x = _span("UAE", GPE, q)
    x.c.type_fit = 0.9
    values = signals(Answered(x, 0.5, 7.0))
    assert set(values) == set(SIGNALS)
    assert values["confidence"] == pytest.approx(0.0) and values["type_fit"] == 0.9
    assert values["runner_up_gap"] == GAP_CAP  # capped
    assert values["figure_unbound"] == 0.0 and values["asked_unbound"] == 0.0  # nothing asked of a figure
    again = signals(Answered(x, 1.0, -1.0))
    assert again["confidence"] > 9 and again["runner_up_gap"] == 0.0


def test_an_answer_not_tied_to_what_the_question_names_is_unbound():
    q = make_question(kind="how many", expected=(CARDINAL,), terms=("prisoners",), focus="prisoners")
    figure = _span("390", CARDINAL, q)
    assert unbound(Answered(figure, 0.5, figure_words=frozenset({"prisoners"})), frozenset({"prisoners"})) == 0.0
    assert unbound(Answered(figure, 0.5), frozenset({"hostages"})) == 1.0  # no hostages in the sentence
    assert unbound(Answered(figure, 0.5), frozenset()) == 0.0  # nothing to tie it to
    values = signals(Answered(figure, 0.5, figure_words=frozenset({"hostages"})))
    assert values["figure_unbound"] == 1.0 and values["asked_unbound"] == 0.0


def test_the_runner_up_gap_is_to_the_best_other_value():
    q = make_question()
    a, a_again, b = _span("UAE", GPE, q), _span("UAE", GPE, q), _span("July 2024", "DATE", q)
    a.c.score, a_again.c.score, b.c.score = 3.0, 2.9, 1.0
    assert runner_up_gap([a, a_again, b]) == pytest.approx(2.0)  # 'UAE' twice is one value
    assert runner_up_gap([a]) == GAP_CAP and runner_up_gap([]) == GAP_CAP


def test_the_answerability_model_learns_which_signal_marks_a_right_answer_and_round_trips():
    rng = np.random.default_rng(0)
    rows, right = [], []
    for _ in range(400):
        values = {name: float(rng.random()) for name in SIGNALS}
        rows.append(values)
        right.append(values["names_held"] > 0.5)  # only whether the question's names are there decides
    model = fit_answerability(rows, right)
    assert max(model.weights, key=lambda n: abs(model.weights[n])) == "names_held" and model.weights["names_held"] > 0
    low, high = dict(rows[0], names_held=0.0), dict(rows[0], names_held=1.0)
    assert model.probability(low) < 0.5 < model.probability(high)
    again = Answerability.read(model.to_json())
    assert again.probability(high) == pytest.approx(model.probability(high))
    with pytest.raises(ValueError, match="signals this code does not have"):
        Answerability.read({"weights": {"no_such_signal": 1.0}, "bias": 0.0})


def test_the_answerability_threshold_weighs_squad_and_news_alike():
    # SQuAD: two answerable (at 0.9 and 0.45), one not stated there (0.2); news: one right answer at
    # 0.6, one unanswerable answered at 0.4. Only (0.4, 0.45] keeps every right answer and abstains on both.
    squad = [{"answerable": True, "abstained": False, "confidence": 0.9, "f1": 1.0},
             {"answerable": True, "abstained": False, "confidence": 0.45, "f1": 1.0},
             {"answerable": False, "abstained": False, "confidence": 0.2, "f1": 0.0}]
    news = [{"answerable": True, "abstained": False, "confidence": 0.6, "right": True},
            {"answerable": False, "abstained": False, "confidence": 0.4, "right": False}]
    threshold, table = training.choose_answerability_threshold(squad, news, squad_weight=1.0)
    assert threshold == 0.43  # the middle of the tie
    assert table[f"{threshold:.2f}"] == {"squad": 1.0, "news_right": 1, "news_abstained": 1}
    assert table["0.10"]["news_abstained"] == 0 and table["0.70"]["news_right"] == 0


def test_the_questions_own_event_is_its_content_verb_and_action():
    q = make_question(kind="when", expected=("DATE",), terms=("mediated", "swap"), verb="mediated")
    assert event_words(q) == {"mediated"}
    q.verb, q.action = "be", "strand"
    assert event_words(q) == {"strand"}  # a light verb says nothing of the event


def test_a_date_of_another_event_is_not_tied_to_the_questions_event():
    q = make_question(kind="when", expected=("DATE",), terms=("mediated", "swap"), verb="mediated")
    july = _span("July 2024", "DATE", q)  # 'mediated … in July 2024'
    assert signals(Answered(july, 0.5, event_words=event_words(q)))["event_unbound"] == 0.0
    q.verb = "signed"  # 'when was it signed': the sentence tells of no signing
    assert signals(Answered(july, 0.5, event_words=event_words(q)))["event_unbound"] == 1.0
