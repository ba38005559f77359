"""Integrity of the hand-written corroboration clusters (tests/data/clusters)."""
import json
from collections import Counter
from datetime import date
from pathlib import Path

from tests.cluster_texts import by_cluster, check_source_counts, states as _states

DATA = Path(__file__).parent / "data" / "clusters"
KINDS = {"agree", "conflict", "update", "correction", "syndicated", "single"}
COUNTED = {"agree", "syndicated", "single"}  # kinds that state how many independent sources agree


def _lines(name):
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


ARTICLES = _lines("articles.jsonl")
BY_ID = {a["doc_id"]: a for a in ARTICLES}
SPLITS = {"dev": _lines("dev.jsonl"), "frozen": _lines("frozen.jsonl")}
ALL = SPLITS["dev"] + SPLITS["frozen"]
CLUSTERS = by_cluster(ARTICLES)


def test_articles_are_well_formed():
    assert len({a["doc_id"] for a in ARTICLES}) == len(ARTICLES)
    for a in ARTICLES:
        assert set(a) == {"doc_id", "cluster", "split", "source", "url", "published", "title", "text"}, a["doc_id"]
        assert 120 <= len(a["text"].split()) <= 300, a["doc_id"]
        date.fromisoformat(a["published"])
        assert a["title"].strip() and a["source"].strip() and a["url"].startswith("https://")


def test_cluster_and_distractor_counts():
    assert len(CLUSTERS) >= 12
    assert all(2 <= len(v) <= 4 for v in CLUSTERS.values())
    assert sum(a["cluster"] is None for a in ARTICLES) >= 8
    assert len(ALL) >= 36
    assert len({q["id"] for q in ALL}) == len(ALL)
    kinds = Counter(q["kind"] for q in ALL)
    assert set(kinds) == KINDS, kinds
    for split, questions in SPLITS.items():
        assert {q["kind"] for q in questions} == KINDS, split


def test_split_rule_holds():
    for pos, cluster in enumerate(sorted(CLUSTERS)):
        expected = "dev" if pos % 2 == 0 else "frozen"
        assert all(a["split"] == expected for a in CLUSTERS[cluster]), cluster
    assert all(a["split"] is None for a in ARTICLES if a["cluster"] is None)
    for split, questions in SPLITS.items():
        assert all(CLUSTERS[q["cluster"]][0]["split"] == split for q in questions)


def test_questions_are_well_formed_and_answers_verbatim():
    for q in ALL:
        extra = {"conflict": "conflict_values", "update": "superseded", "correction": "superseded"}.get(q["kind"])
        expected = {"id", "cluster", "question", "kind", "answers"} | ({extra} if extra else set())
        expected |= {"independent_sources"} if q["kind"] in COUNTED else set()
        assert set(q) - {"date"} == expected, q["id"]
        assert q["answers"] and q["question"].endswith("?")
        text = "\n".join(a["text"] for a in CLUSTERS[q["cluster"]])
        for value in q["answers"] + q.get("conflict_values", []) + q.get("superseded", []):
            assert value in text, (q["id"], value)
        assert not set(q["answers"]) & set(q.get("superseded", [])), q["id"]


def test_independent_source_counts_match_the_articles():
    check_source_counts(ALL, CLUSTERS, COUNTED)


def test_conflicts_updates_and_corrections_are_real():
    for q in ALL:
        articles = CLUSTERS[q["cluster"]]
        if q["kind"] == "conflict":
            assert len(q["conflict_values"]) >= 2 and set(q["conflict_values"]) <= set(q["answers"])
            for value in q["conflict_values"]:
                assert any(_states(a, value) for a in articles), (q["id"], value)
        if q["kind"] in ("update", "correction"):
            latest = max(a["published"] for a in articles if any(_states(a, v) for v in q["answers"]))
            earliest_old = min(a["published"] for a in articles if any(_states(a, v) for v in q["superseded"]))
            assert earliest_old < latest, q["id"]
        if q["kind"] == "correction":
            assert any(a["text"].startswith("Correction:") for a in articles), q["id"]
