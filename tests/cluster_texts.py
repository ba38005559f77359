"""What the cluster-set integrity tests (tests/test_clusters_data.py, tests/test_clusters_train_data.py)
compute the same way: whether an article states a value, word 5-shingle Jaccard, independent sources."""
import re
from functools import cache

NEAR_DUPLICATE = 0.6  # word 5-shingle Jaccard at or above which two articles are one story's copies


def states(article, value):
    """The value stands in the article's text as whole words."""
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", article["text"]) is not None


@cache
def shingles(text, n=5):
    """The text's word n-shingles, once per text (the pairwise checks compare each article with hundreds)."""
    words = re.findall(r"\w+", text.lower())
    return frozenset(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def jaccard(a, b):
    x, y = shingles(a["text"]), shingles(b["text"])
    common = len(x & y)
    return common / (len(x) + len(y) - common)  # |x ∪ y| without building the union


def independent(articles, near=NEAR_DUPLICATE):
    """Articles grouped into independent sources: one outlet counts once, near-duplicate copies count once."""
    groups = []
    for a in articles:
        for g in groups:
            if any(a["source"] == b["source"] or jaccard(a, b) >= near for b in g):
                g.append(a)
                break
        else:
            groups.append([a])
    return groups


def by_cluster(articles):
    """{cluster id: its articles}; distractors (no cluster) left out."""
    clusters = {}
    for a in articles:
        if a["cluster"]:
            clusters.setdefault(a["cluster"], []).append(a)
    return clusters


def check_source_counts(questions, clusters, counted):
    """Each question of a `counted` kind states as many independent sources as its cluster's
    articles stating an answer make; a syndicated one is carried by more articles than that.
    Returns the other counted questions with the articles stating them, for further checks."""
    others = []
    for q in questions:
        if q["kind"] not in counted:
            continue
        stating = [a for a in clusters[q["cluster"]] if any(states(a, v) for v in q["answers"])]
        assert len(independent(stating)) == q["independent_sources"], q["id"]
        if q["kind"] == "syndicated":
            assert len(stating) > len(independent(stating)), q["id"]  # a copy is carried more than once
        else:
            others.append((q, stating))
    return others
