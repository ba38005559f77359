"""Integrity of the BBC training questions (tests/data/bbc_train): the draw, the hashes, verbatim answers,
and that no training article is an evaluation article."""
import gzip
import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from service.evaluate import BBC_DATA as BBC

DATA = Path(__file__).parent / "data" / "bbc_train"
EVAL = Path(__file__).parent / "data" / "bbc_questions"
SEED = "20261206-train"
CATEGORIES = ("business", "entertainment", "politics", "sport", "tech")
KINDS = {"who", "what", "when", "where", "which", "how_many", "how_much", "how_long", "how_old",
         "why", "describe", "quote"}
pytestmark = pytest.mark.skipif(not BBC.exists(), reason=f"{BBC}: BBC dataset not present")


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _rows():
    with gzip.open(BBC, "rt", encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f)}


def _shingles(text):
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + 5]) for i in range(len(words) - 4)}


def test_articles_are_the_seeded_draw_disjoint_from_evaluation():
    import hashlib
    rows = _rows()
    articles = _lines(DATA / "articles.jsonl")
    evals = {a["doc_id"] for a in _lines(EVAL / "articles.jsonl")}
    titles = Counter(r["title"] for r in rows.values())
    eval_shingles = [_shingles(rows[e]["text"]) for e in evals]
    near_eval: dict[str, bool] = {}  # an article's overlap with the evaluation set, worked out once for all four draws

    def near(i: str) -> bool:
        if i not in near_eval:
            shingles = _shingles(rows[i]["text"])
            near_eval[i] = max(len(shingles & s) / max(1, len(s)) for s in eval_shingles) >= 0.2
        return near_eval[i]

    drawn, writers = [], []
    for seed, pair in ((SEED, "ab"), (f"{SEED}2", "cd"), (f"{SEED}3", "ef"), (f"{SEED}4", "gh")):  # each draw among the rest
        batch = []
        for cat in CATEGORIES:
            eligible = sorted(i for i, r in rows.items() if r["category"] == cat and i not in evals and i not in drawn
                              and 180 <= len(r["text"].split()) <= 450 and titles[r["title"]] == 1)
            eligible = [i for i in eligible if not near(i)]
            batch += random.Random(f"{seed}:{cat}").sample(eligible, 8)
        batch.sort()
        drawn += batch
        writers += [pair[i % 2] for i in range(len(batch))]
    assert [a["doc_id"] for a in articles] == drawn
    assert [a["writer"] for a in articles] == writers
    for a in articles:
        assert hashlib.sha1(rows[a["doc_id"]]["text"].encode()).hexdigest() == a["sha1"]
    assert not evals & set(drawn)


def test_questions_are_verbatim_well_formed_and_by_their_writer():
    rows = _rows()
    writer = {a["doc_id"]: a["writer"] for a in _lines(DATA / "articles.jsonl")}
    seen = set()
    for w in "abcdefgh":
        path = DATA / f"questions_{w}.jsonl"
        for q in _lines(path) if path.exists() else []:
            assert set(q) == {"id", "doc_id", "question", "answers", "answerable", "kind"}, q
            assert writer[q["doc_id"]] == w, q["id"]
            assert q["id"] not in seen
            seen.add(q["id"])
            assert q["kind"] in KINDS, q["id"]
            assert q["answerable"] == bool(q["answers"]), q["id"]
            assert q["question"].endswith("?"), q["id"]
            for answer in q["answers"]:
                assert answer and answer in rows[q["doc_id"]]["text"], (q["id"], answer)
