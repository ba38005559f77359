"""`newsdesk train` end to end on the SQuAD sample, and the shipped model: loads, reads only known
features, scores the wide candidate set, and answers over the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from service.training import ranker as training
from service.answering.answerer import Answerer
from service.answering.features import FEATURES
from service.answering.scorer import DEFAULT_MODEL, STACKED_FEATURES, LearnedScorer

SAMPLE = Path(__file__).parent / "data" / "squad_sample.json"
LIMIT = 150  # training-half questions of the sample: enough for training and tuning rows, quick


NEWS_ARTICLES = 5  # of the news training articles: the fifth (doc ids sorted) is the tuning part


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def news_slice(tmp_path_factory) -> Path:
    """The first NEWS_ARTICLES news training articles that have questions, and their questions."""
    source, target = training.NEWS_DIR, tmp_path_factory.mktemp("news")
    questions = [q for path in sorted(source.glob("questions_*.jsonl")) for q in _lines(path)]
    keep = set(sorted({q["doc_id"] for q in questions})[:NEWS_ARTICLES])
    assert len(keep) == NEWS_ARTICLES, "the news training questions are in tests/data/bbc_train"
    articles = [a for a in _lines(source / "articles.jsonl") if a["doc_id"] in keep]
    (target / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles))
    (target / "questions_a.jsonl").write_text("".join(json.dumps(q) + "\n" for q in questions if q["doc_id"] in keep))
    return target


# Hand-built news-quiz records (RealTimeQA's format): (question, gold, evidence); ids 20210305_0.. in order.
QUIZ_RECORDS = [
    ("Which country's probe landed on Mars this week?", "China", "China's Tianwen-1 probe landed on Mars on Saturday."),
    ("Who was named the new chief executive of the carmaker?", "Maria Lopez", "The carmaker named Maria Lopez its new chief executive on Monday."),
    ("How many people were evacuated after the flood?", "12,000", "About 12,000 people were evacuated after the flood hit the valley."),
    ("In which city did the summit take place?", "Geneva", "Leaders met in Geneva for a two-day summit on climate finance."),
    ("What did the museum return to Nigeria?", "bronze sculptures", "The museum returned bronze sculptures to Nigeria in a ceremony."),
    ("Which team won the championship on Sunday?", "the Rovers", "The Rovers won the championship on Sunday after a late goal."),
    ("When will the new bridge open?", "next spring", "Officials said the new bridge will open next spring."),
    ("Who won the prize for her first novel?", "Ada Obi", "Ada Obi won the prize for her first novel, a family saga."),
    ("Which company recalled two million cars?", "Kestrel Motors", "Kestrel Motors recalled two million cars over faulty brakes."),
    ("How much did the painting sell for?", "$91 million", "The painting sold for $91 million at auction in New York."),
    ("Which river burst its banks?", "the Severn", "The Severn burst its banks after days of heavy rain."),
    ("Which country will host the next games?", "Australia", "Australia will host the next games, organisers announced."),
]


@pytest.fixture(scope="module")
def quiz_file(tmp_path_factory) -> Path:
    """QUIZ_RECORDS as RealTimeQA records, plus one dated 2022 (the held-out year: never read)."""
    records = [{"question_id": f"202103{5 + 7 * (n // 5):02d}_{n % 5}", "question_date": "2021/03/05", "question_source": "CNN",
                "question_sentence": question, "choices": ["Nobody", gold], "answer": ["1"], "evidence": evidence}
               for n, (question, gold, evidence) in enumerate(QUIZ_RECORDS)]
    records.append({**records[0], "question_id": "20220610_0", "question_date": "2022/06/10", "question_sentence": "Which planet?"})
    path = tmp_path_factory.mktemp("quiz") / "qa.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory, desk, squad_sample_index_dir, news_slice, quiz_file):
    out = tmp_path_factory.mktemp("model") / "ranker"
    report = training.train(SAMPLE, out, index_dir=squad_sample_index_dir, embedder=desk.embedder, limit=LIMIT,
                            news_dir=news_slice, news_index_dir=tmp_path_factory.mktemp("news-index"), quiz_file=quiz_file,
                            quiz_index_dir=tmp_path_factory.mktemp("quiz-index"), echo=lambda _: None)
    return out, report


def test_training_on_the_sample_runs_end_to_end(trained):
    out, report = trained
    meta = json.loads(out.with_suffix(".json").read_text())
    assert out.with_suffix(".txt").read_text().startswith("tree")  # LightGBM's own text format, no pickle
    assert meta["features"] == [n for n in FEATURES if n not in training.LEFT_OUT] and meta["candidates"] == training.CANDIDATES
    assert report["ensemble"]["boosters"] == training.ENSEMBLE and len(report["rounds"]) == training.ENSEMBLE
    assert 0.0 <= meta["threshold"] < 1.0 and {"a", "b"} <= set(meta["calibration"])
    assert report["questions"]["fit"] > 0 and report["questions"]["tune"] > 0 and report["rows"] > 0
    assert report["candidate_recall"]["exact_answer_among_candidates"] > 50
    news = report["news"]
    assert news["articles"] == NEWS_ARTICLES and news["fit_answerable"] > 0 and news["tune_answerable"] > 0
    assert news["weight"] in training.NEWS_WEIGHTS and set(news["weights_tried"]) == {str(w) for w in training.NEWS_WEIGHTS}
    assert 0 <= news["at_threshold"]["right"] <= news["tune_answerable"]
    assert meta["training"]["threshold_table"][f"{meta['threshold']:.2f}"]["news_right"] == news["at_threshold"]["right"]
    quiz = report["quiz"]  # the hand-built quiz records: 12 used, the 2022 one left out, 3 of 12 tune (hash of the id)
    assert quiz["records"]["used"] == len(QUIZ_RECORDS) and quiz["records"]["held_out_year"] == 1
    assert (quiz["fit"], quiz["tune"]) == (9, 3) and quiz["fit_rows"] > 0
    assert quiz["weight"] in training.QUIZ_WEIGHTS and set(quiz["weights_tried"]) == {str(w) for w in training.QUIZ_WEIGHTS}


def test_the_same_seed_gives_the_same_model(trained, tmp_path, desk, squad_sample_index_dir, news_slice, quiz_file):
    out, _ = trained
    again = tmp_path / "again"
    training.train(SAMPLE, again, index_dir=squad_sample_index_dir, embedder=desk.embedder, limit=LIMIT,
                   news_dir=news_slice, news_index_dir=tmp_path / "news-index", quiz_file=quiz_file,
                   quiz_index_dir=tmp_path / "quiz-index", echo=lambda _: None)
    assert again.with_suffix(".txt").read_text() == out.with_suffix(".txt").read_text()
    first, second = (json.loads(p.with_suffix(".json").read_text()) for p in (out, again))
    assert first["threshold"] == second["threshold"] and first["calibration"] == second["calibration"]


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


def test_training_with_the_answerability_model_ships_it(tmp_path, desk, squad_sample_index_dir, news_slice):
    from service.answering.abstention import SIGNALS
    from service.engine import Newsdesk

    out = tmp_path / "ranker"
    report = training.train(SAMPLE, out, index_dir=squad_sample_index_dir, embedder=desk.embedder, limit=LIMIT,
                            news_dir=news_slice, news_index_dir=tmp_path / "news-index", answerability=True,
                            echo=lambda _: None)
    meta = json.loads(out.with_suffix(".json").read_text())
    assert set(meta["answerability"]["weights"]) == set(SIGNALS) and "bias" in meta["answerability"]
    assert report["answerability"]["threshold"] == meta["threshold"] and report["answerability"]["squad_asked"] > 0
    scorer = LearnedScorer(out)
    assert scorer.answerability is not None
    learned = Newsdesk(desk.index_dir, embedder=desk.embedder, answerer=Answerer(scorer=scorer))
    answer = learned.ask("How many prisoners were exchanged in the swap?")
    assert answer.citations and 0.0 <= answer.confidence <= 1.0

def test_no_quiz_file_trains_without_quiz_rows(tmp_path, desk):
    assert training.open_quiz(None, desk.embedder) is None
    assert training.open_quiz(tmp_path / "absent.jsonl.gz", desk.embedder) is None  # the product never needs ../shared


def test_news_tuning_articles_are_every_fifth_by_doc_id():
    ids = [f"sport/{n:03d}" for n in range(12, 0, -1)]
    assert training.news_tuning_articles(ids) == {"sport/005", "sport/010"}


def test_the_joint_threshold_weighs_squad_and_news_tuning_alike():
    squad_pos, squad_f1 = np.array([0.9, 0.5, 0.2]), np.array([1.0, 1.0, 0.0])
    squad_neg = np.array([0.3, 0.1])
    news = [{"answerable": True, "abstained": False, "confidence": 0.6, "right": True},
            {"answerable": True, "abstained": False, "confidence": 0.35, "right": False},
            {"answerable": False, "abstained": False, "confidence": 0.4, "right": False},
            {"answerable": False, "abstained": True, "confidence": 0.0, "right": False}]
    threshold, table = training.choose_joint_threshold(squad_pos, squad_f1, squad_neg, 0, 1.0, 3, news)
    # a threshold in (0.4, 0.5] keeps both right SQuAD answers and the right news one and rejects every negative
    # (news: 0.85 × 1/2 right + 0.15 × 2/2 abstained)
    assert 0.4 < threshold <= 0.5
    assert table[f"{threshold:.2f}"] == {"squad": 0.8, "news_right": 1, "news_abstained": 2}  # (2 F1 + 2 abstained) / 5
    assert table["0.00"]["news_abstained"] == 1  # the answerer's own abstention counts at any threshold

def test_the_shipped_model_loads_and_scores():
    scorer = LearnedScorer(DEFAULT_MODEL)
    assert set(scorer.features) <= set(FEATURES) and scorer.candidates in {"base", "wide"}
    assert 0.0 < scorer.threshold < 1.0
    assert scorer.stacked and scorer.shortlist  # stacked on the rules, scoring their shortlist
    assert scorer.score(np.zeros((2, len(scorer.features) + len(STACKED_FEATURES))), []).shape == (2,)
    shipped = {p.suffix for p in DEFAULT_MODEL.parent.iterdir()}
    assert shipped <= {".txt", ".json", ".safetensors"}  # nothing pickled ships (safetensors: the reader's tensors)


def test_the_attribute_fit_table_measures_gold_answers(desk, squad_sample_index_dir):
    misfits: list = []
    table = training.attribute_fit_table(SAMPLE, index_dir=squad_sample_index_dir, embedder=desk.embedder,
                                         misfits=misfits)
    assert table, "the sample's training half asks some attributes (how many, what year ...)"
    for noun, row in table.items():
        assert row["questions"] >= row["gold_among_candidates"] >= row["gold_fits"] >= 0
        assert row["share"] is None or 0.0 <= row["share"] <= 1.0
    assert len(misfits) == sum(r["gold_among_candidates"] - r["gold_fits"] for r in table.values())
