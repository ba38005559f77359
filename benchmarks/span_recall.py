"""Where right answers are lost, per question kind, on the BBC training questions (tests/data/bbc_train).

For each answerable question, asked over the whole bbc_train index as `/ask` asks it:
  (a) sentence   an accepted answer is in one of the selected sentences of the question's article;
  (b) candidate  some candidate of that article is judged a right answer (the BBC judge: normalised
                 match, or F1 >= 0.6 with the same numbers), whatever its length;
  (b') within    an accepted answer is inside some candidate of at most 12 words (normalised);
  (c) shortlist  such a right candidate is on the scorer's shortlist (every candidate for rules);
  (d) picked     the answer `/ask` gives is right and cites the article.

Parts: `tune` (every 5th article, doc ids sorted: what training tunes on), `efgh` (the questions of
writers e–h). Training data: study freely.

    PYTHONPATH=$PWD HF_HUB_OFFLINE=1 nice -n 19 python benchmarks/span_recall.py --out /tmp/spans.json
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from service.answering.question import analyse
from service.training.ranker import ANSWER_DEPTH, NEWS_DIR, load_news, news_match, news_tuning_articles
from service.engine import shared_answerer
from service.evaluate import RESULTS_DIR, normalize_answer, open_index, record_article
from service.evaluate.runs import QuestionVectors

MAX_WORDS = 12
STAGES = ("sentence", "candidate", "within", "shortlist", "picked")


def parts(questions: list[dict], records: list[dict]) -> dict[str, list[dict]]:
    tuning = news_tuning_articles([r["doc_id"] for r in records])
    answerable = [q for q in questions if q["answerable"]]
    return {"tune": [q for q in answerable if q["doc_id"] in tuning],
            "efgh": [q for q in answerable if q["id_file"] in "efgh"]}


def stages(desk, answerer, q: dict) -> dict[str, bool]:
    from index.load import safe_doc_id

    doc = safe_doc_id(q["doc_id"])
    answers = [normalize_answer(a) for a in q["answers"]]
    snapshot = desk.snapshot
    hits, vector = desk._retrieve(snapshot, q["question"], ANSWER_DEPTH)
    question, _ = answerer.asked(analyse(q["question"]))
    ranking = answerer.rank(snapshot, question, hits, vector)
    sentences = [s for s in ranking.sentences if s.doc_id == doc]
    out = {"sentence": any(a and a in normalize_answer(s.text) for s in sentences for a in answers)}
    shortlisted = {id(x) for x in ranking.spans}
    mine = [x for x in ranking.spans + ranking.rest if x.c.sentence.doc_id == doc]
    short = [x for x in mine if len(x.c.text.split()) <= MAX_WORDS]
    right = [x for x in mine if news_match(x.c.text, q["answers"])]
    out["candidate"] = bool(right)
    out["within"] = any(a and a in normalize_answer(x.c.text) for x in short for a in answers)
    out["shortlist"] = any(id(x) in shortlisted for x in right)
    result = answerer.answer(snapshot, analyse(q["question"]), hits, vector)
    out["picked"] = (not result.abstained and news_match(result.answer, q["answers"])
                     and any(c.doc_id == doc for c in result.citations))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--strategies", default="learned,rules")
    parser.add_argument("--index-dir", type=Path, default=RESULTS_DIR / "bbc_train-index")
    args = parser.parse_args()
    records, questions = [], []
    records, _ = load_news(NEWS_DIR)
    for path in sorted(NEWS_DIR.glob("questions_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions.append({**json.loads(line), "id_file": path.stem[-1]})
    desk, _ = open_index([record_article(r) for r in records], args.index_dir, None, progress=False)
    desk.embedder = QuestionVectors(desk.embedder, [q["question"] for q in questions])
    report: dict = {}
    for strategy in args.strategies.split(","):
        answerer = shared_answerer(strategy)
        for part, qs in parts(questions, records).items():
            table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            rows = []
            for q in qs:
                got = stages(desk, answerer, q)
                rows.append({"id": q["id"], "kind": q["kind"], **got})
                for kind in (q["kind"], "ALL"):
                    table[kind]["n"] += 1
                    for stage in STAGES:
                        table[kind][stage] += got[stage]
            report[f"{strategy}/{part}"] = {"table": {k: dict(v) for k, v in sorted(table.items())}, "rows": rows}
            print(f"\n{strategy} / {part}")
            print(f"{'kind':10s} {'n':>4s} " + " ".join(f"{s:>9s}" for s in STAGES))
            for kind, row in sorted(table.items(), key=lambda kv: (kv[0] == "ALL", kv[0])):
                print(f"{kind:10s} {row['n']:4d} " + " ".join(f"{row[s]:9d}" for s in STAGES), flush=True)
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
