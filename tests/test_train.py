"""`newsdesk train` end to end on the SQuAD sample, and the shipped model: loads, reads only known
features, scores the wide candidate set, and answers over the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from service.answering import train as training
from service.answering.answerer import Answerer
from service.answering.features import FEATURES
from service.answering.scorer import DEFAULT_MODEL, STACKED_FEATURES, LearnedScorer

SAMPLE = Path(__file__).parent / "data" / "squad_sample.json"
LIMIT = 150  # training-half questions of the sample: enough for training and tuning rows, quick


@pytest.fixture(scope="module")
def trained(tmp_path_factory, desk, squad_sample_index_dir):
    out = tmp_path_factory.mktemp("model") / "ranker"
    report = training.train(SAMPLE, out, index_dir=squad_sample_index_dir, embedder=desk.embedder, limit=LIMIT,
                            echo=lambda _: None)
    return out, report


def test_training_on_the_sample_runs_end_to_end(trained):
    out, report = trained
    meta = json.loads(out.with_suffix(".json").read_text())
    assert out.with_suffix(".txt").read_text().startswith("tree")  # LightGBM's own text format, no pickle
    assert meta["features"] == list(FEATURES) and meta["candidates"] == training.CANDIDATES
    assert 0.0 <= meta["threshold"] < 1.0 and {"a", "b"} <= set(meta["calibration"])
    assert report["questions"]["fit"] > 0 and report["questions"]["tune"] > 0 and report["rows"] > 0
    assert report["candidate_recall"]["exact_answer_among_candidates"] > 50


def test_the_same_seed_gives_the_same_model(trained, tmp_path, desk, squad_sample_index_dir):
    out, _ = trained
    again = tmp_path / "again"
    training.train(SAMPLE, again, index_dir=squad_sample_index_dir, embedder=desk.embedder, limit=LIMIT, echo=lambda _: None)
    assert again.with_suffix(".txt").read_text() == out.with_suffix(".txt").read_text()


def test_a_trained_model_answers_over_the_seeds(trained, desk):
    from service.engine import Newsdesk

    out, _ = trained
    learned = Newsdesk(desk.index_dir, embedder=desk.embedder, answerer=Answerer(scorer=LearnedScorer(out)))
    answer = learned.ask("How many prisoners were exchanged in the swap?")
    assert learned.answerer.strategy == "learned" and answer.citations
    if answer.abstained:  # a model fitted on a few questions may doubt; it must still say why
        assert answer.reason and answer.confidence == 0.0
    else:
        assert answer.answer in answer.citations[0].quote


def test_the_threshold_is_rechosen_on_the_news_dev_half_with_a_record(trained, tmp_path, desk):
    from test_heldout_eval import DATA, _slice

    out, _ = trained
    model = tmp_path / "ranker"
    for suffix in (".txt", ".json"):
        model.with_suffix(suffix).write_text(out.with_suffix(suffix).read_text())
    squad_threshold = json.loads(out.with_suffix(".json").read_text())["threshold"]
    bbc = _slice(DATA / "bbc_questions", tmp_path / "bbc", lambda a: a["doc_id"] in ("business/084", "business/338"))
    record = training.threshold_on_news_dev(model, tmp_path / "index", desk.embedder, bbc, echo=lambda _: None)
    meta = json.loads(model.with_suffix(".json").read_text())
    table = record["right_and_abstained_by_threshold"]
    assert meta["threshold"] == record["chosen"] and meta["training"]["threshold_on_squad"] == squad_threshold
    assert meta["training"]["threshold_on_bbc_dev"] == record and len(table) == len(training.DEV_THRESHOLDS)
    assert sum(table[f"{record['chosen']:.2f}"]) == max(sum(v) for v in table.values())
    assert all(r <= record["answerable"] and a <= record["unanswerable"] for r, a in table.values())
    assert LearnedScorer(model).threshold == record["chosen"]


def test_the_shipped_model_loads_and_scores():
    scorer = LearnedScorer(DEFAULT_MODEL)
    assert set(scorer.features) <= set(FEATURES) and scorer.candidates in {"base", "wide"}
    assert 0.0 < scorer.threshold < 1.0
    assert scorer.stacked and scorer.shortlist  # stacked on the rules, scoring their shortlist
    assert scorer.score(np.zeros((2, len(scorer.features) + len(STACKED_FEATURES))), []).shape == (2,)
    shipped = {p.suffix for p in DEFAULT_MODEL.parent.iterdir()}
    assert shipped <= {".txt", ".json"}  # nothing pickled ships


def test_the_attribute_fit_table_measures_gold_answers(desk, squad_sample_index_dir):
    misfits: list = []
    table = training.attribute_fit_table(SAMPLE, index_dir=squad_sample_index_dir, embedder=desk.embedder,
                                         misfits=misfits)
    assert table, "the sample's training half asks some attributes (how many, what year ...)"
    for noun, row in table.items():
        assert row["questions"] >= row["gold_among_candidates"] >= row["gold_fits"] >= 0
        assert row["share"] is None or 0.0 <= row["share"] <= 1.0
    assert len(misfits) == sum(r["gold_among_candidates"] - r["gold_fits"] for r in table.values())
