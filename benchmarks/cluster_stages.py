"""Where each missed cluster question was lost: a stage per miss, for the dev and training sets.

    PYTHONPATH=$PWD python benchmarks/cluster_stages.py [--strategy learned|rules] [--set dev|train|all] [--rows]
                                                        [--skip '^t(3[1-9]|40)-']

Each question is asked as `/ask` asks it, with the answerer's intermediate steps recorded (the
retrieved passages, the sentences read, every candidate span, the value groups handed to
corroboration). A question the clusters eval judges wrong gets the first stage that explains it:

  a  retrieval     an article of the cluster stating an expected value has no retrieved passage
                   (a1), or no selected sentence (a2), when that article is needed (the only one
                   stating the value, or one more source to count, or one side of a conflict)
  b  candidates    the value is in a read sentence but no candidate span states it
  c  scoring       a candidate states it but another value won (or it was never grouped)
  d  grouping      the right value won but the source count is wrong, or one value was split
                   into a conflict, or a conflict value was grouped but not shown
  e  revisions     update/correction: the superseded value is answered or still shown
  f  abstention    abstained on an answerable question with the value among the candidates, or
                   answered an unanswerable one (attribute check)
  g  matching      the answer holds an expected value but the value match rejects it

Only the dev split and the training set are read here: the frozen split is never looked at.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import service.answering.answerer as answerer_module
from service.answering.answerer import Answerer
from service.engine import Newsdesk, shared_answerer
from service.evaluate.heldout import (CLUSTERS_DIR, CLUSTERS_TRAIN_DIR, COUNTED_KINDS, _heldout_desk,
                                      judge_cluster_question, load_heldout)
from service.evaluate.runs import TORCH_THREADS, torch_threads
from service.evaluate.scoring import matches_any, normalize_answer, value_matches

STAGES = {"a": "retrieval", "b": "candidates", "c": "scoring", "d": "grouping", "e": "revisions",
          "f": "abstention/attribute", "g": "matching"}


class Recorder:
    """Hooks the answerer's steps for one question at a time."""

    def __init__(self) -> None:
        self.reset()
        rank, corroborate, retrieve = Answerer.rank, answerer_module.corroborate, Newsdesk._retrieve
        recorder = self

        def rank_hook(self_, *args, **kwargs):
            ranking = rank(self_, *args, **kwargs)
            recorder.ranking = ranking
            return ranking

        def corroborate_hook(snapshot, groups, *args, **kwargs):
            recorder.groups = list(groups)
            story = corroborate(snapshot, groups, *args, **kwargs)
            recorder.story = story
            return story

        def retrieve_hook(self_, snapshot, *args, **kwargs):
            hits, vector = retrieve(self_, snapshot, *args, **kwargs)
            recorder.hits = [snapshot.chunks[h.row].doc_id for h in hits]
            return hits, vector

        Answerer.rank = rank_hook
        answerer_module.corroborate = corroborate_hook
        Newsdesk._retrieve = retrieve_hook

    def reset(self) -> None:
        self.ranking = self.groups = self.story = None
        self.hits = []


def _stated(text: str, value: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(value.lower()) + r"(?!\w)", text.lower()) is not None


def classify(q: dict, answer, verdict: dict, rec: Recorder, cluster_articles: list[dict]) -> tuple[str, str]:
    """(stage letter, a short why) for a question judged wrong."""
    kind = q["kind"]
    if kind == "unanswerable":
        return "f", f"answered {answer.answer!r}"
    wanted = q["conflict_values"] if kind == "conflict" else q["answers"]
    holders = {v: [a["doc_id"] for a in cluster_articles if _stated(a["text"], v)] for v in wanted}
    retrieved = set(rec.hits)
    sentences = rec.ranking.sentences if rec.ranking is not None else []
    read_docs = {s.doc_id for s in sentences}
    spans = (rec.ranking.spans + rec.ranking.rest) if rec.ranking is not None else []
    candidates = [x.c for x in spans]

    def has_candidate(value: str) -> bool:
        return any(value_matches(c.text, value) for c in candidates)

    def in_read_sentence(value: str) -> bool:
        return any(_stated(s.text, value) for s in sentences)

    right_values = [v for v in wanted if has_candidate(v)]
    holding = sorted({d for v in wanted for d in holders[v]})
    missing_docs = [d for d in holding if d not in retrieved]
    # an article whose sentence stating the value was never read (its other sentences may have been)
    unread_docs = [d for d in holding if d in retrieved and not any(
        s.doc_id == d and any(_stated(s.text, v) for v in wanted) for s in sentences)]
    if kind == "conflict":  # each side must come through
        for v in q["conflict_values"]:
            if not any(d in retrieved for d in holders[v]):
                return "a", f"a1: no passage of {holders[v]} ({v!r})"
            if not in_read_sentence(v) and not has_candidate(v):
                return "a", f"a2: {v!r} in no read sentence"
            if not has_candidate(v):
                return "b", f"no candidate {v!r}"
        shown = [answer.answer, *[e.value for e in answer.support], *[e.value for e in answer.conflicts]]
        lost = [v for v in q["conflict_values"] if not any(value_matches(s, v) for s in shown if s)]
        grouped = [v for v in lost if rec.groups and any(any(value_matches(c.text, v) for c in g.members) for g in rec.groups)]
        if answer.abstained:
            return "f", "abstained"
        if grouped:
            return "d", f"grouped, not shown as conflict: {grouped}"
        return "c", f"not grouped (off the scored list): {lost}"
    if not right_values:
        if holding and not any(d in retrieved for d in holding):
            return "a", f"a1: no passage of {holding}"
        if not any(in_read_sentence(v) for v in wanted):
            return "a", f"a2: in no read sentence (docs {holding}, read {sorted(read_docs)})"
        return "b", "no candidate states it"
    if answer.abstained:
        return "f", f"abstained: {answer.reason}"
    if kind in ("update", "correction"):
        stale = [v for v in [answer.answer, *[e.value for e in answer.support], *[e.value for e in answer.conflicts]]
                 if v and matches_any(v, q["superseded"])]
        if stale or matches_any(answer.answer, q["superseded"]):
            return "e", f"stale shown: {stale}"
    if not verdict["right_value"]:
        ans = normalize_answer(answer.answer or "")
        if any(normalize_answer(v) in ans or (ans and ans in normalize_answer(v)) for v in q["answers"]):
            return "g", f"{answer.answer!r} vs {q['answers']}"
        return "c", f"won {answer.answer!r}"
    if kind in COUNTED_KINDS:
        if any(matches_any(e.value, q["answers"]) for e in answer.conflicts):
            return "d", "split into a conflict"
        count = verdict["support_count"]
        if count < q["independent_sources"] and missing_docs:
            return "a", f"a1: {count} sources, passages missing for {missing_docs}"
        if count < q["independent_sources"] and unread_docs:
            return "a", f"a2: {count} sources, sentences not read of {unread_docs}"
        return "d", f"{count} sources, expected {q['independent_sources']}"
    return "d", "other"


