"""Integrity of the fresh blind BBC question sets (tests/data/bbc_fresh, bbc_fresh2 … bbc_fresh6):
well-formed rows without the dataset; verbatim answers, unchanged texts and a reproducible draw
when the dataset is present. One test body per check, parametrised over the sets."""
import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from service.evaluate import BBC_DATA as BBC

DATA = Path(__file__).parent / "data"
SETS = {"bbc_fresh": "fresh", "bbc_fresh2": "fresh2", "bbc_fresh3": "fresh3", "bbc_fresh4": "fresh4", "bbc_fresh5": "fresh5", "bbc_fresh6": "fresh6"}  # directory -> question id prefix
UNANSWERABLE_PER_ARTICLE = {"bbc_fresh4": 4, "bbc_fresh5": 4, "bbc_fresh6": 4}  # sets heavy on unanswerable questions; one per article elsewhere
KINDS = {"who", "what", "when", "where", "which", "how_many", "how_much", "how_long", "how_old",
         "why", "describe", "quote", "term"}
WEIGHTED_KINDS = ("quote", "describe", "term", "where", "when", "what", "which", "how_many")
CATEGORIES = {"business", "entertainment", "politics", "sport", "tech"}
OLDER_SETS = (DATA / "bbc_questions" / "articles.jsonl", DATA / "bbc_train" / "articles.jsonl")


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _draw_module(name):
    """bbc_fresh's draw script, which draws every fresh set (`name` kept for the call sites)."""
    spec = importlib.util.spec_from_file_location("bbc_fresh_draw", DATA / "bbc_fresh" / "draw.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _articles(name):
    return {a["doc_id"]: a for a in _lines(DATA / name / "articles.jsonl")}


def _questions(name):
    return _lines(DATA / name / "questions.jsonl")


per_set = pytest.mark.parametrize("name", sorted(SETS))
needs_dataset = pytest.mark.skipif(not BBC.exists(), reason=f"{BBC}: BBC dataset not present")


@per_set
def test_article_records(name):
    articles = _articles(name)
    assert len(articles) == _draw_module(name).total_for(name)
    for doc_id, a in articles.items():
        assert set(a) == {"doc_id", "title", "category", "sha1"}, doc_id
        assert doc_id.split("/")[0] == a["category"] and len(a["sha1"]) == 40
    counts = Counter(a["category"] for a in articles.values())
    assert set(counts) == CATEGORIES and min(counts.values()) >= 2


@per_set
def test_question_rows_are_well_formed(name):
    articles, questions = _articles(name), _questions(name)
    id_shape = re.compile(rf"{SETS[name]}-([a-z]+)-(\d{{3}})-q\d\d")
    assert len({q["id"] for q in questions}) == len(questions)
    assert len({q["question"].lower() for q in questions}) == len(questions)
    for q in questions:
        assert set(q) == {"id", "doc_id", "question", "answers", "answerable", "kind"}, q["id"]
        assert q["doc_id"] in articles, q["id"]
        match = id_shape.fullmatch(q["id"])
        assert match and "/".join(match.groups()) == q["doc_id"], q["id"]
        assert q["kind"] in KINDS, q["id"]
        assert q["answerable"] == bool(q["answers"]), q["id"]
        assert q["question"].endswith("?"), q["id"]
        assert all(isinstance(a, str) and a.strip() == a and a for a in q["answers"]), q["id"]
        assert len(set(q["answers"])) == len(q["answers"]), q["id"]


@per_set
def test_counts_per_article_and_kind(name):
    articles, questions = _articles(name), _questions(name)
    per_article = Counter(q["doc_id"] for q in questions)
    assert set(per_article) == set(articles) and min(per_article.values()) >= 8
    unanswerable = Counter(q["doc_id"] for q in questions if not q["answerable"])
    assert set(unanswerable) == set(articles) and set(unanswerable.values()) == {UNANSWERABLE_PER_ARTICLE.get(name, 1)}
    kinds = Counter(q["kind"] for q in questions if q["answerable"])
    for kind in WEIGHTED_KINDS:
        assert kinds[kind] >= 5, kind


@per_set
def test_no_article_is_in_another_bbc_set(name):
    mine = set(_articles(name))
    others = list(OLDER_SETS) + [DATA / n / "articles.jsonl" for n in SETS if n != name]
    for path in others:
        assert not mine & {a["doc_id"] for a in _lines(path)}, path


@per_set
@needs_dataset
def test_answers_are_verbatim_and_texts_unchanged(name):
    articles, draw = _articles(name), _draw_module(name)
    rows = draw.load_rows(BBC)
    assert draw.records(rows, sorted(articles)) == [articles[i] for i in sorted(articles)]
    for q in _questions(name):
        text = rows[q["doc_id"]]["text"]
        for answer in q["answers"]:
            assert answer in text, (q["id"], answer)


@per_set
@needs_dataset
def test_draw_reproduces_the_articles(name):
    draw = _draw_module(name)
    rows = draw.load_rows(BBC)
    assert draw.draw(rows, draw.excluded_ids(draw.excluded_for(name)), draw.FRESH_SETS[name],
                     draw.total_for(name)) == sorted(_articles(name))
