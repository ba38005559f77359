"""The ranker's ensemble (several seeded boosters shipped as one averaged LightGBM text model) and the
collected rows written to .npz and read back: hand-built data, no answerer model loaded."""

from __future__ import annotations

import numpy as np
import pytest

from service.training.ensemble import Columns, Remembered, merge_models
from service.training.ranker import BoostingParams, Rows, load_rows, save_rows, _fit_ensemble


def _rows(questions: int, width: int = 4, seed: int = 0) -> Rows:
    """Questions of 5 candidates; the candidate with the largest first column is the answer."""
    rng = np.random.default_rng(seed)
    rows = Rows()
    for _ in range(questions):
        features = rng.normal(size=(5, width))
        best = int(np.argmax(features[:, 0]))
        em = np.arange(5) == best
        rows.features.append(features)
        rows.f1.append(em.astype(float))
        rows.em.append(em)
        rows.allowed.append(np.ones(5, bool))
        rows.right.append(em)
        rows.documents.append(f"doc{len(rows.documents) // 2}")
        rows.questions += 1
    return rows


def _booster_text(rows: Rows, seed: int, rounds: int) -> str:
    import lightgbm

    params = {**BoostingParams(bagging_fraction=0.7, bagging_freq=1, min_data_in_leaf=5).lightgbm(seed)}
    booster = lightgbm.train(params, lightgbm.Dataset(rows.matrix(), rows.relevance(), group=rows.groups),
                             num_boost_round=rounds)
    return booster.model_to_string()


def test_the_merged_model_scores_the_mean_of_its_members():
    import lightgbm

    rows = _rows(60)
    texts = [_booster_text(rows, seed, rounds) for seed, rounds in ((1, 12), (2, 7), (3, 10))]
    members = [lightgbm.Booster(model_str=t) for t in texts]
    merged = lightgbm.Booster(model_str=merge_models(texts))
    x = rows.matrix()
    assert merged.num_trees() == 12 + 7 + 10
    assert np.allclose(merged.predict(x), np.mean([m.predict(x) for m in members], axis=0), atol=1e-9)
    assert merge_models(texts[:1]) == texts[0]  # one booster ships as it is
    with pytest.raises(ValueError):
        merge_models([])


def test_columns_reads_only_the_columns_the_model_was_fitted_on():
    class Echo:
        def predict(self, features, num_threads=1):
            return features.sum(axis=1)

    x = np.array([[1.0, 10.0, 100.0], [2.0, 20.0, 200.0]])
    assert Columns(Echo(), [0, 2]).predict(x).tolist() == [101.0, 202.0]
    assert Columns(Echo(), None).predict(x).tolist() == [111.0, 222.0]


def test_an_ensemble_fitted_on_some_columns_scores_whole_rows():
    fit, tune = _rows(80, seed=1), _rows(20, seed=2)
    params = BoostingParams(min_data_in_leaf=5, max_rounds=15, early_stopping=5, bagging_fraction=0.8, bagging_freq=1)
    booster, text, rounds = _fit_ensemble(params, [7, 8], ["a", "b", "c", "d"], fit, tune, columns=[0, 2])
    assert len(rounds) == 2 and text.startswith("tree") and "feature_names=a c" in text
    scores = booster.predict(tune.features[0])
    assert scores.shape == (5,)


def test_rows_written_and_read_back_are_the_same(tmp_path):
    rows = _rows(3, width=2)
    rows.questions += 1  # a question that produced no candidate still counts
    path = tmp_path / "fit.npz"
    save_rows(rows, path, ["x", "y"])
    back = load_rows(path, ["x", "y"])
    assert back is not None and back.questions == 4 and back.groups == rows.groups
    assert all(np.array_equal(a, b) for a, b in zip(back.features, rows.features))
    assert all(np.array_equal(a, b) for a, b in zip(back.right, rows.right)) and back.documents == rows.documents
    assert load_rows(path, ["x", "z"]) is None  # collected with other features: collect again
    assert load_rows(tmp_path / "absent.npz", ["x", "y"]) is None
    assert np.load(path, allow_pickle=False)["names"].dtype.kind == "U"  # plain arrays, nothing pickled


def test_rows_keep_only_the_chosen_columns():
    rows = _rows(2, width=3)
    picked = rows.columns([2])
    assert picked.features[0].shape == (5, 1) and np.array_equal(picked.features[0][:, 0], rows.features[0][:, 2])
    assert rows.columns(None) is rows


def test_remembered_scores_a_matrix_once():
    calls = []

    class Counting:
        def predict(self, features, num_threads=1):
            calls.append(1)
            return features[:, 0] * 2

    x, y = np.ones((3, 2)), np.zeros((2, 2))
    booster = Remembered(Counting())
    assert booster.predict(x).tolist() == [2.0] * 3 and booster.predict(x).tolist() == [2.0] * 3
    assert booster.predict(y).tolist() == [0.0, 0.0] and len(calls) == 2


def test_only_single_value_cluster_questions_become_news_rows():
    from service.training.ranker import single_value_questions

    questions = [
        {"id": "a", "cluster": "t01", "question": "Who?", "kind": "single", "answers": ["Ann Lee"]},
        {"id": "b", "cluster": "t01", "question": "How many?", "kind": "agree", "answers": ["23", "twenty-three"]},
        {"id": "c", "cluster": "t02", "question": "Which?", "kind": "syndicated", "answers": ["Kelsby"]},
        {"id": "d", "cluster": "t02", "question": "What fee?", "kind": "conflict", "answers": ["£1.8m", "£2.1m"]},
        {"id": "e", "cluster": "t03", "question": "Who judged?", "kind": "correction", "answers": ["Rowan"]},
        {"id": "f", "cluster": "t03", "question": "How many now?", "kind": "update", "answers": ["9"]},
        {"id": "g", "cluster": "t03", "question": "How much?", "kind": "unanswerable", "answers": []},
    ]
    kept = single_value_questions(questions)
    assert [q.qid for q in kept] == ["a", "b", "c"]
    assert kept[1].answers == ("23", "twenty-three") and kept[2].doc_id == "t02"
