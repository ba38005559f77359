"""End-to-end answer quality on RealTimeQA 2022 news questions (held-out: report, never tune).

RealTimeQA's questions are multiple choice; the gold string is `choices[answer[0]]`. The ones used
here are those whose gold string (SQuAD-normalised) occurs in one of the question's retrieved
articles that is in the index, and that make sense without the choices shown ("which of these",
"of the following", "except" are left out). Each is asked of the whole index through
`Newsdesk.ask`, like `POST /ask`, and scored with SQuAD EM/F1 against the gold string (an
abstention scores 0). Also reported: how often an article holding the gold string is among the
answer's top-5 passages, and the same with `as_of` = the question's date (articles published after
it left out, as a reader asking that week would see).

    python benchmarks/realtimeqa_articles.py /tmp/rtqa2022.jsonl
    NEWSDESK_INDEX_DIR=/tmp/rtqa-index newsdesk index /tmp/rtqa2022.jsonl
    python benchmarks/realtimeqa_qa.py /tmp/rtqa2022.jsonl /tmp/rtqa-index --strategy rules --strategy learned
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from datetime import date
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "realtimeqa"
QA = SHARED / "realtimeqa_qa_2020-2026.jsonl.gz"
RETRIEVAL = SHARED / "realtimeqa_gcs_retrieval_2022.jsonl.gz"
NEEDS_CHOICES = re.compile(r"\b(which of these|of the following|except|all of the above|none of the above)\b", re.I)


def questions(articles_file: Path, indexed: set[str]) -> list[dict]:
    from service.evaluate import normalize_answer

    url_id = {}
    with open(articles_file, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["id"] in indexed:
                url_id[a["url"]] = a["id"]
    retrieved = {}
    with gzip.open(RETRIEVAL, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            retrieved[r["question_id"]] = [(url_id[s["url"]], normalize_answer(s.get("text") or ""))
                                           for s in r.get("search_result") or [] if s.get("url") in url_id]
    out = []
    with gzip.open(QA, "rt", encoding="utf-8") as f:
        for line in f:
            q = json.loads(line)
            docs = retrieved.get(q["question_id"])
            if not docs or NEEDS_CHOICES.search(q["question_sentence"]):
                continue
            gold = q["choices"][int(q["answer"][0])]
            needle = normalize_answer(gold)
            holding = sorted({doc for doc, text in docs if needle and f" {needle} " in f" {text} "})
            if holding:
                out.append({"id": q["question_id"], "question": q["question_sentence"], "gold": gold,
                            "date": date(*map(int, q["question_date"].split("/"))), "holding": holding})
    return out


def run(desk, items: list[dict], as_of: bool) -> dict:
    from service.evaluate import score

    em = f1 = top5 = abstained = 0.0
    started = time.perf_counter()
    for q in items:
        answer = desk.ask(q["question"], k=5, as_of=q["date"] if as_of else None)
        e, f = score(None if answer.abstained else answer.answer, [q["gold"]])
        em, f1 = em + e, f1 + f
        abstained += answer.abstained
        top5 += any(p.doc_id in q["holding"] for p in answer.passages[:5])
    n = max(len(items), 1)
    return {"questions": len(items), "em": round(em / n, 1), "f1": round(f1 / n, 1),
            "gold_article_in_top5": round(100 * top5 / n, 1), "abstained": round(100 * abstained / n, 1),
            "ms_per_question": round(1000 * (time.perf_counter() - started) / n, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path, help="the JSONL written by benchmarks/realtimeqa_articles.py")
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--strategy", action="append", help="answerer strategy (repeatable); default: the engine's")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from service.engine import Newsdesk, shared_answerer

    desk = Newsdesk.open(args.index_dir, seed_dir=None)
    indexed = {d.doc_id for d in desk.documents()}
    items = questions(args.articles, indexed)
    report = {"index": str(args.index_dir), "articles": len(indexed), "runs": {}}
    for strategy in args.strategy or [None]:
        if strategy:
            desk.answerer = shared_answerer(strategy)
        for as_of in (False, True):
            name = f"{strategy or 'default'}{' as_of' if as_of else ''}"
            report["runs"][name] = run(desk, items, as_of)
            print(name, json.dumps(report["runs"][name]), flush=True)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
