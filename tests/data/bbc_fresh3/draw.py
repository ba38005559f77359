"""Repeat the seeded draw of the third fresh blind BBC set (tests/data/bbc_fresh3).

    python tests/data/bbc_fresh3/draw.py [path/to/bbc_news_2225.jsonl.gz]

bbc_fresh's draw (``../bbc_fresh/draw.py``: the same rules — per-category shares, 180–450 words, a
title unique in the corpus, no near-duplicate of an excluded article) with its own seed, and
bbc_fresh's and bbc_fresh2's articles excluded as well. Prints the content of ``articles.jsonl``. Standard library
only; imports nothing from the project.
"""
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("bbc_fresh_draw", HERE.parent / "bbc_fresh" / "draw.py")
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

SEED = 20261221
EXCLUDED_SETS = base.EXCLUDED_SETS + (HERE.parent / "bbc_fresh" / "articles.jsonl",
                                      HERE.parent / "bbc_fresh2" / "articles.jsonl")
load_rows, records = base.load_rows, base.records


def excluded_ids(paths=EXCLUDED_SETS):
    return base.excluded_ids(paths)


def draw(rows, excluded, seed=SEED):
    return base.draw(rows, excluded, seed)


def main(argv):
    rows = load_rows(Path(argv[1]) if len(argv) > 1 else base.DEFAULT_DATA)
    for rec in records(rows, draw(rows, excluded_ids())):
        print(json.dumps(rec, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
