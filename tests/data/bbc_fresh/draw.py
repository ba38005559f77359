"""Repeat the seeded draw of a fresh blind BBC set (tests/data/bbc_fresh, bbc_fresh2 … bbc_fresh6).

    python tests/data/bbc_fresh/draw.py [--set bbc_fresh2] [path/to/bbc_news_2225.jsonl.gz]

Every fresh set is drawn by the same rules with its own seed, the articles of the sets before it
excluded as well (FRESH_SETS). Prints one JSON article record per line (doc_id, title, category, sha1), sorted by doc_id:
the content of ``articles.jsonl``. Standard library only; imports nothing from the project.
"""
import gzip
import hashlib
import json
import os
import random
import sys
from collections import Counter
from pathlib import Path

SEED = 20261207
CATEGORIES = ("business", "entertainment", "politics", "sport", "tech")
TOTAL = 12
MIN_WORDS, MAX_WORDS = 180, 450
SHINGLE = 5                 # word n-gram length for the near-duplicate check
MAX_SHARED = 0.20           # drop a candidate sharing this share of an excluded article's shingles
HERE = Path(__file__).resolve().parent
EXCLUDED_SETS = (HERE.parent / "bbc_questions" / "articles.jsonl",
                 HERE.parent / "bbc_train" / "articles.jsonl")
FRESH_SETS = {"bbc_fresh": SEED, "bbc_fresh2": 20261214, "bbc_fresh3": 20261221,
              "bbc_fresh4": 20261207, "bbc_fresh5": 20261217, "bbc_fresh6": 20261218}  # in the order drawn
FRESH_TOTALS = {"bbc_fresh4": 14, "bbc_fresh5": 14, "bbc_fresh6": 14}  # articles per set where not TOTAL
DEFAULT_DATA = Path(os.environ.get("NEWSDESK_BBC_DATA")
                    or HERE.parents[3] / "shared" / "data" / "bbc-news" / "bbc_news_2225.jsonl.gz")


def load_rows(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f)}


def excluded_ids(paths=EXCLUDED_SETS):
    ids = set()
    for p in paths:
        ids |= {json.loads(line)["doc_id"] for line in p.read_text(encoding="utf-8").splitlines()}
    return ids


def shingles(text, n=SHINGLE):
    words = text.lower().split()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def per_category_counts(seed=SEED, total=TOTAL):
    """Equal shares; the categories that take the remainder are themselves drawn."""
    base, extra = divmod(total, len(CATEGORIES))
    lucky = set(random.Random(f"{seed}:extra").sample(CATEGORIES, extra))
    return {c: base + (c in lucky) for c in CATEGORIES}


def draw(rows, excluded, seed=SEED, total=TOTAL):
    titles = Counter(r["title"] for r in rows.values())
    old = [shingles(rows[i]["text"]) for i in sorted(excluded) if i in rows]
    drawn = []
    for cat, k in per_category_counts(seed, total).items():
        eligible = []
        for i in sorted(rows):
            r = rows[i]
            if r["category"] != cat or i in excluded or titles[r["title"]] != 1:
                continue
            if not MIN_WORDS <= len(r["text"].split()) <= MAX_WORDS:
                continue
            mine = shingles(r["text"])
            if any(len(mine & o) >= MAX_SHARED * min(len(mine), len(o)) for o in old):
                continue
            eligible.append(i)
        drawn += random.Random(f"{seed}:{cat}").sample(eligible, k)
    return sorted(drawn)


def records(rows, ids):
    return [{"doc_id": i, "title": rows[i]["title"], "category": rows[i]["category"],
             "sha1": hashlib.sha1(rows[i]["text"].encode("utf-8")).hexdigest()} for i in ids]


def total_for(name):
    """How many articles a fresh set draws."""
    return FRESH_TOTALS.get(name, TOTAL)


def excluded_for(name):
    """The sets a fresh set's draw excludes: the older question sets and the fresh sets before it."""
    before = list(FRESH_SETS)[:list(FRESH_SETS).index(name)]
    return EXCLUDED_SETS + tuple(HERE.parent / n / "articles.jsonl" for n in before)


def main(argv):
    args = argv[1:]
    name = "bbc_fresh"
    if args[:1] == ["--set"]:
        name, args = args[1], args[2:]
    rows = load_rows(Path(args[0]) if args else DEFAULT_DATA)
    for rec in records(rows, draw(rows, excluded_ids(excluded_for(name)), FRESH_SETS[name], total_for(name))):
        print(json.dumps(rec, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
