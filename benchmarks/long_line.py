"""Ingest time of one pathological line ("a.a.a.…") at 10 k / 40 k / 160 k characters.

The e-mail pattern in index/clean.py used to backtrack from every start of such a line
(2.4 s at 20 k, 6.5 s at 40 k: ×2.7 per doubling). Now the time must grow linearly: each ×4 in
length may cost at most RATIO_BOUND × in time (linear is 4, quadratic 16). Exit status 1 if not.

    python benchmarks/long_line.py [--sizes 10000 40000 160000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.documents import Article  # noqa: E402
from index.embed import load_embedder  # noqa: E402
from index.pipeline import Indexer  # noqa: E402

SIZES = (10_000, 40_000, 160_000)
RATIO_BOUND = 6.0  # per ×4 in length


def pathological(chars: int) -> str:
    return "Title\n" + ("a." * (chars // 2)) + "\nThe end of the article.\n"


def ingest_seconds(chars: int, embedder, repeats: int) -> float:
    best = float("inf")
    for n in range(repeats):
        with tempfile.TemporaryDirectory() as directory:
            indexer = Indexer(Path(directory), embedder)
            article = Article(doc_id=f"line-{chars}-{n}", title="Title", text=pathological(chars))
            started = time.perf_counter()
            indexer.add([article])
            best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    embedder = load_embedder()
    ingest_seconds(1000, embedder, 1)  # warm up the model and the parser
    times = {size: ingest_seconds(size, embedder, args.repeats) for size in args.sizes}
    ratios = {f"{b}/{a}": times[b] / times[a] for a, b in zip(args.sizes, args.sizes[1:])}
    worst = max(r / (b / a) * 4 for (a, b), r in zip(zip(args.sizes, args.sizes[1:]), ratios.values()))
    print(json.dumps({"seconds": {str(k): round(v, 3) for k, v in times.items()},
                      "ratios": {k: round(v, 2) for k, v in ratios.items()},
                      "ratio_bound_per_x4": RATIO_BOUND, "ok": worst <= RATIO_BOUND}, indent=2))
    return 0 if worst <= RATIO_BOUND else 1


if __name__ == "__main__":
    sys.exit(main())
