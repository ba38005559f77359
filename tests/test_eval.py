"""`newsdesk eval`: official SQuAD scoring, the golden suite, and a SQuAD regression floor.

The floor runs gold mode over `tests/data/squad_sample.json` (298 SQuAD v1.1 dev questions, see
`tests/data/README.md`) and fails when F1 drops more than 2 points below `squad_floor.json`.
"""

from __future__ import annotations

import collections
import json
import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from index.documents import Article
from service import evaluate
from service.evaluate import exact_match, f1_score, normalize_answer, score

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "squad_sample.json"
FLOOR = DATA / "squad_floor.json"
GOLDEN = Path(__file__).parent / "golden.jsonl"


# -- the official evaluate-v1.1.py, verbatim in substance, as the reference ---------------------

def _official_normalize(s):
    def remove_articles(text):
        return re.sub(r"\b(a|an|the)\b", " ", text)

    def white_space_fix(text):
        return " ".join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)

    return white_space_fix(remove_articles(remove_punc(s.lower())))


def _official_f1(prediction, ground_truth):
    prediction_tokens = _official_normalize(prediction).split()
    ground_truth_tokens = _official_normalize(ground_truth).split()
    common = collections.Counter(prediction_tokens) & collections.Counter(ground_truth_tokens)
    num_same = sum(common.values())
    if num_same == 0:
        return 0
    precision = 1.0 * num_same / len(prediction_tokens)
    recall = 1.0 * num_same / len(ground_truth_tokens)
    return (2 * precision * recall) / (precision + recall)


# -- scoring -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("The Cat!", "cat"),
    ("an apple,  a day", "apple day"),
    ("Theatre of the Absurd", "theatre of absurd"),  # only whole-word articles go
    ("1,000 (approx.)", "1000 approx"),
    ("  Denver\tBroncos\n", "denver broncos"),
    ("A", ""),
    ("", ""),
    ("Zürich – “centre”", "zürich – “centre”"),  # only ASCII punctuation, as the official script
    ("the-end", "theend"),  # punctuation goes before articles: "the-end" is one word
])
def test_normalisation(text, expected):
    assert normalize_answer(text) == expected == _official_normalize(text)


def test_exact_match_ignores_case_punctuation_and_articles():
    assert exact_match("The Denver Broncos.", "denver broncos")
    assert not exact_match("Denver", "Denver Broncos")


@pytest.mark.parametrize("prediction, truth, expected", [
    ("Denver Broncos", "Denver Broncos", 1.0),
    ("the big cat", "cat", 2 * 0.5 * 1 / 1.5),  # precision 1/2, recall 1
    ("x x y", "x y", 0.8),  # tokens count as a multiset: common 2, precision 2/3, recall 1
    ("x", "x x", 2 * 1 * 0.5 / 1.5),
    ("Broncos", "Panthers", 0.0),
    ("", "Panthers", 0.0),
    ("the", "a", 0.0),  # both normalise to nothing: no common token, as the official script
])
def test_f1(prediction, truth, expected):
    assert f1_score(prediction, truth) == pytest.approx(expected)
    assert f1_score(prediction, truth) == pytest.approx(_official_f1(prediction, truth))


def test_score_takes_the_best_gold_answer_and_scales_to_100():
    assert score("Denver Broncos", ["Broncos", "the Denver Broncos", "Denver"]) == (100.0, 100.0)
    em, f1 = score("Denver", ["Denver Broncos", "Broncos"])
    assert em == 0.0 and f1 == pytest.approx(100 * 2 / 3)
    assert score(None, ["Denver"]) == (0.0, 0.0)  # an abstention scores nothing


def test_scoring_matches_the_official_script_on_the_sample():
    _, questions = evaluate.load_squad(SAMPLE)
    answers = [a for q in questions for a in q.answers]
    for q, prediction in zip(questions, answers[7:] + answers[:7]):  # mostly wrong, some overlapping
        official = max(_official_f1(prediction, t) for t in q.answers)
        assert score(prediction, q.answers)[1] == pytest.approx(100 * official)


# -- SQuAD loading, ranks, breakdowns ---------------------------------------------------------

def test_sample_loads_as_one_article_per_paragraph():
    articles, questions = evaluate.load_squad(SAMPLE)
    assert len(questions) == 298 and len(articles) == 62
    assert len({q.qid for q in questions}) == len(questions)
    assert all(re.fullmatch(r"s\d{3}-\d{3}", a.doc_id) for a in articles)
    texts = {a.doc_id: a.text for a in articles}
    for q in questions:
        assert q.answers and all(answer in texts[q.doc_id] for answer in q.answers)
    assert "_" not in "".join(a.title for a in articles)


def test_the_sample_spans_many_articles():
    data = json.loads(SAMPLE.read_text())["data"]
    assert len(data) >= 30 and data and json.loads(SAMPLE.read_text())["version"] == "1.1"


