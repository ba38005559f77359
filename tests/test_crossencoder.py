"""The small cross-encoder (service/answering/crossencoder.py): the shipped tensors load and tell an
answering sentence from a near miss; the int8 export agrees with the float reference; `newsdesk
train-xenc` runs end to end on a tiny sample; the answerer uses it only as its card says."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from service.answering import xenc_train
from service.answering.answerer import Answerer
from service.answering.crossencoder import DEFAULT_XENC, MAX_TOKENS, CrossEncoder, pair_ids, shipped_check, tokenizer
from tests.test_train import news_slice  # noqa: F401 -- a fixture: five news training articles and their questions

SAMPLE = Path(__file__).parent / "data" / "squad_sample.json"

# (question, the sentence that answers it, a near miss: the asked kind of span about another event)
PAIRS = [
    ("When will the trial of the former minister begin?",
     "The trial of the former minister will begin on 12 May, the court said.",
     "The former minister was arrested on 3 March after a long police investigation."),
    ("How old is the new head coach?",
     "The new head coach, who is 47, signed a three-year contract on Monday.",
     "The club was founded 120 years ago and has won the league four times."),
    ("Who won the election in the northern district?",
     "Maria Lopez won the election in the northern district with 54% of the vote.",
     "Turnout in the northern district was 61%, officials said, up from the last vote."),
]


@pytest.fixture(scope="module")
def shipped():
    return CrossEncoder(DEFAULT_XENC)


def test_the_shipped_tensors_load_with_their_card(shipped):
    card = shipped.card
    assert 1 <= card.layers <= 6 and set(card.trained) <= set(range(card.layers)) and card.max_tokens <= 64
    assert 0.0 <= card.threshold < 1.0 and card.use in ("abstain", "off")
    assert DEFAULT_XENC.stat().st_size < 8_000_000  # only the trained layers and the head are committed


def test_an_answering_sentence_scores_above_a_near_miss(shipped):
    scores = shipped.probabilities([(q, s, None) for q, answering, miss in PAIRS for s in (answering, miss)])
    answering, misses = scores[0::2], scores[1::2]
    assert np.all((0.0 <= scores) & (scores <= 1.0))
    assert np.all(answering > misses), (answering, misses)


def test_the_int8_export_agrees_with_the_float_reference(shipped):
    """The frozen lower layers run int8, the fine-tuned layer and the head float: probabilities move by
    up to ~0.11 on these pairs (the threshold is chosen on the int8 export's scores), the order not at all."""
    reference = CrossEncoder(DEFAULT_XENC, backend="numpy")
    pairs = [(q, s, None) for q, answering, miss in PAIRS for s in (answering, miss)]
    int8, exact = shipped.probabilities(pairs), reference.probabilities(pairs)
    assert np.abs(int8 - exact).max() < 0.2
    assert np.all(exact[0::2] > exact[1::2]) and np.all(int8[0::2] > int8[1::2])


def test_a_long_sentence_is_cut_around_the_candidate():
    tok = tokenizer()
    sentence = "Filler words come first here. " * 20 + "The match ended 3-1 in Leeds." + " More filler after it." * 20
    start = sentence.index("3-1")
    ids = pair_ids(tok, "What was the score?", sentence, (start, start + 3))
    assert len(ids) <= MAX_TOKENS and ids[0] == tok.token_to_id("[CLS]") and ids[-1] == tok.token_to_id("[SEP]")
    assert "3" in tok.decode(ids) and "leeds" in tok.decode(ids).lower()


def test_the_answerer_uses_the_check_only_as_told(desk):
    from service.engine import Newsdesk

    off = Newsdesk(desk.index_dir, embedder=desk.embedder, answerer=Answerer(xenc=None))
    checked = Newsdesk(desk.index_dir, embedder=desk.embedder, answerer=Answerer(xenc=CrossEncoder(DEFAULT_XENC, threshold=0.0)))
    strict = Newsdesk(desk.index_dir, embedder=desk.embedder, answerer=Answerer(xenc=CrossEncoder(DEFAULT_XENC, threshold=1.0)))
    question = "How many prisoners were exchanged in the swap?"
    a, b, c = off.ask(question), checked.ask(question), strict.ask(question)
    assert not a.abstained and (a.answer, a.confidence) == (b.answer, b.confidence)  # threshold 0: never abstains for it
    assert c.abstained and "does not state what the question asks" in c.reason and c.citations
    assert Answerer(strategy="rules")._xenc is None  # the check was tuned with the learned scorer
    expected = shipped_check() is not None
    assert (Answerer()._xenc is not None) == expected == (json.loads(DEFAULT_XENC.with_suffix(".json").read_text())["use"] == "abstain")


def test_training_on_a_tiny_sample_runs_end_to_end(tmp_path, desk, squad_sample_index_dir, news_slice):  # noqa: F811
    out = tmp_path / "xenc.safetensors"
    card = xenc_train.train_xenc(SAMPLE, out, news_dir=news_slice, limit=60, epochs=1, index_dir=squad_sample_index_dir,
                                 news_index_dir=tmp_path / "news-index", embedder=desk.embedder, echo=lambda _: None)
    assert out.is_file() and card["layers"] == xenc_train.LAYERS and card["metrics"]["best_epoch"] == 1
    assert card["data"]["pairs_training"]["squad"]["positive"] > 0 and card["data"]["pairs_training"]["news"]["positive"] > 0
    card = xenc_train.choose_threshold(out, SAMPLE, news_dir=news_slice, limit=20, index_dir=squad_sample_index_dir,
                                       news_index_dir=tmp_path / "news-index", embedder=desk.embedder, echo=lambda _: None)
    assert f"{card['threshold']:.2f}" in card["trade_off_on_tuning"] and card["use"] == "off"
    model = CrossEncoder(out, backend="numpy")
    assert 0.0 <= model.score(*PAIRS[0][:2]) <= 1.0
