"""The span reader (service/answering/reader.py) and its second stage (second_stage.py): the shipped
tensors load and read the right words of a hand-built sentence; a near miss reads as holding no answer
more than the answering sentence; the ONNX export agrees with the numpy reference; each second-stage
feature on a hand-built reading; the reader's abstention and the cheapest-choice rule on hand-built
values; `newsdesk train-reader` runs end to end on a tiny sample; the answerer uses the second stage
only as told."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from service.answering import second_stage
from service.training import reader as reader_train, second_stage as second_stage_train
from service.answering.answerer import Answerer
from service.answering.reader import (DEFAULT_READER, MAX_ANSWER_PIECES, MAX_TOKENS, NO_ANSWER, OUTSIDE, Encoded, Reader,
                                      Reading, allowed, encode)
from service.answering.crossencoder import tokenizer
from service.answering.second_stage import (ABSTENTION_SIGNALS, FEATURES, Abstention, Coefficients, Read, SecondStage,
                                            boundary_margin, features_of, log_share, no_answer_margin, stage1_gap, word_ends)
from tests.test_train import news_slice  # noqa: F401 -- a fixture: five news training articles and their questions

SAMPLE = Path(__file__).parent / "data" / "squad_sample.json"

# (question, the sentence that answers it, the answer's words, a near miss: the asked kind of span about another event)
PAIRS = [
    ("When will the trial of the former minister begin?",
     "The trial of the former minister will begin on 12 May, the court said.", "12 May",
     "The former minister was arrested on 3 March after a long police investigation."),
    ("Who won the election in the northern district?",
     "Maria Lopez won the election in the northern district with 54% of the vote.", "Maria Lopez",
     "Turnout in the northern district was 61%, officials said, up from the last vote."),
    ("How many prisoners were exchanged in the swap?",
     "Russia and Ukraine exchanged 390 prisoners in the swap on Friday.", "390",
     "The two countries have held talks about a swap for months, officials said."),
]


@pytest.fixture(scope="module")
def shipped():
    return Reader(DEFAULT_READER)


def test_the_shipped_tensors_load_with_their_card(shipped):
    card = shipped.card
    assert 1 <= card.layers <= 6 and set(card.trained) <= set(range(card.layers)) and card.max_tokens <= 64
    assert card.use in ("rerank", "off")
    assert DEFAULT_READER.stat().st_size < 8_000_000  # only the trained layers and the head are committed
    stage = card.extra["second_stage"]
    assert set(stage["weights"]) == set(FEATURES) and stage["features"] == list(FEATURES)


def test_the_reader_reads_the_answer_words_and_a_near_miss_as_no_answer(shipped):
    for question, answering, answer, miss in PAIRS:
        span, margin = shipped.best_span(question, answering)
        _, miss_margin = shipped.best_span(question, miss)
        assert answer.lower() in span.lower() and len(span.split()) <= len(answer.split()) + 2, (question, span)
        assert miss_margin > margin, (question, margin, miss_margin)


def test_the_onnx_exports_agree_with_the_numpy_reference(shipped):
    """The float export: the same logits to rounding, so the same best span for the answering sentence and
    the near miss alike. The shipped pass is the per-channel int8 export (answer time, reader.py): the same
    best span of each answering sentence, logits near the reference's, the near miss still read as less
    likely to hold the answer (the test above)."""
    reference = Reader(DEFAULT_READER, backend="numpy")
    float_pass = Reader(DEFAULT_READER, backend="onnx-float")
    assert shipped.backend == "onnx"
    for question, answering, _, miss in PAIRS:
        for sentence in (answering, miss):
            (a,), (b,) = float_pass.read(question, [(sentence, None)]), reference.read(question, [(sentence, None)])
            keep = allowed(a.encoded)
            assert np.abs(a.start[keep] - b.start[keep]).max() < 0.05 and np.abs(a.end[keep] - b.end[keep]).max() < 0.05
            assert a.best()[:2] == b.best()[:2]
        (q8,), (b,) = shipped.read(question, [(answering, None)]), reference.read(question, [(answering, None)])
        keep = allowed(q8.encoded)
        assert q8.best()[:2] == b.best()[:2]
        assert np.abs(q8.start[keep] - b.start[keep]).max() < 1.5 and np.abs(q8.end[keep] - b.end[keep]).max() < 1.5
        assert abs((q8.null - q8.best()[2]) - (b.null - b.best()[2])) < 1.5


def test_pieces_map_back_to_the_untouched_sentence_and_a_long_one_is_cut_around_the_span():
    tok = tokenizer()
    sentence = "Filler words come first here. " * 20 + "The match ended 3-1 in Leeds." + " More filler after it." * 20
    at = sentence.index("3-1")
    e = encode(tok, "What was the score?", sentence, (at, at + 3))
    assert len(e.ids) <= MAX_TOKENS and e.offsets[0] is None and e.offsets[-1] is None
    inside = e.positions(at, at + 3)
    assert inside and sentence[e.offsets[inside[0]][0]:e.offsets[inside[-1]][1]] == "3-1"
    assert allowed(e)[NO_ANSWER] and not allowed(e)[1]  # [CLS] may be the answer, a question piece may not


# -- the second stage's features on a hand-built reading ----------------------------------------

SENTENCE = "Maria Lopez won the vote"  # pieces: one per word


def _reading(start: list[float], end: list[float]) -> Reading:
    """[CLS], one question piece, [SEP], the five words of SENTENCE, [SEP]."""
    offsets = [None, None, None, (0, 5), (6, 11), (12, 15), (16, 19), (20, 24), None]
    logits = lambda v: np.array([v[0], OUTSIDE, OUTSIDE, *v[1:], OUTSIDE], dtype=np.float32)  # noqa: E731
    return Reading(Encoded(list(range(len(offsets))), offsets), logits(start), logits(end))


READING = _reading([1.0, 5.0, 0.0, 0.0, 0.0, 2.0], [1.0, 0.0, 6.0, 0.0, 0.0, 3.0])  # best: 'Maria Lopez' (11)
BEST = Read(READING, "Maria Lopez", 11.0)


def test_the_best_span_and_the_no_answer_score():
    assert READING.best() == (3, 4, 11.0) and READING.best_chars() == (0, 11, 11.0) and READING.null == 2.0
    long = _reading([0.0] + [0.0] * 5, [0.0] * 6)
    assert long.best()[1] - long.best()[0] < MAX_ANSWER_PIECES


def test_word_ends():
    assert word_ends(SENTENCE, 0, 11) == ((0, 5), (6, 11))
    assert word_ends(SENTENCE, 20, 24) == ((20, 24), (20, 24))
    assert word_ends(SENTENCE, 11, 19) == ((12, 15), (16, 19))  # leading space skipped


def test_stage1_gap():
    assert stage1_gap(2.5, 3.0) == -0.5 and stage1_gap(3.0, 3.0) == 0.0


def test_boundary_margin():
    assert boundary_margin(READING, (0, 5), (6, 11), 11.0) == 0.0  # the reader's own best span
    assert boundary_margin(READING, (20, 24), (20, 24), 11.0) == pytest.approx(2.0 + 3.0 - 11.0)  # 'vote'
    assert boundary_margin(READING, (40, 45), (40, 45), 11.0) == second_stage.OUT_OF_WINDOW


def test_log_share():
    best, other = log_share(READING, (0, 5), (6, 11)), log_share(READING, (20, 24), (20, 24))
    assert best < 0.0 and other < best  # log probabilities, the reader's best span most likely
    assert log_share(READING, (40, 45), (40, 45)) == second_stage.OUT_OF_WINDOW


def test_no_answer_margin():
    assert no_answer_margin(READING, 11.0) == -9.0
    assert BEST.margin == -9.0


def test_best_f1_and_the_feature_row():
    row = features_of(SENTENCE, 6, 11, 1.0, 2.0, BEST)  # 'Lopez': half the reader's best span
    assert len(row) == len(FEATURES)
    values = dict(zip(FEATURES, row))
    assert values["best_f1"] == pytest.approx(2 / 3) and values["stage1_gap"] == -1.0 and values["no_answer_margin"] == -9.0
    assert features_of(SENTENCE, 0, 11, 2.0, 2.0, BEST)[FEATURES.index("best_f1")] == 1.0


def test_the_coefficients_value_is_a_named_weight_sum():
    c = Coefficients({"stage1_gap": 2.0, "best_f1": 1.0}, 0.5)
    assert c.value([-1.0, 0.0, 0.0, 1.0, 0.0]) == pytest.approx(-0.5)


# -- the answerer and training --------------------------------------------------------------------


def test_the_answerer_uses_the_second_stage_only_as_told(desk):
    from service.engine import Newsdesk

    reader = Reader(DEFAULT_READER)
    off = Newsdesk(desk.index_dir, embedder=desk.embedder, answerer=Answerer(reader=None))
    rows = []
    recorded = SecondStage(reader, record=lambda texts, r, ranks: rows.append((texts, r)))
    on = Newsdesk(desk.index_dir, embedder=desk.embedder, answerer=Answerer(reader=recorded))
    never_right = Abstention({}, -50.0, 0.5)  # P(right) ≈ 0 for every answer
    strict = Newsdesk(desk.index_dir, embedder=desk.embedder,
                      answerer=Answerer(reader=SecondStage(reader, abstention=never_right)))
    question = "How many prisoners were exchanged in the swap?"
    a, b, c = off.ask(question), on.ask(question), strict.ask(question)
    assert not a.abstained and a.answer == b.answer  # the identity coefficients keep the ranker's order
    texts, features = rows[-1]
    assert 1 <= len(texts) <= second_stage.READ_CANDIDATES and features.shape == (len(texts), len(FEATURES))
    assert c.abstained and "does not hold the answer" in c.reason and c.citations
    assert Answerer(strategy="rules")._reader is None  # fitted with the learned scorer
    expected = json.loads(DEFAULT_READER.with_suffix(".json").read_text())["use"] == "rerank"
    assert (Answerer()._reader is not None) == expected


def test_training_on_a_tiny_sample_runs_end_to_end(tmp_path, desk, squad_sample_index_dir, news_slice):  # noqa: F811
    out = tmp_path / "reader.safetensors"
    card = reader_train.train_reader(SAMPLE, out, news_dir=news_slice, limit=60, epochs=1, index_dir=squad_sample_index_dir,
                                     news_index_dir=tmp_path / "news-index", embedder=desk.embedder, echo=lambda _: None)
    assert out.is_file() and card["layers"] == reader_train.LAYERS and card["metrics"]["best_epoch"] == 1
    assert card["data"]["training"]["squad"]["span"] > 0 and card["data"]["training"]["news"]["span"] > 0
    card = second_stage_train.fit_second_stage(out, SAMPLE, news_dir=news_slice, limit=20, index_dir=squad_sample_index_dir,
                                               news_index_dir=tmp_path / "news-index", embedder=desk.embedder,
                                               window=40, gates=(1.0,), echo=lambda _: None)
    assert card["use"] == "off" and set(card["second_stage"]["weights"]) == set(FEATURES)
    assert card["max_tokens"] == 40 and card["second_stage"]["gate"] == 1.0 and card["second_stage"]["sentences"] == 1
    assert card["second_stage"]["abstention"] is None or set(card["second_stage"]["abstention"]["weights"]) == set(ABSTENTION_SIGNALS)
    span, _ = Reader(out, backend="numpy").best_span(*PAIRS[0][:2])
    assert span and span in PAIRS[0][1]


def test_the_tuning_simulation_keeps_the_ranker_order_behind_the_gate_and_abstains_above_the_threshold():
    """second_stage_train: fewer candidates / sentences / a gate are the first rows of a recording;
    the re-ranker's choice is judged, the ranker's top when nothing was read."""
    rows = np.array([[0.0, -3.0, -5.0, 0.0, -2.0], [-0.5, 0.0, -1.0, 1.0, -2.0], [-2.0, 0.0, -1.0, 1.0, 4.0]])
    asked = [{"answerable": True, "abstained": False, "texts": ["a", "b", "c"], "rows": rows, "ranks": [0, 0, 1],
              "right": [0.0, 1.0, 1.0]},
             {"answerable": False, "abstained": False, "texts": ["x"], "rows": rows[2:], "ranks": [0], "right": [0.0]}]
    prefer_reader = Coefficients({"best_f1": 1.0}, 0.0)
    one_sentence = second_stage_train.first(asked, 8, sentences=1)
    assert one_sentence[0]["texts"] == ["a", "b"] and one_sentence[0]["rows"].shape == (2, len(FEATURES))
    assert second_stage_train.outcome(one_sentence, prefer_reader)["right"] == 1
    gated = second_stage_train.first(asked, 8, gate=0.25)  # the ranker leads 'b' by 0.5: nothing read
    assert gated[0]["texts"] == [] and second_stage_train.outcome(gated, prefer_reader)["right"] == 0
    by_margin = lambda t: Abstention({"no_answer_margin": -1.0}, t, 0.5)  # noqa: E731 -- abstain when the margin exceeds t
    assert second_stage_train.outcome(asked, prefer_reader, by_margin(3.0))["abstained"] == 1  # 'x' reads as no answer (4 > 3)
    assert second_stage_train.outcome(asked, prefer_reader, by_margin(5.0))["abstained"] == 0
    assert second_stage_train.outcome(asked, prefer_reader, by_margin(3.0))["right"] == 1  # 'c' (margin 4) is not the answer
    # nothing read (the gate): the answer's own sentence's recorded margin is judged
    unread = {**asked[1], "texts": [], "rows": np.zeros((0, len(FEATURES))), "right": [], "ranks": [], "answer_margin": 6.0}
    gated = second_stage_train.first([asked[0], unread], 8, gate=0.25)
    assert second_stage_train.outcome(gated, prefer_reader, by_margin(5.0))["abstained"] == 1


def test_the_readers_abstention_is_a_named_weight_logistic_regression():
    a = Abstention({"confidence": 1.0, "no_answer_margin": -0.5}, 0.0, 0.4)
    assert a.probability(0.5, 0.0) == pytest.approx(0.5)  # log-odds 0, margin 0
    assert a.probability(0.5, 4.0) == pytest.approx(1 / (1 + np.exp(2.0)))  # the sentence reads as holding no answer
    assert not a.abstains(0.5, 0.0) and a.abstains(0.5, 4.0) and not a.abstains(0.9, 2.0)
    assert Abstention.read(a.to_json()) == a and Abstention.read(None) is None
    assert a.probability(0.5, 1e6) == a.probability(0.5, second_stage.MARGIN_CAP)  # the margin is read within its caps
    assert a.decided(0.999) is False and a.decided(0.0001) is True and a.decided(0.5) is None  # no margin can change those
    with pytest.raises(ValueError, match="signals this code does not have"):
        Abstention.read({"weights": {"shoe_size": 1.0}, "bias": 0.0, "threshold": 0.5})
    assert ABSTENTION_SIGNALS == ("confidence", "no_answer_margin")


def test_the_abstention_is_fitted_on_the_answers_given():
    """Right answers read with a low margin and a high confidence; unanswered ones the other way: the
    fitted weights take those signs; abstained questions and unread answers are left out."""
    def question(answerable, margin, confidence, right):
        return {"answerable": answerable, "abstained": False, "texts": [], "rows": np.zeros((0, len(FEATURES))), "ranks": [],
                "right": [], "top_right": right, "answer_margin": margin, "confidence": confidence}
    squad = [question(True, -4.0 + i % 3, 0.8, 1.0) for i in range(12)] + [question(False, 4.0 + i % 3, 0.4, 0.0) for i in range(12)]
    news = [question(True, -3.0, 0.7, 1.0), question(False, 5.0, 0.5, 0.0), {**question(False, 1.0, 0.5, 0.0), "abstained": True}]
    weights, bias = second_stage_train.fit_abstention(squad, news, Coefficients({"stage1_gap": 1.0}, 0.0), seed=7)
    assert weights["no_answer_margin"] < 0 and weights["confidence"] > 0
    assert second_stage_train.fit_abstention(squad[:12], [], Coefficients({"stage1_gap": 1.0}, 0.0), seed=7) is None  # one label


def test_the_answers_own_sentence_is_read_only_for_an_abstention(shipped):
    """No abstention: nothing more is read. With one: the answer's sentence, one pair around the answer,
    unless the re-ranking read it already; a near miss reads as less likely right than the answering sentence."""
    from types import SimpleNamespace

    pairs = []
    counting = SimpleNamespace(read=lambda q, sentences: pairs.extend(sentences) or shipped.read(q, sentences))
    question, answering, answer, miss = PAIRS[2]
    span = lambda text: SimpleNamespace(sentence=SimpleNamespace(text=text), start=0, end=len(text))  # noqa: E731
    assert SecondStage(counting).abstains(question, {}, span(answering), 0.6) is None and pairs == []
    sure = SecondStage(counting, abstention=Abstention({"confidence": 1.0, "no_answer_margin": -1.0}, 0.0, 1e-6))
    assert sure.abstains(question, {}, span(answering), 0.6) is None and pairs == []  # no margin could make it abstain
    lenient = SecondStage(counting, abstention=Abstention({"confidence": 1.0, "no_answer_margin": -1.0}, 0.0, 0.5))
    assert lenient.abstains(question, {}, span(answering), 0.6) is None and len(pairs) == 1  # the margin decides: read
    right, near_miss = lenient.answer_margin(question, {}, span(answering)), lenient.answer_margin(question, {}, span(miss))
    assert near_miss > right
    strict = SecondStage(counting, abstention=Abstention({"confidence": 1.0, "no_answer_margin": -1.0}, 0.0, 0.999))
    answered = span(answering)
    reads = {id(answered.sentence): Read(shipped.read(question, [(answering, None)])[0], answer, 0.0)}
    pairs.clear()
    assert strict.abstains(question, reads, answered, 0.6) is not None and pairs == []  # read by the re-ranking


def test_only_candidates_fitting_the_question_as_well_as_the_rankers_best_are_reordered():
    from types import SimpleNamespace

    best = SimpleNamespace(c=SimpleNamespace(type_fit=0.9))  # 'Ilsa Marron' for 'who said …'
    phrase = SimpleNamespace(c=SimpleNamespace(type_fit=0.3))  # 'An earlier version of our report'
    person = SimpleNamespace(c=SimpleNamespace(type_fit=0.9))
    assert second_stage.fits_as_well(person, best) and not second_stage.fits_as_well(phrase, best)


def test_the_reranking_reads_only_when_it_can_change_the_order():
    """With one sentence read, only candidates of the best's sentence that fit the question as well as it
    are re-ordered: a runner-up in another sentence, or of a worse-fitting kind, leaves nothing to re-order."""
    from types import SimpleNamespace

    one, other = object(), object()
    span = lambda sentence, fit=0.9: SimpleNamespace(c=SimpleNamespace(sentence=sentence, type_fit=fit))  # noqa: E731
    assert second_stage.can_reorder([span(one), span(one)], 1)
    assert not second_stage.can_reorder([span(one), span(other)], 1)  # the runner-up's sentence is not read
    assert second_stage.can_reorder([span(one), span(other)], 2)
    assert not second_stage.can_reorder([span(one), span(one, 0.3)], 1)  # a worse-fitting kind is not re-ordered
    assert second_stage.can_reorder([span(one), span(other), span(one, 0.3), span(one)], 1)
    assert not second_stage.can_reorder([span(one)], 1)
    assert [id(s) for s in second_stage.read_sentences([span(one), span(other), span(one)], 1)] == [id(one)]

    pairs = []
    counting = SimpleNamespace(read=lambda q, sentences: pairs.extend(sentences) or [])
    stage = SecondStage(counting, Coefficients({"best_f1": 1.0}, 0.0))
    a, b = SimpleNamespace(c=SimpleNamespace(sentence=one, type_fit=0.9, score=2.0)), \
        SimpleNamespace(c=SimpleNamespace(sentence=other, type_fit=0.9, score=1.5))
    assert stage.rerank("q", [a, b]) == ([a, b], {}) and pairs == []  # nothing read


def test_an_export_is_named_after_the_layers_it_runs_too():
    """The same tensors run through fewer layers (a card saying 2, not 3) are another graph: another cache file."""
    from service.answering.crossencoder import export_path

    names = {export_path(DEFAULT_READER, "reader-pc", True, layers) for layers in (2, 3)}
    assert len(names) == 2 and export_path(DEFAULT_READER, "reader-pc", True, 3) == export_path(DEFAULT_READER, "reader-pc", True, 3)


def test_training_may_start_from_a_shipped_readers_layers():
    """pairs.prepare with `init`: the layers it names replace the package's (its head is never taken);
    the others stay the package's."""
    from service.answering.crossencoder import base_tensors
    from service.training.pairs import prepare

    base = base_tensors()
    name = "encoder.layer.1.intermediate.dense.bias"
    init = {name: np.full_like(base[name], 0.25), "head.bias": np.zeros(2, dtype=np.float32)}
    upper, head, _, _ = prepare("t", 2, (1,), 2, [[101, 7, 102, 8, 102]], [[101, 7, 102, 8, 102]], lambda _: None, init)
    assert np.allclose(upper[0].state()[name], 0.25)
    untouched = "encoder.layer.1.output.dense.bias"
    assert np.allclose(np.asarray(upper[0].state()[untouched], dtype=np.float32), base[untouched])
    assert head.weight.shape == (2, 384)


def test_the_shipped_stage_abstains_only_when_its_card_is_on_and_has_an_abstention(tmp_path):
    tensors = tmp_path / "reader.safetensors"
    tensors.write_bytes(b"")
    abstention = {"weights": {"confidence": 1.0}, "bias": 0.0, "threshold": 0.2}
    for use, stage, on, abstains in (("off", {"abstention": abstention}, False, False),
                                     ("rerank", {"abstention": None}, True, False),
                                     ("rerank", {"abstention": abstention}, True, True)):
        tensors.with_suffix(".json").write_text(json.dumps({"layers": 2, "trained": [0, 1], "max_tokens": 48, "threshold": 0.0,
                                                             "use": use, "second_stage": stage}))
        assert second_stage.shipped_reader_on(tensors) is on and second_stage.shipped_reader_abstains(tensors) is abstains