def test_wh_word_and_gold_rank():
    assert evaluate.wh_word("In what year did it open?") == "what"
    assert evaluate.wh_word("How many people live there?") == "how"
    assert evaluate.wh_word("Name the river.") == "other"
    # ranks count distinct paragraphs, not chunks
    assert evaluate.gold_rank(["a", "a", "b", "c"], "b") == 2
    assert evaluate.gold_rank(["a", "b"], "z") is None


def test_corpus_hash_follows_ids_and_content():
    one = [Article("s000-000", "T", "Some text."), Article("s000-001", "T", "More text.")]
    assert evaluate.corpus_hash(one) == evaluate.corpus_hash(list(reversed(one)))
    assert evaluate.corpus_hash(one) != evaluate.corpus_hash(one[:1])
    assert evaluate.corpus_hash(one) != evaluate.corpus_hash([one[0], Article("s000-001", "T", "Other text.")])


def test_squad_index_is_cached_and_rebuilt_when_paragraphs_change(tmp_path, desk):
    articles = [Article("s000-000", "Rivers", "The Rhine flows through Basel and Cologne."),
                Article("s000-001", "Rivers", "The Danube reaches the Black Sea in Romania.")]
    index_dir = tmp_path / "squad-index"
    first, built = evaluate.open_index(articles, index_dir, desk.embedder, progress=False)
    assert built and len(first.snapshot.documents) == 2
    _, built = evaluate.open_index(articles, index_dir, desk.embedder, progress=False)
    assert not built
    again, built = evaluate.open_index(articles[:1], index_dir, desk.embedder, progress=False)
    assert built and set(again.snapshot.documents) == {"s000-000"}


# -- suites ------------------------------------------------------------------------------------

def test_golden_suite_over_the_seeds(desk, tmp_path):
    result = evaluate.golden(desk, GOLDEN)
    assert result["questions"] == result["answerable"] + result["unanswerable"] > 30
    assert result["accuracy"] >= 85, result["wrong"]
    assert result["abstain_recall"] == 100 and result["abstain_precision"] >= 80
    assert result["citation_faithfulness"] == 100 and result["citations"] > 0
    assert "citation faithfulness" in evaluate.format_golden(result)
    frozen = evaluate.format_golden(evaluate.totals_only({**result, "wrong": [{"question": "Q?", "answer": "A"}]}))
    assert "1 (not shown" in frozen and "Q?" not in frozen
    out = evaluate.write_result(result, tmp_path / "golden.json")
    assert json.loads(out.read_text())["accuracy"] == result["accuracy"]


@pytest.fixture(scope="module")
def sample_gold(desk, squad_sample_index_dir):
    return evaluate.squad(SAMPLE, "gold", index_dir=squad_sample_index_dir, embedder=desk.embedder, progress=False)


def test_squad_gold_f1_stays_above_the_recorded_floor(sample_gold):
    floor = json.loads(FLOOR.read_text())
    assert floor["questions"] == sample_gold["questions"] == 298
    f1 = sample_gold["answers"]["f1"]
    assert f1 >= floor["f1"] - floor["tolerance"], (
        f"SQuAD sample gold-mode F1 {f1:.2f} fell more than {floor['tolerance']} points below the recorded "
        f"{floor['f1']:.2f}; if the change is intended, re-record: {floor['command']}")


def test_squad_result_has_breakdowns_table_and_official_predictions(sample_gold, tmp_path):
    answers = sample_gold["answers"]
    assert sum(g["questions"] for g in answers["by_type"].values()) == 298
    assert sum(g["questions"] for g in answers["by_wh_word"].values()) == 298
    assert {"what", "who", "when"} <= set(answers["by_wh_word"])
    table = evaluate.format_squad(sample_gold)
    assert "logistic regression" in table and "question type" in table and "wh-word" in table
    out = evaluate.write_result(sample_gold, tmp_path / "squad.json")
    written = json.loads(out.read_text())
    assert "predictions" not in written and written["answers"]["f1"] == answers["f1"]
    predictions = json.loads(Path(written["predictions_file"]).read_text())
    assert len(predictions) == 298 and all(isinstance(v, str) for v in predictions.values())


def test_record_floor_takes_only_gold_runs(sample_gold, tmp_path):
    floor = evaluate.record_floor(sample_gold, tmp_path / "floor.json")
    assert floor["f1"] == sample_gold["answers"]["f1"] and "--record" in floor["command"]
    with pytest.raises(ValueError):
        evaluate.record_floor({**sample_gold, "mode": "open"}, tmp_path / "floor.json")


@pytest.mark.parametrize("arguments", [
    ["--mode", "closed"],
    ["--mode", "open", "--retriever", "tfidf"],
    ["--mode", "open", "--record", "floor.json"],
    ["--split", "odd"],
    ["--strategy", "oracle"],
])
def test_cli_rejects_bad_options(arguments, tmp_path):
    from service.cli import app

    result = CliRunner().invoke(app, ["eval", "squad", "--data", str(SAMPLE), "--index-dir", str(tmp_path), *arguments])
    assert result.exit_code == 2, result.output
    assert not any(tmp_path.iterdir())  # rejected before any index is built
