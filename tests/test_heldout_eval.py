"""`newsdesk eval bbc|clusters`: the matching rule, the cluster verdicts and real runs on small slices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service import evaluate
from service.models import Answer, Evidence

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("prediction, truth, expected", [
    ("£41m", "£41m", True),
    ("the Spectator", "The Spectator", True),               # articles and case go
    ("England captain Jason Robinson", "Jason Robinson", True),  # F1 0.67
    ("Record company Universal", "Universal", False),       # F1 0.5
    ("8,000 people", "8,000", True),
    ("81 per cent", "76 per cent", False),                  # F1 0.67 but other numbers
    ("1.6%", "1.7%", False),
    ("€38 million", "38 million", True),                   # the sign is a word of its own: F1 0.8
    ("€38 million", "38 million euros", True),
    ("€52million", "38 million", False),
    ("two", "two copies", True),
    ("£4.2m", "£4.2 million", True),                       # a money scale abbreviated is its word
    ("€17million", "€17 million", True),
    ("$3bn", "3 billion dollars", True),
    ("£4.2m", "£2.4 million", False),
    ("340m", "340 metres", False),                         # no currency: 'm' is not read as a scale
    (None, "anything", False),
    ("", "anything", False),
])
def test_value_matches(prediction, truth, expected):
    assert evaluate.value_matches(prediction, truth) is expected


def _answer(value, support=(), conflicts=()):
    return Answer(question="q", answer=value, text="t", abstained=value is None, confidence=0.5, question_type="other",
                  support=[Evidence(value=v, sources=n) for v, n in support],
                  conflicts=[Evidence(value=v, sources=n) for v, n in conflicts])


AGREE = {"kind": "agree", "answers": ["six-week", "six weeks"], "independent_sources": 2}


@pytest.mark.parametrize("question, answer, ok", [
    (AGREE, _answer("six weeks", [("six weeks", 2)]), True),
    (AGREE, _answer("six weeks", [("six weeks", 1)]), False),                    # sources undercounted
    (AGREE, _answer("six weeks", [("six weeks", 1)], [("six-week", 1)]), False),  # one value split as a conflict
    (AGREE, _answer(None), False),
    ({"kind": "syndicated", "answers": ["140"], "independent_sources": 2}, _answer("140", [("140", 4)]), False),
    ({"kind": "single", "answers": ["85"], "independent_sources": 1}, _answer("85", [("85", 1)], [("14", 1)]), True),
    ({"kind": "conflict", "answers": ["8,000", "25,000"], "conflict_values": ["8,000", "25,000"]},
     _answer("8,000", [("8,000", 2)], [("25,000 people", 2)]), True),
    ({"kind": "conflict", "answers": ["8,000", "25,000"], "conflict_values": ["8,000", "25,000"]},
     _answer("8,000", [("8,000", 2)]), False),
    ({"kind": "update", "answers": ["21"], "superseded": ["12", "19"]}, _answer("21", [("21", 1)]), True),
    ({"kind": "update", "answers": ["21"], "superseded": ["12", "19"]}, _answer("21", [("21", 1)], [("19", 1)]), False),
    ({"kind": "update", "answers": ["21"], "superseded": ["12", "19"]}, _answer("19", [("19", 1)]), False),
    ({"kind": "correction", "answers": ["Helen Marsh"], "superseded": ["Dario Vance"]},
     _answer("Helen Marsh", [("Helen Marsh", 2)]), True),
    ({"kind": "correction", "answers": ["Helen Marsh"], "superseded": ["Dario Vance"]},
     _answer("Helen Marsh", [("Helen Marsh", 1), ("Dario Vance", 1)]), False),
    # a hedged figure accepted for one side shows that side ('more than 2,000' for '2,000')
    ({"kind": "conflict", "answers": ["1,140", "more than 2,000", "2,000"], "conflict_values": ["1,140", "2,000"]},
     _answer("more than 2,000", [("more than 2,000", 1)], [("1,140", 1)]), True),
    ({"kind": "conflict", "answers": ["1,140", "more than 2,000", "2,000"], "conflict_values": ["1,140", "2,000"]},
     _answer("more than 3,000", [("more than 3,000", 1)], [("1,140", 1)]), False),  # another figure, however hedged
    ({"kind": "conflict", "answers": ["1,140", "2,000"], "conflict_values": ["1,140", "2,000"]},
     _answer("more than 2,000", [("more than 2,000", 1)], [("1,140", 1)]), False),  # the hedge is not accepted
    # likewise a figure in words: 'no more than a dozen' accepted shows the side 'a dozen'
    ({"kind": "conflict", "answers": ["41", "a dozen", "no more than a dozen"], "conflict_values": ["41", "a dozen"]},
     _answer("41", [("41", 1)], [("no more than a dozen", 1)]), True),
    ({"kind": "conflict", "answers": ["41", "a dozen"], "conflict_values": ["41", "a dozen"]},
     _answer("41", [("41", 1)], [("no more than a dozen", 1)]), False),  # the hedge is not accepted
    # an accepted span sharing words with the retracted one is not the retracted one shown
    ({"kind": "correction", "answers": ["the post office on Kiln Road"], "superseded": ["Dalton's newsagent on Kiln Road"]},
     _answer("the post office on Kiln Road", [("the post office on Kiln Road", 1)]), True),
    ({"kind": "correction", "answers": ["the post office on Kiln Road"], "superseded": ["Dalton's newsagent on Kiln Road"]},
     _answer("the post office on Kiln Road", [("the post office on Kiln Road", 1)], [("Dalton's newsagent on Kiln Road", 1)]), False),
    # the source's approximation of the accepted figure is that figure ('About 200' for '200 homes')
    ({"kind": "syndicated", "answers": ["200 homes"], "independent_sources": 2}, _answer("About 200", [("About 200", 2)]), True),
    ({"kind": "syndicated", "answers": ["200 homes"], "independent_sources": 2}, _answer("About 300", [("About 300", 2)]), False),
    ({"kind": "single", "answers": ["200 homes"], "independent_sources": 1}, _answer("more than 200", [("more than 200", 1)]), False),
    ({"kind": "unanswerable", "answers": []}, _answer(None), True),           # the asked attribute is stated nowhere
    ({"kind": "unanswerable", "answers": []}, _answer("The storm", [("The storm", 1)]), False),
])
def test_cluster_verdicts(question, answer, ok):
    assert evaluate.judge_cluster_question(question, answer)["ok"] is ok


def _slice(source: Path, target: Path, keep) -> Path:
    """A copy of a held-out set holding only the articles `keep` accepts and their questions."""
    target.mkdir()
    articles = [a for a in evaluate.read_jsonl(source / "articles.jsonl") if keep(a)]
    kept = {a["doc_id"] for a in articles} | {a.get("cluster") for a in articles}
    (target / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles))
    for split in evaluate.HELDOUT_SPLITS:
        questions = [q for q in evaluate.read_jsonl(source / f"{split}.jsonl") if q.get("doc_id", q.get("cluster")) in kept]
        (target / f"{split}.jsonl").write_text("".join(json.dumps(q) + "\n" for q in questions))
    return target


@pytest.fixture(scope="module")
def cluster_slice(tmp_path_factory):
    return _slice(DATA / "clusters", tmp_path_factory.mktemp("clusters") / "set",
                  lambda a: a["cluster"] in ("c12", "c13") or a["doc_id"] in ("d05", "d08"))


@pytest.fixture(scope="module")
def bbc_slice(tmp_path_factory):
    return _slice(DATA / "bbc_questions", tmp_path_factory.mktemp("bbc") / "set",
                  lambda a: a["doc_id"] in ("business/084", "business/338"))


def test_clusters_dev_and_frozen_runs(cluster_slice, desk, tmp_path):
    index_dir = tmp_path / "index"
    dev = evaluate.clusters("dev", index_dir, desk.embedder, cluster_slice)
    assert dev["questions"] == len(dev["rows"]) == 4 and dev["articles_indexed"] == 8
    assert sum(g["questions"] for g in dev["by_kind"].values()) == 4
    assert dev["quotes_verbatim"] == 100 and dev["citations"] > 0
    shown = evaluate.format_clusters(dev)
    assert all((row["id"] in shown) is not row["right"] for row in dev["rows"])  # dev lists each miss
    frozen = evaluate.clusters("frozen", index_dir, desk.embedder, cluster_slice)
    assert not frozen["index"]["built"]  # the one index serves both splits
    assert frozen["questions"] == 5 and "rows" not in frozen
    shown = evaluate.format_clusters(frozen)
    assert "aggregate scores only" in shown and "Solvane" not in shown
    written = evaluate.write_result(frozen, tmp_path / "frozen.json").read_text()
    assert "Solvane" not in written and "c12-q" not in written


def test_clusters_train_set_runs(cluster_slice, desk, tmp_path):
    """A training set keeps every question in questions.jsonl, shows each row, and has its own index."""
    train = tmp_path / "train"
    train.mkdir()
    (train / "articles.jsonl").write_text((cluster_slice / "articles.jsonl").read_text())
    questions = [*evaluate.read_jsonl(cluster_slice / "dev.jsonl"),
                 {"id": "u1", "cluster": "c13", "question": "How old is the detectorist who found the coins?",
                  "kind": "unanswerable", "answers": []}]
    (train / "questions.jsonl").write_text("".join(json.dumps(q) + "\n" for q in questions))
    result = evaluate.clusters(evaluate.TRAIN_SPLIT, tmp_path / "index", desk.embedder, train)
    assert result["split"] == "train" and result["questions"] == len(result["rows"]) == 5
    assert result["by_kind"]["unanswerable"]["questions"] == 1
    shown = evaluate.format_clusters(result)
    assert "unanswerable" in shown and all((row["id"] in shown) is not row["right"] for row in result["rows"])


def test_bbc_dev_and_frozen_runs(bbc_slice, desk, tmp_path):
    index_dir = tmp_path / "index"
    dev = evaluate.bbc("dev", index_dir, desk.embedder, bbc_slice)
    frozen = evaluate.bbc("frozen", index_dir, desk.embedder, bbc_slice)
    for result in (dev, frozen):
        assert result["answerable"] + result["unanswerable"] == result["questions"] > 5
        assert result["quotes_verbatim"] == 100 and result["citations"] > 0
        assert 0 <= result["right"] <= 100 and result["abstained"] is not None
    assert len(dev["rows"]) == dev["questions"] and "kind" in evaluate.format_bbc(dev)
    assert "rows" not in frozen and "by_kind" not in frozen
    assert "Yili" not in evaluate.format_bbc(frozen)


def test_bbc_set_of_one_questions_file_runs_as_train(bbc_slice, desk, tmp_path):
    """A set kept in one questions.jsonl (tests/data/bbc_fresh) is scored as split `train`, every row kept."""
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "articles.jsonl").write_text((bbc_slice / "articles.jsonl").read_text())
    (fresh / "questions.jsonl").write_text((bbc_slice / "dev.jsonl").read_text())
    result = evaluate.bbc(evaluate.TRAIN_SPLIT, tmp_path / "index", desk.embedder, fresh)
    assert result["split"] == "train" and len(result["rows"]) == result["questions"] > 3
    assert sum(g["questions"] for g in result["by_kind"].values()) == result["answerable"]


def test_cli_rejects_an_unknown_bbc_set_and_a_train_split_of_the_halved_set(tmp_path):
    from service.cli import app

    result = CliRunner().invoke(app, ["eval", "bbc", "--set", "other", "--index-dir", str(tmp_path / "i")])
    assert result.exit_code == 2 and "--set must be questions or fresh" in result.output
    result = CliRunner().invoke(app, ["eval", "bbc", "--split", "train", "--index-dir", str(tmp_path / "i")])
    assert result.exit_code == 2 and "--split must be one of dev, frozen" in result.output
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("suite", ["bbc", "clusters"])
def test_cli_rejects_an_unknown_split(suite, tmp_path):
    from service.cli import app

    result = CliRunner().invoke(app, ["eval", suite, "--split", "test", "--index-dir", str(tmp_path / "i")])
    assert result.exit_code == 2 and "--split must be one of dev, frozen" in result.output
    assert not any(tmp_path.iterdir())
