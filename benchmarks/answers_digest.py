"""Every answer the engine gives on the evaluation sets, written down so two trees can be compared.

A speed change must not change any answer. Run this with one tree's code, then with the other's,
and compare the two files (`--diff A B`):

    PYTHONPATH=<tree> HF_HUB_OFFLINE=1 python benchmarks/answers_digest.py --out /tmp/a.json
    python benchmarks/answers_digest.py --diff /tmp/a.json /tmp/b.json

Per question it records the whole API answer (answer, text, abstained, reason, confidence rounded
to 6 places, question type, citations with chunk ids and quote offsets, support, conflicts,
superseded, passages with their scores), for each scoring strategy, over:

* golden: tests/golden.jsonl over the seeds;
* unseen: tests/data/seed_unseen/questions.jsonl over the seeds — a frozen set: only a hash of each
  answer is stored, never the question or the answer, and nothing of it is printed;
* bench: the questions `newsdesk bench` times (generated from the seed index);
* bbc: the BBC dev questions over the set's articles;
* clusters: the clusters dev questions over the set's articles.

Indexes are built fresh in a temporary directory by the tree under test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden.jsonl"
UNSEEN = ROOT / "tests" / "data" / "seed_unseen" / "questions.jsonl"
BENCH_QUESTIONS = 310  # the bench's 10 warm-up questions and 300 timed ones
CONFIDENCE_PLACES = 6


def _rounded(value):
    if isinstance(value, float):
        return round(value, CONFIDENCE_PLACES)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def record(answer) -> dict:
    return _rounded(answer.model_dump(mode="json"))


def _questions(path: Path) -> list[str]:
    return [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(strategies: list[str], sets: list[str]) -> dict:
    from index.load import load_paths
    from service.bench import generate_questions
    from service.engine import SEED_DIR, Newsdesk, shared_answerer
    from service.evaluate.heldout import BBC_DIR, CLUSTERS_DIR, load_heldout, record_article
    from service.evaluate.runs import open_index

    out: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="answers-digest-") as tmp:
        tmp = Path(tmp)
        desks = {}
        seeds, _ = open_index(load_paths([SEED_DIR]), tmp / "seeds", progress=False)
        asked: dict[str, tuple[object, list[str], bool]] = {}  # set → (desk, questions, frozen)
        if "golden" in sets:
            asked["golden"] = (seeds, _questions(GOLDEN), False)
        if "unseen" in sets and UNSEEN.is_file():
            asked["unseen"] = (seeds, _questions(UNSEEN), True)
        if "bench" in sets:
            asked["bench"] = (seeds, generate_questions(seeds.snapshot, BENCH_QUESTIONS), False)
        for name, directory in (("bbc", BBC_DIR), ("clusters", CLUSTERS_DIR)):
            if name in sets:
                records, questions = load_heldout(directory, "dev")
                desks[name], _ = open_index([record_article(r) for r in records], tmp / name, progress=False)
                asked[name] = (desks[name], [q["question"] for q in questions], False)
        for strategy in strategies:
            answerer = shared_answerer(strategy)
            for name, (desk, questions, frozen) in asked.items():
                desk.answerer = answerer
                started = time.perf_counter()
                rows = []
                for i, question in enumerate(questions):
                    answer = record(desk.ask(question))
                    if frozen:  # the question and its answer stay unread: a hash only
                        rows.append({"i": i, "sha256": hashlib.sha256(json.dumps(answer, sort_keys=True).encode()).hexdigest()})
                    else:
                        rows.append({"i": i, "question": question, **answer})
                out[f"{name}/{strategy}"] = {"questions": len(rows), "seconds": round(time.perf_counter() - started, 2),
                                             "rows": rows}
                print(f"{name}/{strategy}: {len(rows)} questions, {out[f'{name}/{strategy}']['seconds']} s", file=sys.stderr)
    return out


def diff(a_path: Path, b_path: Path) -> int:
    """Print every question whose answer differs (frozen sets: only their positions); the count."""
    a, b = (json.loads(Path(p).read_text()) for p in (a_path, b_path))
    differences = 0
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            print(f"{key}: only in {'the first' if key in a else 'the second'}")
            differences += 1
            continue
        rows_a, rows_b = a[key]["rows"], b[key]["rows"]
        changed = [i for i, (x, y) in enumerate(zip(rows_a, rows_b)) if x != y]
        if len(rows_a) != len(rows_b):
            print(f"{key}: {len(rows_a)} vs {len(rows_b)} questions")
            differences += 1
        for i in changed:
            x, y = rows_a[i], rows_b[i]
            fields = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
            print(f"{key} #{i}: differs in {', '.join(fields)}")
            if "sha256" not in x:
                for f in fields:
                    print(f"    {f}: {json.dumps(x.get(f))[:300]}\n    {' ' * len(f)}  {json.dumps(y.get(f))[:300]}")
        differences += len(changed)
        print(f"{key}: {len(rows_a)} questions, {len(changed)} differ "
              f"({a[key]['seconds']} s vs {b[key]['seconds']} s)")
    print(f"{differences} differences")
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="where to write the answers (JSON)")
    parser.add_argument("--strategy", nargs="+", default=["learned", "rules"])
    parser.add_argument("--sets", nargs="+", default=["golden", "unseen", "bench", "bbc", "clusters"])
    parser.add_argument("--diff", nargs=2, type=Path, metavar=("A", "B"), help="compare two written files")
    args = parser.parse_args()
    if args.diff:
        return 1 if diff(*args.diff) else 0
    if not args.out:
        parser.error("--out is needed (or --diff A B)")
    result = run(args.strategy, args.sets)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
