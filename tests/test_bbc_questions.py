"""Integrity of the hand-written BBC question set (tests/data/bbc_questions)."""
import gzip
import json
import random
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "bbc_questions"
BBC = Path("/work/shared/data/bbc-news/bbc_news_2225.jsonl.gz")
KINDS = {"who", "what", "when", "where", "which", "how_many", "how_much", "how_long", "how_old",
         "why", "describe", "quote"}
SEED = 20261124
CATEGORIES = ("business", "entertainment", "politics", "sport", "tech")


def _lines(name):
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


ARTICLES = {a["doc_id"]: a for a in _lines("articles.jsonl")}
SPLITS = {"dev": _lines("dev.jsonl"), "frozen": _lines("frozen.jsonl")}
ALL = SPLITS["dev"] + SPLITS["frozen"]


def test_every_answer_is_verbatim_in_its_article():
    for q in ALL:
        text = ARTICLES[q["doc_id"]]["text"]
        for answer in q["answers"]:
            assert answer and answer in text, (q["id"], answer)


def test_fields_ids_and_kinds():
    assert len({q["id"] for q in ALL}) == len(ALL)
    assert len({q["question"].lower() for q in ALL}) == len(ALL)
    for q in ALL:
        assert set(q) == {"id", "doc_id", "question", "answers", "answerable", "kind"}, q["id"]
        assert q["kind"] in KINDS, q["id"]
        assert q["answerable"] == bool(q["answers"]), q["id"]
        assert q["question"].endswith("?"), q["id"]


def test_counts_meet_targets():
    assert len(ARTICLES) >= 24
    assert set(Counter(a["category"] for a in ARTICLES.values())) == set(CATEGORIES)
    assert min(Counter(a["category"] for a in ARTICLES.values()).values()) >= 4
    assert sum(q["answerable"] for q in ALL) >= 110
    assert sum(not q["answerable"] for q in ALL) >= 18
    per_article = Counter(q["doc_id"] for q in ALL)
    assert set(per_article) == set(ARTICLES)
    assert min(per_article.values()) >= 5
    assert len({q["kind"] for q in ALL if q["answerable"]}) >= 10


def test_split_rule_holds():
    order = sorted(ARTICLES)
    for pos, doc_id in enumerate(order):
        expected = "dev" if pos % 2 == 0 else "frozen"
        assert ARTICLES[doc_id]["split"] == expected
    for split, questions in SPLITS.items():
        assert questions
        assert all(ARTICLES[q["doc_id"]]["split"] == split for q in questions)


@pytest.mark.skipif(not BBC.exists(), reason="BBC dataset not present")
def test_articles_are_the_seeded_draw_and_unchanged():
    rows = {}
    with gzip.open(BBC, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            rows[r["id"]] = r
    titles = Counter(r["title"] for r in rows.values())
    drawn = []
    for cat in CATEGORIES:
        eligible = sorted(i for i, r in rows.items() if r["category"] == cat
                          and 180 <= len(r["text"].split()) <= 450 and titles[r["title"]] == 1)
        drawn += random.Random(f"{SEED}:{cat}").sample(eligible, 5)
    assert sorted(drawn) == sorted(ARTICLES)
    for doc_id, a in ARTICLES.items():
        r = rows[doc_id]
        assert (a["title"], a["text"], a["category"]) == (r["title"], r["text"], r["category"])
