"""Abstention on news questions (issue 7): right answers and abstentions, BBC dev and bbc_train's tuning part.

Asks, through `Newsdesk.ask` as `/ask` does, with the code on PYTHONPATH and the shipped (or a given) model:

* BBC dev (tests/data/bbc_questions, the dev half: may be studied; the frozen half is never read here);
* bbc_train's tuning part (every 5th article, doc ids sorted, as `newsdesk train` splits it), over the
  bbc_train index: answerable questions right, unanswerable ones abstained; and every unanswerable
  bbc_train question (they never fit the ranker; training reads them for calibration, so in-sample).

Run main vs a branch in one job for a ratio-free comparison:

    PYTHONPATH=/work/main python benchmarks/abstention.py --label main
    PYTHONPATH=$PWD python benchmarks/abstention.py --label branch --rows /tmp/rows.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="branch")
    parser.add_argument("--strategy", default=None, help="learned or rules; default the service's")
    parser.add_argument("--model", type=Path, default=None, help="learned model path without suffix")
    parser.add_argument("--rows", type=Path, default=None, help="write every question's answer here (JSON lines)")
    parser.add_argument("--skip-dev", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from index.embed import load_embedder
    from service.answering import Answerer
    from service.answering.scorer import DEFAULT_STRATEGY
    from service.training.ranker import NEWS_DIR, open_news, news_match
    from service import evaluate

    answerer = Answerer(args.strategy or DEFAULT_STRATEGY, model=args.model)
    started = time.perf_counter()
    embedder = load_embedder()
    out: dict = {"label": args.label, "strategy": answerer.strategy}
    rows: list[dict] = []
    if not args.skip_dev:
        dev = evaluate.bbc("dev", embedder=embedder, answerer=answerer)
        out["dev"] = {"right": dev["right_count"], "of": dev["answerable"], "abstained": dev["abstained_count"],
                      "of_unanswerable": dev["unanswerable"], "answerable_abstained": dev["answerable_abstained"]}
        rows += [{"set": "dev", **r} for r in dev["rows"]]
    news = open_news(NEWS_DIR, embedder)
    news.desk.answerer = answerer
    tuned = {q.qid for q in news.tune}
    tally = {"tune_right": 0, "tune_answerable": 0, "tune_abstained": 0, "tune_unanswerable": 0,
             "all_abstained": 0, "all_unanswerable": 0, "tune_answerable_abstained": 0}
    for q in news.tune_answerable + news.negatives:
        answer = news.desk.ask(q.question)
        cites = any(c.doc_id == q.doc_id for c in answer.citations)
        answerable = bool(q.answers)
        right = answerable and not answer.abstained and cites and news_match(answer.answer, q.answers)
        if answerable:
            tally["tune_answerable"] += 1
            tally["tune_right"] += right
            tally["tune_answerable_abstained"] += answer.abstained
        else:
            tally["all_unanswerable"] += 1
            tally["all_abstained"] += answer.abstained
            if q.qid in tuned:
                tally["tune_unanswerable"] += 1
                tally["tune_abstained"] += answer.abstained
        rows.append({"set": "train-tune" if q.qid in tuned else "train-unanswerable", "id": q.qid, "question": q.question,
                     "expected": list(q.answers), "answerable": answerable, "answer": answer.answer,
                     "abstained": answer.abstained, "reason": answer.reason, "confidence": round(answer.confidence, 3),
                     "right": right if answerable else answer.abstained})
    out["bbc_train"] = tally
    out["seconds"] = round(time.perf_counter() - started, 1)
    if args.rows:
        args.rows.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
