"""Integrity of the hand-written training/dev story clusters (tests/data/clusters_train, issue 15)."""
import json
import re
from collections import Counter, defaultdict
from datetime import date
from itertools import combinations
from pathlib import Path

from tests.cluster_texts import by_cluster, check_source_counts, NEAR_DUPLICATE, jaccard as _jaccard, states as _states

DATA = Path(__file__).parent / "data" / "clusters_train"
KINDS = {"agree", "conflict", "update", "correction", "syndicated", "single", "unanswerable"}
COUNTED = {"agree", "syndicated", "single"}  # kinds that state how many independent sources agree
EXTRA_FIELD = {"conflict": "conflict_values", "update": "superseded", "correction": "superseded"}
CLUSTER_COUNT = 110
MIN_DISTRACTORS = 81
MIN_QUESTIONS = 542
MIN_PER_KIND = 65
WORDS = (120, 180)
URL = re.compile(r"^https://www\.[a-z0-9-]+\.example/")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _lines(name):
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


ARTICLES = _lines("articles.jsonl")
QUESTIONS = _lines("questions.jsonl")
CLUSTERS = by_cluster(ARTICLES)


def test_articles_are_well_formed():
    assert len({a["doc_id"] for a in ARTICLES}) == len(ARTICLES)
    assert len({a["url"] for a in ARTICLES}) == len(ARTICLES)
    for a in ARTICLES:
        assert set(a) == {"doc_id", "cluster", "split", "source", "url", "published", "title", "text"}, a["doc_id"]
        assert WORDS[0] <= len(a["text"].split()) <= WORDS[1], a["doc_id"]
        date.fromisoformat(a["published"])
        assert a["title"].strip() and a["source"].strip() and URL.match(a["url"]), a["doc_id"]
        assert a["split"] == ("train" if a["cluster"] else None), a["doc_id"]
        assert a["doc_id"].startswith(a["cluster"] or "x"), a["doc_id"]


def test_one_outlet_keeps_one_site():
    sites = defaultdict(set)
    for a in ARTICLES:
        sites[a["source"]].add(URL.match(a["url"]).group(0))
    assert all(len(s) == 1 for s in sites.values()), sites


def test_disjoint_from_the_evaluation_clusters():
    held = [json.loads(line) for line in
            (DATA.parent / "clusters" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert not {a["doc_id"] for a in held} & {a["doc_id"] for a in ARTICLES}
    assert not {a["title"] for a in held} & {a["title"] for a in ARTICLES}


def test_cluster_distractor_and_question_counts():
    assert sorted(CLUSTERS) == sorted(f"t{i:02d}" for i in range(1, CLUSTER_COUNT + 1))
    for cluster, articles in CLUSTERS.items():
        assert 2 <= len(articles) <= 4, cluster
        assert len({a["source"] for a in articles}) >= 2, cluster
    assert sum(a["cluster"] is None for a in ARTICLES) >= MIN_DISTRACTORS
    assert len(QUESTIONS) >= MIN_QUESTIONS
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)
    kinds = Counter(q["kind"] for q in QUESTIONS)
    assert set(kinds) == KINDS, kinds
    assert min(kinds.values()) >= MIN_PER_KIND, kinds
    assert {q["cluster"] for q in QUESTIONS} == set(CLUSTERS)


def test_questions_are_well_formed_and_answers_verbatim():
    for q in QUESTIONS:
        extra = EXTRA_FIELD.get(q["kind"])
        expected = {"id", "cluster", "question", "kind", "answers"} | ({extra} if extra else set())
        expected |= {"independent_sources"} if q["kind"] in COUNTED else set()
        assert set(q) - {"date"} == expected, q["id"]
        assert q["id"].startswith(q["cluster"] + "-q") and q["question"].endswith("?"), q["id"]
        assert bool(q["answers"]) == (q["kind"] != "unanswerable"), q["id"]
        articles = CLUSTERS[q["cluster"]]
        for value in q["answers"] + q.get("conflict_values", []) + q.get("superseded", []):
            assert any(_states(a, value) for a in articles), (q["id"], value)
        assert not set(q["answers"]) & set(q.get("superseded", [])), q["id"]


def test_relative_dates_resolve_to_the_stated_day():
    for q in QUESTIONS:
        if "date" not in q:
            continue
        day = date.fromisoformat(q["date"])
        named = [w for w in WEEKDAYS if any(w in v for v in q["answers"])]
        assert named == [day.strftime("%A")], q["id"]
        assert any(day.strftime("%-d %B") in v for v in q["answers"]), q["id"]  # the absolute form is accepted too


def test_independent_source_counts_match_the_articles():
    for q, stating in check_source_counts(QUESTIONS, CLUSTERS, COUNTED):
        assert len({a["source"] for a in stating}) == q["independent_sources"], q["id"]


def test_near_duplicates_only_where_a_story_is_syndicated():
    syndicated = {q["cluster"] for q in QUESTIONS if q["kind"] == "syndicated"}
    for a, b in combinations(ARTICLES, 2):
        if _jaccard(a, b) >= NEAR_DUPLICATE:
            assert a["cluster"] == b["cluster"] and a["cluster"] in syndicated, (a["doc_id"], b["doc_id"])
            assert a["source"] != b["source"], (a["doc_id"], b["doc_id"])


def test_conflicts_updates_and_corrections_are_real():
    for q in QUESTIONS:
        articles = CLUSTERS[q["cluster"]]
        if q["kind"] == "conflict":
            assert len(q["conflict_values"]) >= 2 and set(q["conflict_values"]) <= set(q["answers"])
            sources = [{a["source"] for a in articles if _states(a, v)} for v in q["conflict_values"]]
            assert all(sources), q["id"]
            # the differing values come from different outlets, not one article changing its mind
            assert not set.intersection(*sources), q["id"]
        if q["kind"] in ("update", "correction"):
            latest = max(a["published"] for a in articles if any(_states(a, v) for v in q["answers"]))
            earliest_old = min(a["published"] for a in articles if any(_states(a, v) for v in q["superseded"]))
            assert earliest_old < latest, q["id"]
        if q["kind"] == "correction":
            assert any(any(_states(n, v) for v in q["answers"]) and any(_states(n, v) for v in q["superseded"])
                       for n in _notices(articles)), q["id"]


def _notices(articles):
    """Correction notices: a separate item beginning "Correction:", or a "Correction:" paragraph
    appended to a later report (the notice is then that paragraph alone)."""
    for a in articles:
        if a["text"].startswith("Correction:"):
            yield a
        else:
            for para in a["text"].split("\n\n")[1:]:
                if para.startswith("Correction:"):
                    yield {"text": para}