def run(split_sets: list[tuple[str, Path, str]], strategy: str, rows: bool, skip: str | None = None,
        only: str | None = None, index_dirs: dict[str, Path] | None = None) -> dict:
    rec = Recorder()
    table: dict[str, Counter] = defaultdict(Counter)
    out = []
    for name, directory, split in split_sets:
        records, questions = load_heldout(directory, split)
        suite = "clusters" if split != "train" else "clusters_train"
        desk, _, _ = _heldout_desk(suite, records, (index_dirs or {}).get(name), None, False)
        desk.answerer = shared_answerer(strategy)
        by_cluster = defaultdict(list)
        for r in records:
            if r.get("cluster"):
                by_cluster[r["cluster"]].append(r)
        for q in questions:
            if skip and re.search(skip, q["id"]):
                continue  # a batch kept unseen until its one measurement
            if only and not re.search(only, q["id"]):
                continue
            rec.reset()
            answer = desk.ask(q["question"])
            verdict = judge_cluster_question(q, answer)
            if verdict["ok"]:
                table[name]["ok"] += 1
                continue
            stage, why = classify(q, answer, verdict, rec, by_cluster[q["cluster"]])
            table[name][stage] += 1
            out.append({"set": name, "id": q["id"], "kind": q["kind"], "stage": stage, "why": why,
                        "question": q["question"], "answer": answer.answer, "expected": q["answers"]})
    result = {"strategy": strategy, "table": {k: dict(v) for k, v in table.items()}, "misses": out}
    if rows:
        for m in out:
            print(f"{m['set']:5} {m['id']:8} {m['kind']:12} {m['stage']} {STAGES[m['stage']]:12} {m['why']}"
                  f"  | {m['question']!r} -> {m['answer']!r}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--strategy", default="learned", choices=("learned", "rules"))
    parser.add_argument("--set", default="all", choices=("dev", "train", "all"))
    parser.add_argument("--rows", action="store_true", help="print every miss with its stage")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--skip", help="leave out questions whose id matches this regex (a batch kept unseen)")
    parser.add_argument("--only", help="ask only the questions whose id matches this regex")
    parser.add_argument("--dev-index", type=Path, help="a cached index of the dev/frozen clusters")
    parser.add_argument("--train-index", type=Path, help="a cached index of the training clusters")
    args = parser.parse_args(argv)
    sets = []
    if args.set in ("dev", "all"):
        sets.append(("dev", CLUSTERS_DIR, "dev"))
    if args.set in ("train", "all"):
        sets.append(("train", CLUSTERS_TRAIN_DIR, "train"))
    with torch_threads(TORCH_THREADS):
        result = run(sets, args.strategy, args.rows, args.skip, args.only,
                     {"dev": args.dev_index, "train": args.train_index})
    total = Counter()
    for name, counts in result["table"].items():
        total.update(counts)
        print(f"{args.strategy} {name}: " + ", ".join(f"{k} {counts.get(k, 0)}" for k in ["ok", *STAGES]))
    misses = sum(v for k, v in total.items() if k != "ok")
    print(f"{args.strategy} all: ok {total['ok']}; misses {misses}: " + ", ".join(
        f"{k} {STAGES[k]} {total.get(k, 0)}" for k in STAGES))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
