"""The reader's own answer as a candidate (proposal.py, second_stage.SecondStage.proposed), the card's
settings of it, and the answer margin's separating power (training/second_stage.margin_separation):
hand-built readings and spans, no model loaded."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from service.answering import second_stage
from service.answering.proposal import BELOW, COVER_F1, Propose, covered, donor, snap
from service.answering.reader import OUTSIDE, Encoded, Reading
from service.answering.second_stage import FEATURES, Coefficients, Read, SecondStage
from service.training import second_stage as second_stage_train

SENTENCE = "The new chairman, Maria Lopez, won the vote."
# [CLS], one question piece, [SEP], one piece per word (punctuation its own piece), [SEP]
WORDS = [(0, 3), (4, 7), (8, 16), (16, 17), (18, 23), (24, 29), (29, 30), (31, 34), (35, 38), (39, 43), (43, 44)]


def _reading(start_at: int, end_at: int, null: float = 0.0, sure: float = 8.0) -> Reading:
    """The reader sure (`sure` logits) the answer runs from word `start_at` to word `end_at`."""
    offsets = [None, None, None, *WORDS, None]
    start = np.array([null / 2, OUTSIDE, OUTSIDE, *[0.0] * len(WORDS), OUTSIDE], dtype=np.float32)
    end = start.copy()
    start[3 + start_at], end[3 + end_at] = sure, sure
    return Reading(Encoded(list(range(len(offsets))), offsets), start, end)


def _read(reading: Reading) -> Read:
    a, b, score = reading.best_chars()
    return Read(reading, SENTENCE[a:b], score)


def _span(sentence, start: int, end: int, score: float, fit: float = 0.9, label: str = "PERSON"):
    return SimpleNamespace(c=SimpleNamespace(sentence=sentence, start=start, end=end, score=score, type_fit=fit, label=label,
                                             text=sentence.text[start:end]), ctx=None)


def test_snap_widens_to_whole_words_and_strips_punctuation():
    assert snap(SENTENCE, 20, 26) == (18, 29)  # 'ria Lo' -> 'Maria Lopez' (the comma stripped)
    assert snap(SENTENCE, 16, 17) is None  # a comma alone is nothing
    text = "It raised $100m (£52m) in all."
    assert text[slice(*snap(text, text.index("52"), text.index("52") + 2))] == "£52m"
    assert text[slice(*snap(text, text.index("100"), text.index("100") + 3))] == "$100m"
    assert snap("“Go now,” he said.", 1, 6) == (1, 7)  # 'Go now' without its quotation marks


def test_a_candidate_covers_the_same_characters_or_nearly_the_same_words():
    at = (18, 29)  # 'Maria Lopez'
    assert covered(SENTENCE, *at, [(18, 29)])
    assert not covered(SENTENCE, *at, [(24, 29)])  # 'Lopez': F1 2/3 < COVER_F1
    assert covered(SENTENCE, 24, 29, [(18, 29)])  # 'Lopez' inside the candidate 'Maria Lopez'
    assert not covered(SENTENCE, 4, 29, [(18, 29)])  # 'new chairman, Maria Lopez' reaches beyond it
    assert COVER_F1 > 2 / 3
    assert not covered(SENTENCE, *at, [])


def test_the_donor_is_the_candidate_overlapping_most():
    assert donor((18, 29), [(0, 16), (24, 29), (18, 23)]) == 1  # 'Lopez' overlaps 5 characters, 'Maria' 5: the first
    assert donor((18, 29), [(0, 16), (31, 43)]) == 0  # none: the best-scored


def test_the_cards_setting_reads_and_writes():
    p = Propose(-1.5, 0.0)
    assert Propose.read(p.to_json()) == p and Propose.read(None) is None


@pytest.fixture
def made(monkeypatch):
    """second_stage._span_of without features.Span: a plain span of the giver's kind, just below its score."""
    monkeypatch.setattr(second_stage, "_span_of", lambda giver, a, b: _span(giver.c.sentence, a, b, giver.c.score - BELOW,
                                                                           giver.c.type_fit, giver.c.label))


def test_the_readers_best_span_is_proposed_only_when_no_candidate_covers_it_and_the_reader_is_sure(made):
    sentence = SimpleNamespace(text=SENTENCE)
    lopez, vote = _span(sentence, 24, 29, 2.0), _span(sentence, 39, 43, 1.0)
    stage = SecondStage(SimpleNamespace(), propose=Propose(-1.0, 0.0))
    read = _read(_reading(4, 5))  # 'Maria Lopez'
    x, row = stage.proposed(read, lopez, [lopez, vote])
    assert x.c.text == "Maria Lopez" and (x.c.start, x.c.end) == (18, 29) and x.c.label == "PERSON"
    assert x.c.score == pytest.approx(2.0 - BELOW) and len(row) == len(FEATURES)
    assert dict(zip(FEATURES, row))["best_f1"] == 1.0 and dict(zip(FEATURES, row))["boundary_margin"] == pytest.approx(0.0)
    assert stage.proposed(read, lopez, [lopez, _span(sentence, 18, 29, 1.0)]) is None  # a candidate covers it
    assert stage.proposed(_read(_reading(4, 5, null=30.0)), lopez, [lopez]) is None  # the sentence reads as no answer
    unsure = _read(_reading(4, 5, sure=0.5))  # its start and end probabilities are low
    assert stage.proposed(unsure, lopez, [lopez]) is None
    assert SecondStage(SimpleNamespace()).proposed(read, lopez, [lopez]) is None  # off


