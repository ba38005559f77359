"""Integrity of the fresh blind BBC question set (tests/data/bbc_fresh): well-formed rows without the
dataset; verbatim answers, unchanged texts and a reproducible draw when the dataset is present."""
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from service.evaluate import BBC_DATA as BBC

DATA = Path(__file__).parent / "data" / "bbc_fresh"
KINDS = {"who", "what", "when", "where", "which", "how_many", "how_much", "how_long", "how_old",
         "why", "describe", "quote", "term"}
CATEGORIES = {"business", "entertainment", "politics", "sport", "tech"}
OTHER_SETS = (Path(__file__).parent / "data" / "bbc_questions" / "articles.jsonl",
              Path(__file__).parent / "data" / "bbc_train" / "articles.jsonl")


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _draw_module():
    spec = importlib.util.spec_from_file_location("bbc_fresh_draw", DATA / "draw.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ARTICLES = {a["doc_id"]: a for a in _lines(DATA / "articles.jsonl")}
QUESTIONS = _lines(DATA / "questions.jsonl")
needs_dataset = pytest.mark.skipif(not BBC.exists(), reason=f"{BBC}: BBC dataset not present")


def test_article_records():
    assert len(ARTICLES) == 12
    for doc_id, a in ARTICLES.items():
        assert set(a) == {"doc_id", "title", "category", "sha1"}, doc_id
        assert doc_id.split("/")[0] == a["category"] and len(a["sha1"]) == 40
    counts = Counter(a["category"] for a in ARTICLES.values())
    assert set(counts) == CATEGORIES and min(counts.values()) >= 2


def test_question_rows_are_well_formed():
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)
    assert len({q["question"].lower() for q in QUESTIONS}) == len(QUESTIONS)
    for q in QUESTIONS:
        assert set(q) == {"id", "doc_id", "question", "answers", "answerable", "kind"}, q["id"]
        assert q["doc_id"] in ARTICLES, q["id"]
        assert q["kind"] in KINDS, q["id"]
        assert q["answerable"] == bool(q["answers"]), q["id"]
        assert q["question"].endswith("?"), q["id"]
        assert all(isinstance(a, str) and a.strip() == a and a for a in q["answers"]), q["id"]
        assert len(set(q["answers"])) == len(q["answers"]), q["id"]


def test_counts_per_article_and_kind():
    per_article = Counter(q["doc_id"] for q in QUESTIONS)
    assert set(per_article) == set(ARTICLES) and min(per_article.values()) >= 8
    unanswerable = Counter(q["doc_id"] for q in QUESTIONS if not q["answerable"])
    assert set(unanswerable) == set(ARTICLES) and set(unanswerable.values()) == {1}
    kinds = Counter(q["kind"] for q in QUESTIONS if q["answerable"])
    for kind in ("quote", "describe", "term", "where", "when", "what", "which", "how_many"):
        assert kinds[kind] >= 5, kind


def test_no_article_is_in_another_bbc_set():
    for path in OTHER_SETS:
        assert not set(ARTICLES) & {a["doc_id"] for a in _lines(path)}, path


@needs_dataset
def test_answers_are_verbatim_and_texts_unchanged():
    draw = _draw_module()
    rows = draw.load_rows(BBC)
    assert draw.records(rows, sorted(ARTICLES)) == [ARTICLES[i] for i in sorted(ARTICLES)]
    for q in QUESTIONS:
        text = rows[q["doc_id"]]["text"]
        for answer in q["answers"]:
            assert answer in text, (q["id"], answer)


@needs_dataset
def test_draw_reproduces_the_articles():
    draw = _draw_module()
    rows = draw.load_rows(BBC)
    assert draw.draw(rows, draw.excluded_ids()) == sorted(ARTICLES)