def test_the_proposal_joins_the_reordering_and_wins_when_the_coefficients_prefer_it(made):
    sentence, other = SimpleNamespace(text=SENTENCE), SimpleNamespace(text="Another sentence.")
    lopez, elsewhere = _span(sentence, 24, 29, 2.0), _span(other, 0, 7, 1.0)
    reading = _reading(4, 5)
    reader = SimpleNamespace(read=lambda q, sentences: [reading for _ in sentences])
    prefer_reader = Coefficients({"best_f1": 1.0}, 0.0)
    stage = SecondStage(reader, prefer_reader, propose=Propose(-1.0, 0.0))
    scored, reads = stage.rerank("Who won the vote?", [lopez, elsewhere])  # alone in its sentence: read only to propose
    assert scored[0].c.text == "Maria Lopez" and scored[0].c.score == 2.0 and lopez.c.score == pytest.approx(2.0 - BELOW)
    assert scored[1] is lopez and scored[2] is elsewhere and reads
    off = SecondStage(reader, prefer_reader)
    lopez.c.score = 2.0
    assert off.rerank("Who won the vote?", [lopez, elsewhere]) == ([lopez, elsewhere], {})  # nothing to re-order: not read
    badly = SecondStage(reader, prefer_reader, propose=Propose(-1.0, 0.0))
    worse = _span(sentence, 24, 29, 2.0)
    best = _span(sentence, 0, 16, 3.0, fit=0.95)  # the proposal borrows 'Lopez''s kind, fitting worse than the best
    scored, _ = badly.rerank("Who won the vote?", [best, worse])
    assert [x.c.text for x in scored] == ["The new chairman", "Lopez"]


def test_the_answer_margin_separation_is_an_auc_over_the_answers_given():
    def asked(answerable, margin, right, abstained=False):
        return {"answerable": answerable, "abstained": abstained, "texts": [], "rows": np.zeros((0, len(FEATURES))),
                "ranks": [], "right": [], "top_right": right, "answer_margin": margin}
    rows = [asked(True, -5.0, 1.0), asked(True, -4.0, 1.0), asked(True, 2.0, 0.0), asked(False, 3.0, 0.0),
            asked(False, 9.0, 0.0, abstained=True), asked(True, None, 1.0)]
    out = second_stage_train.margin_separation(rows, Coefficients({"stage1_gap": 1.0}, 0.0))
    assert out["answers"] == 4 and out["not_right"] == 2 and out["unanswerable"] == 1
    assert out["auc_not_right"] == 1.0 and out["auc_unanswerable"] == 1.0
    assert second_stage_train.margin_separation(rows[:2], Coefficients({"stage1_gap": 1.0}, 0.0))["auc_not_right"] is None


def test_a_margin_reader_reads_the_answers_sentence_itself():
    """With a margin reader the abstention checks read the answer's sentence through it, even when the
    re-ordering read that sentence (its margins are on the scale those checks were fitted on)."""
    sentence = SimpleNamespace(text=SENTENCE)
    answer = SimpleNamespace(sentence=sentence, start=18, end=29)
    span_reading, margin_reading = _reading(4, 5), _reading(9, 9, null=30.0)
    pairs = {"span": 0, "margin": 0}

    def reader(name, reading):
        return SimpleNamespace(read=lambda q, sentences: pairs.__setitem__(name, pairs[name] + len(sentences)) or [reading for _ in sentences])

    reads = {id(sentence): _read(span_reading)}
    alone = SecondStage(reader("span", span_reading))
    assert alone.answer_read("q", reads, answer) is reads[id(sentence)] and pairs == {"span": 0, "margin": 0}
    both = SecondStage(reader("span", span_reading), margin_reader=reader("margin", margin_reading))
    read = both.answer_read("q", reads, answer)
    assert read.best_text == "vote" and read.margin > 0 and pairs == {"span": 0, "margin": 1}


def test_a_refit_keeps_the_settings_set_by_hand(tmp_path):
    import json

    card = tmp_path / "reader.json"
    card.write_text(json.dumps({"second_stage": {"weights": {}, "margin_reader": "reader-margin.safetensors",
                                                 "propose": {"min_log_share": -1.0, "max_margin": 0.0}, "gate": 0.25}}))
    assert second_stage_train.kept_settings(tmp_path / "reader.safetensors") == {
        "margin_reader": "reader-margin.safetensors", "propose": {"min_log_share": -1.0, "max_margin": 0.0}}
    card.write_text(json.dumps({"layers": 3}))
    assert second_stage_train.kept_settings(tmp_path / "reader.safetensors") == {}
